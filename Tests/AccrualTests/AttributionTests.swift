import Foundation
import Testing

/// Attribution and the reasons of an unaccounted commission, each at least once and in the
/// program's order (the first that applies wins), on a real PostgreSQL.
@Suite struct AttributionTests {
    @Test func eachReasonAppliesAndTheFirstOneInTheProgramsOrderWins() throws {
        let s = try AccrualScenario()
        try s.affiliate(1, user: 500, knownIPs: "{198.51.100.0/24}")
        try s.affiliate(2, user: 600, partner: true)
        let created = "2026-03-01 10:00:00+01", at = "2026-03-01 10:05:00+01"
        // no click: no cookie at all, or a cookie nobody clicked with
        try s.customer(1, createdAt: created, visitor: nil, user: 500)
        try s.order(1, customer: 1, at: at)
        try s.customer(2, createdAt: created, visitor: "never-clicked")
        try s.order(2, customer: 2, at: at)
        // partner, although the account is also the partner's own
        try s.click(3, affiliate: 2, visitor: "v3", at: "2026-02-27 10:00:00+01")
        try s.customer(3, createdAt: created, visitor: "v3", user: 600)
        try s.order(3, customer: 3, at: at)
        // self-referral by user, although also managed by an existing user
        try s.referred(4, by: 1, createdAt: created)
        try s.conn.execute("update customers set user_id = 500, managed_by_existing_user = true where id = 4")
        try s.order(4, customer: 4, at: at)
        // self-referral by a sign-up address inside a known network
        try s.referred(5, by: 1, createdAt: created)
        try s.conn.execute("update customers set signup_ip = '198.51.100.7' where id = 5")
        try s.order(5, customer: 5, at: at)
        // managed by an existing user, although ordered by the affiliate
        try s.referred(6, by: 1, createdAt: created)
        try s.conn.execute("update customers set managed_by_existing_user = true where id = 6")
        try s.order(6, customer: 6, at: at, orderedBy: 500)
        // ordered by the affiliate, although from its premises
        try s.referred(7, by: 1, createdAt: created)
        try s.order(7, customer: 7, at: at, orderedBy: 500, ip: "198.51.100.9")
        // premises, although nothing was ordered at sign-up
        try s.referred(8, by: 1, createdAt: created)
        try s.order(8, customer: 8, at: at, atSignup: false, ip: "198.51.100.9")
        // nothing ordered at sign-up, although the product is excluded
        try s.referred(9, by: 1, createdAt: created)
        try s.order(9, customer: 9, at: at, product: "domain", atSignup: false)
        // more than a year after the account, although the product is excluded
        try s.referred(10, by: 1, createdAt: "2025-02-01 10:00:00+01")
        try s.order(110, customer: 10, at: "2025-02-01 10:05:00+01")
        try s.order(10, customer: 10, at: at, product: "domain", atSignup: false)
        // excluded product
        try s.referred(11, by: 1, createdAt: created)
        try s.order(11, customer: 11, at: at, product: "domain")
        // none applies: a commission
        try s.referred(12, by: 1, createdAt: created)
        try s.order(12, customer: 12, at: at)

        let outcome = try s.accrue()
        #expect(outcome.orders == 13)
        #expect(outcome.commissions == 2)
        let expected: [Int64: String?] = [
            1: "no_click", 2: "no_click", 3: "partner", 4: "self_referral", 5: "self_referral",
            6: "managed_by_existing_user", 7: "ordered_by_affiliate", 8: "affiliate_premises",
            9: "not_ordered_at_signup", 10: "outside_one_year", 11: "excluded_product", 12: nil, 110: nil,
        ]
        for (order, reason) in expected {
            let decision = try #require(try s.decision(order), "order \(order) has no decision")
            #expect(decision.reason == reason, "order \(order)")
        }
        let commission = try #require(try s.decision(12))
        #expect(commission.amount == "25.0000")
        #expect(commission.rate == "0.25")
        #expect(commission.click == 12)
        #expect(commission.affiliate == 1)
        #expect(try s.decision(3)?.affiliate == 2, "a reason still records the attributed affiliate")
        #expect(try s.decision(1)?.click == nil)
    }

    @Test func theCommissionCarriesTheOrdersNumberCurrencyAndRefundWithAReservedId() throws {
        let s = try AccrualScenario()
        try s.affiliate(1)
        try s.referred(1, by: 1, createdAt: "2026-03-01 10:00:00+01")
        try s.order(77, customer: 1, at: "2026-03-01 10:05:00+01", amount: "123.45", currency: "EUR",
                    refundedAt: "2026-03-05 09:00:00+01")
        try s.accrue()
        let row = try #require(try s.conn.queryOne("""
            select id, affiliate_id, order_ref, product, amount::text as amount, currency, refunded_at = '2026-03-05 09:00:00+01' as refunded,
                   accrued_order_id from commissions
            """))
        #expect(try row.decode(Int64.self, "id") == 9_000_000_000_000_000_077)
        #expect(try row.decode(Int64.self, "accrued_order_id") == 77)
        #expect(try row.decode(String.self, "order_ref") == "ORD-77")
        #expect(try row.decode(String.self, "amount") == "30.8625", "123.45 × 25%, exact")
        #expect(try row.decode(String.self, "currency") == "EUR")
        #expect(try row.decode(Bool.self, "refunded"))
    }

    @Test func theClickWindowIsThirtyCalendarDaysUpToTheAccountsCreationAcrossDaylightSaving() throws {
        let s = try AccrualScenario()
        try s.affiliate(1)
        // Created on 10 April (summer time); 30 calendar days earlier is 11 March (winter
        // time), 12:00 local, which is 30 × 24 + 1 hours earlier.
        let created = "2026-04-10 12:00:00+02"
        let clicks: [(Int64, String)] = [
            (1, "2026-03-11 12:00:00+01"),  // exactly 30 days: outside
            (2, "2026-03-11 12:00:01+01"),  // one second inside
            (3, "2026-03-11 11:30:00+01"),  // outside by calendar days, inside by 720 hours
            (4, created),                   // at the creation: inside
            (5, "2026-04-10 12:00:01+02"),  // after the creation: outside
        ]
        for (id, at) in clicks {
            try s.click(id, affiliate: 1, visitor: "v\(id)", at: at)
            try s.customer(id, createdAt: created, visitor: "v\(id)")
            try s.order(id, customer: id, at: "2026-04-10 12:10:00+02")
        }
        try s.accrue()
        #expect(try s.reason(1) == "no_click")
        #expect(try s.decision(2)?.click == 2)
        #expect(try s.reason(2) == nil)
        #expect(try s.reason(3) == "no_click")
        #expect(try s.reason(4) == nil)
        #expect(try s.reason(5) == "no_click")
    }

    @Test func theLastClickBeforeTheAccountWins() throws {
        let s = try AccrualScenario()
        try s.affiliate(1)
        try s.affiliate(2)
        let created = "2026-05-20 10:00:00+02"
        try s.click(1, affiliate: 1, visitor: "shared", at: "2026-05-01 10:00:00+02")
        try s.click(2, affiliate: 2, visitor: "shared", at: "2026-05-18 10:00:00+02")
        try s.click(3, affiliate: 1, visitor: "shared", at: "2026-05-20 11:00:00+02")  // after the account
        try s.customer(1, createdAt: created, visitor: "shared")
        try s.order(1, customer: 1, at: "2026-05-20 10:01:00+02")
        try s.accrue()
        let decision = try #require(try s.decision(1))
        #expect(decision.click == 2)
        #expect(decision.affiliate == 2)
        #expect(decision.reason == nil)
    }

    @Test func commissionsRunForOneYearFromTheAccountsCreation() throws {
        let s = try AccrualScenario()
        try s.affiliate(1)
        try s.referred(1, by: 1, createdAt: "2025-06-01 10:00:00+02")
        try s.order(1, customer: 1, at: "2025-06-01 10:00:00+02")
        try s.order(2, customer: 1, at: "2026-06-01 09:59:59+02", atSignup: false)
        try s.order(3, customer: 1, at: "2026-06-01 10:00:00+02", atSignup: false)
        try s.accrue()
        #expect(try s.reason(1) == nil)
        #expect(try s.reason(2) == nil, "one second before the first anniversary: a renewal still counts")
        #expect(try s.reason(3) == "outside_one_year")
    }
}
