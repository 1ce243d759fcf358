import Foundation
import PayoutCore
import PayoutRun
import PayoutSQL
import Postgres
import Testing
import TestSupport

/// Migration 0009 (the run data path of issue 9) on a database that already has committed
/// runs: the open list is rebuilt from `commissions.settled_run_id`, and the one export path
/// re-creates an old run's files byte for byte.
@Suite struct RunDataPathMigrationTests {
    /// The same input in both databases: paid, voided, held and not yet matured commissions.
    private func populate(_ s: Scenario) throws {
        try s.affiliatesOnEveryChannel(1...6)
        try s.commission(69, affiliate: 3, amount: "3.10", currency: "EUR", orderedAt: "2026-09-15 12:00:00+02",
                         refundedAt: "2026-09-20 12:00:00+02")
        for id in Int64(1)...6 {
            try s.commission(id * 10 + 2, affiliate: id, amount: "7.00", orderedAt: "2026-10-25 12:00:00+02")
        }
        try s.commission(70, affiliate: 1, amount: "0.10", orderedAt: "2026-10-20 12:00:00+02")  // matures in December
    }

    private static let runTables = ["payout_runs", "run_affiliates", "run_conversions", "payout_items",
                                    "voided_commissions", "run_debtor_accounts"]

    @Test func anOldRunIsExportedByteForByteAndItsOpenCommissionsStayOpen() throws {
        // Today's schema: the November run and its files.
        let current = try Scenario()
        try populate(current)
        try current.run("2026-11-01")
        let original = try current.files(in: "2026-11")
        #expect(original.keys.contains("statement.csv"))

        // The schema before 0009, with the same run committed as that version recorded it:
        // its rows, and `settled_run_id` on every commission it paid or voided.
        let before = PayoutSQL.migrations.filter { $0.name < "0009" }
        let old = try Scenario(migrations: before)
        try populate(old)
        for table in Self.runTables {
            // Table names are this test's constants; the rows travel as one bound JSON value.
            let rows = try current.conn.queryValue(Query(unsafeSQL: "select coalesce(jsonb_agg(to_jsonb(t)), '[]')::text from \(table) t"), as: String.self)
            _ = try old.conn.execute(Query(unsafeSQL: """
                insert into \(table) overriding system value
                select * from jsonb_populate_recordset(null::\(table), $1::jsonb)
                """, rows))
        }
        _ = try old.conn.query("select setval(pg_get_serial_sequence('payout_runs', 'id'), (select max(id) from payout_runs))")
        _ = try old.conn.execute("""
            update commissions c set settled_run_id = s.run_id
            from (select commission_id, run_id from payout_items union all
                  select commission_id, run_id from voided_commissions) s
            where s.commission_id = c.id
            """)
        #expect(try old.conn.queryValue("select count(*) from commissions where settled_run_id is not null", as: Int64.self) > 0)

        // Migrate, then the one export path re-creates the old run's files.
        #expect(try Migrator(old.conn).migrate().first == "0009_run_data_path")
        let openIds = "select coalesce(array_agg(commission_id order by commission_id), '{}') from open_commissions"
        #expect(try old.conn.queryValue(Query(unsafeSQL: openIds), as: [Int64].self)
                == current.conn.queryValue(Query(unsafeSQL: openIds), as: [Int64].self))
        _ = try old.job().export(month: try .parseAsOf("2026-11"))
        let exported = try old.files(in: "2026-11")
        #expect(exported.keys.sorted() == original.keys.sorted())
        for (name, bytes) in original { #expect(exported[name] == bytes, "\(name) differs after migration") }

        // The next month pays exactly what stayed open, in both.
        try current.run("2026-12-01")
        try old.run("2026-12-01")
        #expect(try old.paidCommissions() == current.paidCommissions())
        #expect(try old.voided() == current.voided())
    }

    /// The open list is fed by the insert trigger however a commission arrives; a paid one is
    /// never reopened.
    @Test func everyInsertedCommissionIsOpenedOnceAndAPaidOneIsNotReopened() throws {
        let s = try Scenario()
        try s.affiliate(1)
        try s.commission(1, affiliate: 1, amount: "60", orderedAt: "2026-09-01 12:00:00+02")
        // As logical replication applies rows: session_replication_role = replica.
        _ = try s.conn.execute("set session_replication_role = replica")
        try s.commission(2, affiliate: 1, amount: "1", orderedAt: "2026-09-02 12:00:00+02")
        _ = try s.conn.execute("set session_replication_role = origin")
        // Several rows in one statement.
        _ = try s.conn.execute("""
            insert into commissions (id, affiliate_id, order_ref, product, amount, currency, ordered_at)
            select g, 1, 'ORD-' || g, 'ksuite', 1, 'CHF', '2026-09-03 12:00:00+02' from generate_series(3, 5) g
            """)
        let open = "select coalesce(array_agg(commission_id order by commission_id), '{}') from open_commissions"
        #expect(try s.conn.queryValue(Query(unsafeSQL: open), as: [Int64].self) == [1, 2, 3, 4, 5])
        try s.run("2026-11-01")
        #expect(try s.paidCommissions() == [1, 2, 3, 4, 5])
        #expect(try s.conn.queryValue(Query(unsafeSQL: open), as: [Int64].self) == [])
        // A commission id the ledger knows, inserted again (after upstream deleted it), stays settled.
        _ = try s.conn.execute("delete from commissions where id = 1")
        try s.commission(1, affiliate: 1, amount: "60", orderedAt: "2026-09-01 12:00:00+02")
        #expect(try s.conn.queryValue(Query(unsafeSQL: open), as: [Int64].self) == [])
    }

    /// check_run (what the dropped foreign keys checked) names the broken invariant; the job
    /// refuses to commit a run for which it names any.
    @Test func checkRunNamesALedgerThatDoesNotMatchThePaidAffiliates() throws {
        let s = try Scenario()
        try s.affiliateOne(with: ("60", "2026-09-01 12:00:00+02"), ("1", "2026-09-02 12:00:00+02"))
        try s.run("2026-11-01")
        let runId = try s.conn.queryValue("select id from payout_runs", as: Int64.self)
        #expect(try s.conn.queryValue(RunStatements.checkRun(runId: runId), as: [String].self) == [])
        try s.conn.transaction(ending: .rollback) { conn in
            _ = try conn.execute("delete from payout_items where commission_id = 2")
            #expect(try conn.queryValue(RunStatements.checkRun(runId: runId), as: [String].self) == ["ledger_matches_paid_affiliates"])
            _ = try conn.execute("update payout_items set commission_id = 99 where commission_id = 1")
            _ = try conn.execute("""
                insert into payout_items (commission_id, run_id, affiliate_id, order_ref, amount, currency, converted_amount)
                values (2, \(runId), 1, 'ORD-2', 1, 'CHF', 1)
                """)
            #expect(try conn.queryValue(RunStatements.checkRun(runId: runId), as: [String].self) == ["ledger_rows_known"])
        }
    }
}
