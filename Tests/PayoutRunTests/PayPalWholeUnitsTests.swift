import Foundation
import PayoutRun
import Postgres
import Testing
import TestSupport

/// PayPal refuses decimals in HUF, JPY and TWD (migration 0025, `payout_decimals`): a PayPal
/// payout in forints is rounded once, half away from zero, to whole forints, and every file and
/// report of the run says so; a bank transfer in forints keeps the currency's two decimals.
@Suite struct PayPalWholeUnitsTests {
    private let october = "2026-10-01 12:00:00+02"

    private func forintScenario() throws -> Scenario {
        let s = try Scenario()
        try s.conn.execute("insert into payout_thresholds (currency, minimum) values ('HUF', 20000)")
        try s.debtor("HUF", iban: Scenario.chIBAN)
        return s
    }

    @Test func aPayPalPayoutInForintsIsRoundedOnceToWholeForints() throws {
        let s = try forintScenario()
        try s.affiliate(1, currency: "HUF", method: "paypal", email: "one@example.com")
        try s.affiliate(2, currency: "HUF", method: "paypal", email: "two@example.com")
        try s.affiliate(3, currency: "HUF", name: "Bank")
        try s.affiliate(4, currency: "HUF", method: "paypal", email: "four@example.com")
        // Exactly half a forint over: rounded up once on the sum (each commission rounded
        // alone would give 10000 + 10000).
        try s.commission(1, affiliate: 1, amount: "10000.25", currency: "HUF", orderedAt: october)
        try s.commission(2, affiliate: 1, amount: "10000.25", currency: "HUF", orderedAt: october)
        // Just under the half: rounded down.
        try s.commission(3, affiliate: 2, amount: "20000.4999", currency: "HUF", orderedAt: october)
        // The same sum as affiliate 1 by bank transfer: the currency's two decimals.
        try s.commission(4, affiliate: 3, amount: "10000.25", currency: "HUF", orderedAt: october)
        try s.commission(5, affiliate: 3, amount: "10000.25", currency: "HUF", orderedAt: october)
        // Below the threshold once rounded: 19999.50 is 20000, 19999.4999 would not be.
        try s.commission(6, affiliate: 4, amount: "19999.50", currency: "HUF", orderedAt: october)

        let outcome = try s.run()
        #expect(outcome.paid == 4)
        #expect(try s.entry(1)?.amount == "20001")
        #expect(try s.entry(2)?.amount == "20000")
        #expect(try s.entry(3)?.amount == "20000.50")
        #expect(try s.entry(4)?.amount == "20000")

        let csv = try String(contentsOf: s.out.appendingPathComponent("2026-12/paypal-HUF-001.csv"), encoding: .utf8)
        let amounts = csv.split(separator: "\r\n").map { $0.split(separator: ",")[1] }
        #expect(amounts == ["20001", "20000", "20000"], "\(csv)")
        let body = try s.json("2026-12", "paypal-HUF-001.json")
        let values = try #require(body["items"] as? [[String: Any]]).map { ($0["amount"] as? [String: Any])?["value"] as? String }
        #expect(values == ["20001", "20000", "20000"])

        let manifest = try #require(try s.json("2026-12", "manifest.json")["files"] as? [[String: Any]])
        let totals = Dictionary(manifest.compactMap { file in (file["total"] as? String).map { (file["path"] as! String, $0) } },
                                uniquingKeysWith: { first, _ in first })
        #expect(totals["paypal-HUF-001.csv"] == "60001")
        #expect(totals["iban-HUF.xml"] == "20000.50")
        let xml = try String(contentsOf: s.out.appendingPathComponent("2026-12/iban-HUF.xml"), encoding: .utf8)
        #expect(xml.contains(#"<InstdAmt Ccy="HUF">20000.50</InstdAmt>"#))
        let problems = try BankFileOracles.problems(pain001: s.out.appendingPathComponent("2026-12/iban-HUF.xml").path)
        #expect(problems.isEmpty, "\(problems)")

        let report = try s.json("2026-12", "report.json")
        let entries = try #require(report["affiliates"] as? [[String: Any]])
        #expect(entries.map { $0["amount"] as? String } == ["20001", "20000", "20000.50", "20000"])
        let reportTotals = try #require(report["totals"] as? [[String: Any]])
        #expect(reportTotals.contains { $0["channel"] as? String == "paypal" && $0["amount"] as? String == "60001" })

        // Re-exported byte for byte, also after finance changes the currency's decimals.
        let original = try s.files(in: "2026-12")
        try s.conn.execute("update currencies set minor_units = 0 where code = 'HUF'")
        try FileManager.default.removeItem(at: s.out.appendingPathComponent("2026-12"))
        _ = try s.job().export(month: try .parseAsOf("2026-12"))
        #expect(try s.files(in: "2026-12") == original)
    }

    /// A bank transfer of 20000.50 forints comes back; the affiliate then asks for PayPal. The
    /// re-credit joins the PayPal balance unconverted, and PayPal cannot carry its half forint:
    /// the payout is held with amount_out_of_range (a person pays it), never written so that
    /// PayPal refuses it, and the re-credit stays open.
    @Test func aPayPalPayoutWithMoreDecimalsThanItsChannelCarriesIsHeld() throws {
        let s = try forintScenario()
        try s.affiliate(1, currency: "HUF")
        try s.commission(1, affiliate: 1, amount: "20000.50", currency: "HUF", orderedAt: october)
        try s.run("2026-12-01")
        #expect(try s.entry(1)?.amount == "20000.50")
        #expect(try s.cli(["sent", "--month", "2026-12"]).status == 0)
        let rejection = try s.file("r.xml", pain002(original: try s.messageId("2026-12", "HUF"), group: "PART",
                                                     transactions: [("AP202612-1", "RJCT", "AC04")]))
        let recorded = try s.cli(["returns", rejection])
        #expect(recorded.status == 0, "\(recorded.stdout) \(recorded.stderr)")
        try s.conn.execute("update affiliates set payout_method = 'paypal', paypal_email = 'one@example.com' where id = 1")

        try s.run("2027-01-01")
        let held = try #require(try s.entry(1, month: "2027-01"))
        #expect(held.status == "held" && held.reasons == ["amount_out_of_range"] && held.amount == "20000.50", "\(held)")
        #expect(try s.recreditsSettled() == ["1:20000.50:open"])
        let files = try s.files(in: "2027-01")
        #expect(!files.keys.contains { $0.hasPrefix("paypal-") })
        let report = try s.json("2027-01", "report.json")
        let entries = try #require(report["affiliates"] as? [[String: Any]])
        #expect(entries.first?["amount"] as? String == "20000.50")
    }
}
