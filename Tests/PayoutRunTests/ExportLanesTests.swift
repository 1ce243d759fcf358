import Foundation
import PayoutCore
import PayoutRun
import Postgres
import Testing
import TestSupport

/// A committed run's files are written on two connections at once (`ExportLanes`): statement.csv
/// on one, every other file on the session's. A writer failing on either lane fails the
/// export (exit 4), writes no manifest, and leaves the other lane's files complete or absent,
/// never half-written; fixing the cause and exporting again writes the same bytes.
@Suite struct ExportLanesTests {
    @Test(arguments: ["statement.csv", "report.json"])
    func aWriterFailingOnOneLaneFailsTheExportAndLeavesNoPartialFile(obstacle: String) throws {
        let s = try Scenario()
        try s.affiliatesOnEveryChannel(1...12)
        try s.run("2026-11-01")
        let original = try s.files(in: "2026-11")
        #expect(original.keys.contains("statement.csv") && original.keys.contains("report.html"))
        #expect(original.keys.contains { $0.hasPrefix("iban-") } && original.keys.contains { $0.hasPrefix("paypal-") })

        // Every file lost; one of them is back with other bytes: its writer refuses to overwrite it.
        let dir = s.out.appendingPathComponent("2026-11")
        try FileManager.default.removeItem(at: dir)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: false)
        try Data("someone else's file\n".utf8).write(to: dir.appendingPathComponent(obstacle))
        let month = try RunMonth.parseAsOf("2026-11")
        #expect {
            try s.job().export(month: month)
        } throws: { error in
            (error as? JobError)?.status == .committedFilesMissing
        }

        let left = try s.files(in: "2026-11")
        #expect(left[obstacle] == Data("someone else's file\n".utf8), "a different file is never overwritten")
        #expect(left["manifest.json"] == nil, "no manifest unless every lane wrote its files")
        #expect(!left.keys.contains { $0.hasPrefix(".") }, "no temporary file survives: \(left.keys.sorted())")
        for (name, bytes) in left where name != obstacle {
            #expect(original[name] == bytes, "\(name) is complete, as first written")
        }
        // The lane that did not fail wrote its files to the end (statement.csv is alone on its lane).
        let otherLane = obstacle == "statement.csv" ? "report.html" : "statement.csv"
        #expect(left[otherLane] == original[otherLane])
        // No connection of the job is left behind (the extra lane's is closed too; a backend
        // takes a moment to go after its client said goodbye).
        var others = 1
        for _ in 0..<100 where others > 0 {
            others = try s.conn.queryValue(
                "select count(*) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()", as: Int.self)
            if others > 0 { usleep(50_000) }
        }
        #expect(others == 0)

        // The way out: remove the stranger, export again; every file as the first time.
        try FileManager.default.removeItem(at: dir.appendingPathComponent(obstacle))
        _ = try s.job().export(month: month)
        #expect(try s.files(in: "2026-11") == original)
    }

    /// The summary a run prints is read on the session's connection while the other lanes
    /// finish: the same lines as reading it once everything is written (`payouts export`).
    @Test func theRunsSummaryIsReadAlongsideTheLanes() throws {
        let s = try Scenario()
        try s.affiliatesOnEveryChannel(1...12)
        try s.affiliate(20)
        try s.commission(2001, affiliate: 20, amount: "10", orderedAt: "2026-09-15 12:00:00+02")
        try s.affiliate(21, suspended: true)
        try s.commission(2101, affiliate: 21, amount: "80", orderedAt: "2026-09-15 12:00:00+02")
        let ran = try s.run("2026-11-01").summary.map { "\($0.outcome) \($0.channel) \($0.currency) \($0.affiliates) \($0.amount)" }
        let outcomes = Set(ran.map { $0.split(separator: " ").first.map(String.init) ?? "" })
        #expect(outcomes.isSuperset(of: ["paid", "held", "carried"]), "\(ran)")
        let again = try s.job().export(month: try RunMonth.parseAsOf("2026-11")).summary
            .map { "\($0.outcome) \($0.channel) \($0.currency) \($0.affiliates) \($0.amount)" }
        #expect(ran == again)
    }
}
