import Foundation
import PayoutCore
import PayoutRun
import Postgres
import Testing

/// Item 5: a preview cannot double-pay. Its payment files say PREVIEW in their names (and in
/// their contents where the format has room), and where a rail deduplicates, the preview
/// carries the very identifiers of the real run, so whichever arrives second is refused.
@Suite struct PreviewSafetyTests {
    static func populate(_ s: Scenario) throws {
        try s.affiliate(1)
        try s.affiliate(2, currency: "EUR", method: "paypal", email: "two@example.com")
        try s.affiliate(3, method: "prepaid")
        for id in Int64(1)...3 {
            try s.commission(id, affiliate: id, amount: "60", currency: id == 2 ? "EUR" : "CHF", orderedAt: "2026-10-01 12:00:00+02")
        }
    }

    func text(_ s: Scenario, _ folder: String, _ file: String) throws -> String {
        try String(contentsOf: s.out.appendingPathComponent(folder).appendingPathComponent(file), encoding: .utf8)
    }

    @Test func previewFilesAreNamedAndMarkedPreviewAndCollideWithTheRealRun() throws {
        let s = try Scenario()
        try Self.populate(s)
        try s.run("2026-12-01", dryRun: true)
        try s.run("2026-12-01")
        let preview = try FileManager.default.contentsOfDirectory(atPath: s.out.appendingPathComponent("2026-12-preview").path)
        let payment = ["iban-CHF.xml", "paypal-EUR-001.csv", "paypal-EUR-001.json", "prepaid-CHF.csv"]
        for name in payment {
            #expect(preview.contains("PREVIEW-" + name), "\(preview)")
            #expect(!preview.contains(name), "a preview file named like the real one: \(name)")
        }

        // pain.001: the bank refuses a second message with the same MsgId, and the
        // EndToEndId of each payout is the same in both.
        let previewXML = try text(s, "2026-12-preview", "PREVIEW-iban-CHF.xml")
        let realXML = try text(s, "2026-12", "iban-CHF.xml")
        #expect(previewXML.contains("PREVIEW"))
        #expect(!realXML.contains("PREVIEW"))
        for element in ["MsgId", "PmtInfId", "EndToEndId"] {
            let pattern = try Regex("<\(element)>([^<]+)</\(element)>")
            let p = previewXML.matches(of: pattern).map { String(previewXML[$0.range]) }
            let r = realXML.matches(of: pattern).map { String(realXML[$0.range]) }
            #expect(!p.isEmpty && p == r, "\(element): preview \(p), real \(r)")
        }

        // PayPal API: one sender_batch_id, accepted once by PayPal; the preview says PREVIEW.
        let previewJSON = try JSONSerialization.jsonObject(with: Data(try text(s, "2026-12-preview", "PREVIEW-paypal-EUR-001.json").utf8)) as! [String: Any]
        let realJSON = try JSONSerialization.jsonObject(with: Data(try text(s, "2026-12", "paypal-EUR-001.json").utf8)) as! [String: Any]
        let previewHeader = previewJSON["sender_batch_header"] as! [String: Any]
        let realHeader = realJSON["sender_batch_header"] as! [String: Any]
        #expect(previewHeader["sender_batch_id"] as? String == realHeader["sender_batch_id"] as? String)
        #expect((previewHeader["email_subject"] as? String)?.hasPrefix("PREVIEW") == true)
        #expect((realHeader["email_subject"] as? String)?.contains("PREVIEW") == false)

        // PayPal web upload (no batch id): the preview's first row is no payment PayPal accepts.
        let previewCSV = try text(s, "2026-12-preview", "PREVIEW-paypal-EUR-001.csv")
        let realCSV = try text(s, "2026-12", "paypal-EUR-001.csv")
        let guardRow = try #require(previewCSV.split(separator: "\r\n").first).split(separator: ",")
        #expect(!PayPalReceiver.isPayable(String(guardRow[0])))
        #expect(guardRow[1] == "0.00")
        #expect(previewCSV.contains("PREVIEW"))
        #expect(!realCSV.contains("PREVIEW"))
        #expect(previewCSV.hasSuffix(realCSV), "the preview's payments are the real run's")
    }

    /// Issue 13: a dry run whose export fails half-way leaves no preview folder, since a
    /// partial one could be taken for a complete preview. The failure is a hostile state that
    /// only the export reads: the accrual counts of report.json (written after the payment
    /// files and the statement) divide by zero.
    @Test func aFailedPreviewLeavesNoPartialFolder() throws {
        let s = try Scenario()
        try Self.populate(s)
        try s.conn.executeScript("""
            drop view run_accrual_outcomes;
            create view run_accrual_outcomes as
            select id as run_id, month, 'accrued'::text as outcome, (1 / (id - id))::bigint as orders from payout_runs;
            """)
        #expect(throws: (any Error).self) { try s.run("2026-12-01", dryRun: true) }
        let folder = s.out.appendingPathComponent("2026-12-preview").path
        #expect(!FileManager.default.fileExists(atPath: folder),
                "left: \((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])")
        #expect(try s.conn.queryValue("select count(*) from payout_runs", as: Int.self) == 0, "the dry run rolled back")
    }
}
