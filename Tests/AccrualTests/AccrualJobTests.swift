import Accrual
import Foundation
import PayoutRun
import Postgres
import Testing

/// Idempotence, finality, one transaction, the run's lock, refused bad input and `explain`.
@Suite struct AccrualJobTests {
    private func populate(_ s: AccrualScenario) throws {
        try s.affiliate(1, user: 500)
        try s.referred(1, by: 1, createdAt: "2026-03-01 10:00:00+01")
        try s.order(1, customer: 1, at: "2026-03-01 10:05:00+01")
        try s.order(2, customer: 1, at: "2026-05-01 10:05:00+02", atSignup: false)
        try s.customer(2, createdAt: "2026-03-02 10:00:00+01", visitor: "unknown")
        try s.order(3, customer: 2, at: "2026-03-02 10:05:00+01")
    }

    @Test func accruingAgainDecidesNothingAndChangesNothing() throws {
        let s = try AccrualScenario()
        try populate(s)
        let first = try s.accrue()
        #expect(first.orders == 3)
        let digest = try s.decisionsDigest()
        let again = try s.accrue()
        #expect(again.orders == 0)
        #expect(again.commissions == 0)
        #expect(try s.decisionsDigest() == digest)
        let accruals = try #require(try s.conn.queryOne("select count(*)::int as n from accruals"))
        #expect(try accruals.decode(Int32.self, "n") == 1, "an accrual that decided nothing leaves no record")
    }

    @Test func ordersAfterTheInstantWaitAndLateDataOnlyAffectsUndecidedOrders() throws {
        let s = try AccrualScenario()
        try populate(s)
        try s.accrue(until: "2026-03-02 10:05:00+01")  // order 3 is placed exactly then: decided
        #expect(try s.reason(3) == "no_click")
        #expect(try s.decision(2) == nil, "placed after the instant: waits")
        let digest = try s.decisionsDigest()
        // Late data: a click that would now attribute customer 2, a bigger tier table, a
        // refund, a changed affiliate: decided orders stay as they were.
        try s.click(99, affiliate: 1, visitor: "unknown", at: "2026-03-01 10:00:00+01")
        try s.conn.execute("update commission_tiers set rate = 0.40 where min_earnings = 0")
        try s.conn.execute("update affiliates set is_partner = true where id = 1")
        try s.accrue(until: "2026-03-02 10:05:00+01")
        #expect(try s.decisionsDigest() == digest)
        try s.conn.execute("update affiliates set is_partner = false where id = 1")
        // a late order placed before the decided ones is decided by the next accrual
        try s.customer(3, createdAt: "2026-02-01 10:00:00+01", visitor: "unknown")
        try s.order(4, customer: 3, at: "2026-02-01 10:05:00+01")
        let later = try s.accrue()
        #expect(later.orders == 2)
        #expect(try s.reason(4) == "no_click")
        #expect(try s.rate(2) == "0.40", "decided now, with today's configuration")
        #expect(try s.reason(3) == "no_click")
        #expect(try s.decision(1)?.rate == "0.25")
    }

    @Test func aFailureInALaterWindowLeavesNothingDecided() throws {
        let s = try AccrualScenario()
        try populate(s)
        // Sabotage the decision of the May order (a later window) only.
        try s.conn.executeScript("""
            create function refuse_may() returns trigger language plpgsql as $$
            begin
                if new.order_id = 2 then raise exception 'simulated failure in a later window'; end if;
                return new;
            end $$;
            create trigger refuse_may before insert on order_decisions for each row execute function refuse_may();
            """)
        #expect(throws: JobError.self) { try s.accrue() }
        let counts = try #require(try s.conn.queryOne("""
            select (select count(*) from order_decisions)::int as decisions, (select count(*) from commissions)::int as commissions,
                   (select count(*) from accruals)::int as accruals
            """))
        #expect(try counts.decode(Int32.self, "decisions") == 0)
        #expect(try counts.decode(Int32.self, "commissions") == 0)
        #expect(try counts.decode(Int32.self, "accruals") == 0)
    }

    @Test func accrualWaitsForTheRunsLockWithStatus75() throws {
        let s = try AccrualScenario()
        try populate(s)
        let holder = try s.sessionHoldingTheRunLock()
        defer { holder.close() }
        do {
            try s.accrue()
            Issue.record("accrue ran while the run's lock was held")
        } catch let error as JobError {
            #expect(error.status == .locked)
        }
        let result = try AccrualBinary.run(["accrue", "--until", "2026-11-01"], database: s.db.name)
        #expect(result.status == 75, "\(result.stderr)")
        #expect(try s.decision(1) == nil)
        _ = try holder.advisoryUnlock(key: PayoutJob.runLockKey)
        let done = try AccrualBinary.run(["accrue", "--until", "2026-11-01"], database: s.db.name)
        #expect(done.status == 0, "\(done.stderr)")
        #expect(done.stdout.contains("3 orders decided"))
        #expect(try s.decision(1)?.rate == "0.25")
    }

    @Test func aRunWaitsWhileAnAccrualHoldsTheLock() throws {
        let s = try AccrualScenario()
        try populate(s)
        // An accrual in progress: its transaction holds a lock the run needs only after the
        // advisory lock, so the run must be refused by the advisory lock itself.
        let accruing = try s.sessionHoldingTheRunLock()
        defer { accruing.close() }
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("accrual-run-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let result = try AccrualBinary.run(["run", "--as-of", "2026-11-01", "--out", out.path], database: s.db.name)
        #expect(result.status == 75, "\(result.stderr)")
    }

    @Test func badUpstreamInputIsRefusedByConstraintsWithClearMessagesAndDecisionsStay() throws {
        let s = try AccrualScenario()
        try populate(s)
        try s.accrue()
        let digest = try s.decisionsDigest()
        let refusals: [(Query, String)] = [
            ("insert into orders (id, customer_id, order_ref, product, amount, currency, ordered_at) values (10, 999, 'X10', 'vps', 1, 'CHF', now())",
             "orders_customer_id_fkey"),
            ("insert into orders (id, customer_id, order_ref, product, amount, currency, ordered_at) values (11, 1, 'X11', 'vps', 1, 'XXX', now())",
             "orders_currency_fkey"),
            ("insert into orders (id, customer_id, order_ref, product, amount, currency, ordered_at) values (12, 1, 'X12', 'vps', -5, 'CHF', now())",
             "orders_amount_not_negative_refunds_use_refunded_at"),
            ("insert into orders (id, customer_id, order_ref, product, amount, currency, ordered_at) values (13, 1, 'ORD-1', 'vps', 1, 'CHF', now())",
             "orders_order_ref_unique"),
            ("insert into orders (id, customer_id, order_ref, product, amount, currency, ordered_at, refunded_at) values (14, 1, 'X14', 'vps', 1, 'CHF', now(), now() - interval '1 day')",
             "orders_refunded_at_not_before_ordered_at"),
            ("insert into orders (id, customer_id, order_ref, product, amount, currency, ordered_at) values (0, 1, 'X0', 'vps', 1, 'CHF', now())",
             "orders_id_between_1_and_223372036854775807"),
            ("insert into clicks (id, affiliate_id, visitor, clicked_at) values (10, 999, 'v', now())", "clicks_affiliate_id_fkey"),
            ("insert into clicks (id, affiliate_id, visitor, clicked_at) values (11, 1, ' ', now())", "clicks_visitor_not_blank"),
            ("update affiliates set known_ips = '{10.0.0.1,not-an-address}' where id = 1", "invalid input syntax for type inet"),
            ("update affiliates set known_ips = '{10.0.0.1,NULL}' where id = 1", "affiliates_known_ips_without_nulls"),
            ("update affiliates set known_ips = null where id = 1", "known_ips"),
            ("insert into commissions (id, affiliate_id, order_ref, product, amount, currency, ordered_at) values (9000000000000000005, 1, 'U', 'vps', 1, 'CHF', now())",
             "commission_ids_from_9e18_are_reserved_for_accrual"),
            ("insert into commission_tiers (min_earnings, rate) values (5000, 0.375)", "commission_tiers_rate_between_0_and_1_at_most_2_decimals"),
            ("update order_decisions set reason = 'partner' where order_id = 3", "order decisions are final"),
            ("delete from order_decisions where order_id = 3", "order decisions are final"),
        ]
        for (query, expected) in refusals {
            let message = try #require(s.refusal(query), "accepted: \(query.sql)")
            #expect(message.contains(expected), "\(message)")
        }
        #expect(try s.decisionsDigest() == digest)
        // a null visitor is not bad input: it means no click
        try s.customer(5, createdAt: "2026-03-01 10:00:00+01", visitor: nil)
        try s.order(5, customer: 5, at: "2026-03-01 10:05:00+01")
        try s.accrue()
        #expect(try s.reason(5) == "no_click")
    }

    @Test func accrualRunsWithTheJobsLeastPrivilegeRoleAndUpstreamCannotWriteTheProcessorsColumn() throws {
        let s = try AccrualScenario()
        try populate(s)
        let roles = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("sql/roles.sql")
        let script = try String(contentsOf: roles, encoding: .utf8)
        // Roles are shared by the whole cluster, and another test may create them at the same
        // moment: a lost race is retried.
        for attempt in 1...3 {
            do { try s.conn.executeScript(script); break } catch where attempt < 3 { usleep(200_000) }
        }
        let job = AccrualJob(conninfo: "\(s.db.conninfo) user=payouts_job", timeZone: "Europe/Zurich",
                             log: JobLog(write: { _ in }, isTerminal: false))
        let outcome = try job.accrue(until: Date(), now: Date())
        #expect(outcome.orders == 3)
        let upstream = try Connection(conninfo: "\(s.db.conninfo) user=payouts_upstream")
        defer { upstream.close() }
        #expect(throws: PostgresError.self) {
            try upstream.execute("""
                insert into commissions (id, affiliate_id, order_ref, product, amount, currency, ordered_at, accrued_order_id)
                values (9000000000000000003, 1, 'X', 'vps', 1, 'CHF', now(), 3)
                """)
        }
        #expect(throws: PostgresError.self) { try upstream.execute("update order_decisions set rate = 1") }
        try upstream.execute("update orders set refunded_at = ordered_at + interval '1 day' where id = 1")
    }

    @Test func explainSaysWhichClickCustomerRuleTierAndAmount() throws {
        let s = try AccrualScenario()
        try populate(s)
        try s.affiliate(2)
        try s.commission(100, affiliate: 2, amount: "1200.00", orderedAt: "2026-01-10 12:00:00+01")
        try s.referred(7, by: 2, createdAt: "2026-03-01 10:00:00+01")
        try s.order(7, customer: 7, at: "2026-03-01 10:05:00+01", amount: "80.00")
        try s.accrue(until: "2026-04-01")
        let text = try s.job().explain(orderRef: "ORD-7").render()
        #expect(text.contains("Order ORD-7: ksuite, CHF 80.00, placed 2026-03-01 10:05:00 CET."))
        #expect(text.contains("was click 7 on 2026-03-01 09:00:00 CET, for affiliate 2 (Affiliate 2)"))
        #expect(text.contains("were CHF 1200.00"))
        #expect(text.contains("which gives the 1000 tier: rate 35%"))
        #expect(text.contains("The next rate, 50%, applies from 20000 of earnings."))
        #expect(text.contains("CHF 80.00 × 35% = CHF 28.00"))
        #expect(text.contains("Status: validated"))
        let noClick = try s.job().explain(orderRef: "ORD-3").render()
        #expect(noClick.contains("Not counted (no_click)"))
        let waiting = try s.job().explain(orderRef: "ORD-2").render()
        #expect(waiting.contains("Not decided yet"))

        let cli = try AccrualBinary.run(["explain", "ORD-7"], database: s.db.name)
        #expect(cli.status == 0, "\(cli.stderr)")
        #expect(cli.stdout.contains("rate 35%"))
        let unknown = try AccrualBinary.run(["explain", "NO-SUCH-ORDER"], database: s.db.name)
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("no order with number NO-SUCH-ORDER"))
    }

    @Test func theRunPaysAccruedCommissionsVoidsRefundedOnesAndExplainSaysSo() throws {
        let s = try AccrualScenario()
        try s.conn.execute("""
            insert into debtor_accounts (currency, name, iban, bic, street, building_number, postcode, town, country)
            values ('CHF', 'Example Hosting SA', 'CH9300762011623852957', 'UBSWCHZH80A', 'Rue du Lac', '12', '1227', 'Carouge', 'CH')
            """)
        try s.affiliate(1)
        try s.referred(1, by: 1, createdAt: "2026-09-01 10:00:00+02")
        try s.order(1, customer: 1, at: "2026-09-01 10:05:00+02", amount: "400.00")
        try s.order(2, customer: 1, at: "2026-09-02 10:05:00+02", atSignup: false, refundedAt: "2026-09-05 10:00:00+02")
        try s.order(3, customer: 1, at: "2026-09-03 10:05:00+02", atSignup: false)
        try s.accrue(until: "2026-11-01")
        #expect(try s.job().explain(orderRef: "ORD-2").render().contains("Status: refunded within the 30-day guarantee"))
        #expect(try s.job().explain(orderRef: "ORD-3").render().contains("Status: validated"))
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("accrual-run-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let run = PayoutJob(settings: JobSettings(conninfo: s.db.conninfo, timeZone: "Europe/Zurich", outputDirectory: out),
                            log: JobLog(write: { _ in }, isTerminal: false))
        let outcome = try run.run(month: try .parseAsOf("2026-11-01"), dryRun: false, now: Date())
        #expect(outcome.paid == 1)
        #expect(outcome.voided == 1)
        let paid = try #require(try s.conn.queryOne("select sum(amount)::text as total, count(*)::int as n from payout_items"))
        #expect(try paid.decode(String.self, "total") == "125.0000", "100.00 + 25.00, the refunded order's commission voided")
        #expect(try s.job().explain(orderRef: "ORD-1").render().contains("Status: paid in the 2026-11 payout run."))
        #expect(try s.job().explain(orderRef: "ORD-2").render().contains("Status: void (refunded_within_30_days)."))
    }

    /// A product excluded after its order was accrued: the next run voids the open commission
    /// (excluded_product), and `explain` says so instead of promising the payment.
    @Test func explainSaysAProductExcludedAfterAccrualIsNotPaid() throws {
        let s = try AccrualScenario()
        try s.affiliate(1)
        try s.referred(1, by: 1, createdAt: "2026-09-01 10:00:00+02")
        try s.order(1, customer: 1, at: "2026-09-01 10:05:00+02", amount: "400.00", product: "vps")
        try s.accrue(until: "2026-11-01")
        #expect(try s.job().explain(orderRef: "ORD-1").render().contains("Status: validated"))
        try s.conn.execute("insert into excluded_products (product) values ('vps')")
        let text = try s.job().explain(orderRef: "ORD-1").render()
        #expect(text.contains("Status: its product (vps) is excluded from the program, so it will not be paid"), "\(text)")
    }

    @Test func theCommandLineRefusesABadOrFutureInstant() throws {
        let s = try AccrualScenario()
        // --until, and what the message must say.
        for (until, says) in [("2026-13-01", "no such day"), ("2026-11-01T10:00:00", "with an offset"), ("2999-01-01", "future")] {
            let refused = try AccrualBinary.run(["accrue", "--until", until], database: s.db.name)
            #expect(refused.status == 2, "\(until)")
            #expect(refused.stderr.contains(says), "\(until): \(refused.stderr)")
        }
    }
}
