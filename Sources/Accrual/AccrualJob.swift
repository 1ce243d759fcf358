import Foundation
import PayoutRun
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

/// Orders → commissions (SPEC §8): decides every order placed up to an instant that has no
/// decision yet, in one transaction, under the run's lock. The rules are SQL
/// (sql/queries/accrual.sql); this type runs the windows and turns rows into values.
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
        return try withConnection(locked: true) { conn in
            guard let tiers = try conn.queryOne(AccrualStatements.tierCount()), try tiers.decode(Int64.self, "tiers") > 0 else {
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
        guard let first = try conn.queryOne(AccrualStatements.firstUndecidedOrder(until: until)),
              var start = try first.decode(String?.self, "first") else {
            return outcome
        }
        guard let accrual = try conn.queryOne(AccrualStatements.startAccrual(until: until, timeZone: timeZone)) else {
            throw JobError(.failed, "accrue: the accrual record was not created")
        }
        let accrualId = try accrual.decode(Int64.self, "id")
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
            guard let row = try conn.queryOne(AccrualStatements.decideWindow(accrual: accrualId, from: start, until: until)) else {
                throw JobError(.failed, "accrue: a window returned no counts")
            }
            try conn.execute("set local enable_nestloop = on")
            let commissions = Int(try row.decode(Int32.self, "commissions"))
            let added = Int(try row.decode(Int32.self, "added"))
            guard added == commissions else {
                throw JobError(.failed, "accrue: \(commissions) commissions decided but \(added) written; nothing was committed")
            }
            outcome.orders += Int(try row.decode(Int32.self, "orders"))
            outcome.commissions += commissions
            outcome.windows += 1
            // contiguous windows: accrual_tier_earnings now holds what is validated by the end
            start = try row.decode(String.self, "window_end")
            more = try row.decode(Bool.self, "more")
        }
        try conn.execute(AccrualStatements.finishAccrual(id: accrualId, orders: outcome.orders, commissions: outcome.commissions))
        return outcome
    }

    /// The decision about one order, or why there is none yet. Unknown order: usage error.
    public func explain(orderRef: String) throws -> DecisionExplanation {
        try withConnection(locked: false) { conn in
            guard let row = try conn.queryOne(AccrualStatements.explainOrder(orderRef: orderRef)) else {
                throw JobError(.usage, "no order with number \(orderRef) (orders are looked up by their exact order number)")
            }
            return try Self.explanation(row)
        }
    }

    static func explanation(_ row: Row) throws -> DecisionExplanation {
        var result = DecisionExplanation(
            orderRef: try row.decode(String.self, "order_ref"), product: try row.decode(String.self, "product"),
            amount: try row.decode(Decimal.self, "amount"), currency: try row.decode(String.self, "currency"),
            orderedAt: try row.decode(String.self, "ordered_at"), refundedAt: try row.decode(String?.self, "refunded_at"),
            guaranteeEndsAt: try row.decode(String.self, "guarantee_ends_at"),
            accountCreatedAt: try row.decode(String.self, "account_created_at"),
            clickWindowStartsAt: try row.decode(String.self, "click_window_starts_at"),
            oneYearEndsAt: try row.decode(String.self, "one_year_ends_at"))
        guard try row.decode(Bool.self, "decided") else { return result }
        result.decidedAt = try row.decode(String?.self, "decided_at")
        if let text = try row.decode(String?.self, "reason") {
            guard let reason = UnaccountedReason(rawValue: text) else {
                throw JobError(.failed, "order \(result.orderRef) has an unknown decision reason \(text)")
            }
            result.reason = reason
        }
        if let clickId = try row.decode(Int64?.self, "click_id"), let affiliateId = try row.decode(Int64?.self, "affiliate_id") {
            result.click = .init(id: clickId, clickedAt: try row.decode(String?.self, "clicked_at") ?? "?",
                                 affiliateId: affiliateId, affiliateName: try row.decode(String?.self, "affiliate_name") ?? "")
        }
        if let rate = try row.decode(Decimal?.self, "rate"), let currency = try row.decode(String?.self, "account_currency"),
           let earnings = try row.decode(Decimal?.self, "tier_earnings_shown"),
           let minimum = try row.decode(Decimal?.self, "tier_min_earnings") {
            result.tier = .init(accountCurrency: currency, earnings: earnings, minEarnings: minimum, rate: rate,
                                nextMinEarnings: try row.decode(Decimal?.self, "next_tier_min_earnings"),
                                nextRate: try row.decode(Decimal?.self, "next_tier_rate"))
        }
        if let id = try row.decode(Int64?.self, "commission_id"), let amount = try row.decode(Decimal?.self, "commission_amount"),
           let currency = try row.decode(String?.self, "commission_currency") {
            result.commission = .init(id: id, amount: amount, currency: currency,
                                      voidReason: try row.decode(String?.self, "void_reason"),
                                      paidInMonth: try row.decode(String?.self, "paid_in_month"),
                                      refundedWithinGuarantee: try row.decode(Bool?.self, "refunded_within_guarantee") ?? false,
                                      guaranteeOver: try row.decode(Bool.self, "guarantee_over"))
        }
        return result
    }

    private func withConnection<T>(locked: Bool, _ body: (Connection) throws -> T) throws -> T {
        let conn: Connection
        do {
            conn = try Connection(conninfo: conninfo)
        } catch {
            throw JobError(.failed, "cannot connect to PostgreSQL: \(error)")
        }
        defer { conn.close() }
        let what = locked ? "accrue" : "explain"
        do {
            if locked {
                // The run's lock: accrual and a run never interleave, so a run sees either
                // none or all of an accrual's commissions.
                guard try conn.tryAdvisoryLock(key: PayoutJob.runLockKey) else {
                    throw JobError(.locked, "another payouts run, export or accrue holds the lock; nothing was decided (try again later)")
                }
            }
            defer { if locked { _ = try? conn.advisoryUnlock(key: PayoutJob.runLockKey) } }
            _ = try conn.query("select set_config('TimeZone', \(timeZone), false)")
            try Migrator(conn).requireCurrent()
            return try body(conn)
        } catch {
            throw JobError.wrap(error, during: what)
        }
    }
}
