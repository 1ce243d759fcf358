import PayoutCore
import Postgres

/// The statements after the files (`sql/queries/lifecycle.sql`): marking files sent,
/// importing status files, releases and reversals; one function per `-- name:`. The run's
/// own side of the lifecycle is in `RunStatements` (`settle_recredits`).
public enum LifecycleStatements {
    static let file = StatementFile(PackageResources.lifecycle_sql, file: "queries/lifecycle.sql")

    /// `run_of_month`: the committed run of `month`, if any.
    public static func runOfMonth(_ month: RunMonth) -> Query { file.query("run_of_month", month) }

    /// `run_channels`: the channels and currencies with paid payouts, i.e. the payout files.
    public static func runChannels(runId: Int64) -> Query { file.query("run_channels", runId) }

    /// `mark_sent`: records files as sent (pairwise arrays); returns how many were new.
    public static func markSent(runId: Int64, files: [(channel: PayoutMethod, currency: String, file: String)], by: String) -> Query {
        file.query("mark_sent", runId, files.map(\.channel), files.map(\.currency), files.map(\.file), by)
    }

    /// `sent_files`: the run's files marked sent, with when and by whom.
    public static func sentFiles(runId: Int64) -> Query { file.query("sent_files", runId) }

    /// `import_by_sha256`: an earlier import of the same bytes, if any.
    public static func importBySHA256(_ sha256: String) -> Query { file.query("import_by_sha256", sha256) }

    /// `create_import`: records one status file; returns its id.
    public static func createImport(sha256: String, file name: String, kind: String, by: String, records: Int) -> Query {
        file.query("create_import", sha256, name, kind, by, records)
    }

    /// `resolve_payouts`: the paid payout each (month, affiliate) names, in input order.
    public static func resolvePayouts(months: [String], affiliateIds: [Int64]) -> Query {
        file.query("resolve_payouts", months, affiliateIds)
    }

    /// `message_payouts`: the bank transfers of the run's pain.001 in `currency`.
    public static func messagePayouts(month: RunMonth, currency: String) -> Query {
        file.query("message_payouts", month, currency)
    }

    /// `record_returns`: records the new facts of an import and the re-credits they owe.
    public static func recordReturns(importId: Int64, returns: [ReturnToRecord]) -> Query {
        file.query("record_returns", importId, returns.map(\.runId), returns.map(\.affiliateId), returns.map(\.reference),
                   returns.map(\.status), returns.map(\.reasonCode), returns.map(\.moneyBack))
    }

    /// `release_affiliate`: lets the next run pay an affiliate held with `payout_returned`.
    public static func releaseAffiliate(_ affiliateId: Int64, by: String) -> Query {
        file.query("release_affiliate", affiliateId, by)
    }

    /// `returns_overview`: every recorded return, for `payouts status`.
    public static func returnsOverview() -> Query { file.query("returns_overview") }

    /// `reversed_overview`: the reversed runs, newest first.
    public static func reversedOverview() -> Query { file.query("reversed_overview") }

    /// `count_sent_files`: how many of the run's files are marked sent.
    public static func countSentFiles(runId: Int64) -> Query { file.query("count_sent_files", runId) }

    /// `archive_reversed_run`: keeps what the reversed run decided.
    public static func archiveReversedRun(runId: Int64, by: String, folder: String?) -> Query {
        file.query("archive_reversed_run", runId, by, folder)
    }

    /// `archive_reversed_items`: moves the run's ledger rows to the archive; returns the count.
    public static func archiveReversedItems(runId: Int64) -> Query { file.query("archive_reversed_items", runId) }

    /// `reopen_recredits`: the re-credits the run had settled are open again; returns the count.
    public static func reopenRecredits(runId: Int64) -> Query { file.query("reopen_recredits", runId) }

    /// `reopen_commissions`: the commissions the run paid or voided are open again.
    public static func reopenCommissions(runId: Int64) -> Query { file.query("reopen_commissions", runId) }

    /// The rest of a reversed run's rows, in foreign-key order.
    public static func removeReversedRun(runId: Int64) -> [Query] {
        [removeReversedRunVoided(runId: runId), removeReversedRunConversions(runId: runId),
         removeReversedRunRates(runId: runId), removeReversedRunDebtors(runId: runId), removeReversedRunTotals(runId: runId),
         removeReversedRunCurrencies(runId: runId), removeReversedRunAffiliates(runId: runId),
         removeReversedRunRecord(runId: runId)]
    }

    /// `remove_reversed_run_voided`.
    public static func removeReversedRunVoided(runId: Int64) -> Query { file.query("remove_reversed_run_voided", runId) }
    /// `remove_reversed_run_conversions`.
    public static func removeReversedRunConversions(runId: Int64) -> Query { file.query("remove_reversed_run_conversions", runId) }
    /// `remove_reversed_run_rates`.
    public static func removeReversedRunRates(runId: Int64) -> Query { file.query("remove_reversed_run_rates", runId) }
    /// `remove_reversed_run_debtors`.
    public static func removeReversedRunDebtors(runId: Int64) -> Query { file.query("remove_reversed_run_debtors", runId) }
    /// `remove_reversed_run_totals`.
    public static func removeReversedRunTotals(runId: Int64) -> Query { file.query("remove_reversed_run_totals", runId) }
    /// `remove_reversed_run_currencies`.
    public static func removeReversedRunCurrencies(runId: Int64) -> Query { file.query("remove_reversed_run_currencies", runId) }
    /// `remove_reversed_run_affiliates`.
    public static func removeReversedRunAffiliates(runId: Int64) -> Query { file.query("remove_reversed_run_affiliates", runId) }
    /// `remove_reversed_run`: last, the run itself.
    public static func removeReversedRunRecord(runId: Int64) -> Query { file.query("remove_reversed_run", runId) }
}

/// One matched line of a status file, as `record_returns` takes it.
public struct ReturnToRecord: Sendable {
    public var runId: Int64
    public var affiliateId: Int64
    public var reference: String
    public var status: String
    public var reasonCode: String?
    public var moneyBack: Bool

    public init(runId: Int64, affiliateId: Int64, reference: String, status: String, reasonCode: String?, moneyBack: Bool) {
        (self.runId, self.affiliateId, self.reference) = (runId, affiliateId, reference)
        (self.status, self.reasonCode, self.moneyBack) = (status, reasonCode, moneyBack)
    }
}
