import Foundation
import PayoutFiles
import Postgres

/// A committed run's files written on three connections at once (issue 9): statement.csv, the
/// largest, on a connection of its own; the bank, PayPal and prepaid files on another (each
/// opened for it and closed after); report.json and report.html on the session's connection.
/// Each lane reads in its own transaction (`RunExporter.inSnapshot`): the run's records are
/// immutable once committed, and the run lock, held by the session, keeps out every command
/// that could change what the files read.
///
/// Every lane runs to its end before `write` returns or throws: a failing lane fails the
/// export (its file is not put in place, `AtomicFile`), the other lanes' files are complete or
/// absent, and the caller writes the manifest only when every lane succeeded.
struct ExportLanes {
    /// Opens the extra connection (in its thread); nil: every file on the session's connection.
    let connect: (@Sendable () throws -> Connection)?

    /// The parts each lane writes; the first on the session's connection.
    static let lanes: [[RunExporter.Part]] = [[.reportJSON, .reportHTML], [.statement], [.channels]]

    /// What a lane wrote: its parts' entries, and the run they belong to.
    struct Written: Sendable {
        var run: RunInfo
        var entries: [(RunExporter.Part, [ManifestEntry])]
    }

    /// The entries of every part, in `RunExporter.Part` order. `alongside` runs on the
    /// session's connection once its own lane has succeeded, while the others may still be
    /// writing (their wait would otherwise leave that connection idle).
    func write(on connection: Connection, alongside: (Connection) -> Void = { _ in },
               _ lane: @escaping @Sendable (Connection, [RunExporter.Part]) throws -> Written) throws -> (run: RunInfo, entries: [ManifestEntry]) {
        guard let connect else {
            let written = try lane(connection, RunExporter.Part.allCases)
            alongside(connection)
            return (written.run, written.entries.flatMap(\.1))
        }
        let others = Self.lanes.dropFirst().map { parts in
            BackgroundWork(name: "payouts export lane") {
                let conn = try connect()
                defer { conn.close() }
                return try lane(conn, parts)
            }
        }
        let mine = Result { try lane(connection, Self.lanes[0]) }
        if case .success = mine { alongside(connection) }
        // Every lane ends before anything is reported: no writer outlives the export.
        let results = [mine] + others.map { $0.join() }
        var byPart: [RunExporter.Part: [ManifestEntry]] = [:]
        var run: RunInfo?
        for result in results {
            let written = try result.get()
            run = run ?? written.run
            for (part, entries) in written.entries { byPart[part] = entries }
        }
        guard let run else { throw JobError.failed("no lane wrote the run's files") }
        return (run, RunExporter.Part.allCases.flatMap { byPart[$0] ?? [] })
    }
}
