import Accrual
import Foundation
import PayoutRun
import Postgres
import TestSupport

/// A throwaway, migrated database with short ways to write clicks, customers and orders as
/// upstream would, accrue, and read the decisions back. Times are timestamptz literals.
final class AccrualScenario: UpstreamRows {
    let db: TestDatabase
    let conn: Connection

    init() throws {
        db = try TestDatabase.create()
        conn = try db.connect()
        _ = try Migrator(conn).migrate()
        _ = try conn.query("select set_config('TimeZone', 'Europe/Zurich', false)")
    }

    deinit {
        conn.close()
        db.drop()
    }

    // MARK: upstream input

    func affiliate(_ id: Int64, currency: String = "CHF", user: Int64? = nil, knownIPs: String = "{}", partner: Bool = false) throws {
        try conn.execute("""
            insert into affiliates (id, name, account_currency, payout_method, iban, town, country, is_partner, user_id, known_ips)
            values (\(id), \("Affiliate \(id)"), \(currency), 'iban', 'CH9300762011623852957', 'Zürich', 'CH', \(partner),
                    \(user), \(knownIPs)::inet[])
            """)
    }

    func click(_ id: Int64, affiliate: Int64, visitor: String, at: String) throws {
        try conn.execute("insert into clicks (id, affiliate_id, visitor, clicked_at) values (\(id), \(affiliate), \(visitor), \(at)::timestamptz)")
    }

    func customer(_ id: Int64, createdAt: String, visitor: String?, signupIP: String? = nil, user: Int64? = nil,
                  managed: Bool = false) throws {
        try conn.execute("""
            insert into customers (id, created_at, visitor, signup_ip, user_id, managed_by_existing_user)
            values (\(id), \(createdAt)::timestamptz, \(visitor), \(signupIP)::inet, \(user), \(managed))
            """)
    }

    /// A new customer of `affiliate`: a click an hour before the account, and the account.
    func referred(_ id: Int64, by affiliate: Int64, createdAt: String) throws {
        try click(id, affiliate: affiliate, visitor: "visitor-\(id)", at: "\(createdAt)")
        try conn.execute("update clicks set clicked_at = clicked_at - interval '1 hour' where id = \(id)")
        try customer(id, createdAt: createdAt, visitor: "visitor-\(id)")
    }

    func order(_ id: Int64, customer: Int64, at: String, amount: String = "100.00", currency: String = "CHF",
               product: String = "ksuite", atSignup: Bool = true, orderedBy: Int64? = nil, ip: String? = nil,
               refundedAt: String? = nil) throws {
        try conn.execute("""
            insert into orders (id, customer_id, order_ref, product, amount, currency, ordered_at, placed_at_signup,
                                ordered_by_user_id, ip, refunded_at)
            values (\(id), \(customer), \("ORD-\(id)"), \(product), \(amount)::numeric, \(currency), \(at)::timestamptz,
                    \(atSignup), \(orderedBy), \(ip)::inet, \(refundedAt)::timestamptz)
            """)
    }

    /// Commission 7 is "UP-7": order references "ORD-7" belong to the orders.
    func orderRef(ofCommission id: Int64) -> String { "UP-\(id)" }

    // MARK: accruing

    func job() -> AccrualJob {
        AccrualJob(conninfo: db.conninfo, timeZone: "Europe/Zurich", log: JobLog(write: { _ in }, isTerminal: false))
    }

    /// Accrues up to `until` (a timestamptz literal, resolved by the server in Zurich time).
    @discardableResult
    func accrue(until: String = "2026-11-01 00:00:00+01") throws -> AccrualOutcome {
        guard let row = try conn.queryOne("select \(until)::timestamptz as at") else { throw TestFailure("no instant") }
        return try job().accrue(until: try row.decode(Date.self, "at"), now: Date())
    }

    // MARK: reading back

    struct Decision: Equatable {
        var reason: String?
        var rate: String?
        var earnings: String?
        var click: Int64?
        var affiliate: Int64?
        var amount: String?
    }

    func decision(_ order: Int64) throws -> Decision? {
        try conn.queryOne("""
            select d.reason, d.rate::text as rate, d.tier_earnings::text as earnings, d.click_id, d.affiliate_id,
                   c.amount::text as amount
            from order_decisions d left join commissions c on c.id = d.commission_id
            where d.order_id = \(order)
            """).map { row in
            Decision(reason: try row.decode(String?.self, "reason"), rate: try row.decode(String?.self, "rate"),
                     earnings: try row.decode(String?.self, "earnings"), click: try row.decode(Int64?.self, "click_id"),
                     affiliate: try row.decode(Int64?.self, "affiliate_id"), amount: try row.decode(String?.self, "amount"))
        }
    }

    func reason(_ order: Int64) throws -> String? { try decision(order)?.reason }
    func rate(_ order: Int64) throws -> String? { try decision(order)?.rate }

    /// Every decision and accrued commission as text, to prove nothing changed.
    func decisionsDigest() throws -> String {
        let row = try conn.queryOne("""
            select (select coalesce(string_agg(d::text, '|' order by d.order_id), '') from order_decisions d)
                || '#' || (select coalesce(string_agg(c::text, '|' order by c.id), '') from commissions c) as digest
            """)
        return try row?.decode(String.self, "digest") ?? ""
    }

    /// A second session that holds the run's lock, as a run or an accrual in progress would;
    /// closing it lets go. Throws if the lock was already taken.
    func sessionHoldingTheRunLock() throws -> Connection {
        let holder = try db.connect()
        guard try holder.tryAdvisoryLock(key: PayoutJob.runLockKey) else {
            holder.close()
            throw TestFailure("the run's lock was already held")
        }
        return holder
    }

    /// The error a statement raises, as text; nil when it succeeds.
    func refusal(_ query: Query) -> String? {
        do {
            try conn.execute(query)
            return nil
        } catch {
            return "\(error)"
        }
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
