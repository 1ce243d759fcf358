import Foundation
import PayoutCore
import PayoutFiles
import PayoutSQL
import Postgres

/// The monthly payout job. A run reads as its phases, in order:
///
/// 1. prepare the output folder (`OutputDirectory`), then take the run lock (`JobSession`);
/// 2. finish the files of earlier runs that were committed but not all written (`CommittedRuns`);
/// 3. a month already committed only re-creates missing files;
/// 4. check the as-of and the order of runs (`RunAdmission`);
/// 5. check the company's debtor accounts (`DebtorAccounts`);
/// 6. compute the run in one snapshot (`RunComputation`): void, balances, payee checks,
///    settle, finish; a dry run renders its preview from that transaction and rolls it back;
/// 7. write the files (`RunExporter`) and mark the run exported.
///
/// ```swift
/// let job = PayoutJob(settings: JobSettings(outputDirectory: URL(filePath: "out")), log: JobLog())
/// let outcome = try job.run(month: nil, dryRun: true, now: Date())
/// ```
public final class PayoutJob {
    /// The advisory lock key held by `run` and `export` for their whole duration, so that two
    /// invocations never compute or write the same run at once ("payoutrn").
    public static let runLockKey: Int64 = 0x7061_796f_7574_726e

    let settings: JobSettings
    let log: JobLog

    public init(settings: JobSettings, log: JobLog) {
        self.settings = settings
        self.log = log
    }

    /// Computes and commits the run of `month` (default: the month that started on the first
    /// of the current month in the program's time zone), then writes its files. Re-running a
    /// committed month pays nothing new and only re-creates missing files.
    /// `executionDate` ("YYYY-MM-DD", `run --execution-date`): the day the bank transfers are
    /// requested for at the earliest; nil: the run's date. Each currency's file carries the
    /// next bank business day on or after it (`next_bank_business_day`).
    public func run(month requested: RunMonth?, dryRun: Bool, now: Date, executionDate: String? = nil) throws -> RunOutcome {
        let admission = try RunAdmission(timeZone: settings.timeZone, requested: requested, now: now)
        if let executionDate { try admission.checkExecutionDate(executionDate, dryRun: dryRun) }
        let month = admission.month
        try prepareOutputDirectory()
        return try JobSession.withLock(settings, during: "run") { session in
            let runs = CommittedRuns(session: session, settings: settings, log: log)
            removeLeftoverTemporaryFiles()
            let missing = dryRun ? [] : try runs.finishUnexported(except: month)
            var outcome: RunOutcome
            if let existing = try runs.committed(month) {
                outcome = try runs.outcomeOfAlreadyCommitted(existing, dryRun: dryRun)
            } else {
                try admission.check(session.connection, dryRun: dryRun)
                outcome = dryRun
                    ? try preview(session, month: month, executionDate: executionDate)
                    : try commit(session, runs: runs, month: month, executionDate: executionDate)
            }
            outcome.earlierRunsMissingFiles = missing
            return outcome
        }
    }

    /// Re-creates the missing files of a committed run, byte-identical to the first time.
    public func export(month: RunMonth) throws -> RunOutcome {
        try prepareOutputDirectory()
        return try JobSession.withLock(settings, during: "run") { session in
            let runs = CommittedRuns(session: session, settings: settings, log: log)
            removeLeftoverTemporaryFiles()
            guard let run = try runs.committed(month) else {
                throw JobError.usage("no committed run for \(month): see `payouts status`")
            }
            return try runs.outcome(of: run, files: try runs.export(run))
        }
    }

    // MARK: - Phases

    private func prepareOutputDirectory() throws {
        let dir = settings.outputDirectory
        do {
            try OutputDirectory.create(dir.path)
        } catch {
            throw JobError.usage("cannot create the output folder \(dir.path): \(error)")
        }
        guard FileManager.default.isWritableFile(atPath: dir.path) else {
            throw JobError.usage("the output folder \(dir.path) is not writable")
        }
    }

    /// A job killed while writing leaves `.<file>.<pid>.<hex>.tmp`; under the lock no other
    /// writer exists, so every one of them is stale.
    private func removeLeftoverTemporaryFiles() {
        let removed = RunFolder.removeTemporaryFiles(inRunFoldersOf: settings.outputDirectory)
        if removed > 0 { log.info("removed \(removed) temporary files left by an interrupted job") }
    }

    /// Before anything is committed: the folder the run will write must take files, and must
    /// not already hold files of another origin (a month not committed has no files yet).
    private func checkRunFolder(_ month: RunMonth, dryRun: Bool) throws {
        let folder = settings.runFolder(month, dryRun: dryRun)
        do {
            try OutputDirectory.checkWritable(folder.path)
        } catch {
            throw JobError.usage("the run folder \(folder.path) cannot be written (\(error)); nothing was committed: fix its owner or mode, or move it away")
        }
        guard !dryRun else { return }
        let present = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
        if !present.isEmpty {
            throw JobError.usage("the run folder \(folder.path) already holds files (\(present.prefix(5).joined(separator: ", "))) although \(month) is not committed; nothing was committed: move them away first")
        }
    }

    /// The run in one REPEATABLE READ snapshot, committed; then its files.
    private func commit(_ session: JobSession, runs: CommittedRuns, month: RunMonth, executionDate: String?) throws -> RunOutcome {
        try checkRunFolder(month, dryRun: false)
        let conn = session.connection
        let computed = try conn.transaction(isolation: .repeatableRead) { conn in
            let computed = try RunComputation(connection: conn, log: log, connect: session.connectAgain)
                .compute(month: month, asOf: try RunAdmission.asOf(month, timeZone: settings.timeZone),
                         timeZone: settings.timeZone, executionDate: executionDate)
            // A signal that came while no statement ran (nothing to cancel) still stops the run
            // before its commit, as the stop message says: rolled back, not committed.
            if let signal = JobSignals.shared.received {
                throw JobError(.failed, "stopped by signal \(signal) before the commit; nothing was committed")
            }
            return computed
        }
        log.info("run \(month) committed: \(computed.counts.paid) paid, \(computed.counts.held) held")
        let run = RunRecord(id: computed.runId, month: month, counts: computed.counts)
        // The summary is read while the other export lanes finish (the session's lane is
        // usually first done); a failure to read it is reported after the files, as before.
        var summary: Result<[SummaryLine], any Error> = .failure(JobError.failed("no summary was read"))
        let files = try runs.export(run) { conn in summary = Result { try CommittedRuns.summary(conn, runId: run.id) } }
        // Committed and written: a summary that cannot be read is said, not a failure of the run.
        let lines: [SummaryLine]
        do { lines = try summary.get() } catch {
            log.warning("run \(month) is committed and its files are written, but its summary could not be read (\(error)); `payouts status` shows it")
            lines = []
        }
        return RunOutcome(month: month, dryRun: false, newlyCommitted: true, counts: computed.counts,
                          folder: settings.runFolder(month, dryRun: false), files: files, summary: lines)
    }

    /// The same computation, rendered into the preview folder from the uncommitted records,
    /// in a transaction that then rolls back.
    private func preview(_ session: JobSession, month: RunMonth, executionDate: String?) throws -> RunOutcome {
        let folder = settings.runFolder(month, dryRun: true)
        try checkRunFolder(month, dryRun: true)
        let outcome = try session.connection.transaction(isolation: .repeatableRead, ending: .rollback) { conn in
            let computed = try RunComputation(connection: conn, log: log, connect: session.connectAgain)
                .compute(month: month, asOf: try RunAdmission.asOf(month, timeZone: settings.timeZone),
                         timeZone: settings.timeZone, executionDate: executionDate)
            try? FileManager.default.removeItem(at: folder)
            let files: [String]
            do {
                files = try RunExporter(connection: conn, log: log).write(runId: computed.runId, into: folder, dryRun: true)
            } catch {
                // A preview is all or nothing: a partial folder could be mistaken for one.
                try? FileManager.default.removeItem(at: folder)
                throw error
            }
            return RunOutcome(month: month, dryRun: true, newlyCommitted: false, counts: computed.counts, folder: folder,
                              files: files, summary: try CommittedRuns.summary(conn, runId: computed.runId))
        }
        log.info("dry run: nothing was committed; preview in \(folder.path)")
        return outcome
    }
}
