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

    /// An entry as `report_affiliates_file` sends it: the record's columns, the amount as
    /// PostgreSQL's `numeric` text with the scale it was stored at (more decimals than the
    /// currency's, trailing zeros), which the writer lays out with `RunJSON.appendAffiliate`.
    struct Row {
        var entry: ReportEntry
        var amountText: String?
        var reasonsText: String
        var method: String
        var currency: String
        var needsAttention: Bool

        init(_ entry: ReportEntry) {
            self.entry = entry
            amountText = entry.amount.map { DecimalText.exact($0, minFractionDigits: 4) }
            reasonsText = "{" + entry.reasons.map(\.rawValue).joined(separator: ",") + "}"
            method = entry.method.rawValue
            currency = entry.currency
            needsAttention = entry.needsAttention
        }

        func emit(_ emit: (ReportEntryColumns) throws -> Void) throws {
            try Array(method.utf8).withUnsafeBytes { method in
                try Array(currency.utf8).withUnsafeBytes { currency in
                    try Array(reasonsText.utf8).withUnsafeBytes { reasons in
                        try Array((amountText ?? "").utf8).withUnsafeBytes { amount in
                            try emit(ReportEntryColumns(
                                affiliateId: entry.affiliateId, paid: entry.status == .paid, method: method, currency: currency,
                                minorUnits: entry.minorUnits, amount: amountText == nil ? nil : amount, reasons: reasons,
                                commissions: Int64(entry.commissions), needsAttention: needsAttention,
                                newAttention: entry.newAttention ?? false))
                        }
                    }
                }
            }
        }
    }

    static func formattedReport(_ rows: [Row], attention: Int, new: Int, totals: [ChannelTotal] = totals) throws -> Data {
        let directory = try scratchDirectory()
        let folder = try RunFolder(directory: directory, run: Sample.run)
        _ = try folder.writeReport(needsAttention: attention, newAttention: new, entryColumns: { emit in
            for row in rows { try row.emit(emit) }
        }, voidedMembers: { emit in
            // As `report_voided_file` sends them: the sum as `numeric` text at the column's scale.
            for entry in voided {
                try Array(entry.total.currency.utf8).withUnsafeBytes { currency in
                    try Array(DecimalText.exact(entry.total.amount, minFractionDigits: 4).utf8).withUnsafeBytes { amount in
                        try emit(RunJSON.VoidedMember(affiliateId: entry.affiliateId, reason: entry.reason, currency: currency,
                                                      minorUnits: entry.total.minorUnits, commissions: Int64(entry.commissions),
                                                      amount: amount))
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

    /// The one layout of an affiliate member (`RunJSON.appendAffiliate`), from `numeric` text
    /// at any scale: the bytes report.json has always had (JSONText.object's spacing, the
    /// amount with exactly the currency's decimals, the reference only when paid,
    /// `new_attention` only when given), and no rounding, no unescaped free text.
    @Test func affiliateMemberLayoutFromNumericText() throws {
        func line(_ id: Int64, paid: Bool, _ method: PayoutMethod, _ currency: String, _ minorUnits: Int, _ amount: String?,
                  _ reasons: [HoldReason], new: Bool? = nil) throws -> String {
            var out: [UInt8] = []
            _ = try Array(currency.utf8).withUnsafeBytes { currency in
                try Array((amount ?? "").utf8).withUnsafeBytes { text in
                    try RunJSON.appendAffiliate(RunJSON.AffiliateMember(
                        affiliateId: id, paid: paid, method: method, currency: currency, minorUnits: minorUnits,
                        amount: amount == nil ? nil : text, reasons: reasons, commissions: 3, newAttention: new),
                        referencePrefix: Array("AP202612-".utf8), to: &out)
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
        #expect(try line(7, paid: true, .iban, "CHF", 2, "1234.5000", []) == """
            {"affiliate_id": 7, "status": "paid", "method": "iban", "currency": "CHF", "amount": "1234.50", \
            "reference": "AP202612-7", "reasons": [], "commissions": 3}
            """)
        #expect(try line(9, paid: false, .paypal, "JPY", 0, "12.000", [.suspended, .invalidPayPalReceiver], new: true) == """
            {"affiliate_id": 9, "status": "held", "method": "paypal", "currency": "JPY", "amount": "12", \
            "reasons": ["suspended", "invalid_paypal_receiver"], "commissions": 3, "new_attention": true}
            """)
        #expect(try line(11, paid: false, .prepaid, "EUR", 2, nil, [.missingRate], new: false) == """
            {"affiliate_id": 11, "status": "held", "method": "prepaid", "currency": "EUR", "amount": null, \
            "reasons": ["missing_rate"], "commissions": 3, "new_attention": false}
            """)
        #expect(try line(12, paid: false, .iban, "BHD", 3, "-0.0000", [.belowThreshold]).contains("\"amount\": \"0.000\", "))
        for (label, attempt) in [("more decimals", { try line(7, paid: true, .iban, "CHF", 2, "1.005", []) }),
                                 ("not plain", { try line(7, paid: true, .iban, "CHF", 2, "1e3", []) }),
                                 ("currency to escape", { try line(7, paid: true, .iban, "C\"F", 2, "1.00", []) }),
                                 ("paid negative id", { try line(-7, paid: true, .iban, "CHF", 2, "1.00", []) })] {
            #expect(throws: PayoutFileError.self, "\(label)") { _ = try attempt() }
        }
        // A voided member: the sum exact, with at least its currency's decimals.
        func voided(_ currency: String, _ minorUnits: Int, _ amount: String) throws -> String {
            var out: [UInt8] = []
            try Array(currency.utf8).withUnsafeBytes { currency in
                try Array(amount.utf8).withUnsafeBytes { amount in
                    try RunJSON.appendVoided(RunJSON.VoidedMember(affiliateId: 7, reason: .refundedWithin30Days, currency: currency,
                                                                  minorUnits: minorUnits, commissions: 2, amount: amount), to: &out)
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
        #expect(try voided("CHF", 2, "-12.3450") == """
            {"affiliate_id": 7, "reason": "refunded_within_30_days", "currency": "CHF", "commissions": 2, "amount": "-12.345"}
            """)
        #expect(try voided("JPY", 0, "1200") == """
            {"affiliate_id": 7, "reason": "refunded_within_30_days", "currency": "JPY", "commissions": 2, "amount": "1200"}
            """)
        #expect(try voided("EUR", 2, "5.0000").hasSuffix("\"amount\": \"5.00\"}"))
        #expect(throws: PayoutFileError.self) { _ = try voided("EUR", 2, "5e0") }
        #expect(throws: PayoutFileError.self) { _ = try voided("eur", 2, "5.00") }
        #expect(Array("excluded_product".utf8).withUnsafeBytes { VoidReason(bytes: $0) } == .excludedProduct)
        #expect(Array("excluded".utf8).withUnsafeBytes { VoidReason(bytes: $0) } == nil)
        // The model writer is the same layout, from Swift values.
        #expect(try RunJSON.affiliate(Self.held, run: Sample.run) == line(9, paid: false, .iban, "CHF", 2, "12.00",
                                                                          [.suspended, .invalidIBAN], new: true).replacingOccurrences(of: "\"commissions\": 3", with: "\"commissions\": 2"))
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
            ("held amount with more decimals", with(2) { $0.amountText = "12.005" }, 1, 1, Self.totals),
            ("amount not a plain decimal", with(2) { $0.amountText = "1.2e1" }, 1, 1, Self.totals),
            ("unknown method", with(1) { $0.method = "cash" }, 1, 1, Self.totals),
            ("bad currency", with(1) { $0.currency = "eu\"" }, 1, 1, Self.totals),
            ("paid without amount", with(0) { $0.amountText = nil }, 1, 1, Self.totals),
            ("paid amount with more decimals", with(0) { $0.amountText = "57.1001" }, 1, 1, Self.totals),
            ("negative paid amount", with(0) { $0.amountText = "-57.10" }, 1, 1, Self.totals),
            ("negative id", with(0) { $0.entry.affiliateId = -7 }, 1, 1, Self.totals),
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
