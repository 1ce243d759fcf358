import Foundation
import PayoutCore
import Testing
@testable import PayoutFiles

/// The writers of lines the database formatted (`RunFolder+Formatted.swift`): given the lines
/// the Swift renderers make, they write the same bytes as the Swift writers, and they refuse
/// what the Swift writers refuse (order, totals, attention counts, unknown codes, amounts).
@Suite struct FormattedWritersTests {
    static let paid = ReportEntry(affiliateId: 7, status: .paid, method: .iban, currency: "CHF", minorUnits: 2,
                                  amount: Decimal(string: "57.10")!, reasons: [], commissions: 3)
    static let paidPayPal = ReportEntry(affiliateId: 8, status: .paid, method: .paypal, currency: "EUR", minorUnits: 2,
                                        amount: Decimal(string: "1177.40")!, reasons: [], commissions: 1)
    static let held = ReportEntry(affiliateId: 9, status: .held, method: .iban, currency: "CHF", minorUnits: 2,
                                  amount: Decimal(string: "12.00")!, reasons: [.suspended, .invalidIBAN], commissions: 2,
                                  newAttention: true)
    static let below = ReportEntry(affiliateId: 11, status: .held, method: .prepaid, currency: "CHF", minorUnits: 2,
                                   amount: nil, reasons: [.belowThreshold], commissions: 1)
    static let totals = [ChannelTotal(channel: .iban, count: 1, sum: Money(Decimal(string: "57.10")!, "CHF", minorUnits: 2)),
                         ChannelTotal(channel: .paypal, count: 1, sum: Money(Decimal(string: "1177.40")!, "EUR", minorUnits: 2))]
    static let voided = [VoidedCommissions(affiliateId: 7, reason: .excludedProduct,
                                           total: Money(Decimal(string: "-2.5")!, "CHF", minorUnits: 2), commissions: 2)]

    /// An entry as `report_affiliates_file` sends it, its line rendered by `RunJSON.affiliate`.
    struct Row {
        var entry: ReportEntry
        var amountText: String?
        var amountExact = true
        var reasonsText: String
        var method: String
        var currency: String
        var needsAttention: Bool

        init(_ entry: ReportEntry) {
            self.entry = entry
            amountText = entry.amount.map { try! AmountFormat.string($0, minorUnits: entry.minorUnits) }
            reasonsText = "{" + entry.reasons.map(\.rawValue).joined(separator: ",") + "}"
            method = entry.method.rawValue
            currency = entry.currency
            needsAttention = entry.needsAttention
        }

        func emit(_ emit: (FormattedReportEntry) throws -> Void) throws {
            let line = try RunJSON.affiliate(entry, run: Sample.run)
            try Array(method.utf8).withUnsafeBytes { method in
                try Array(currency.utf8).withUnsafeBytes { currency in
                    try Array(reasonsText.utf8).withUnsafeBytes { reasons in
                        try Array(line.utf8).withUnsafeBytes { line in
                            try Array((amountText ?? "").utf8).withUnsafeBytes { amount in
                                try emit(FormattedReportEntry(
                                    affiliateId: entry.affiliateId, paid: entry.status == .paid, method: method, currency: currency,
                                    amount: amountText == nil ? nil : amount, amountExact: amountExact, reasons: reasons,
                                    needsAttention: needsAttention, newAttention: entry.newAttention ?? false, line: line))
                            }
                        }
                    }
                }
            }
        }
    }

    static func formattedReport(_ rows: [Row], attention: Int, new: Int, totals: [ChannelTotal] = totals) throws -> Data {
        let directory = try scratchDirectory()
        let folder = try RunFolder(directory: directory, run: Sample.run)
        _ = try folder.writeReport(needsAttention: attention, newAttention: new, formattedEntries: { emit in
            for row in rows { try row.emit(emit) }
        }, formattedVoided: { emit in
            for entry in voided {
                let line = RunJSON.voided(entry)
                try Array(entry.reason.rawValue.utf8).withUnsafeBytes { reason in
                    try Array(entry.total.currency.utf8).withUnsafeBytes { currency in
                        try Array(line.utf8).withUnsafeBytes { line in
                            try emit(entry.affiliateId, reason, currency, line)
                        }
                    }
                }
            }
        }, totals: totals)
        return try Data(contentsOf: directory.appendingPathComponent("report.json"))
    }

    @Test func reportFromFormattedLinesIsTheSwiftReport() throws {
        let entries = [Self.paid, Self.paidPayPal, Self.held, Self.below]
        let directory = try scratchDirectory()
        let folder = try RunFolder(directory: directory, run: Sample.run)
        _ = try folder.writeReport(needsAttention: 1, newAttention: 1, entries: { emit in for e in entries { try emit(e) } },
                                   voided: { emit in for v in Self.voided { try emit(v) } }, totals: Self.totals)
        let swift = try Data(contentsOf: directory.appendingPathComponent("report.json"))
        #expect(try Self.formattedReport(entries.map(Row.init), attention: 1, new: 1) == swift)
    }

    @Test func reportFromFormattedLinesRefusesWhatTheSwiftReportRefuses() throws {
        let good = [Self.paid, Self.paidPayPal, Self.held, Self.below].map(Row.init)
        /// `good` with one field of one row changed.
        func with(_ index: Int, _ change: (inout Row) -> Void) -> [Row] {
            var rows = good
            change(&rows[index])
            return rows
        }
        let cases: [(String, [Row], Int, Int, [ChannelTotal])] = [
            ("out of order", [good[1], good[0], good[2], good[3]], 1, 1, Self.totals),
            ("twice", [good[0], good[0], good[1], good[2], good[3]], 1, 1, Self.totals),
            ("unknown reason", with(2) { $0.reasonsText = "{suspended,made_up}" }, 1, 1, Self.totals),
            ("reason to escape", with(2) { $0.reasonsText = "{\"sus,pended\"}" }, 1, 1, Self.totals),
            ("paid with a reason", with(0) { $0.reasonsText = "{suspended}" }, 1, 1, Self.totals),
            ("held without a reason", with(3) { $0.reasonsText = "{}" }, 1, 1, Self.totals),
            ("inexact amount", with(3) { $0.amountExact = false }, 1, 1, Self.totals),
            ("unknown method", with(1) { $0.method = "cash" }, 1, 1, Self.totals),
            ("bad currency", with(1) { $0.currency = "eu\"" }, 1, 1, Self.totals),
            ("paid without amount", with(0) { $0.amountText = nil }, 1, 1, Self.totals),
            ("paid amount with other decimals", with(0) { $0.amountText = "57.1" }, 1, 1, Self.totals),
            ("wrong needs_attention", good, 0, 1, Self.totals),
            ("wrong new_attention", good, 1, 0, Self.totals),
            ("wrong total", good, 1, 1, [Self.totals[0], ChannelTotal(channel: .paypal, count: 1, sum: Money(1177, "EUR", minorUnits: 2))]),
            ("missing total", good, 1, 1, [Self.totals[0]]),
        ]
        for (label, rows, attention, new, totals) in cases {
            #expect(throws: PayoutFileError.self, "\(label)") { _ = try Self.formattedReport(rows, attention: attention, new: new, totals: totals) }
        }
    }

    /// A ledger row as the export reads it: PostgreSQL's `numeric` text, all of the scale.
    struct LedgerText {
        var affiliateId: Int64
        var texts: [String]   // order ref, amount, currency, rate ("" for none), converted, account currency
        var hasRate: Bool
        var minorUnits = 2, accountMinorUnits = 2

        init(_ id: Int64, _ orderRef: String, _ amount: String, _ currency: String, _ rate: String?, _ converted: String, _ account: String) {
            (affiliateId, texts, hasRate) = (id, [orderRef, amount, currency, rate ?? "", converted, account], rate != nil)
        }

        func emit(_ body: (StatementCSV.LedgerRow) throws -> Void) throws {
            var storage: [UInt8] = []
            var ranges: [Range<Int>] = []
            for text in texts { let start = storage.count; storage += text.utf8; ranges.append(start..<storage.count) }
            try storage.withUnsafeBytes { raw in
                let part = { (index: Int) in UnsafeRawBufferPointer(rebasing: raw[ranges[index]]) }
                try body(StatementCSV.LedgerRow(affiliateId: affiliateId, orderRef: part(0), amount: part(1), minorUnits: minorUnits,
                                                currency: part(2), rate: hasRate ? part(3) : nil, converted: part(4),
                                                accountMinorUnits: accountMinorUnits, accountCurrency: part(5)))
            }
        }
    }

    @Test func statementFromLedgerRowsMergesRecreditsAsTheSwiftStatement() throws {
        let lines = [StatementLine(affiliateId: 7, orderRef: "=1+1", commission: Money(Decimal(string: "20.1234")!, "EUR", minorUnits: 2),
                                   rate: Decimal(string: "0.9312"), converted: Money(Decimal(string: "18.739110")!, "CHF", minorUnits: 2)),
                     StatementLine(affiliateId: 9, orderRef: "ORD-9", commission: Money(40, "CHF", minorUnits: 2), rate: nil,
                                   converted: Money(40, "CHF", minorUnits: 2))]
        // The same commissions as the ledger export reads them.
        let rows = [LedgerText(7, "=1+1", "20.1234", "EUR", "0.9312000000", "18.739110", "CHF"),
                    LedgerText(9, "ORD-9", "40.0000", "CHF", nil, "40.000000", "CHF")]
        let recredits = [5, 7, 12].map { id in
            RecreditLine(affiliateId: Int64(id), returnedReference: "AP202611-\(id)", returnedFrom: "2026-11", status: "RJCT",
                         reasonCode: "AC04", meaning: "account closed", amount: Money(Decimal(id), "CHF", minorUnits: 2))
        }
        let swiftDirectory = try scratchDirectory()
        _ = try RunFolder(directory: swiftDirectory, run: Sample.run).writeStatement { emit in
            try RecreditLine.merging(recredits, into: { emit in for line in lines { try emit(line) } }, emit: emit)
        }
        let directory = try scratchDirectory()
        let entries = try RunFolder(directory: directory, run: Sample.run).writeStatement(recredits: recredits) { emit in
            for row in rows { try row.emit(emit) }
        }
        #expect(entries.first?.count == 5)
        #expect(try Data(contentsOf: directory.appendingPathComponent("statement.csv"))
                == Data(contentsOf: swiftDirectory.appendingPathComponent("statement.csv")))
        let text = try String(contentsOf: directory.appendingPathComponent("statement.csv"), encoding: .utf8)
        #expect(text.contains("7,AP202612-7,'=1+1,20.1234,EUR,0.9312,18.73911,CHF\r\n"), "\(text)")
        #expect(text.contains("9,AP202612-9,ORD-9,40.00,CHF,,40.00,CHF\r\n"), "\(text)")

        let good = LedgerText(7, "x", "1.0000", "CHF", nil, "1.000000", "CHF")
        var negative = good
        negative.affiliateId = -1
        var scientific = good
        scientific.texts[1] = "1e3"
        var blankConverted = good
        blankConverted.texts[4] = ""
        for (label, rows) in [("descending", [LedgerText(9, "x", "1.0000", "CHF", nil, "1.000000", "CHF"), good]),
                              ("negative id", [negative]), ("amount not plain", [scientific]), ("no converted amount", [blankConverted])] {
            let folder = try RunFolder(directory: try scratchDirectory(), run: Sample.run)
            #expect(throws: PayoutFileError.self, "\(label)") {
                try folder.writeStatement(recredits: []) { emit in for row in rows { try row.emit(emit) } }
            }
        }
    }

    @Test func prepaidFromFormattedLinesChecksAmountsAccountsAndOrder() throws {
        func write(_ rows: [(Int64, String, String)]) throws -> [ManifestEntry] {
            let folder = try RunFolder(directory: try scratchDirectory(), run: Sample.run)
            return try folder.writeFormattedPrepaid(currency: "CHF", minorUnits: 2) { emit in
                for (id, account, amount) in rows {
                    let line = "\(CSV.field(account)),\(amount),CHF,AP202612-\(id),\(id)\r\n"
                    try Array(account.utf8).withUnsafeBytes { account in
                        try Array(amount.utf8).withUnsafeBytes { amount in
                            try Array(line.utf8).withUnsafeBytes { try emit(id, account, amount, $0) }
                        }
                    }
                }
            }
        }
        let entries = try write([(1, "IK-1", "10.05"), (2, "IK-2", "0.95")])
        #expect(entries.first?.count == 2 && entries.first?.total == "11.00")
        for (label, rows) in [("blank account", [(Int64(1), " \t\u{00A0}", "1.00")]), ("zero", [(1, "IK", "0.00")]),
                              ("negative", [(1, "IK", "-1.00")]), ("three decimals", [(1, "IK", "1.000")]),
                              ("not ascending", [(2, "IK", "1.00"), (2, "IK", "1.00")])] {
            #expect(throws: PayoutFileError.self, "\(label)") { _ = try write(rows) }
        }
    }

    @Test func paidMinorUnitsAddsExactlyBeyondInt64() {
        var sum = PaidMinorUnits()
        let big = "9999999999999999.99"   // 18 digits: the largest amount a file carries
        for _ in 0..<5 { #expect(Array(big.utf8).withUnsafeBytes { sum.add($0, fractionDigits: 2) }) }
        #expect(sum.count == 5)
        #expect(sum.total == Decimal(string: "49999999999999999.95")!)
        for text in ["0.00", "-1.00", "1.", ".50", "1.234", "1e3", "", "12345678901234567.89", "1,00"] {
            var other = PaidMinorUnits()
            #expect(!Array(text.utf8).withUnsafeBytes { other.add($0, fractionDigits: 2) }, "\(text)")
            #expect(other.count == 0)
        }
        #expect(PayoutAmountText.decimal("1234", minorUnits: 0) == 1234)
        #expect(PayoutAmountText.decimal("12.30", minorUnits: 2) == Decimal(string: "12.3"))
        #expect(PayoutAmountText.decimal("12.3", minorUnits: 2) == nil)
    }
}
