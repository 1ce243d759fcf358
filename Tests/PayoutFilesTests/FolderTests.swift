import Foundation
import PayoutCore
import Testing
@testable import PayoutFiles

/// A complete run folder from fixed inputs, as the run module would write it.
enum SampleRun {
    static let nasty = ["=SUM(A1:A9)", "+41 44 000 00 00", "-cmd", "@import", "quote \" inside", "comma, inside",
                        "new\nline", "crlf\r\nline", "  padded  ", "Müller 東京 🎉", "-12.50"]

    /// Writes the sample run into a new folder and parses one of its JSON files.
    static func writtenJSON(_ name: String) throws -> (URL, [String: Any]) {
        let directory = try scratchDirectory()
        _ = try writeAll(into: directory)
        let data = try Data(contentsOf: directory.appendingPathComponent(name))
        return (directory, try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any]))
    }

    static func writeAll(into directory: URL, run: RunInfo = Sample.run) throws -> [ManifestEntry] {
        let folder = try RunFolder(directory: directory, run: run)
        var entries: [ManifestEntry] = []
        let transfers = [Sample.transfer(7, amount: "57.10"), Sample.transfer(9, amount: "1177.40", name: "Zoë & Co")]
        entries += try folder.writeBankTransfers(currency: "CHF", minorUnits: 2, debtor: Sample.debtor("CHF"), count: 2,
                                                 total: dec("1234.50")) { emit in
            for transfer in transfers { try emit(transfer) }
        }
        entries += try folder.writePayPal(currency: "EUR", minorUnits: 2) { emit in
            try emit(PayPalPayment(affiliateId: 11, payout: Money(dec("50.05"), "EUR", minorUnits: 2), receiver: "a@example.com"))
        }
        entries += try folder.writePrepaid(currency: "CHF", minorUnits: 2) { emit in
            for (offset, account) in nasty.enumerated() {
                try emit(PrepaidCredit(affiliateId: Int64(20 + offset), payout: Money(dec("60.00"), "CHF", minorUnits: 2),
                                       account: account))
            }
        }
        entries += try folder.writeStatement { emit in
            try emit(StatementLine(affiliateId: 7, orderRef: "ORD-1", commission: Money(dec("20.1234"), "EUR", minorUnits: 0),
                                   rate: dec("0.9412345678"), converted: Money(dec("18.94153437484652"), "CHF", minorUnits: 0)))
            try emit(StatementLine(affiliateId: 7, orderRef: "=HYPERLINK(\"x\")", commission: Money(dec("-3.5"), "CHF", minorUnits: 0),
                                   rate: nil, converted: Money(dec("-3.5"), "CHF", minorUnits: 0)))
            for (offset, ref) in nasty.enumerated() {
                try emit(StatementLine(affiliateId: 9, orderRef: ref, commission: Money(Decimal(offset), "CHF", minorUnits: 0),
                                   rate: nil, converted: Money(Decimal(offset), "CHF", minorUnits: 0)))
            }
        }
        entries += try folder.writeReport(needsAttention: 1, entries: { emit in
            try emit(ReportEntry(affiliateId: 7, status: .paid, method: .iban, currency: "CHF", minorUnits: 2,
                                 amount: dec("57.1"), reasons: [], commissions: 3))
            try emit(ReportEntry(affiliateId: 8, status: .held, method: .paypal, currency: "EUR", minorUnits: 2,
                                 amount: nil, reasons: [.missingRate, .invalidPayPalReceiver], commissions: 1))
            try emit(ReportEntry(affiliateId: 9, status: .paid, method: .iban, currency: "CHF", minorUnits: 2,
                                 amount: dec("1177.40"), reasons: [], commissions: 12))
            try emit(ReportEntry(affiliateId: 10, status: .held, method: .iban, currency: "CHF", minorUnits: 2,
                                 amount: dec("12.30"), reasons: [.belowThreshold], commissions: 1))
        }, voided: { emit in
            try emit(VoidedCommissions(affiliateId: 7, reason: .refundedWithin30Days, total: Money(dec("10.1234"), "EUR", minorUnits: 2),
                                       commissions: 2))
        }, totals: [ChannelTotal(channel: .iban, count: 2, sum: Money(dec("1234.50"), "CHF", minorUnits: 2))])
        try folder.writeManifest(entries)
        return entries
    }
}

@Suite("run folder: atomic files, CSV, report, manifest")
struct FolderTests {
    @Test("re-rendering into a new folder is byte-identical")
    func deterministic() throws {
        let a = try scratchDirectory(), b = try scratchDirectory()
        _ = try SampleRun.writeAll(into: a)
        _ = try SampleRun.writeAll(into: b)
        let names = try fileNames(a)
        #expect(names == ["iban-CHF.xml", "manifest.json", "paypal-EUR-001.csv", "paypal-EUR-001.json", "prepaid-CHF.csv",
                          "report.json", "statement.csv"])
        #expect(try fileNames(b) == names)
        for name in names {
            #expect(try Data(contentsOf: a.appendingPathComponent(name)) == Data(contentsOf: b.appendingPathComponent(name)), "\(name)")
        }
    }

    @Test("existing files are never overwritten: identical is fine, different is a conflict")
    func existingFiles() throws {
        let directory = try scratchDirectory()
        _ = try SampleRun.writeAll(into: directory)
        let before = try Data(contentsOf: directory.appendingPathComponent("iban-CHF.xml"))

        // Same inputs again (re-export after a crash): every file is already there.
        let again = try SampleRun.writeAll(into: directory)
        #expect(again.allSatisfy { $0.disposition == .alreadyPresent })

        // Only a missing file is re-created.
        try FileManager.default.removeItem(at: directory.appendingPathComponent("statement.csv"))
        let third = try SampleRun.writeAll(into: directory)
        #expect(third.filter { $0.disposition == .created }.map(\.path) == ["statement.csv"])

        // Different content under an existing name: conflict, old file untouched, no temp left.
        let folder = try RunFolder(directory: directory, run: Sample.run)
        #expect {
            try folder.writeBankTransfers(currency: "CHF", minorUnits: 2, debtor: Sample.debtor("CHF"), count: 1,
                                          total: dec("99.00")) { emit in try emit(Sample.transfer(7, amount: "99.00")) }
        } throws: { error in
            guard case PayoutFileError.conflict(let path, _, _) = error else { return false }
            return path == "iban-CHF.xml"
        }
        #expect(try Data(contentsOf: directory.appendingPathComponent("iban-CHF.xml")) == before)
        #expect(try fileNames(directory).allSatisfy { !$0.hasPrefix(".") })

        // The manifest follows the same policy.
        #expect(throws: PayoutFileError.self) { try folder.writeManifest([]) }
    }

    @Test("an error thrown by the producer leaves neither a final nor a temporary file")
    func producerFailure() throws {
        struct Boom: Error {}
        let (directory, folder) = try emptyRunFolder()
        #expect(throws: Boom.self) {
            try folder.writeBankTransfers(currency: "CHF", minorUnits: 2, debtor: Sample.debtor("CHF"), count: 3,
                                          total: dec("150")) { emit in
                try emit(Sample.transfer(1, amount: "50"))
                throw Boom()
            }
        }
        #expect(throws: Boom.self) {
            try folder.writePrepaid(currency: "CHF", minorUnits: 2) { emit in
                try emit(PrepaidCredit(affiliateId: 1, payout: Money(50, "CHF", minorUnits: 2), account: "C-1"))
                throw Boom()
            }
        }
        #expect(throws: Boom.self) { try folder.writeStatement { _ in throw Boom() } }
        #expect(throws: Boom.self) { try folder.writeReport(needsAttention: 0, entries: { _ in throw Boom() }, voided: { _ in }, totals: []) }
        #expect(try fileNames(directory) == [])
    }

    @Test("files are 0600, the folder 0700; stale temporary files of dead processes are cleaned up")
    func permissions() throws {
        let parent = try scratchDirectory()
        let directory = parent.appendingPathComponent("out/2026-12")
        let oldMask = umask(0)
        defer { umask(oldMask) }
        _ = try SampleRun.writeAll(into: directory)
        #expect(mode(directory.path) == 0o700)
        for name in try fileNames(directory) {
            #expect(mode(directory.appendingPathComponent(name).path) == 0o600, "\(name)")
        }
        // A temporary file left by a process that no longer exists.
        let stale = directory.appendingPathComponent(".report.json.999999999.abc123.tmp")
        try Data("x".utf8).write(to: stale)
        _ = try RunFolder(directory: directory, run: Sample.run)
        #expect(!FileManager.default.fileExists(atPath: stale.path))
    }

    @Test("manifest: shape, and each sha256 equals sha256sum of the file")
    func manifest() throws {
        let (directory, manifest) = try SampleRun.writtenJSON("manifest.json")
        #expect(Set(manifest.keys) == ["run", "files"])
        let runObject = try #require(manifest["run"] as? [String: Any])
        #expect(runObject["id"] as? String == Sample.run.id)
        #expect(runObject["as_of"] as? String == "2026-12-01T00:00:00+01:00")
        #expect(runObject["created_at"] as? String == Sample.run.createdAt)
        #expect(runObject["dry_run"] as? Bool == false)
        let files = try #require(manifest["files"] as? [[String: Any]])
        #expect(files.compactMap { $0["path"] as? String } == ["iban-CHF.xml", "paypal-EUR-001.csv", "paypal-EUR-001.json",
                                                                "prepaid-CHF.csv", "report.json", "statement.csv"])
        for file in files {
            let path = try #require(file["path"] as? String)
            let channel = try #require(file["channel"] as? String)
            #expect(["iban", "paypal", "prepaid", "report", "statement"].contains(channel))
            let sum = try run("/usr/bin/sha256sum", [directory.appendingPathComponent(path).path])
            #expect(sum.status == 0)
            #expect(file["sha256"] as? String == String(sum.stdout.prefix(64)), "\(path)")
        }
        let iban = try #require(files.first { $0["path"] as? String == "iban-CHF.xml" })
        #expect(iban["channel"] as? String == "iban")
        #expect(iban["currency"] as? String == "CHF")
        #expect(iban["count"] as? Int == 2)
        #expect(iban["total"] as? String == "1234.50")
        #expect(iban["format"] as? String == "pain.001.001.09")
        let report = try #require(files.first { $0["path"] as? String == "report.json" })
        #expect(report["currency"] == nil && report["total"] == nil)
    }

    @Test("report: shape, references only for paid, needs_attention")
    func report() throws {
        let (directory, report) = try SampleRun.writtenJSON("report.json")
        #expect(Set(report.keys) == ["run", "affiliates", "voided", "totals", "needs_attention"])
        #expect(report["needs_attention"] as? Int == 1)
        let affiliates = try #require(report["affiliates"] as? [[String: Any]])
        #expect(affiliates.count == 4)
        let paid = affiliates[0]
        #expect(paid["affiliate_id"] as? Int == 7)
        #expect(paid["status"] as? String == "paid")
        #expect(paid["method"] as? String == "iban")
        #expect(paid["currency"] as? String == "CHF")
        #expect(paid["amount"] as? String == "57.10")
        #expect(paid["reference"] as? String == "AP202612-7")
        #expect((paid["reasons"] as? [String]) == [])
        #expect(paid["commissions"] as? Int == 3)
        let held = affiliates[1]
        #expect(held["status"] as? String == "held")
        #expect(held["amount"] is NSNull)
        #expect(held["reference"] == nil)
        #expect((held["reasons"] as? [String]) == ["missing_rate", "invalid_paypal_receiver"])
        let voided = try #require(report["voided"] as? [[String: Any]])
        #expect(voided.first?["amount"] as? String == "10.1234")
        #expect(voided.first?["reason"] as? String == "refunded_within_30_days")
        let totals = try #require(report["totals"] as? [[String: Any]])
        #expect(totals.first?["amount"] as? String == "1234.50")
        #expect(totals.first?["count"] as? Int == 2)
        // One affiliate per line.
        let text = try String(contentsOf: directory.appendingPathComponent("report.json"), encoding: .utf8)
        #expect(text.contains("\n  {\"affiliate_id\": 7, \"status\": \"paid\""))
    }

    @Test("report figures that contradict each other are refused")
    func reportConsistency() throws {
        let paid = ReportEntry(affiliateId: 1, status: .paid, method: .iban, currency: "CHF", minorUnits: 2, amount: 60,
                               reasons: [], commissions: 1)
        let held = ReportEntry(affiliateId: 2, status: .held, method: .iban, currency: "CHF", minorUnits: 2, amount: 1,
                               reasons: [.suspended], commissions: 1)
        let goodTotals = [ChannelTotal(channel: .iban, count: 1, sum: Money(60, "CHF", minorUnits: 2))]
        let cases: [(String, [ReportEntry], [ChannelTotal], Int)] = [
            ("wrong needs_attention", [paid, held], goodTotals, 0),
            ("wrong total", [paid, held], [ChannelTotal(channel: .iban, count: 1, sum: Money(61, "CHF", minorUnits: 2))], 1),
            ("missing total", [paid, held], [], 1),
            ("affiliate twice", [paid, paid], [ChannelTotal(channel: .iban, count: 2, sum: Money(120, "CHF", minorUnits: 2))], 0),
        ]
        for (label, list, totals, attention) in cases {
            let directory = try scratchDirectory()
            let folder = try RunFolder(directory: directory, run: Sample.run)
            #expect(throws: PayoutFileError.self, "\(label)") {
                try folder.writeReport(needsAttention: attention, entries: { emit in for e in list { try emit(e) } },
                                       voided: { _ in }, totals: totals)
            }
            #expect(try fileNames(directory) == [])
        }
    }

    @Test("CSV: formulas neutralised; quotes, commas and line breaks survive python's csv module")
    func csvRoundTrip() throws {
        let directory = try scratchDirectory()
        _ = try SampleRun.writeAll(into: directory)
        let script = """
        import csv, json, sys
        with open(sys.argv[1], newline='', encoding='utf-8') as f:
            print(json.dumps(list(csv.reader(f))))
        """
        func parse(_ name: String) throws -> [[String]] {
            let result = try run(try Oracle.python(), ["-c", script, directory.appendingPathComponent(name).path])
            try #require(result.status == 0, "\(result.stderr)")
            return try JSONDecoder().decode([[String]].self, from: Data(result.stdout.utf8))
        }
        func expected(_ s: String) -> String {
            if let first = s.first, "=+-@".contains(first), AmountFormat.parse(s) == nil { return "'" + s }
            return s
        }

        let prepaid = try parse("prepaid-CHF.csv")
        #expect(prepaid[0] == ["prepaid_account", "amount", "currency", "payout_reference", "affiliate_id"])
        #expect(prepaid.dropFirst().map { $0[0] } == SampleRun.nasty.map(expected))
        #expect(prepaid[1] == ["'=SUM(A1:A9)", "60.00", "CHF", "AP202612-20", "20"])
        #expect(prepaid.last?[0] == "-12.50", "a plain number stays a number")

        let statement = try parse("statement.csv")
        #expect(statement[0] == ["affiliate_id", "payout_reference", "order_ref", "commission_amount", "commission_currency",
                                 "rate", "converted_amount", "account_currency"])
        #expect(statement[1] == ["7", "AP202612-7", "ORD-1", "20.1234", "EUR", "0.9412345678", "18.941534", "CHF"])
        #expect(statement[2] == ["7", "AP202612-7", "'=HYPERLINK(\"x\")", "-3.5", "CHF", "", "-3.5", "CHF"])
        #expect(statement.dropFirst(3).map { $0[2] } == SampleRun.nasty.map(expected))
        #expect(statement.allSatisfy { $0.count == 8 })

        let paypal = try parse("paypal-EUR-001.csv")
        #expect(paypal == [["a@example.com", "50.05", "EUR", "AP202612-11", "Affiliate commissions 2026-12 (AP202612-11)", "PAYPAL"]])
    }
}
