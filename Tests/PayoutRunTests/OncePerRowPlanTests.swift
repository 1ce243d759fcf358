import Foundation
import PayoutSQL
import Postgres
import Testing

/// PostgreSQL copies a subquery it pulls up into every place of the outer query that reads its
/// columns, so an expression read twice is worked out twice per row. The run's statements keep
/// their expensive expressions where they are worked out once; these plans pin that.
@Suite struct OncePerRowPlanTests {
    @Test func theBalancesBuildEachAffiliatesReasonsOnce() throws {
        let s = try Scenario()
        try s.conn.transaction(isolation: .repeatableRead, ending: .rollback) { conn in
            // compute_balances reads the run's working table: collect creates it (empty here).
            _ = try conn.execute(RunStatements.collectOpenCommissions(asOf: Date(timeIntervalSince1970: 1_790_000_000)))
            let plan = try conn.plan(of: RunStatements.computeBalances(runId: 1, usableDebtorCurrencies: ["CHF"]), verbose: true)
            // The insert reads the list for `status` and for `reasons`: built once, in the
            // decisions' own subquery (`offset 0` in compute_balances).
            #expect(plan.components(separatedBy: "array_remove(").count - 1 == 1, "\(plan)")
        }
    }
}
