import Foundation
import PayoutCore
import Postgres

/// The statements of a monthly run (`sql/queries/run.sql`), one function per `-- name:`.
public enum RunStatements {
    static let file = StatementFile(PackageResources.run_sql, file: "queries/run.sql")

    /// `latest_committed_run`: the run with the latest as-of, if any.
    public static func latestCommittedRun() -> Query { file.query("latest_committed_run") }

    /// `run_by_month`: the run of `month` with its counts, if committed.
    public static func runByMonth(month: RunMonth) -> Query { file.query("run_by_month", month) }

    /// `unexported_runs`: months whose files were not all written.
    public static func unexportedRuns() -> Query { file.query("unexported_runs") }

    /// `use_time_zone`: the session time zone (timestamps and the 30 calendar days).
    public static func useTimeZone(_ timeZone: String) -> Query { file.query("use_time_zone", timeZone) }

    /// `create_run`: records the run of `month` as of `asOf`, with the execution date asked
    /// for ("YYYY-MM-DD"; nil: the run's date); returns its id.
    public static func createRun(month: RunMonth, asOf: Date, timeZone: String, executionDate: String? = nil) -> Query {
        file.query("create_run", month, asOf, timeZone, executionDate)
    }

    /// `void_commissions`: records the collected commissions that can never be paid; its command tag counts them.
    public static func voidCommissions(runId: Int64) -> Query { file.query("void_commissions", runId) }

    /// `prepare_session`: memory for the run's hashes, sorts and working table, local to its transaction.
    public static func prepareSession() -> Query { file.query("prepare_session") }

    /// `analyze_open_commissions`: fresh statistics for the open list, inside the run.
    public static func analyzeOpenCommissions() -> Query { file.query("analyze_open_commissions") }

    /// `prepare_collect`: lets collect's planner use parallel workers; returns the setting
    /// to restore afterwards (`restoreParallelTupleCost`).
    public static func prepareCollect() -> Query { file.query("prepare_collect") }

    /// `restore_parallel_tuple_cost`: the setting as it was before `prepareCollect`.
    public static func restoreParallelTupleCost(_ previous: String) -> Query { file.query("restore_parallel_tuple_cost", previous) }

    /// `collect_open_commissions`: the run's working table (temporary, dropped at the
    /// commit): the open commissions this run voids or pays, read once; returns the count.
    public static func collectOpenCommissions(asOf: Date) -> Query { file.query("collect_open_commissions", asOf) }

    /// `analyze_run_open`: statistics for the working table.
    public static func analyzeRunOpen() -> Query { file.query("analyze_run_open") }

    /// `analyze_run_records`: statistics that know this run's affiliates.
    public static func analyzeRunRecords() -> Query { file.query("analyze_run_records") }

    /// `analyze_ledger`: statistics that know this run's ledger and voided rows.
    public static func analyzeLedger() -> Query { file.query("analyze_ledger") }

    /// `check_run`: the names of the set-based integrity checks that failed (empty: commit)
    /// and the ledger rows, given the open rows settle closed and the commissions voided.
    public static func checkRun(runId: Int64, closedOpenRows: Int64, voided: Int64) -> Query {
        file.query("check_run", runId, closedOpenRows, voided)
    }

    /// `compute_balances`: every affiliate's converted, rounded balance, paid or held, and the
    /// rates used; its command tag counts the affiliates.
    public static func computeBalances(runId: Int64, usableDebtorCurrencies: [String]) -> Query {
        file.query("compute_balances", runId, usableDebtorCurrencies)
    }

    /// `hold_invalid_payees`: replaces the reasons of the affiliates in `holds` (one pair per
    /// affiliate and reason, reasons in `HoldReason` order); returns the count held.
    public static func holdInvalidPayees(runId: Int64, holds: [(affiliateId: Int64, reason: HoldReason)]) -> Query {
        file.query("hold_invalid_payees", runId, holds.map(\.affiliateId), holds.map(\.reason))
    }

    /// `settle_paid_commissions`: the ledger of the paid commissions, and the paid and voided
    /// ones closed in the open list; its command tag counts the open rows closed.
    public static func settlePaidCommissions(runId: Int64) -> Query { file.query("settle_paid_commissions", runId) }

    /// `settle_recredits`: the open re-credits paid with the balances; returns the count.
    public static func settleRecredits(runId: Int64) -> Query { file.query("settle_recredits", runId) }

    /// `snapshot_currencies`: every currency's decimals as this run rounded with them.
    public static func snapshotCurrencies(runId: Int64) -> Query { file.query("snapshot_currencies", runId) }
    /// `snapshot_debtor_accounts`: the company's accounts as this run uses them.
    public static func snapshotDebtorAccounts(runId: Int64, usableDebtorCurrencies: [String]) -> Query {
        file.query("snapshot_debtor_accounts", runId, usableDebtorCurrencies)
    }

    /// `finish_run`: the summary counts, kept on the run.
    public static func finishRun(runId: Int64) -> Query { file.query("finish_run", runId) }

    /// `debtor_accounts`: the company's accounts, for the debtor-account check.
    public static func debtorAccounts() -> Query { file.query("debtor_accounts") }

    /// `mark_exported`: the run's files are all written.
    public static func markExported(runId: Int64) -> Query { file.query("mark_exported", runId) }
}
