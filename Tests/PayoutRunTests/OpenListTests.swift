import Foundation
import PayoutRun
import PayoutSQL
import Postgres
import Testing

/// The open list carries each open commission's columns as inserted, and its changes after
/// that (migration 0018): the run reads the commission as `commissions` has it in the run's
/// snapshot without reading `commissions`, and upstream's changes never wait for a run.
@Suite struct OpenListTests {
    /// Upstream corrects and refunds open commissions after inserting them: the run pays the
    /// latest amount, voids the one refunded within its 30 days, and keeps no change mark of
    /// what it closed; a change of a paid commission is marked, changes no payment, and the next
    /// run removes its mark.
    @Test func changesAfterTheInsertAreWhatTheRunPaysAndVoids() throws {
        let s = try Scenario()
        try s.affiliate(1)
        try s.commission(1, affiliate: 1, amount: "60", orderedAt: "2026-10-01 12:00:00+02")
        try s.commission(2, affiliate: 1, amount: "30", orderedAt: "2026-10-01 12:00:00+02")
        try s.commission(3, affiliate: 1, amount: "20", orderedAt: "2026-10-01 12:00:00+02")
        try s.conn.execute("update commissions set amount = 80 where id = 1")
        try s.conn.execute("update commissions set amount = 90, order_ref = 'corrected' where id = 1")
        try s.conn.execute("update commissions set refunded_at = ordered_at + interval '3 days' where id = 2")
        try s.conn.execute("update commissions set refunded_at = ordered_at + interval '40 days' where id = 3")
        #expect(try s.conn.queryValue("select count(*) from open_commission_changes", as: Int64.self) == 4)
        // The copies themselves are untouched: only the changes say what the commission is now.
        #expect(try s.conn.queryValue("select amount::text from open_commissions where commission_id = 1", as: String.self) == "60.0000")

        try s.run("2026-11-01")
        #expect(try s.entry(1, month: "2026-11") == .init(status: "paid", amount: "110.00", reasons: [], commissions: 2))
        #expect(try s.voided() == [2: "refunded_within_30_days"])
        let paid = try s.conn.queryOne("select amount::text, order_ref from payout_items where commission_id = 1")
        #expect(try paid?.decode(String.self, at: 0) == "90.0000")
        #expect(try paid?.decode(String.self, at: 1) == "corrected")
        #expect(try s.conn.queryValue("select count(*) from open_commission_changes", as: Int64.self) == 0)

        try s.conn.execute("update commissions set amount = 1 where id = 1")
        #expect(try s.conn.queryValue("select count(*) from open_commission_changes", as: Int64.self) == 1)
        try s.run("2026-12-01")
        #expect(try s.conn.queryValue("select count(*) from open_commission_changes", as: Int64.self) == 0)
        #expect(try s.conn.queryValue("select amount::text from payout_items where commission_id = 1", as: String.self) == "90.0000")
    }

    /// A change to a commission the run is about to close neither waits for the run nor makes
    /// it fail: the run pays what its snapshot saw, and the next run removes that change's mark.
    @Test func anUpstreamChangeDuringTheRunNeitherWaitsNorFailsIt() throws {
        let s = try Scenario()
        try s.affiliate(1)
        try s.commission(1, affiliate: 1, amount: "60", orderedAt: "2026-10-01 12:00:00+02")
        // The run's transaction has closed commission 1's open row (as settle does) and not
        // committed yet.
        let run = try s.db.connect()
        defer { run.close() }
        try run.execute("begin isolation level repeatable read")
        #expect(try run.queryValue("with d as (delete from open_commissions where commission_id = 1 returning 1) select count(*) from d",
                                   as: Int64.self) == 1)
        let upstream = try s.db.connect()
        defer { upstream.close() }
        try upstream.execute("set statement_timeout = '5s'")
        try upstream.execute("update commissions set amount = 70 where id = 1")
        try run.execute("rollback")
        #expect(try s.conn.queryValue("select count(*) from open_commission_changes", as: Int64.self) == 1)

        // The same with the real run committing in between: the change is recorded after the
        // run's snapshot, the run pays 60, and the next run removes the change it left.
        try s.conn.execute("truncate open_commission_changes")
        try s.run("2026-11-01")
        try upstream.execute("begin")
        try upstream.execute("update commissions set refunded_at = ordered_at + interval '1 day' where id = 1")
        #expect(try s.conn.queryValue("select amount::text from payout_items where commission_id = 1", as: String.self) == "60.0000")
        try upstream.execute("commit")
        #expect(try s.conn.queryValue("select count(*) from open_commission_changes", as: Int64.self) == 1)
        try s.commission(2, affiliate: 1, amount: "60", orderedAt: "2026-10-25 12:00:00+02")
        try s.run("2026-12-01")
        #expect(try s.conn.queryValue("select count(*) from open_commission_changes", as: Int64.self) == 0)
        #expect(try s.paidCommissions() == [1, 2])
        #expect(try s.conn.queryValue("select amount::text from payout_items where commission_id = 1", as: String.self) == "60.0000")
    }

    /// A commission changed while a reversal is reopening it: the change sees no open row yet
    /// (the reversal has not committed) and must not wait for it; the reopened copy has the
    /// values from before the change, and the next run pays the changed commission (0019).
    @Test func aChangeDuringAReversalIsWhatTheNextRunPays() throws {
        let s = try Scenario()
        try s.affiliate(1)
        try s.commission(1, affiliate: 1, amount: "60", orderedAt: "2026-10-01 12:00:00+02")
        try s.run("2026-11-01")
        let runId = try s.conn.queryValue("select id from payout_runs where month = '2026-11'", as: Int64.self)
        // The reversal's statements (RunReversal), its snapshot taken before the change.
        let reversal = try s.db.connect()
        defer { reversal.close() }
        try reversal.execute("begin isolation level repeatable read")
        _ = try reversal.execute(LifecycleStatements.archiveReversedRun(runId: runId, by: "tester", folder: nil))
        _ = try reversal.queryValue(LifecycleStatements.archiveReversedItems(runId: runId), as: Int.self)
        let upstream = try s.db.connect()
        defer { upstream.close() }
        try upstream.execute("set statement_timeout = '5s'")
        try upstream.execute("update commissions set amount = 75 where id = 1")
        #expect(try reversal.queryValue(LifecycleStatements.reopenCommissions(runId: runId), as: Int.self) == 1)
        for statement in LifecycleStatements.removeReversedRun(runId: runId) { _ = try reversal.execute(statement) }
        try reversal.execute("commit")
        #expect(try s.conn.queryValue("select amount::text from open_commissions where commission_id = 1", as: String.self) == "60.0000")

        try s.run("2026-12-01")
        #expect(try s.conn.queryValue("select amount::text from payout_items where commission_id = 1", as: String.self) == "75.0000")
        #expect(try s.entry(1, month: "2026-12")?.amount == "75.00")
    }

    /// Migrating to 0018 fills every open row with its commission's columns as the run read
    /// them before (an accrued commission's refund from its order is covered by the accrual's
    /// run-side tests); a run after it pays exactly what it paid before.
    @Test func theMigrationCopiesEveryOpenCommissionsColumns() throws {
        let before = PayoutSQL.migrations.filter { $0.name < "0018" }
        let old = try Scenario(migrations: before)
        try old.affiliate(1)
        try old.affiliate(2)
        try old.commission(1, affiliate: 1, amount: "60.5", orderedAt: "2026-10-01 12:00:00+02")
        try old.commission(2, affiliate: 2, amount: "70", orderedAt: "2026-09-20 12:00:00+02",
                           refundedAt: "2026-10-25 12:00:00+02", product: "hosting")
        try old.commission(3, affiliate: 2, amount: "80", orderedAt: "2026-10-03 12:00:00+02")
        try old.conn.execute("update commissions set refunded_at = ordered_at + interval '2 days' where id = 3")
        #expect(try Migrator(old.conn).migrate() == ["0018_open_list_columns", "0019_open_list_change_marks", "0020_order_refund_marks", "0021_duplicate_state", "0022_run_currencies", "0023_payee_account_white_space", "0024_statement_rate",
                                                         "0025_paypal_whole_units"])
        let differing = try old.conn.queryValue("""
            select count(*) from open_commissions o join commissions_with_order_refunds c on c.id = o.commission_id
            where (o.affiliate_id, o.order_ref, o.product, o.amount, o.currency, o.ordered_at)
                  is distinct from (c.affiliate_id, c.order_ref, c.product, c.amount, c.currency, c.ordered_at)
               or o.refunded_at is distinct from c.refunded_at
            """, as: Int64.self)
        #expect(differing == 0)
        #expect(try old.conn.queryValue("select count(*) from open_commissions", as: Int64.self) == 3)
        try old.run("2026-11-01")
        #expect(try old.paidCommissions() == [1, 2])
        #expect(try old.voided() == [3: "refunded_within_30_days"])
    }
}
