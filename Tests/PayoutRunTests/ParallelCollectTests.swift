import Foundation
import PayoutSQL
import Postgres
import Testing

/// Collect may run in parallel workers (migration 0015, `prepare_collect`). Workers are other
/// server processes: what they decide must be what the job's own backend would have decided.
@Suite struct ParallelCollectTests {
    /// The setting that makes PostgreSQL run every parallel-safe query in a worker
    /// (`force_parallel_mode` up to PostgreSQL 15, `debug_parallel_query` from 16).
    static func forceParallelSetting(_ conn: Connection) throws -> String {
        let names = try conn.query("select name from pg_settings where name in ('debug_parallel_query', 'force_parallel_mode')")
            .map { try $0.decode(String.self, at: 0) }
        return try #require(names.first)
    }

    @Test func collectIsPlannedForParallelWorkers() throws {
        let s = try Scenario()
        try s.conn.transaction(isolation: .repeatableRead, ending: .rollback) { conn in
            _ = try conn.query(Query(unsafeSQL: "select set_config($1, 'on', true)", try Self.forceParallelSetting(conn)))
            let collect = RunStatements.collectOpenCommissions(asOf: Date(timeIntervalSince1970: 1_790_000_000))
            let plan = try conn.plan(of: collect)
            // A function or construct that is not parallel safe would keep the plan in the
            // job's backend: no Gather node.
            #expect(plan.contains("Gather"), "collect's plan:\n\(plan)")
        }
    }

    @Test func workersCountThirtyCalendarDaysInTheProgramsTimeZone() throws {
        // RunRulesTests' daylight-saving case, with every collect read in a worker: a worker
        // that counted the 30 days in another time zone would pay commission 3 (or miss 1).
        let s = try Scenario()
        try s.conn.executeScript("alter database \(s.db.name) set \(try Self.forceParallelSetting(s.conn)) = on")
        try RunRulesTests.runAcrossTheOctoberDaylightSavingChange(s)
    }
}
