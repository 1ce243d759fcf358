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

    /// An affiliate of the corpus. What a row does not say is ordinary (CHF, a bank transfer to
    /// a valid Swiss IBAN, Zürich), so each row shows what is hostile about it.
    struct Affiliate {
        var id: Int64
        var name: String
        var currency = "CHF"
        var method = "iban"
        /// The IBAN, PayPal receiver or prepaid account, whichever `method` pays to.
        var detail = Scenario.chIBAN
        var town = "Zürich"
    }

    static let affiliates: [Affiliate] = [
        .init(id: 1, name: "<script>alert(1)</script>", detail: "ch93 0076 2011 6238 5295 7"),
        .init(id: 2, name: "Ends ]]> the CDATA", currency: "EUR", detail: "de89 3704 0044 0532 0130 00", town: "Berlin"),
        .init(id: 3, name: rtl, town: "=cmd|' /C calc'!A0"),
        .init(id: 4, name: "😀 Emoji 🚀 Studio 👩‍👩‍👧", currency: "EUR", detail: Scenario.deIBAN, town: "+Town"),
        .init(id: 5, name: longName, town: String(repeating: "Town", count: 3_000)),
        .init(id: 6, name: "=HYPERLINK(\"http://evil\")", method: "prepaid", detail: "IK-6"),
        .init(id: 7, name: "@SUM(A1:A9)", method: "prepaid", detail: "=1+2"),
        .init(id: 8, name: "-2+3", currency: "EUR", method: "paypal", detail: "=evil@example.com", town: "Paris"),
        .init(id: 9, name: "Tab\tand\nnewline\r", currency: "EUR", method: "paypal", detail: "pay.me+tag@example.com", town: "Paris"),
        .init(id: 10, name: "Max positive"),
        .init(id: 11, name: "Max negative"),
        .init(id: 12, name: "Four decimals", detail: "ch9300762011623852957"),
        .init(id: 13, name: "Zero balance"),
        .init(id: 14, name: "Refund before order"),
        .init(id: 15, name: "Orders in 2099"),
        .init(id: 16, name: "Bad IBAN", detail: "CH93 0076 2011 6238 5295 8"),
        .init(id: 17, name: "Bell \u{0007} and DEL \u{007F}", currency: "EUR", method: "prepaid", detail: "IK 17\u{0007}", town: "Wien"),
        .init(id: 18, name: "Tiny", currency: "EUR", detail: Scenario.deIBAN, town: "Berlin"),
    ]

    /// A commission of the corpus; what a row does not say is ordinary (CHF, not refunded, kSuite).
    struct Commission {
        var id: Int64
        var affiliate: Int64
        var amount: String
        var currency = "CHF"
        var ordered: String
        var refunded: String?
        var product = "ksuite"
        var orderRef: String
    }

    static let commissions: [Commission] = [
        .init(id: 1, affiliate: 1, amount: "60.00", ordered: "2026-09-01 12:00+02", orderRef: "<ord>&"),
        .init(id: 2, affiliate: 2, amount: "75.1234", currency: "EUR", ordered: "2026-09-02 12:00+02", product: "=kdrive", orderRef: "=1+1"),
        .init(id: 3, affiliate: 3, amount: "80", ordered: "2026-09-03 12:00+02", orderRef: "+ORD"),
        .init(id: 4, affiliate: 4, amount: "99.99", currency: "EUR", ordered: "2026-09-04 12:00+02", orderRef: "@ORD"),
        .init(id: 5, affiliate: 5, amount: "51", ordered: "2026-09-05 12:00+02", orderRef: String(repeating: "R", count: 10_000)),
        .init(id: 6, affiliate: 6, amount: "60", ordered: "2026-09-06 12:00+02", orderRef: "-ORD"),
        .init(id: 7, affiliate: 7, amount: "60", ordered: "2026-09-07 12:00+02", orderRef: "\tORD"),
        .init(id: 8, affiliate: 8, amount: "60", currency: "EUR", ordered: "2026-09-08 12:00+02", orderRef: "ORD-8"),
        .init(id: 9, affiliate: 9, amount: "60", currency: "EUR", ordered: "2026-09-09 12:00+02", orderRef: "ORD\u{202E}9"),
        .init(id: 10, affiliate: 10, amount: "99999999999999.9999", ordered: "2026-09-10 12:00+02", orderRef: "MAX"),
        .init(id: 11, affiliate: 11, amount: "-99999999999999.9999", ordered: "2026-09-11 12:00+02", orderRef: "MIN"),
        .init(id: 12, affiliate: 12, amount: "50.0049", ordered: "2026-09-12 12:00+02", orderRef: "D4-a"),
        .init(id: 13, affiliate: 12, amount: "0.0001", ordered: "2026-09-12 13:00+02", orderRef: "D4-b"),
        .init(id: 14, affiliate: 13, amount: "120.00", ordered: "2026-09-13 12:00+02", orderRef: "Z+"),
        .init(id: 15, affiliate: 13, amount: "-120.00", ordered: "2026-09-13 13:00+02", orderRef: "Z-"),
        .init(id: 16, affiliate: 14, amount: "70", ordered: "2026-09-14 12:00+02", refunded: "2026-09-01 12:00+02", orderRef: "REFUND-FIRST"),
        .init(id: 17, affiliate: 15, amount: "500", ordered: "2099-01-01 12:00+01", orderRef: "FUTURE"),
        .init(id: 18, affiliate: 16, amount: "60", ordered: "2026-09-16 12:00+02", orderRef: "BAD"),
        .init(id: 19, affiliate: 17, amount: "60", currency: "EUR", ordered: "2026-09-17 12:00+02", orderRef: "BELL"),
        .init(id: 20, affiliate: 18, amount: "0.0049", currency: "EUR", ordered: "2026-09-18 12:00+02", orderRef: "TINY"),
        .init(id: 21, affiliate: 10, amount: "-0.0001", ordered: "2026-09-10 13:00+02", orderRef: "MAX-1"),
    ]

    /// The corpus in `s`'s database, with the EUR→CHF rate its conversions need.
    static func insertCorpus(into s: Scenario) throws {
        try s.rate("EUR", "CHF", "0.9312", validFrom: "2026-08-01 00:00:00+02")
        for a in affiliates {
            try s.conn.execute("""
                insert into affiliates (id, name, account_currency, payout_method, iban, paypal_email, prepaid_account,
                                        street, building_number, postcode, town, country)
                values (\(a.id), \(a.name), \(a.currency), \(a.method),
                        \(a.method == "iban" ? a.detail : nil), \(a.method == "paypal" ? a.detail : nil), \(a.method == "prepaid" ? a.detail : nil),
                        \("=Street \(a.name.prefix(20))"), '1', '8000', \(a.town), \(a.currency == "EUR" ? "DE" : "CH"))
                """)
        }
        for c in commissions {
            try s.conn.execute("""
                insert into commissions (id, affiliate_id, order_ref, product, amount, currency, ordered_at, refunded_at)
                values (\(c.id), \(c.affiliate), \(c.orderRef), \(c.product), \(c.amount)::numeric, \(c.currency),
                        \(c.ordered)::timestamptz, \(c.refunded)::timestamptz)
                """)
        }
    }

    @Test func aHostileCorpusEndsPaidOrHeldWithReasonsAndEveryFileValidates() throws {
        let s = try Scenario()
        try Self.insertCorpus(into: s)
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
