import Foundation
import Postgres
import Testing

/// The runs' totals (migration 0016, `record_run_totals`): what the export's paid channels,
/// report.html's history, the end-of-run summary and `payouts status` read instead of summing
/// every affiliate of every run again. They must be exactly the run's affiliates summed.
/// (A dry run and a failed run leave none: `databaseDigest` covers every table; a reversal
/// removes them: its foreign key to the run would refuse the run's removal otherwise.)
@Suite struct RunTotalsTests {
    /// Each run's affiliates summed by this test's own reading of the outcomes: paid; carried
    /// forward when below the threshold is the one reason; held otherwise.
    private static let summedHere: Query = """
        select ra.run_id, case when ra.status = 'paid' then 'paid'
                               when ra.reasons = array['below_threshold'] then 'carried forward'
                               else 'held' end as outcome,
               ra.method, ra.currency, count(*)::bigint as affiliates, sum(ra.amount)::text as amount
        from run_affiliates ra
        group by 1, 2, 3, 4
        order by 1, 2, 3, 4
        """

    private static let recorded: Query = """
        select run_id, outcome, method, currency, affiliates, amount::text as amount
        from run_totals order by 1, 2, 3, 4
        """

    private func rows(_ s: Scenario, _ query: Query) throws -> [String] {
        try s.conn.query(query).map { row in
            [try row.decode(Int64.self, at: 0).description, try row.decode(String.self, at: 1), try row.decode(String.self, at: 2),
             try row.decode(String.self, at: 3), try row.decode(Int64.self, at: 4).description,
             try row.decode(String?.self, at: 5) ?? "null"].joined(separator: "|")
        }
    }

    @Test func everyRunsTotalsAreItsAffiliatesSummed() throws {
        let s = try Scenario()
        // Paid on the three channels in two currencies.
        try s.affiliatesOnEveryChannel(1...6)
        // Held for attention: a missing rate (no amount, alone on its channel) and a partner.
        try s.affiliate(7, method: "prepaid")
        try s.commission(70, affiliate: 7, amount: "80", currency: "GBP", orderedAt: "2026-09-10 12:00:00+02")
        try s.affiliate(8, partner: true)
        try s.commission(80, affiliate: 8, amount: "75.55", orderedAt: "2026-09-10 12:00:00+02")
        // Carried forward: below the threshold (as others of the first six), paid in December.
        try s.affiliate(9, method: "paypal")
        try s.commission(90, affiliate: 9, amount: "20.05", orderedAt: "2026-09-10 12:00:00+02")
        try s.run("2026-11-01")
        try s.commission(91, affiliate: 9, amount: "40", orderedAt: "2026-10-20 12:00:00+02")
        try s.commission(12, affiliate: 1, amount: "60", orderedAt: "2026-10-20 12:00:00+02")
        try s.run("2026-12-01")

        let recorded = try rows(s, Self.recorded)
        #expect(recorded == (try rows(s, Self.summedHere)))
        // The cases this test is about are there: both runs, the three outcomes, a hold
        // without an amount.
        let fields = recorded.map { $0.split(separator: "|").map(String.init) }
        #expect(Set(fields.map { $0[0] }).count == 2)
        #expect(Set(fields.map { $0[1] }) == ["paid", "held", "carried forward"])
        #expect(fields.contains { $0[1...] == ["held", "prepaid", "CHF", "1", "null"] })
    }
}
