import Foundation
import PayoutRun
import Testing
import TestSupport

/// The files of a real run, from the database through the renderers, checked by independent
/// validators: the official pain.001.001.09 XSD (xmllint) and the schwifty IBAN check.
@Suite struct RunFilesTests {
    private func oracle(_ name: String) throws -> String {
        guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else {
            Issue.record("\(name) is not set: run the tests through scripts/test, which installs the validators")
            throw OracleMissing()
        }
        return value
    }

    private func run(_ executable: String, _ arguments: [String]) throws -> (Int32, String) {
        let result = try ChildProcess.run(executable, arguments)
        return (result.status, result.output)
    }

    @Test func bankFilesOfARunWithHostileNamesValidateAndCarryValidIBANs() throws {
        let s = try Scenario()
        try s.rate("EUR", "CHF", "0.93", validFrom: "2026-10-01 00:00:00+02")
        let names = ["Müller & Söhne <GmbH>", "\"Quoted\" 'name'", "北京 Studio", "😀😀😀", String(repeating: "Ä", count: 200),
                     "/leading slash//double", "=HYPERLINK(\"http://x\")", "Zoë O'Brien-Łukasz"]
        for (index, name) in names.enumerated() {
            let id = Int64(index + 1)
            try s.affiliate(id, currency: index % 2 == 0 ? "CHF" : "EUR",
                            iban: index % 3 == 0 ? " ch93 0076 2011 6238 5295 7" : Scenario.deIBAN, name: name)
            try s.commission(id, affiliate: id, amount: "\(50 + index).05", orderedAt: "2026-10-01 12:00:00+02")
        }
        let outcome = try s.run()
        #expect(outcome.paid == names.count)
        for file in ["iban-CHF.xml", "iban-EUR.xml"] {
            let path = s.out.appendingPathComponent("2026-12").appendingPathComponent(file).path
            // The Swiss ch.03 schema is checked too when a copy is named (it is not redistributable).
            let swiss = ProcessInfo.processInfo.environment["PAIN001_CH_XSD"].flatMap { $0.isEmpty ? nil : $0 }
            if let swiss {
                let (status, output) = try run("/usr/bin/xmllint", ["--noout", "--schema", swiss, path])
                #expect(status == 0, "\(file) against \(swiss): \(output)")
            }
            // The official XSD, sums, schwifty for every IBAN, end-to-end ids, and mock-bank accepting it.
            #expect(try BankFileOracles.problems(pain001: path) == [], "\(file)")
        }
        let statement = try String(contentsOf: s.out.appendingPathComponent("2026-12/statement.csv"), encoding: .utf8)
        #expect(!statement.contains("\n=") && !statement.contains(",="), "no cell may start a formula")
    }

    @Test func prepaidAccountsACreditsFileWouldAlterAreHeld() throws {
        let s = try Scenario()
        try s.affiliate(1, method: "prepaid", prepaid: "=1+2")
        try s.affiliate(2, method: "prepaid", prepaid: "IK 5\t")
        try s.affiliate(3, method: "prepaid", prepaid: "IK-0000003")
        for id in Int64(1)...3 { try s.commission(id, affiliate: id, amount: "60", orderedAt: "2026-10-01 12:00:00+02") }
        try s.run()
        #expect(try s.entry(1)?.reasons == ["invalid_prepaid_account"])
        #expect(try s.entry(2)?.reasons == ["invalid_prepaid_account"])
        #expect(try s.entry(3)?.status == "paid")
        let credits = try String(contentsOf: s.out.appendingPathComponent("2026-12/prepaid-CHF.csv"), encoding: .utf8)
        #expect(credits.contains("IK-0000003,60.00,CHF,AP202612-3,3"))
        let statement = try String(contentsOf: s.out.appendingPathComponent("2026-12/statement.csv"), encoding: .utf8)
        #expect(statement.contains("3,AP202612-3,ORD-3,60.00,CHF,,60.00,CHF"), "amounts padded to the currency's decimals")
    }
}

private struct OracleMissing: Error {}
