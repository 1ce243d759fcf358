import Foundation
import Postgres

/// The statements of `payouts accrue` and `payouts explain`, and the accrual figures of a
/// run (`sql/queries/accrual.sql`), one function per `-- name:`.
public enum AccrualStatements {
    static let file = StatementFile(PackageResources.accrual_sql, file: "queries/accrual.sql")

    /// `tier_count`: configured commission tiers (none: accrual refuses).
    public static func tierCount() -> Query { file.query("tier_count") }

    /// `first_undecided_order`: where the first window starts (timestamptz text, null: nothing to decide).
    public static func firstUndecidedOrder(until: Date) -> Query { file.query("first_undecided_order", until) }

    /// `start_accrual`: the accrual record; returns its id.
    public static func startAccrual(until: Date, timeZone: String) -> Query { file.query("start_accrual", until, timeZone) }

    /// `finish_accrual`: the accrual's counts (an accrual that decided nothing leaves no record).
    public static func finishAccrual(id: Int64, orders: Int, commissions: Int) -> Query {
        file.query("finish_accrual", id, orders, commissions)
    }

    /// `create_tier_earnings`: the working table of tier earnings, gone at commit.
    public static func createTierEarnings() -> Query { file.query("create_tier_earnings") }

    /// `seed_tier_earnings`: the history validated by `start`, summed once per accrual.
    public static func seedTierEarnings(validatedBy start: String) -> Query { file.query("seed_tier_earnings", start) }

    /// `analyze_tier_earnings`
    public static func analyzeTierEarnings() -> Query { file.query("analyze_tier_earnings") }

    /// `create_window_orders`: the working table of one window's orders.
    public static func createWindowOrders() -> Query { file.query("create_window_orders") }

    /// `clear_window_orders`
    public static func clearWindowOrders() -> Query { file.query("clear_window_orders") }

    /// `stage_window_orders`: the undecided orders of the window starting at `from`, with
    /// their attribution and reason, into the working table `decideWindow` reads.
    public static func stageWindowOrders(from: String, until: Date) -> Query { file.query("stage_window_orders", from, until) }

    /// `analyze_window_orders`
    public static func analyzeWindowOrders() -> Query { file.query("analyze_window_orders") }

    /// `decide_window`: decides the staged orders; returns `orders`, `commissions`, `added`,
    /// `window_end` (timestamptz text, where the next window starts) and `more`.
    public static func decideWindow(accrual: Int64, from: String, until: Date) -> Query {
        file.query("decide_window", accrual, from, until)
    }

    /// `record_run_accrual_mark`: the newest accrual the run sees, recorded on the run.
    public static func recordRunAccrualMark(runId: Int64) -> Query { file.query("record_run_accrual_mark", runId) }

    /// `run_accrual_counts`: orders decided since the previous run, per outcome (`outcome`, `orders`).
    public static func runAccrualCounts(runId: Int64) -> Query { file.query("run_accrual_counts", runId) }

    /// `runs_accrual_counts`: the same for every run (`month`, `outcome`, `orders`), newest first.
    public static func runsAccrualCounts() -> Query { file.query("runs_accrual_counts") }

    /// `explain_order`: everything `payouts explain` says about one order.
    public static func explainOrder(orderRef: String) -> Query { file.query("explain_order", orderRef) }
}
