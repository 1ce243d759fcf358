import Foundation
import PayoutCore
import PayoutFiles
import PayoutSQL
import Postgres

/// What every command needs to reach the database and the output folder.
public struct JobSettings: Sendable {
    /// A libpq conninfo string or URI; empty means the standard PG* environment.
    public var conninfo: String
    /// The program's time zone: as-of instants and the 30 calendar days are counted in it.
    public var timeZone: String
    /// The folder under which each run gets its own folder (`2026-12`, `2026-12-preview`).
    public var outputDirectory: URL

    public init(conninfo: String = "", timeZone: String = "Europe/Zurich", outputDirectory: URL) {
        self.conninfo = conninfo
        self.timeZone = timeZone
        self.outputDirectory = outputDirectory
    }
}

/// The result of `run` or `export`, for the summary and the exit status.
public struct RunOutcome: Sendable {
    public var month: RunMonth
    public var dryRun: Bool
    /// False when the month was already committed and this invocation only re-created files.
    public var newlyCommitted: Bool
    public var paid: Int
    public var held: Int
    public var needingAttention: Int
    public var voided: Int
    public var folder: URL
    public var files: [String]
    public var summary: [SummaryLine]

    public var exitStatus: ExitStatus { needingAttention > 0 ? .needsAttention : .done }
}

/// One line of the end-of-run summary: paid, held or carried forward, per channel and currency.
public struct SummaryLine: Sendable {
    public var outcome: String
    public var channel: String
    public var currency: String
    public var affiliates: Int
    public var amount: String
}

/// The monthly payout job.
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
    public func run(month requested: RunMonth?, dryRun: Bool, now: Date) throws -> RunOutcome {
        guard let zone = TimeZone(identifier: settings.timeZone) else {
            throw JobError.usage("unknown time zone \(settings.timeZone)")
        }
        let month = requested ?? RunMonth.current(now: now, timeZone: zone)
        try prepareOutputDirectory()
        return try withLockedConnection { conn in
            if !dryRun { try finishUnexportedRuns(conn, except: month) }
            if let existing = try committedRun(conn, month: month) {
                if dryRun {
                    log.info("\(month) is already committed (run \(existing)); a preview would change nothing")
                    return try outcomeOfCommittedRun(conn, runId: existing, month: month, files: [])
                }
                log.info("\(month) is already committed (run \(existing)): nothing new is paid; re-creating any missing file")
                let files = try exportCommitted(conn, runId: existing, month: month)
                return try outcomeOfCommittedRun(conn, runId: existing, month: month, files: files)
            }
            if !dryRun, try asOfInstant(month, zone) > now {
                throw JobError.usage("as-of \(month.firstDay) 00:00 \(settings.timeZone) is in the future: commissions are not matured yet; only a --dry-run may look ahead")
            }
            if let latest = try conn.queryOne(Query(unsafeSQL: PayoutSQL.run["latest_committed_run"])) {
                let latestMonth = try latest.decode(String.self, "month")
                if latestMonth > month.description {
                    throw JobError.usage("as-of \(month.firstDay) is earlier than the latest committed run (\(latestMonth)): refused")
                }
            }
            return try computeRun(conn, month: month, dryRun: dryRun)
        }
    }

    /// Re-creates the missing files of a committed run, byte-identical to the first time.
    public func export(month: RunMonth) throws -> RunOutcome {
        try prepareOutputDirectory()
        return try withLockedConnection { conn in
            guard let runId = try committedRun(conn, month: month) else {
                throw JobError.usage("no committed run for \(month): see `payouts status`")
            }
            let files = try exportCommitted(conn, runId: runId, month: month)
            return try outcomeOfCommittedRun(conn, runId: runId, month: month, files: files)
        }
    }

    // MARK: - Steps

    private func withLockedConnection<T>(_ body: (Connection) throws -> T) throws -> T {
        let conn: Connection
        do {
            conn = try Connection(conninfo: settings.conninfo)
        } catch {
            throw JobError.failed("cannot connect to PostgreSQL: \(error)")
        }
        defer { conn.close() }
        do {
            guard try conn.tryAdvisoryLock(key: Self.runLockKey) else {
                throw JobError(.locked, "another payouts run or export holds the lock; nothing was done (try again later)")
            }
            defer { _ = try? conn.advisoryUnlock(key: Self.runLockKey) }
            try setTimeZone(conn, settings.timeZone)
            try Migrator(conn).requireCurrent()
            return try body(conn)
        } catch {
            throw JobError.wrap(error, during: "run")
        }
    }

    private func setTimeZone(_ conn: Connection, _ zone: String) throws {
        _ = try conn.query("select set_config('TimeZone', \(zone), false)")
    }

    private func prepareOutputDirectory() throws {
        let dir = settings.outputDirectory
        do {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o750])
        } catch {
            throw JobError.usage("cannot create the output folder \(dir.path): \(error.localizedDescription)")
        }
        guard FileManager.default.isWritableFile(atPath: dir.path) else {
            throw JobError.usage("the output folder \(dir.path) is not writable")
        }
    }

    private func committedRun(_ conn: Connection, month: RunMonth) throws -> Int64? {
        try conn.queryOne(Query(unsafeSQL: PayoutSQL.run["run_by_month"], month.description))?.decode(Int64.self, "id")
    }

    /// A run whose commit succeeded but whose files were not all written (a crash, a full
    /// disk) is finished by the next invocation, whatever month that one is for.
    private func finishUnexportedRuns(_ conn: Connection, except month: RunMonth) throws {
        let months = try conn.query(Query(unsafeSQL: PayoutSQL.run["unexported_runs"])).map { try $0.decode(String.self, "month") }
        for text in months where text != month.description {
            let earlier = try RunMonth.parseAsOf(text)
            guard let runId = try committedRun(conn, month: earlier) else { continue }
            log.info("run \(earlier) was committed but its files were not all written: finishing them first")
            _ = try exportCommitted(conn, runId: runId, month: earlier)
        }
    }

    private func computeRun(_ conn: Connection, month: RunMonth, dryRun: Bool) throws -> RunOutcome {
        let usableDebtors = try usableDebtorCurrencies(conn)
        let computation = RunComputation(connection: conn, log: log)
        let folder = runFolder(month, dryRun: dryRun)
        let counts: RunCounts
        do {
            // One snapshot for every statement of the run.
            counts = try conn.transaction(isolation: .repeatableRead) { conn in
                let counts = try computation.compute(month: month, timeZone: settings.timeZone, usableDebtorCurrencies: usableDebtors)
                if dryRun {
                    // The preview is rendered from the uncommitted records, then rolled back.
                    try? FileManager.default.removeItem(at: folder)
                    let files = try RunExporter(connection: conn, log: log).write(runId: counts.runId, into: folder, dryRun: true)
                    let summary = try runSummary(conn, runId: counts.runId)
                    throw DryRunFinished(outcome: RunOutcome(
                        month: month, dryRun: true, newlyCommitted: false, paid: counts.paid, held: counts.held,
                        needingAttention: counts.attention, voided: counts.voided, folder: folder, files: files, summary: summary))
                }
                return counts
            }
        } catch let finished as DryRunFinished {
            log.info("dry run: nothing was committed; preview in \(folder.path)")
            return finished.outcome
        }
        log.info("run \(month) committed: \(counts.paid) paid, \(counts.held) held")
        let files = try exportCommitted(conn, runId: counts.runId, month: month)
        return RunOutcome(
            month: month, dryRun: false, newlyCommitted: true, paid: counts.paid, held: counts.held,
            needingAttention: counts.attention, voided: counts.voided, folder: folder, files: files,
            summary: try runSummary(conn, runId: counts.runId))
    }

    private func exportCommitted(_ conn: Connection, runId: Int64, month: RunMonth) throws -> [String] {
        let files: [String]
        do {
            files = try RunExporter(connection: conn, log: log).write(runId: runId, into: runFolder(month, dryRun: false), dryRun: false)
        } catch {
            throw JobError.failed("run \(month) is committed, but its files could not all be written (\(error)); the next `payouts run` or `payouts export --as-of \(month.firstDay)` writes them")
        }
        try conn.execute(Query(unsafeSQL: PayoutSQL.run["mark_exported"], runId))
        try setTimeZone(conn, settings.timeZone)
        return files
    }

    private func outcomeOfCommittedRun(_ conn: Connection, runId: Int64, month: RunMonth, files: [String]) throws -> RunOutcome {
        guard let row = try conn.queryOne(Query(unsafeSQL: PayoutSQL.run["run_by_month"], month.description)) else {
            throw JobError.failed("run \(month) disappeared")
        }
        return RunOutcome(
            month: month, dryRun: false, newlyCommitted: false,
            paid: Int(try row.decode(Int32.self, "paid_count")), held: Int(try row.decode(Int32.self, "held_count")),
            needingAttention: Int(try row.decode(Int32.self, "attention_count")),
            voided: Int(try row.decode(Int32.self, "voided_count")),
            folder: runFolder(month, dryRun: false), files: files, summary: try runSummary(conn, runId: runId))
    }

    private func runSummary(_ conn: Connection, runId: Int64) throws -> [SummaryLine] {
        try conn.query(Query(unsafeSQL: PayoutSQL.export["run_summary"], runId)).map { row in
            let minorUnits = Int(try row.decode(Int32.self, "minor_units"))
            let amount = try row.decode(Decimal?.self, "amount")
            return SummaryLine(
                outcome: try row.decode(String.self, "outcome"), channel: try row.decode(String.self, "method"),
                currency: try row.decode(String.self, "currency"), affiliates: Int(try row.decode(Int64.self, "affiliates")),
                amount: try amount.map { try AmountFormat.string($0, minorUnits: minorUnits) } ?? "n/a")
        }
    }

    /// The company's accounts that can be the debtor of a bank transfer file. A row with an
    /// invalid IBAN, without a valid BIC (Swiss banks require it), name, town or country is reported and its currency's bank
    /// payouts are held with `no_debtor_account`.
    private func usableDebtorCurrencies(_ conn: Connection) throws -> [String] {
        var usable: [String] = []
        for row in try conn.query(Query(unsafeSQL: PayoutSQL.run["debtor_accounts"])) {
            let currency = try row.decode(String.self, "currency")
            var problems: [String] = []
            if SEPAText.transliterate(try row.decode(String?.self, "name") ?? "").isEmpty { problems.append("no name in Latin characters") }
            if let iban = try row.decode(String?.self, "iban") {
                do { _ = try IBAN(iban) } catch { problems.append("invalid IBAN (\(error))") }
            } else {
                problems.append("no IBAN")
            }
            if Pain001.normalisedBIC(try row.decode(String?.self, "bic")) == nil { problems.append("no valid BIC") }
            if !Pain001.addressIsUsable(town: try row.decode(String?.self, "town"), country: try row.decode(String?.self, "country")) {
                problems.append("no usable town and country")
            }
            if problems.isEmpty {
                usable.append(currency)
            } else {
                log.warning("debtor_accounts row \(currency) is unusable (\(problems.joined(separator: ", "))): \(currency) bank transfers are held with no_debtor_account")
            }
        }
        return usable
    }

    /// 00:00 of the month's first day in the program's time zone.
    private func asOfInstant(_ month: RunMonth, _ zone: TimeZone) throws -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        guard let date = calendar.date(from: DateComponents(year: month.year, month: month.month, day: 1)) else {
            throw JobError.usage("invalid as-of \(month.firstDay)")
        }
        return date
    }

    private func runFolder(_ month: RunMonth, dryRun: Bool) -> URL {
        settings.outputDirectory.appendingPathComponent(dryRun ? "\(month)-preview" : "\(month)", isDirectory: true)
    }
}

/// Thrown out of the run transaction to roll a dry run back after its preview is written.
private struct DryRunFinished: Error {
    let outcome: RunOutcome
}

