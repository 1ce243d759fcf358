import Foundation
import PayoutCore
import Postgres
import Testing
import TestSupport

/// Issue 13: a corpus of rows an upstream system can legally write, each hostile in its own
/// way. The run must end exported, every affiliate paid or held with a known reason, every
/// bank file accepted by the XSD, schwifty and mock-bank, and no CSV cell able to start a
/// formula.
@Suite struct HostileInputTests {
    static let longName = String(repeating: "Ü<&>", count: 2_500)   // 10,000 characters
    static let rtl = "\u{202E}evil\u{202C} \u{200F}مرحبا"

    /// id, name, currency, method, iban / receiver / account, town
    static let affiliates: [(Int64, String, String, String, String, String)] = [
        (1, "<script>alert(1)</script>", "CHF", "iban", "ch93 0076 2011 6238 5295 7", "Zürich"),
        (2, "Ends ]]> the CDATA", "EUR", "iban", "de89 3704 0044 0532 0130 00", "Berlin"),
        (3, rtl, "CHF", "iban", "CH9300762011623852957", "=cmd|' /C calc'!A0"),
        (4, "😀 Emoji 🚀 Studio 👩‍👩‍👧", "EUR", "iban", "DE89370400440532013000", "+Town"),
        (5, longName, "CHF", "iban", "CH9300762011623852957", String(repeating: "Town", count: 3_000)),
        (6, "=HYPERLINK(\"http://evil\")", "CHF", "prepaid", "IK-6", "Zürich"),
        (7, "@SUM(A1:A9)", "CHF", "prepaid", "=1+2", "Zürich"),
        (8, "-2+3", "EUR", "paypal", "=evil@example.com", "Paris"),
        (9, "Tab\tand\nnewline\r", "EUR", "paypal", "pay.me+tag@example.com", "Paris"),
        (10, "Max positive", "CHF", "iban", "CH9300762011623852957", "Zürich"),
        (11, "Max negative", "CHF", "iban", "CH9300762011623852957", "Zürich"),
        (12, "Four decimals", "CHF", "iban", "ch9300762011623852957", "Zürich"),
        (13, "Zero balance", "CHF", "iban", "CH9300762011623852957", "Zürich"),
        (14, "Refund before order", "CHF", "iban", "CH9300762011623852957", "Zürich"),
        (15, "Orders in 2099", "CHF", "iban", "CH9300762011623852957", "Zürich"),
        (16, "Bad IBAN", "CHF", "iban", "CH93 0076 2011 6238 5295 8", "Zürich"),
        (17, "Bell \u{0007} and DEL \u{007F}", "EUR", "prepaid", "IK 17\u{0007}", "Wien"),
        (18, "Tiny", "EUR", "iban", "DE89370400440532013000", "Berlin"),
    ]

    /// commission id, affiliate, amount, currency, ordered, refunded, product, order ref
    static let commissions: [(Int64, Int64, String, String, String, String?, String, String)] = [
        (1, 1, "60.00", "CHF", "2026-09-01 12:00+02", nil, "ksuite", "<ord>&"),
        (2, 2, "75.1234", "EUR", "2026-09-02 12:00+02", nil, "=kdrive", "=1+1"),
        (3, 3, "80", "CHF", "2026-09-03 12:00+02", nil, "ksuite", "+ORD"),
        (4, 4, "99.99", "EUR", "2026-09-04 12:00+02", nil, "ksuite", "@ORD"),
        (5, 5, "51", "CHF", "2026-09-05 12:00+02", nil, "ksuite", String(repeating: "R", count: 10_000)),
        (6, 6, "60", "CHF", "2026-09-06 12:00+02", nil, "ksuite", "-ORD"),
        (7, 7, "60", "CHF", "2026-09-07 12:00+02", nil, "ksuite", "\tORD"),
        (8, 8, "60", "EUR", "2026-09-08 12:00+02", nil, "ksuite", "ORD-8"),
        (9, 9, "60", "EUR", "2026-09-09 12:00+02", nil, "ksuite", "ORD\u{202E}9"),
        (10, 10, "99999999999999.9999", "CHF", "2026-09-10 12:00+02", nil, "ksuite", "MAX"),
        (11, 11, "-99999999999999.9999", "CHF", "2026-09-11 12:00+02", nil, "ksuite", "MIN"),
        (12, 12, "50.0049", "CHF", "2026-09-12 12:00+02", nil, "ksuite", "D4-a"),
        (13, 12, "0.0001", "CHF", "2026-09-12 13:00+02", nil, "ksuite", "D4-b"),
        (14, 13, "120.00", "CHF", "2026-09-13 12:00+02", nil, "ksuite", "Z+"),
        (15, 13, "-120.00", "CHF", "2026-09-13 13:00+02", nil, "ksuite", "Z-"),
        (16, 14, "70", "CHF", "2026-09-14 12:00+02", "2026-09-01 12:00+02", "ksuite", "REFUND-FIRST"),
        (17, 15, "500", "CHF", "2099-01-01 12:00+01", nil, "ksuite", "FUTURE"),
        (18, 16, "60", "CHF", "2026-09-16 12:00+02", nil, "ksuite", "BAD"),
        (19, 17, "60", "EUR", "2026-09-17 12:00+02", nil, "ksuite", "BELL"),
        (20, 18, "0.0049", "EUR", "2026-09-18 12:00+02", nil, "ksuite", "TINY"),
        (21, 10, "-0.0001", "CHF", "2026-09-10 13:00+02", nil, "ksuite", "MAX-1"),
    ]

    @Test func aHostileCorpusEndsPaidOrHeldWithReasonsAndEveryFileValidates() throws {
        let s = try Scenario()
        try s.rate("EUR", "CHF", "0.9312", validFrom: "2026-08-01 00:00:00+02")
        for (id, name, currency, method, detail, town) in Self.affiliates {
            try s.conn.execute("""
                insert into affiliates (id, name, account_currency, payout_method, iban, paypal_email, prepaid_account,
                                        street, building_number, postcode, town, country)
                values (\(id), \(name), \(currency), \(method),
                        \(method == "iban" ? detail : nil), \(method == "paypal" ? detail : nil), \(method == "prepaid" ? detail : nil),
                        \("=Street \(name.prefix(20))"), '1', '8000', \(town), \(currency == "EUR" ? "DE" : "CH"))
                """)
        }
        for (id, affiliate, amount, currency, ordered, refunded, product, orderRef) in Self.commissions {
            try s.conn.execute("""
                insert into commissions (id, affiliate_id, order_ref, product, amount, currency, ordered_at, refunded_at)
                values (\(id), \(affiliate), \(orderRef), \(product), \(amount)::numeric, \(currency),
                        \(ordered)::timestamptz, \(refunded)::timestamptz)
                """)
        }
        let outcome = try s.run("2026-11-01")
        #expect(try s.conn.queryValue("select count(*) from payout_runs where exported_at is null", as: Int.self) == 0)

        // Every affiliate with a matured, unvoided commission is in the run: paid, or held
        // with reasons the program knows; nobody else is.
        let inRun = Set(try s.conn.query("select affiliate_id from run_affiliates").map { try $0.decode(Int64.self, at: 0) })
        let expected = Set(try s.conn.query("""
            select distinct c.affiliate_id from commissions c
            where c.ordered_at + interval '30 days' <= '2026-11-01 00:00+01'
              and c.id not in (select commission_id from voided_commissions)
            """).map { try $0.decode(Int64.self, at: 0) })
        #expect(inRun == expected)
        #expect(!inRun.contains(15), "orders in 2099 are not matured")
        for id in inRun.sorted() {
            let entry = try #require(try s.entry(id, month: "2026-11"))
            if entry.status == "paid" {
                #expect(entry.reasons.isEmpty && entry.amount != nil, "affiliate \(id): \(entry)")
            } else {
                #expect(!entry.reasons.isEmpty, "affiliate \(id) held without a reason")
                #expect(entry.reasons.allSatisfy { HoldReason(rawValue: $0) != nil }, "affiliate \(id): \(entry.reasons)")
            }
        }
        #expect(try s.entry(10, month: "2026-11")?.status == "paid", "the largest numeric(18,4) commission fits a payout")
        #expect(try s.entry(11, month: "2026-11")?.reasons == ["below_threshold"], "a negative balance carries forward")
        #expect(try s.entry(13, month: "2026-11")?.reasons == ["below_threshold"], "a zero balance carries forward")
        #expect(try s.entry(12, month: "2026-11")?.amount == "50.01", "4-decimal amounts rounded once, half away from zero")
        #expect(try s.entry(16, month: "2026-11")?.reasons == ["invalid_iban"])
        #expect(outcome.paid + outcome.held == inRun.count)

        // Every file: bank files by the XSD, schwifty and mock-bank; JSON parses; no CSV cell
        // starts a formula.
        let folder = s.out.appendingPathComponent("2026-11")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(names.contains("iban-CHF.xml") && names.contains("iban-EUR.xml") && names.contains("manifest.json"))
        #expect(!names.contains { $0.hasPrefix(".") }, "no temporary file left: \(names)")
        for name in names {
            let path = folder.appendingPathComponent(name).path
            if name.hasSuffix(".xml") {
                let problems = try BankFileOracles.problems(pain001: path)
                #expect(problems.isEmpty, "\(name): \(problems)")
            } else if name.hasSuffix(".json") {
                #expect(throws: Never.self, "\(name) parses") {
                    _ = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path)))
                }
            } else if name.hasSuffix(".csv") {
                let text = try String(contentsOfFile: path, encoding: .utf8)
                // A plain number such as -60.00 is data, not a formula (CSV.neutralised keeps it).
                for cell in Self.cells(text) where cell.wholeMatch(of: /-?[0-9]+(\.[0-9]+)?/) == nil {
                    #expect(!CSV.startsLikeFormula(cell), "\(name): cell \(cell.prefix(40)) starts a formula")
                }
            }
        }
    }

    /// The cells of a CSV text (RFC 4180 quoting), unquoted.
    static func cells(_ text: String) -> [String] {
        var cells: [String] = []
        var cell = ""
        var quoted = false
        var chars = Array(text)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" {
                    if chars.first == "\"" { cell.append("\""); chars.removeFirst() } else { quoted = false }
                } else { cell.append(c) }
            } else if c == "\"" {
                quoted = true
            } else if c == "," || c == "\n" || c == "\r\n" {
                cells.append(cell); cell = ""
            } else if c != "\r" {
                cell.append(c)
            }
        }
        if !cell.isEmpty { cells.append(cell) }
        return cells
    }
}
