import Foundation
import PayoutSQL
import Postgres

/// The statements of sql/queries/accrual.sql as typed functions: the only place that knows
/// their names and parameters.
public enum AccrualStatements {
    static let file = PayoutSQL.accrual

    static func tierCount() -> Query {
        Query(unsafeSQL: file["tier_count"])
    }

    static func firstUndecidedOrder(until: Date) -> Query {
        Query(unsafeSQL: file["first_undecided_order"], until)
    }

    static func startAccrual(until: Date, timeZone: String) -> Query {
        Query(unsafeSQL: file["start_accrual"], until, timeZone)
    }

    static func finishAccrual(id: Int64, orders: Int, commissions: Int) -> Query {
        Query(unsafeSQL: file["finish_accrual"], id, orders, commissions)
    }

    static func createTierEarnings() -> Query {
        Query(unsafeSQL: file["create_tier_earnings"])
    }

    static func seedTierEarnings(validatedBy start: String) -> Query {
        Query(unsafeSQL: file["seed_tier_earnings"], start)
    }

    static func analyzeTierEarnings() -> Query {
        Query(unsafeSQL: file["analyze_tier_earnings"])
    }

    static func createWindowOrders() -> Query {
        Query(unsafeSQL: file["create_window_orders"])
    }

    static func clearWindowOrders() -> Query {
        Query(unsafeSQL: file["clear_window_orders"])
    }

    /// Stages the undecided orders of the window starting at `from`, with their attribution
    /// and reason, into the working table `decideWindow` reads.
    static func stageWindowOrders(from: String, until: Date) -> Query {
        Query(unsafeSQL: file["stage_window_orders"], from, until)
    }

    static func analyzeWindowOrders() -> Query {
        Query(unsafeSQL: file["analyze_window_orders"])
    }

    /// Decides the staged orders of the window starting at `from`; returns `orders`,
    /// `commissions`, `added`, `window_end` (where the next window starts, as timestamptz text)
    /// and `more` (whether it is not after `until`).
    static func decideWindow(accrual: Int64, from: String, until: Date) -> Query {
        Query(unsafeSQL: file["decide_window"], accrual, from, until)
    }

    /// Orders decided by accruals in (`from`, `to`], per outcome (`accrued` or a reason):
    /// columns `outcome`, `orders`. For the monthly run's report and `status`.
    public static func decisionCountsBetween(from: Date, to: Date) -> Query {
        Query(unsafeSQL: file["decision_counts_between"], from, to)
    }

    /// The newest accrual's id (column `id`, null before the first accrual).
    public static func latestAccrualId() -> Query {
        Query(unsafeSQL: file["latest_accrual_id"])
    }

    /// Orders decided by the accruals with ids in (`after`, `upTo`], per outcome: columns
    /// `outcome`, `orders`. Exact even when an accrual and a run fall in the same second.
    public static func decisionCountsForAccruals(after: Int64?, upTo: Int64) -> Query {
        Query(unsafeSQL: file["decision_counts_for_accruals"], after, upTo)
    }

    static func explainOrder(orderRef: String) -> Query {
        Query(unsafeSQL: file["explain_order"], orderRef)
    }
}
