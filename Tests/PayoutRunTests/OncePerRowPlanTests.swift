import Foundation
import PayoutSQL
import Postgres
import Testing

/// PostgreSQL copies a subquery it pulls up into every place of the outer query that reads its
/// columns, so an expression read twice is worked out twice per row. The run's statements keep
/// their expensive expressions where they are worked out once; these plans pin that.
@Suite struct OncePerRowPlanTests {
    /// The `EXPLAIN (VERBOSE)` lines of `query`, planned in `conn`'s open transaction.
    static func verbosePlan(_ conn: Connection, _ query: Query) throws -> String {
        try conn.query(Query(sql: "explain (verbose, costs off) " + query.sql, bindings: query.bindings))
            .map { try $0.decode(String.self, at: 0) }
            .joined(separator: "\n")
    }

    @Test func theBalancesBuildEachAffiliatesReasonsOnce() throws {
        let s = try Scenario()
        try s.conn.transaction(isolation: .repeatableRead, ending: .rollback) { conn in
            // compute_balances reads the run's working table: collect creates it (empty here).
            _ = try conn.execute(RunStatements.collectOpenCommissions(asOf: Date(timeIntervalSince1970: 1_790_000_000)))
            let plan = try Self.verbosePlan(conn, RunStatements.computeBalances(runId: 1, usableDebtorCurrencies: ["CHF"]))
            // The insert reads the list for `status` and for `reasons`: built once, in the
            // decisions' own subquery (`offset 0` in compute_balances).
            #expect(plan.components(separatedBy: "array_remove(").count - 1 == 1, "\(plan)")
        }
    }
}
