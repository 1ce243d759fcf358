import Accrual
import Foundation
import PayoutCore
import PayoutRun
import Postgres
import Testing

/// The monthly run's side of accrual (SPEC §8): a refund recorded on the order after accrual
/// voids the commission; report.json, report.html and `status` count the orders decided since
/// the previous run.
@Suite struct RunSideTests {
    private func debtorAccount(_ s: AccrualScenario) throws {
        try s.conn.execute("""
            insert into debtor_accounts (currency, name, iban, bic, street, building_number, postcode, town, country)
            values ('CHF', 'Example Hosting SA', 'CH9300762011623852957', 'UBSWCHZH80A', 'Rue du Lac', '12', '1227', 'Carouge', 'CH')
            """)
    }

    private func job(_ s: AccrualScenario, out: URL) -> PayoutJob {
        PayoutJob(settings: JobSettings(conninfo: s.db.conninfo, timeZone: "Europe/Zurich", outputDirectory: out),
                  log: JobLog(write: { _ in }, isTerminal: false))
    }

    /// Affiliate 1 referred customer 1, who placed order 1 (400.00, its commission 100.00) and
    /// order 2 (100.00, 25.00) in early September; a CHF debtor account.
    private func twoOrders() throws -> AccrualScenario {
        let s = try AccrualScenario()
        try debtorAccount(s)
        try s.affiliate(1)
        try s.referred(1, by: 1, createdAt: "2026-09-01 10:00:00+02")
        try s.order(1, customer: 1, at: "2026-09-01 10:05:00+02", amount: "400.00")
        try s.order(2, customer: 1, at: "2026-09-02 10:05:00+02", atSignup: false)
        return s
    }

    /// The one voided commission is order `order`'s, voided as refunded within the 30 days.
    private func expectOnlyVoided(order: Int64, _ s: AccrualScenario) throws {
        let voided = try #require(try s.conn.queryOne("""
            select c.accrued_order_id, v.reason from voided_commissions v join commissions c on c.id = v.commission_id
            """))
        #expect(try voided.decode(Int64.self, "accrued_order_id") == order)
        #expect(try voided.decode(String.self, "reason") == "refunded_within_30_days")
    }

    private func temporaryFolder() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("accrual-runside-\(UUID().uuidString)")
    }

    @Test func aRefundRecordedOnTheOrderAfterAccrualVoidsTheCommissionOnlyWithinThirtyDays() throws {
        let s = try twoOrders()
        try s.order(3, customer: 1, at: "2026-09-03 10:05:00+02", atSignup: false)
        try s.accrue(until: "2026-09-10")
        // Upstream records refunds on the orders once their commissions exist: order 2 within
        // its 30 days (void), order 3 after them (a later refund changes nothing).
        try s.conn.execute("update orders set refunded_at = '2026-09-20 12:00:00+02' where id = 2")
        try s.conn.execute("update orders set refunded_at = '2026-10-10 12:00:00+02' where id = 3")
        let commissionRefunds = try #require(try s.conn.queryOne("select count(refunded_at)::int as n from commissions"))
        #expect(try commissionRefunds.decode(Int.self, "n") == 0, "the refunds are on the orders only")

        let out = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let outcome = try job(s, out: out).run(month: try .parseAsOf("2026-11-01"), dryRun: false, now: Date())
        #expect(outcome.voided == 1, "order 2's commission is void")
        let paid = try #require(try s.conn.queryOne("select sum(amount)::text as total from payout_items"))
        #expect(try paid.decode(String.self, "total") == "125.0000", "100.00 + 25.00: order 3 is paid, order 2 is not")
        try expectOnlyVoided(order: 2, s)
    }

    /// A commission corrected and its order refunded by two transactions at once: neither
    /// waits for the other (different rows), and the run reads both, the corrected amount and
    /// the refund (0019; recording each transaction's view of the commission lost the other).
    @Test func aCorrectionAndARefundMadeAtOnceAreBothRead() throws {
        let s = try twoOrders()
        try s.accrue(until: "2026-09-10")
        let correction = try s.db.connect()
        defer { correction.close() }
        try correction.execute("begin")
        try correction.execute("update commissions set amount = 90 where accrued_order_id = 1")
        let refund = try s.db.connect()
        defer { refund.close() }
        try refund.execute("set statement_timeout = '5s'")
        // Order 2 refunded within its 30 days, order 1 after them (a later refund changes nothing).
        try refund.execute("update orders set refunded_at = ordered_at + interval '3 days' where id = 2")
        try refund.execute("update orders set refunded_at = ordered_at + interval '40 days' where id = 1")
        try correction.execute("update commissions set amount = 30 where accrued_order_id = 2")
        try correction.execute("commit")

        let out = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let outcome = try job(s, out: out).run(month: try .parseAsOf("2026-11-01"), dryRun: false, now: Date())
        #expect(outcome.voided == 1, "order 2's commission is void")
        let paid = try #require(try s.conn.queryOne("select string_agg(amount::text, ',') as amounts from payout_items"))
        #expect(try paid.decode(String.self, "amounts") == "90.0000", "order 1's corrected commission, its late refund ignored")
        let voided = try #require(try s.conn.queryOne("select amount::text as amount from voided_commissions"))
        #expect(try voided.decode(String.self, "amount") == "30.0000")
    }

    /// An order refunded while the accrual that gives it its commission is still running:
    /// the refunding transaction cannot see that commission yet, and the accrual copies the
    /// order's refund time into the open list as its own snapshot has it (none). The refund
    /// marks the commission by the id accrual gives it all the same (0020), so the run reads
    /// the refund and voids the commission instead of paying it.
    @Test func anOrderRefundedWhileTheAccrualRunsVoidsItsCommission() throws {
        let s = try twoOrders()
        // Stops the accrual at its insert, after its snapshot: an uncommitted open-list row
        // with the id of order 2's commission makes the open-list insert wait for it.
        let blocker = try s.db.connect()
        defer { blocker.close() }
        try blocker.execute("begin")
        try blocker.execute("""
            insert into open_commissions (commission_id, affiliate_id, order_ref, product, amount, currency, ordered_at)
            values (9000000000000000002, 1, 'blocker', 'blocker', 1, 'CHF', now())
            """)
        let accrual = try AccrualBinary.start(["accrue", "--until", "2026-09-10"], database: s.db.name)
        // Watched from outside the blocking transaction: pg_stat_activity is read once per transaction.
        try waitUntil {
            try s.conn.queryValue("""
                select count(*) from pg_stat_activity
                where datname = current_database() and wait_event_type = 'Lock'
                """, as: Int64.self) == 1
        }
        let refund = try s.db.connect()
        defer { refund.close() }
        try refund.execute("set statement_timeout = '5s'")  // the refund does not wait for the accrual
        try refund.execute("update orders set refunded_at = ordered_at + interval '3 days' where id = 2")
        try blocker.execute("rollback")
        let accrued = accrual.finish()
        #expect(accrued.status == 0, "\(accrued.output)")
        let copied = try s.conn.queryValue("""
            select count(refunded_at) from open_commissions where commission_id = 9000000000000000002
            """, as: Int64.self)
        #expect(copied == 0, "the open list's copy was made in the accrual's snapshot, before the refund")
        try s.conn.execute("update orders set amount = amount + 1 where id = 1")
        #expect(try s.conn.queryValue("select count(*) from open_commission_changes", as: Int64.self) == 1,
                "the refund marks; a change of another column of an order does not")

        let out = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let outcome = try job(s, out: out).run(month: try .parseAsOf("2026-11-01"), dryRun: false, now: Date())
        #expect(outcome.voided == 1, "order 2's commission is void")
        let paid = try #require(try s.conn.queryOne("select string_agg(amount::text, ',') as amounts from payout_items"))
        #expect(try paid.decode(String.self, "amounts") == "100.0000", "only order 1's commission is paid")
        try expectOnlyVoided(order: 2, s)
        #expect(try s.conn.queryValue("select count(*) from open_commission_changes", as: Int64.self) == 0,
                "settle removes the marks")
    }

    private func waitUntil(timeout: TimeInterval = 20, _ condition: () throws -> Bool) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while try !condition() {
            if Date() > deadline { throw TestFailure("timed out") }
            usleep(50_000)
        }
    }

    @Test func reportAndStatusCountTheOrdersDecidedSinceThePreviousRunAndReExportIsIdentical() throws {
        let s = try AccrualScenario()
        try debtorAccount(s)
        try s.affiliate(1)
        try s.referred(1, by: 1, createdAt: "2026-09-01 10:00:00+02")
        try s.order(1, customer: 1, at: "2026-09-01 10:05:00+02")
        try s.customer(2, createdAt: "2026-09-02 10:00:00+02", visitor: "nobody")
        try s.order(2, customer: 2, at: "2026-09-02 10:05:00+02")
        try s.accrue(until: "2026-10-01")
        let out = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        _ = try job(s, out: out).run(month: try .parseAsOf("2026-10-01"), dryRun: false, now: Date())
        let october = try String(contentsOf: out.appendingPathComponent("2026-10/report.json"), encoding: .utf8)
        #expect(october.contains(#""accrual": {"orders": 2, "accrued": 1, "unaccounted": {"no_click": 1}},"#), "\(october)")

        // Two accruals between the runs, then one after the November run.
        try s.order(3, customer: 1, at: "2026-10-05 10:05:00+02", atSignup: false)
        try s.order(4, customer: 2, at: "2026-10-06 10:05:00+02", atSignup: false)
        try s.accrue(until: "2026-10-10")
        try s.customer(5, createdAt: "2026-10-20 10:00:00+02", visitor: nil)
        try s.order(5, customer: 5, at: "2026-10-20 10:05:00+02")
        try s.order(6, customer: 1, at: "2026-10-21 10:05:00+02", product: "excluded", atSignup: false)
        try s.conn.execute("insert into excluded_products (product) values ('excluded')")
        try s.accrue(until: "2026-11-01")
        _ = try job(s, out: out).run(month: try .parseAsOf("2026-11-01"), dryRun: false, now: Date())
        let reportJSON = out.appendingPathComponent("2026-11/report.json")
        let reportHTML = out.appendingPathComponent("2026-11/report.html")
        let json = try Data(contentsOf: reportJSON), html = try Data(contentsOf: reportHTML)
        let expected = #""accrual": {"orders": 4, "accrued": 1, "unaccounted": {"no_click": 2, "excluded_product": 1}},"#
        #expect(String(decoding: json, as: UTF8.self).contains(expected), "only the orders since October's run")
        #expect(String(decoding: html, as: UTF8.self).contains("Orders decided since the previous run: 4, 1 accrued, unaccounted: no_click 2, excluded_product 1."))

        // Orders decided after the run do not change its files: re-exported byte for byte.
        try s.order(7, customer: 1, at: "2026-11-02 10:05:00+01", atSignup: false)
        try s.accrue(until: "2026-11-03")
        try FileManager.default.removeItem(at: out.appendingPathComponent("2026-11"))
        _ = try job(s, out: out).export(month: try .parseAsOf("2026-11-01"))
        #expect(try Data(contentsOf: reportJSON) == json)
        #expect(try Data(contentsOf: reportHTML) == html)

        let runs = try PayoutMaintenance(conninfo: s.db.conninfo, timeZone: "Europe/Zurich").runs()
        #expect(runs.map(\.month) == ["2026-11", "2026-10"])
        #expect(runs.map { $0.accrual.map { "\($0.outcome)=\($0.orders)" } } == [
            ["accrued=1", "no_click=2", "excluded_product=1"], ["accrued=1", "no_click=1"],
        ])
        let status = try AccrualBinary.run(["status"], database: s.db.name)
        #expect(status.status == 0, "\(status.stderr)")
        #expect(status.stdout.contains("unaccounted excluded_product"), "\(status.stdout)")
        #expect(status.stdout.contains("orders accrued"), "\(status.stdout)")
    }
}
