import Foundation
import PayoutRun
import Postgres
import Testing

/// Item 3: attention means *new*. A hold whose reasons equal the affiliate's previous
/// committed run is still counted and reported, but does not make exit status 3 again.
@Suite struct NewAttentionTests {
    @Test func aPartnerHeldEveryMonthAlertsOnceAndIsStillReported() throws {
        let s = try Scenario()
        try s.affiliate(1, partner: true)
        try s.commission(1, affiliate: 1, amount: "60", orderedAt: "2026-09-15 12:00:00+02")
        let november = try s.run("2026-11-01")
        #expect(november.needingAttention == 1)
        #expect(november.newAttention == 1)
        #expect(november.exitStatus == .needsAttention)

        try s.commission(2, affiliate: 1, amount: "10", orderedAt: "2026-10-15 12:00:00+02")
        let december = try s.run("2026-12-01")
        #expect(december.needingAttention == 1, "still reported")
        #expect(december.newAttention == 0)
        #expect(december.exitStatus == .done, "the same hold as last month does not fail the scheduler again")
        let report = try s.json("2026-12", "report.json")
        #expect(report["needs_attention"] as? Int == 1)
        #expect(report["new_attention"] as? Int == 0)
        let entry = try #require((report["affiliates"] as? [[String: Any]])?.first)
        #expect(entry["new_attention"] as? Bool == false)
        let status = try PayoutsBinary.run(["status"], database: s.db.name)
        #expect(status.stdout.contains("new"), "\(status.stdout)")

        // The reasons change (now also suspended): new again, exit 3.
        try s.conn.execute("update affiliates set suspended = true where id = 1")
        try s.commission(3, affiliate: 1, amount: "10", orderedAt: "2026-11-15 12:00:00+01")
        let january = try s.run("2027-01-01")
        #expect(january.newAttention == 1)
        #expect(january.exitStatus == .needsAttention)
        #expect(try s.json("2027-01", "report.json")["new_attention"] as? Int == 1)
    }

    @Test func aNewAffiliateNeedingAttentionAlertsAlongsideARepeatedOne() throws {
        let s = try Scenario()
        try s.affiliate(1, suspended: true)
        try s.commission(1, affiliate: 1, amount: "60", orderedAt: "2026-09-15 12:00:00+02")
        _ = try s.run("2026-11-01")
        try s.affiliate(2, partner: true)
        try s.commission(2, affiliate: 2, amount: "60", orderedAt: "2026-10-15 12:00:00+02")
        try s.commission(3, affiliate: 1, amount: "5", orderedAt: "2026-10-15 12:00:00+02")
        let december = try s.run("2026-12-01")
        #expect(december.needingAttention == 2)
        #expect(december.newAttention == 1)
        #expect(december.exitStatus == .needsAttention)
    }

    /// The rule's one home, `needs_new_attention`, over its cases.
    @Test func theRuleInSQL() throws {
        let s = try Scenario()
        try s.affiliate(1, partner: true)
        try s.commission(1, affiliate: 1, amount: "60", orderedAt: "2026-09-15 12:00:00+02")
        try s.run("2026-11-01")
        func new(_ affiliate: Int64, _ reasons: [String], _ asOf: String = "2026-12-01 00:00+01") throws -> Bool {
            try s.conn.queryValue("select needs_new_attention(\(affiliate), \(reasons)::text[], \(asOf)::timestamptz)", as: Bool.self)
        }
        #expect(try new(1, ["partner"]) == false, "same reasons as the previous run")
        #expect(try new(1, ["partner", "suspended"]) == true, "reasons changed")
        #expect(try new(1, ["suspended"]) == true)
        #expect(try new(2, ["partner"]) == true, "no previous run for this affiliate")
        #expect(try new(1, ["below_threshold"]) == false, "carried forward never needs attention")
        #expect(try new(1, []) == false, "paid")
        #expect(try new(1, ["partner"], "2026-11-01 00:00+01") == true, "only earlier runs count")
    }

    /// Over several runs: the rule compares with the affiliate's latest earlier entry, whether
    /// that entry needed attention or not (0017 finds the holds needing attention by their own
    /// index, then looks at the runs after the latest one).
    @Test func theRuleComparesWithTheLatestEarlierEntryAcrossRuns() throws {
        let s = try Scenario()
        try s.affiliate(1, partner: true)
        try s.affiliate(2, partner: true)
        try s.affiliate(3)
        try s.commission(1, affiliate: 1, amount: "60", orderedAt: "2026-09-15 12:00:00+02")
        try s.commission(2, affiliate: 2, amount: "60", orderedAt: "2026-09-15 12:00:00+02")
        try s.commission(3, affiliate: 3, amount: "5", orderedAt: "2026-09-15 12:00:00+02")
        try s.run("2026-11-01")  // 1 and 2 held as partners, 3 carried forward below the threshold
        // December: 1 is paid (no longer a partner); 2 has no entry (its only commission is
        // refunded within the guarantee, so voided); 3 is carried forward again.
        try s.conn.execute("update affiliates set is_partner = false where id = 1")
        try s.conn.execute("update commissions set refunded_at = '2026-09-20 12:00:00+02' where id = 2")
        try s.run("2026-12-01")
        #expect(try s.entry(1)?.status == "paid")
        #expect(try s.entry(2) == nil)
        func new(_ affiliate: Int64, _ reasons: [String], _ asOf: String) throws -> Bool {
            try s.conn.queryValue("select needs_new_attention(\(affiliate), \(reasons)::text[], \(asOf)::timestamptz)", as: Bool.self)
        }
        let january = "2027-01-01 00:00+01"
        #expect(try new(1, ["partner"], january) == true, "the latest earlier entry is December's payout, not November's hold")
        #expect(try new(1, ["partner"], "2026-12-01 00:00+01") == false, "before December, November's hold is the latest")
        #expect(try new(2, ["partner"], january) == false, "no December entry: November's hold is the latest")
        #expect(try new(2, ["partner", "suspended"], january) == true)
        #expect(try new(3, ["suspended"], january) == true, "earlier entries only carried forward")
        #expect(try new(4, ["suspended"], january) == true, "no earlier entry")
    }

    /// The lookup can read the holds needing attention through their partial index (0017): its
    /// predicate and the lookup's filter must stay the same expression. Otherwise every call
    /// (one per hold needing attention, in finish_run) would read every run's affiliates. The
    /// function's own text is planned with its parameters as values, scans discouraged (the
    /// test's tables are tiny, so the planner would scan them anyway).
    @Test func theLookupCanUseTheIndexOfHoldsNeedingAttention() throws {
        let s = try Scenario()
        let body = try s.conn.queryValue("select prosrc from pg_proc where proname = 'needs_new_attention'", as: String.self)
        let lookup = body
            .replacingOccurrences(of: "needs_new_attention.affiliate_id", with: "1::bigint")
            .replacingOccurrences(of: "needs_new_attention.reasons", with: "'{partner}'::text[]")
            .replacingOccurrences(of: "needs_new_attention.as_of", with: "'2026-12-01 00:00+01'::timestamptz")
        try s.conn.transaction(ending: .rollback) { conn in
            _ = try conn.query("select set_config('enable_seqscan', 'off', true)")
            let plan = try conn.plan(of: Query(unsafeSQL: lookup))
            #expect(plan.contains("run_affiliates_attention_idx"), "\(plan)")
            #expect(plan.contains("run_affiliates_pkey"), "the later runs probed by primary key:\n\(plan)")
        }
    }
}
