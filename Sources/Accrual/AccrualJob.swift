import Foundation
import PayoutRun
import PayoutSQL
import Postgres

/// What one `payouts accrue` decided.
public struct AccrualOutcome: Sendable, Equatable {
    /// Orders decided by this accrual (0 when everything up to `until` was decided before).
    public var orders: Int
    /// Of those, the orders that earned a commission; the others got a reason.
    public var commissions: Int
    public var windows: Int
    public var until: Date
}

/// The counts `decide_window` returns for one window.
struct WindowDecided: RowDecodable, Decodable {
    /// Orders decided, of them the ones that earned a commission, and the commissions
    /// written (must equal `commissions`).
    var orders, commissions, added: Int
    /// Where the next window starts (PostgreSQL text, so windows are contiguous to the
    /// microsecond), and whether there is one.
    var windowEnd: String
    var more: Bool
}

/// Orders → commissions (SPEC §8): decides every order placed up to an instant that has no
/// decision yet, in one transaction, under the run's lock (`JobSession`, shared with `run`).
/// The rules are SQL (sql/queries/accrual.sql); this type runs the windows and turns rows
/// into values.
///
/// ```swift
/// let job = AccrualJob(conninfo: "", timeZone: "Europe/Zurich", log: JobLog())
/// let outcome = try job.accrue(until: Date(), now: Date())
/// print(try job.explain(orderRef: "ORD-1").render())
/// ```
public final class AccrualJob {
    let conninfo: String
    let timeZone: String
    let log: JobLog

    public init(conninfo: String, timeZone: String, log: JobLog) {
        self.conninfo = conninfo
        self.timeZone = timeZone
        self.log = log
    }

    public func accrue(until: Date, now: Date) throws -> AccrualOutcome {
        if until > now {
            throw JobError(.usage, "--until is in the future: orders not yet placed cannot be decided")
        }
        // The run's lock: accrual and a run never interleave, so a run sees either none or
        // all of an accrual's commissions.
        return try JobSession.withLock(conninfo: conninfo, timeZone: timeZone, during: "accrue") { session in
            let conn = session.connection
            guard try conn.queryValue(AccrualStatements.tierCount(), as: Int.self) > 0 else {
                throw JobError(.usage, "commission_tiers is empty: finance must configure at least one tier (see docs/rules.md); nothing was decided")
            }
            return try log.phase("accrue", {
                // One snapshot and one commit: a crash leaves no order half-decided.
                try conn.transaction(isolation: .repeatableRead) { conn in try decide(conn, until: until) }
            }, summary: { "\($0.orders) orders decided, \($0.commissions) commissions, \($0.orders - $0.commissions) unaccounted, in \($0.windows) windows" })
        }
    }

    private func decide(_ conn: Connection, until: Date) throws -> AccrualOutcome {
        var outcome = AccrualOutcome(orders: 0, commissions: 0, windows: 0, until: until)
        // Window boundaries stay PostgreSQL text so that each window starts exactly where the
        // previous one ended.
        guard var start = try conn.queryValue(AccrualStatements.firstUndecidedOrder(until: until), as: String?.self) else {
            return outcome
        }
        let accrualId = try conn.queryValue(AccrualStatements.startAccrual(until: until, timeZone: timeZone), as: Int64.self)
        // With nested loops off (below) every plan costs more than jit_above_cost, and
        // compiling each window's statement took seconds for a handful of orders.
        try conn.execute("set local jit = off")
        // The history is summed once; each window then adds what it validates.
        try conn.execute(AccrualStatements.createTierEarnings())
        try conn.execute(AccrualStatements.seedTierEarnings(validatedBy: start))
        try conn.execute(AccrualStatements.analyzeTierEarnings())
        try conn.execute(AccrualStatements.createWindowOrders())
        var more = true
        while more {
            // A constant number of statements per window, whatever its number of orders.
            try conn.execute(AccrualStatements.clearWindowOrders())
            try conn.execute(AccrualStatements.stageWindowOrders(from: start, until: until))
            try conn.execute(AccrualStatements.analyzeWindowOrders())
            // The commissions this transaction accrued have no statistics yet, so the planner
            // takes a window's increments for a handful of rows and nests loops over tens of
            // thousands (minutes at 1M orders); hash joins keep the window linear. Its only
            // nested loops left are the lateral tier look-ups, which need no choice.
            try conn.execute("set local enable_nestloop = off")
            let window = try conn.queryFirst(AccrualStatements.decideWindow(accrual: accrualId, from: start, until: until),
                                             as: WindowDecided.self)
            try conn.execute("set local enable_nestloop = on")
            guard window.added == window.commissions else {
                throw JobError(.failed, "accrue: \(window.commissions) commissions decided but \(window.added) written; nothing was committed")
            }
            outcome.orders += window.orders
            outcome.commissions += window.commissions
            outcome.windows += 1
            // contiguous windows: accrual_tier_earnings now holds what is validated by the end
            start = window.windowEnd
            more = window.more
        }
        try conn.execute(AccrualStatements.finishAccrual(id: accrualId, orders: outcome.orders, commissions: outcome.commissions))
        return outcome
    }

    /// The decision about one order, or why there is none yet. Unknown order: usage error.
    /// Reads only: no lock.
    public func explain(orderRef: String) throws -> DecisionExplanation {
        try JobSession.withoutLock(conninfo: conninfo, timeZone: timeZone, during: "explain") { conn in
            guard let explanation = try conn.queryOne(AccrualStatements.explainOrder(orderRef: orderRef), as: DecisionExplanation.self) else {
                throw JobError(.usage, "no order with number \(orderRef) (orders are looked up by their exact order number)")
            }
            return explanation
        }
    }
}
