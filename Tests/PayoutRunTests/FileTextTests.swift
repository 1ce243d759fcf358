import Foundation
import PayoutCore
@testable import PayoutFiles
@testable import PayoutRun
import Postgres
import Testing

/// The prepaid CSV and report.json members are formatted by SQL (`0012_file_text.sql`): its
/// `csv_cell` and `decimal_text` are the twins of `CSV.field` and `DecimalText`, and must give
/// the same text for every input class, byte for byte. statement.csv is laid out by the
/// program from the ledger's `numeric` text (`StatementCSV.append`), checked here too.
@Suite struct FileTextTests {
    /// Every text of the hostile-input corpus, the design's corpus, and generated combinations
    /// of formula starters, numbers, separators, quotes, line breaks, spaces and non-ASCII.
    static var cellCorpus: [String] {
        var corpus: [String] = []
        for a in HostileInputTests.affiliates { corpus += [a.name, a.detail, a.town, "=Street \(a.name.prefix(20))"] }
        for c in HostileInputTests.commissions { corpus += [c.orderRef, c.product, c.amount] }
        corpus += ["=SUM(A1)", "+1", "-2", "-3.50", "@x", "\tTab", "\rCR", " lead", "trail ", "a,b", "q\"uote", "line\nbreak",
                   "crlf\r\nx", "Ünïcödé 😀", "", "-", "--1", "-1.", "1.5", "=1,2", "\"", " \t", "- 1", "0", "-0", "-.5", "-1e3",
                   "-١٢", "－1", "\u{FEFF}=1", "\u{00A0}x", "x\u{00A0}", "IK,1", "IK\"2", "ÜK-4😀", "'", "''=", "\n", "\r\n", "\t"]
        let starts = ["", "=", "+", "-", "@", "\t", "\r", "\n", " ", "'", "\"", "-1", "-1.5", "0", "Ü"]
        let bodies = ["", "x", "1", "1.5", ".5", "1.", "a,b", "q\"q", "line\nbreak", "cr\rx", "crlf\r\nx", "😀", "-", " ", "\t"]
        let ends = ["", " ", "\t", "\n", "\r", ",", "\"", "9"]
        for start in starts { for body in bodies { for end in ends { corpus.append(start + body + end) } } }
        return corpus
    }

    /// The one text column of `query`, one row per input value (`count`), in input order.
    static func texts(_ s: Scenario, _ query: Query, count: Int) throws -> [String] {
        let texts = try s.conn.query(query).map { try $0.decode(String.self, at: 0) }
        try #require(texts.count == count)
        return texts
    }

    @Test func csvCellInSQLIsCSVFieldForEveryCell() throws {
        let s = try Scenario()
        let corpus = Self.cellCorpus
        let sql = try Self.texts(s, "select csv_cell(x) from unnest(\(corpus)::text[]) with ordinality as t(x, n) order by n",
                                 count: corpus.count)
        var differences = 0
        for (input, text) in zip(corpus, sql) where text != CSV.field(input) {
            differences += 1
            Issue.record("csv_cell(\(input.debugDescription)) = \(text.debugDescription), CSV.field: \(CSV.field(input).debugDescription)")
        }
        #expect(differences == 0)
    }

    /// Generated numeric(…) values: every scale up to 12, signs, zeros with scale, trailing
    /// zeros, the largest numeric(18,4), integers beyond 18 digits; each with 0…6 minimum decimals.
    static var numbers: [String] {
        var values = ["0", "0.0000", "-0.0000", "62", "62.0000", "-62.10", "0.0049", "-0.0001", "99999999999999.9999",
                      "-99999999999999.9999", "100000000000000000000", "1.0738831615", "0.000000000001", "1000000000000",
                      "12345678901234567890.123456789012345678"]
        var generator = SystemRandomNumberGenerator()
        for scale in 0...12 {
            for _ in 0..<12 {
                let digits = Int.random(in: 1...16, using: &generator)
                var text = String((0..<digits).map { _ in "0123456789".randomElement(using: &generator)! })
                if scale > 0 {
                    while text.count <= scale { text = "0" + text }
                    text.insert(".", at: text.index(text.endIndex, offsetBy: -scale))
                }
                if Bool.random(using: &generator) { text = "-" + text }
                values.append(text)
            }
        }
        return values
    }

    @Test func decimalTextInSQLIsDecimalTextExactForEveryValue() throws {
        let s = try Scenario()
        var values: [String] = []
        var minimums: [Int] = []
        for value in Self.numbers { for minimum in 0...6 { values.append(value); minimums.append(minimum) } }
        let sql = try Self.texts(s, """
            select decimal_text(x::numeric, m) from unnest(\(values)::text[], \(minimums)::int[]) with ordinality as t(x, m, n) order by n
            """, count: values.count)
        for ((value, minimum), text) in zip(zip(values, minimums), sql) {
            let decimal = try #require(AmountFormat.parse(value))
            #expect(text == DecimalText.exact(decimal, minFractionDigits: minimum), "decimal_text(\(value), \(minimum))")
        }
    }

    /// The statement's byte-level cell writer is `CSV.field` for every cell of the corpus.
    @Test func appendFieldIsCSVFieldForEveryCell() {
        for input in Self.cellCorpus {
            var out: [UInt8] = []
            Array(input.utf8).withUnsafeBytes { CSV.appendField($0, to: &out) }
            #expect(String(decoding: out, as: UTF8.self) == CSV.field(input), "\(input.debugDescription)")
        }
    }

    /// The statement's currency decimals come from `currencies` by code; a ledger row in a
    /// currency the table does not know stops the export instead of losing its line.
    @Test func statementDecimalsAreLookedUpByCodeAndAnUnknownCodeFails() throws {
        let decimals = CurrencyDecimals([("CHF", 2), ("JPY", 0), ("BHD", 3)])
        func of(_ code: String) throws -> Int { try Array(code.utf8).withUnsafeBytes { try decimals.of($0, affiliateId: 7) } }
        #expect(try of("CHF") == 2 && of("JPY") == 0 && of("BHD") == 3)
        for unknown in ["EUR", "CH", "CHFX", ""] {
            #expect(throws: JobError.self, "\(unknown)") { _ = try of(unknown) }
        }
    }

    /// PostgreSQL's own `numeric` text of every generated value, written by the statement's
    /// byte-level `DecimalText.appendExact` as `DecimalText.exact` writes the value, for every
    /// minimum of decimals; text outside the plain grammar is refused.
    @Test func numericTextIsWrittenAsDecimalTextExact() throws {
        let s = try Scenario()
        let values = Self.numbers
        let texts = try Self.texts(s, "select x::numeric::text from unnest(\(values)::text[]) with ordinality as t(x, n) order by n",
                                   count: values.count)
        for (value, text) in zip(values, texts) {
            let decimal = try #require(AmountFormat.parse(value))
            for minimum in 0...6 {
                var out: [UInt8] = []
                let ok = Array(text.utf8).withUnsafeBytes { DecimalText.appendExact(numericText: $0, minFractionDigits: minimum, to: &out) }
                #expect(ok && String(decoding: out, as: UTF8.self) == DecimalText.exact(decimal, minFractionDigits: minimum),
                        "\(text) with \(minimum) decimals: \(String(decoding: out, as: UTF8.self))")
            }
        }
        for bad in ["", "-", "1.", ".5", "1e3", "+1", " 1", "1 ", "1,5", "NaN", "--1", "1.2.3", "١"] {
            var out: [UInt8] = []
            #expect(!Array(bad.utf8).withUnsafeBytes { DecimalText.appendExact(numericText: $0, minFractionDigits: 2, to: &out) } && out.isEmpty,
                    "\(bad.debugDescription)")
        }
    }

    /// report.html's held rows are laid out from the export's bytes (`ReportHTML.appendHeldRow`):
    /// each must be the row the model writes with `HTMLText.escape` and `ReportWords.amount`
    /// (the page's other tables), for every name of the corpus, PostgreSQL's own `numeric` text
    /// of every generated amount with 0…4 decimals (refused where the model refuses), and the
    /// amount order checked on that text as `Decimal` orders the values.
    @Test func heldRowsFromNumericTextAreTheModelRows() throws {
        let s = try Scenario()
        let values = Self.numbers
        let texts = try Self.texts(s, "select x::numeric::text from unnest(\(values)::text[]) with ordinality as t(x, n) order by n",
                                   count: values.count)
        func modelRow(_ name: String, _ amount: Decimal?, _ minorUnits: Int, _ reasons: [HoldReason]) throws -> String {
            let cell = try amount.map { HTMLText.escape(try ReportWords.amount($0, minorUnits: minorUnits)) }
                ?? "<span class=\"muted\">not computed</span>"
            let items = reasons.map { "<li>\(HTMLText.escape($0.explanation)) <span class=\"code\">\(HTMLText.escape($0.rawValue))</span></li>" }
            return "<tr><td class=\"num\">42</td><td class=\"name\"><bdi>\(HTMLText.escape(name))</bdi></td><td>CHF</td>"
                + "<td class=\"num\">\(cell)</td><td><ul class=\"reasons\">\(items.joined())</ul></td></tr>\n"
        }
        func bytesRow(_ name: String, _ amount: String?, _ minorUnits: Int, _ reasons: [HoldReason]) throws -> String {
            var out = Array("kept".utf8)
            try Array(name.utf8).withUnsafeBytes { name in
                try Array("CHF".utf8).withUnsafeBytes { currency in
                    try Array((amount ?? "").utf8).withUnsafeBytes { text in
                        try ReportHTML.appendHeldRow(HeldRow(affiliateId: 42, name: name, currency: currency, minorUnits: minorUnits,
                                                             amount: amount == nil ? nil : text, reasons: reasons), to: &out)
                    }
                }
            }
            #expect(out.starts(with: "kept".utf8))
            return String(decoding: out.dropFirst(4), as: UTF8.self)
        }
        let names = Self.cellCorpus + ["\u{0}nul", "del\u{7F}", "c1\u{85}x", "bidi\u{202E}x", "&amp;", "<b>'x'</b>", "a\u{1B}b"]
        for (index, name) in names.enumerated() {
            let reasons = Array(HoldReason.allCases.dropFirst(index % HoldReason.allCases.count).prefix(index % 3))
            #expect(try bytesRow(name, "1234567.50", 2, reasons) == modelRow(name, Decimal(string: "1234567.5"), 2, reasons),
                    "\(name.debugDescription)")
        }
        #expect(try bytesRow("x", nil, 2, [.missingRate]) == modelRow("x", nil, 2, [.missingRate]))
        var refused = 0
        for (value, text) in zip(values, texts) {
            let decimal = try #require(AmountFormat.parse(value))
            for minorUnits in 0...4 {
                let model = try? modelRow("x", decimal, minorUnits, [.suspended])
                let bytes = try? bytesRow("x", text, minorUnits, [.suspended])
                #expect(bytes == model, "\(text) with \(minorUnits) decimals")
                if model == nil { refused += 1 }
            }
        }
        #expect(refused > 0 && refused < values.count * 5, "both kinds of amount are in the corpus")
        for (a, x) in zip(texts, values) {
            for (b, y) in zip(texts, values) {
                let (p, q) = (try #require(AmountFormat.parse(x)), try #require(AmountFormat.parse(y)))
                let order = Array(a.utf8).withUnsafeBytes { a in Array(b.utf8).withUnsafeBytes { DecimalText.compare(numericText: a, $0) } }
                #expect(order == (p < q ? -1 : p > q ? 1 : 0), "\(a) against \(b)")
            }
        }
        #expect(Array("1e3".utf8).withUnsafeBytes { DecimalText.compare(numericText: $0, $0) } == nil)
    }

    /// The statement's converted amount: rounded half away from zero to 6 decimals in SQL
    /// (`round`, then `decimal_text`) as `DecimalText.rounded` does, halves on both sides.
    @Test func roundedConvertedAmountsInSQLAreDecimalTextRounded() throws {
        let s = try Scenario()
        var values = Self.numbers + ["0.0000005", "-0.0000005", "0.0000004999", "1.2345675", "-1.2345675", "0.000101",
                                     "0.0001005", "-0.0001005", "2.9999995", "-2.9999995", "0.00000049"]
        values = values.filter { AmountFormat.parse($0).map { DecimalText.significantFractionDigits($0) <= 18 } ?? false }
        for minimum in [0, 2, 3, 6] {
            let sql = try Self.texts(s, """
                select decimal_text(round(x::numeric, 6), least(\(minimum), 6)) from unnest(\(values)::text[]) with ordinality as t(x, n) order by n
                """, count: values.count)
            for (value, text) in zip(values, sql) {
                let decimal = try #require(AmountFormat.parse(value))
                #expect(text == DecimalText.rounded(decimal, maxFractionDigits: 6, minFractionDigits: min(minimum, 6)),
                        "round(\(value), 6) with \(minimum) decimals")
            }
        }
    }

    /// Both functions are inlined into the statements that use them (immutable, not STRICT,
    /// one expression): a call per cell would cost ten times more on a million lines.
    @Test func bothFunctionsAreInlined() throws {
        let s = try Scenario()
        let flags = try s.conn.query("""
            select proname, proisstrict, provolatile::text from pg_proc where proname in ('csv_cell', 'decimal_text') order by proname
            """).map { (try $0.decode(String.self, at: 0), try $0.decode(Bool.self, at: 1), try $0.decode(String.self, at: 2)) }
        #expect(flags.map(\.0) == ["csv_cell", "decimal_text"])
        #expect(flags.allSatisfy { !$0.1 && $0.2 == "i" }, "\(flags)")
        let plan = try s.conn.plan(of: """
            select csv_cell(order_ref), decimal_text(amount, 2), decimal_text(round(amount * 1.5, 6), 2) from commissions
            """, verbose: true)
        #expect(!plan.contains("csv_cell(") && !plan.contains("decimal_text("), "not inlined:\n\(plan)")
    }

    /// A whole run of the hostile corpus, rates direct and inverse: statement.csv and the
    /// prepaid CSVs the database formatted are, byte for byte, what `StatementCSV` and
    /// `PrepaidCSV` render from the same records.
    @Test func hostileRunFilesAreWhatTheSwiftRenderersWrite() throws {
        let s = try Scenario()
        try HostileInputTests.insertCorpus(into: s)
        // Every affiliate also earns in the other currency, so every line kind is converted.
        var next: Int64 = 1_000
        for affiliate in HostileInputTests.affiliates {
            for (amount, ref) in [("12.3456", "=1+2"), ("-0.0001", "-0.0001"), ("0.0050", "a,\"b\"\r\nc")] {
                next += 1
                try s.conn.execute("""
                    insert into commissions (id, affiliate_id, order_ref, product, amount, currency, ordered_at)
                    values (\(next), \(affiliate.id), \(ref), 'ksuite', \(amount)::numeric, \(affiliate.currency == "EUR" ? "CHF" : "EUR"), '2026-09-20 12:00+02')
                    """)
            }
        }
        _ = try s.run("2026-11-01")
        let run = RunInfo(id: "", month: RunMonth(year: 2026, month: 11), asOf: "", createdAt: "", executionDate: "", dryRun: false)
        let folder = s.out.appendingPathComponent("2026-11")

        var statement = CSV.line(StatementCSV.header)
        for row in try s.conn.query("""
            select pi.affiliate_id, pi.order_ref, pi.amount::text, pi.currency, sc.minor_units, pi.account_currency, ac.minor_units,
                   (case when rr.inverse then round(1 / rr.rate, 10) else rr.rate end)::text,
                   convert_amount(pi.amount, pi.currency = pi.account_currency, rr.rate, coalesce(rr.inverse, false))::text
            from payout_items pi
            left join run_rates rr on rr.run_id = pi.run_id and rr.source_currency = pi.currency and rr.account_currency = pi.account_currency
            join currencies sc on sc.code = pi.currency join currencies ac on ac.code = pi.account_currency
            order by pi.affiliate_id, pi.commission_id
            """) {
            let amount = try #require(AmountFormat.parse(try row.decode(String.self, at: 2)))
            let converted = try #require(AmountFormat.parse(try row.decode(String.self, at: 8)))
            let rate = try row.decode(String?.self, at: 7).flatMap(AmountFormat.parse)
            statement += try StatementCSV.row(StatementLine(
                affiliateId: try row.decode(Int64.self, at: 0), orderRef: try row.decode(String.self, at: 1),
                commission: Money(amount, try row.decode(String.self, at: 3), minorUnits: try row.decode(Int.self, at: 4)),
                rate: rate, converted: Money(converted, try row.decode(String.self, at: 5), minorUnits: try row.decode(Int.self, at: 6))), run: run)
        }
        #expect(statement.split(separator: "\r\n").count > HostileInputTests.commissions.count, "converted lines are in the run")
        #expect(try String(contentsOf: folder.appendingPathComponent("statement.csv"), encoding: .utf8) == statement)

        var prepaid: [String: String] = [:]
        for row in try s.conn.query("""
            select ra.affiliate_id, ra.prepaid_account, ra.amount::text, ra.currency, cu.minor_units
            from run_affiliates ra join currencies cu on cu.code = ra.currency
            where ra.status = 'paid' and ra.method = 'prepaid' order by ra.affiliate_id
            """) {
            let currency = try row.decode(String.self, at: 3)
            let amount = try #require(AmountFormat.parse(try row.decode(String.self, at: 2)))
            prepaid[currency, default: CSV.line(PrepaidCSV.header)] += try PrepaidCSV.row(PrepaidCredit(
                affiliateId: try row.decode(Int64.self, at: 0), payout: Money(amount, currency, minorUnits: try row.decode(Int.self, at: 4)),
                account: try row.decode(String.self, at: 1)), run: run)
        }
        #expect(!prepaid.isEmpty)

        // report.json: the affiliate and voided members, one per line, as RunJSON writes them.
        let report = try String(contentsOf: folder.appendingPathComponent("report.json"), encoding: .utf8)
        let members = report.split(separator: "\n").filter { $0.hasPrefix("  {\"affiliate_id\": ") }
            .map { $0.dropFirst(2).hasSuffix(",") ? String($0.dropFirst(2).dropLast()) : String($0.dropFirst(2)) }
        var expected: [String] = []
        for row in try s.conn.query("""
            select ra.affiliate_id, ra.status, ra.method, ra.currency, cu.minor_units, ra.amount::text,
                   array_to_string(ra.reasons, ','), ra.commissions, needs_new_attention(ra.affiliate_id, ra.reasons, r.as_of)
            from run_affiliates ra join currencies cu on cu.code = ra.currency join payout_runs r on r.id = ra.run_id
            order by ra.affiliate_id
            """) {
            let reasons = try row.decode(String.self, at: 6).split(separator: ",").map { try #require(HoldReason(rawValue: String($0))) }
            expected.append(try RunJSON.affiliate(ReportEntry(
                affiliateId: try row.decode(Int64.self, at: 0), status: try row.decode(String.self, at: 1) == "paid" ? .paid : .held,
                method: try #require(PayoutMethod(rawValue: try row.decode(String.self, at: 2))), currency: try row.decode(String.self, at: 3),
                minorUnits: try row.decode(Int.self, at: 4), amount: try row.decode(String?.self, at: 5).flatMap(AmountFormat.parse),
                reasons: reasons, commissions: try row.decode(Int.self, at: 7), newAttention: try row.decode(Bool.self, at: 8)), run: run))
        }
        for row in try s.conn.query("""
            select v.affiliate_id, v.reason, v.currency, cu.minor_units, count(*), sum(v.amount)::text
            from voided_commissions v join currencies cu on cu.code = v.currency
            group by v.affiliate_id, v.reason, v.currency, cu.minor_units order by v.affiliate_id, v.reason, v.currency
            """) {
            let total = try #require(AmountFormat.parse(try row.decode(String.self, at: 5)))
            expected.append(try RunJSON.voided(VoidedCommissions(
                affiliateId: try row.decode(Int64.self, at: 0), reason: try #require(VoidReason(rawValue: try row.decode(String.self, at: 1))),
                total: Money(total, try row.decode(String.self, at: 2), minorUnits: try row.decode(Int.self, at: 3)),
                commissions: try row.decode(Int.self, at: 4))))
        }
        #expect(expected.count > HostileInputTests.affiliates.count, "affiliates and voided commissions are in the run")
        #expect(members == expected)
        for (currency, text) in prepaid {
            #expect(try String(contentsOf: folder.appendingPathComponent("prepaid-\(currency).csv"), encoding: .utf8) == text)
        }
    }
}
