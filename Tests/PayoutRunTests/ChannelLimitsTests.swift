import Foundation
import PayoutRun
import Postgres
import Testing
import TestSupport

/// Issue 13: a payout above its channel's limit (`channel_limits`, migration 0010) is held with
/// `amount_out_of_range` before the commit, never paid and then refused by PayPal.
@Suite struct ChannelLimitsTests {
    /// The seeded CHF PayPal limit is 10,000.00: one payout at it is paid, one a cent above is
    /// held; a bank transfer of the same amount has no such limit and is paid.
    @Test func aPayPalPayoutAboveItsLimitIsHeldAndOneAtTheLimitIsPaid() throws {
        let s = try Scenario()
        #expect(try s.conn.queryValue("select max_payout::text from channel_limits where method = 'paypal' and currency = 'CHF'",
                                      as: String.self) == "10000.0000")
        try s.affiliate(1, method: "paypal", email: "at@example.com")
        try s.affiliate(2, method: "paypal", email: "above@example.com")
        try s.affiliate(3)
        try s.commission(1, affiliate: 1, amount: "10000.00", orderedAt: "2026-10-15 12:00:00+02")
        try s.commission(2, affiliate: 2, amount: "10000.01", orderedAt: "2026-10-15 12:00:00+02")
        try s.commission(3, affiliate: 3, amount: "10000.01", orderedAt: "2026-10-15 12:00:00+02")
        let outcome = try s.run()
        #expect(outcome.paid == 2)
        #expect(outcome.held == 1)
        #expect(try s.entry(1)?.status == "paid")
        #expect(try s.entry(2)?.reasons == ["amount_out_of_range"])
        #expect(try s.entry(3)?.status == "paid")
        #expect(try s.paidCommissions() == [1, 3], "the held payout's commission stays open")
        #expect(try s.conn.queryValue("select count(*) from payout_runs where exported_at is null", as: Int.self) == 0)
        let items = try #require(try s.json("2026-12", "paypal-CHF-001.json")["items"] as? [[String: Any]])
        #expect(items.count == 1)
        #expect((items.first?["amount"] as? [String: Any])?["value"] as? String == "10000.00")
        let problems = try BankFileOracles.problems(pain001: s.out.appendingPathComponent("2026-12/iban-CHF.xml").path)
        #expect(problems.isEmpty, "\(problems)")
    }

    /// A total limit set by finance holds the largest payouts that would take the run's total
    /// in that channel and currency beyond it.
    @Test func aRunTotalLimitHoldsTheLargestPayoutsBeyondIt() throws {
        let s = try Scenario()
        try s.conn.execute("update channel_limits set max_run_total = 250 where method = 'paypal' and currency = 'CHF'")
        for (id, amount) in [(Int64(1), "100"), (2, "150"), (3, "120")] {
            try s.affiliate(id, method: "paypal", email: "a\(id)@example.com")
            try s.commission(id, affiliate: id, amount: amount, orderedAt: "2026-10-15 12:00:00+02")
        }
        let outcome = try s.run()
        // Smallest first: 100 + 120 = 220 fits, adding 150 would make 370.
        #expect(outcome.paid == 2)
        #expect(try s.entry(2)?.reasons == ["amount_out_of_range"])
        #expect(try s.paidCommissions() == [1, 3])
    }
}
