import Foundation
import PayoutCore

/// What every command needs to reach the database and the output folder.
public struct JobSettings: Sendable {
    /// A libpq conninfo string or URI; empty means the standard PG* environment.
    public var conninfo: String
    /// The program's time zone: as-of instants and the 30 calendar days are counted in it.
    public var timeZone: String
    /// The folder under which each run gets its own folder (`2026-12`, `2026-12-preview`).
    public var outputDirectory: URL

    public init(conninfo: String = "", timeZone: String = ProgramTimeZone.defaultIdentifier, outputDirectory: URL) {
        self.conninfo = conninfo
        self.timeZone = timeZone
        self.outputDirectory = outputDirectory
    }

    /// The folder of `month`'s run (`2026-12`), or of its preview (`2026-12-preview`).
    func runFolder(_ month: RunMonth, dryRun: Bool) -> URL {
        outputDirectory.appendingPathComponent(dryRun ? "\(month)-preview" : "\(month)", isDirectory: true)
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
    /// Held affiliates a person must look at (reported every month while they stay held).
    public var needingAttention: Int
    /// Of those, the ones whose reasons are new since the affiliate's previous committed run.
    public var newAttention: Int
    public var voided: Int
    public var folder: URL
    public var files: [String]
    public var summary: [SummaryLine]
    /// Earlier committed runs whose files could still not be written, each with what to do
    /// (`CommittedRuns.filesMissingMessage`); they make the exit status 4.
    public var earlierRunsMissingFiles: [String] = []

    /// Exit 4 when an earlier run still lacks files; exit 3 only for *new* attention: a hold
    /// repeated unchanged from the previous run is reported but does not fail the scheduler
    /// again every month.
    public var exitStatus: ExitStatus {
        if !earlierRunsMissingFiles.isEmpty { return .committedFilesMissing }
        return newAttention > 0 ? .needsAttention : .done
    }

    init(month: RunMonth, dryRun: Bool, newlyCommitted: Bool, counts: RunCounts, folder: URL, files: [String], summary: [SummaryLine]) {
        self.month = month
        self.dryRun = dryRun
        self.newlyCommitted = newlyCommitted
        paid = counts.paid
        held = counts.held
        needingAttention = counts.attention
        newAttention = counts.newAttention
        voided = counts.voided
        self.folder = folder
        self.files = files
        self.summary = summary
    }
}

/// One line of the end-of-run summary: paid, held or carried forward, per channel and currency.
public struct SummaryLine: Sendable {
    public var outcome: String
    public var channel: String
    public var currency: String
    public var affiliates: Int
    public var amount: String
}
