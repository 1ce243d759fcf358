import Foundation
import PayoutCore
import PayoutSQL
import Postgres

/// Runs already committed: found by month, their files (re-)written, their outcome read back.
struct CommittedRuns {
    let session: JobSession
    let settings: JobSettings
    let log: JobLog

    private var connection: Connection { session.connection }

    func committed(_ month: RunMonth) throws -> RunRecord? {
        try connection.queryOne(RunStatements.runByMonth(month: month), as: RunRecord.self)
    }

    /// A run whose commit succeeded but whose files were not all written (a crash, a full
    /// disk) is finished by the next invocation, whatever month that one is for. One that still
    /// cannot be written does not block later months: it is reported (exit 4 at the end, with
    /// the command to run) and the invocation goes on. Returns the messages of those runs.
    func finishUnexported(except month: RunMonth) throws -> [String] {
        var stillMissing: [String] = []
        for earlier in try connection.query(RunStatements.unexportedRuns(), as: RunMonthRecord.self) where earlier.month != month {
            guard let run = try committed(earlier.month) else { continue }
            log.info("run \(earlier.month) was committed but its files were not all written: finishing them first")
            do {
                _ = try export(run)
            } catch let error as JobError where error.status == .committedFilesMissing {
                log.warning(error.message + "; going on with \(month)")
                stillMissing.append(error.message)
            }
        }
        return stillMissing
    }

    /// A month committed earlier: a preview changes nothing, a real run re-creates missing files.
    func outcomeOfAlreadyCommitted(_ run: RunRecord, dryRun: Bool) throws -> RunOutcome {
        if dryRun {
            log.info("\(run.month) is already committed (run \(run.id)); a preview would change nothing")
            return try outcome(of: run, files: [])
        }
        log.info("\(run.month) is already committed (run \(run.id)): nothing new is paid; re-creating any missing file")
        return try outcome(of: run, files: try export(run))
    }

    /// Writes the run's files (those already in place are kept) and marks it exported.
    func export(_ run: RunRecord, alongside: (Connection) -> Void = { _ in }) throws -> [String] {
        let files: [String]
        do {
            files = try RunExporter(connection: connection, log: log, connect: session.connectAgain)
                .write(runId: run.id, into: settings.runFolder(run.month, dryRun: false), dryRun: false, alongside: alongside)
        } catch {
            try? session.useProgramTimeZone()
            throw JobError.committedFilesMissing(Self.filesMissingMessage(run.month, error))
        }
        do {
            try connection.execute(RunStatements.markExported(runId: run.id))
            try session.useProgramTimeZone()
        } catch {
            // Committed and written: never "nothing was committed". Unmarked, the next run or
            // export finds the files in place (byte-identical) and marks it.
            throw JobError.committedFilesMissing("""
                run \(run.month) is committed (recorded as paid) and its files are written, but it could not be marked \
                exported (\(error)); the next `payouts run` or `payouts export --as-of \(run.month.firstDay)` checks the \
                files and marks it
                """)
        }
        return files
    }

    /// What the operator reads when a committed run's files could not be written: the cause,
    /// that the money is recorded as paid, and exactly what to do.
    static func filesMissingMessage(_ month: RunMonth, _ error: any Error) -> String {
        "run \(month) is committed (recorded as paid), but its files could not all be written (\(error)); "
            + "fix the cause, then run `payouts export --as-of \(month.firstDay)` (the next `payouts run` tries too); "
            + "if it can never be written, see docs/runbook.md, \"A committed run that cannot be exported\""
    }

    func outcome(of run: RunRecord, files: [String]) throws -> RunOutcome {
        RunOutcome(month: run.month, dryRun: false, newlyCommitted: false, counts: run.counts,
                   folder: settings.runFolder(run.month, dryRun: false), files: files, summary: try summary(runId: run.id))
    }

    func summary(runId: Int64) throws -> [SummaryLine] {
        try Self.summary(connection, runId: runId)
    }

    static func summary(_ conn: Connection, runId: Int64) throws -> [SummaryLine] {
        try conn.query(ExportStatements.runSummary(runId: runId), as: SummaryLine.self)
    }
}
