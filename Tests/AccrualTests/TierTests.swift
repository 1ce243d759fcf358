import Foundation
import Testing

/// The rate from cumulative validated earnings: every tier boundary, the 30-day validation
/// lag, refunds, currencies, upstream commissions and daylight saving.
@Suite struct TierTests {
    /// One affiliate per case: earlier upstream commissions, then an order of a new customer.
    private func rateAfter(_ s: AccrualScenario, affiliate: Int64, currency: String = "CHF",
                           commissions: [(amount: String, currency: String, refundedAt: String?, product: String)],
                           orderAt: String = "2026-03-01 10:05:00+01") throws -> AccrualScenario.Decision? {
        try s.affiliate(affiliate, currency: currency)
        for (index, c) in commissions.enumerated() {
            try s.commission(affiliate * 100 + Int64(index), affiliate: affiliate, amount: c.amount, currency: c.currency,
                                     orderedAt: "2026-01-10 12:00:00+01", refundedAt: c.refundedAt, product: c.product)
        }
        try s.referred(affiliate, by: affiliate, createdAt: "2026-03-01 10:00:00+01")
        try s.order(affiliate, customer: affiliate, at: orderAt)
        try s.accrue()
        return try s.decision(affiliate)
    }

    private func earned(_ amount: String, _ currency: String = "CHF") -> [(amount: String, currency: String, refundedAt: String?, product: String)] {
        [(amount, currency, nil, "ksuite")]
    }

    @Test func eachTierBoundaryIsReachedAtItsMinimum() throws {
        let s = try AccrualScenario()
        let cases: [(Int64, String, String)] = [
            (1, "0", "0.25"), (2, "49.99", "0.25"), (3, "50.00", "0.30"), (4, "999.9999", "0.30"),
            (5, "1000.00", "0.35"), (6, "19999.99", "0.35"), (7, "20000.00", "0.50"), (8, "250000.00", "0.50"),
            (9, "-10.00", "0.25"),  // a correction below zero: the base tier
        ]
        for (affiliate, earnings, rate) in cases {
            let decision = try rateAfter(s, affiliate: affiliate, commissions: earned(earnings))
            #expect(decision?.rate == rate, "earnings \(earnings)")
            #expect(decision?.reason == nil)
        }
        // the upstream commissions have no order behind them and still count
        #expect(try s.decision(7)?.earnings == "20000.0000")
        #expect(try s.decision(7)?.amount == "50.0000", "100.00 × 50%")
    }

    @Test func refundedWithinThirtyDaysOrExcludedEarningsDoNotCountButALaterRefundDoes() throws {
        let s = try AccrualScenario()
        let refundedInside = try rateAfter(s, affiliate: 1, commissions: [("5000.00", "CHF", "2026-02-09 11:59:59+01", "ksuite")])
        #expect(refundedInside?.rate == "0.25")
        #expect(refundedInside?.earnings == "0")
        let refundedAfter = try rateAfter(s, affiliate: 2, commissions: [("5000.00", "CHF", "2026-02-09 12:00:00+01", "ksuite")])
        #expect(refundedAfter?.rate == "0.35", "refunded when the 30 days were over: no claw-back")
        let excluded = try rateAfter(s, affiliate: 3, commissions: [("5000.00", "CHF", nil, "domain")])
        #expect(excluded?.rate == "0.25")
    }

    @Test func anOrderTwentyNineDaysAfterBigEarningsHasTheLowerRateAndThirtyDaysTheHigher() throws {
        let s = try AccrualScenario()
        try s.affiliate(1)
        try s.referred(1, by: 1, createdAt: "2026-01-15 10:00:00+01")
        try s.order(1, customer: 1, at: "2026-01-15 10:00:00+01", amount: "100000.00")  // 25,000 at 25%
        try s.order(2, customer: 1, at: "2026-02-13 10:00:00+01", atSignup: false)      // 29 days later
        try s.order(3, customer: 1, at: "2026-02-14 09:59:59+01", atSignup: false)      // one second short of 30
        try s.order(4, customer: 1, at: "2026-02-14 10:00:00+01", atSignup: false)      // 30 days later
        try s.order(5, customer: 1, at: "2026-06-14 10:00:00+02", atSignup: false)
        // One accrual over several windows: the later orders depend on the first one's commission.
        let outcome = try s.accrue(until: "2026-07-01")
        #expect(outcome.windows > 1)
        #expect(try s.decision(1)?.amount == "25000.0000")
        #expect(try s.rate(2) == "0.25")
        #expect(try s.rate(3) == "0.25")
        #expect(try s.decision(4)?.rate == "0.50")
        #expect(try s.decision(4)?.earnings == "25000.0000")
        // 25,000 + 25 + 25 + 50 by June
        #expect(try s.decision(5)?.earnings == "25100.0000")
    }

    @Test func anAccruedCommissionWhoseOrderIsRefundedWithinThirtyDaysStopsCountingEvenWhenTheRefundComesLate() throws {
        let s = try AccrualScenario()
        try s.affiliate(1)
        try s.referred(1, by: 1, createdAt: "2026-01-15 10:00:00+01")
        try s.order(1, customer: 1, at: "2026-01-15 10:00:00+01", amount: "100000.00")
        try s.accrue(until: "2026-01-16")
        // upstream records the refund on the order after the commission was accrued
        try s.conn.execute("update orders set refunded_at = '2026-01-20 10:00:00+01' where id = 1")
        let view = try #require(try s.conn.queryOne("""
            select refunded_at = '2026-01-20 10:00:00+01' as refunded from commissions_with_order_refunds
            where id = 9000000000000000001
            """))
        #expect(try view.decode(Bool.self, "refunded"), "the run's void rule sees the order's refund")
        try s.order(2, customer: 1, at: "2026-02-20 10:00:00+01", atSignup: false)
        try s.accrue(until: "2026-03-01")
        #expect(try s.rate(2) == "0.25")
        #expect(try s.decision(2)?.earnings == "0")
    }

    @Test func earningsInOtherCurrenciesAreConvertedAtTheOrdersInstantInEitherDirection() throws {
        let s = try AccrualScenario()
        try s.rate("EUR", "CHF", "0.95", validFrom: "2025-01-01 00:00:00+01")
        try s.rate("EUR", "CHF", "1.00", validFrom: "2026-03-05 00:00:00+01")
        // CHF account with EUR earnings: 1000 EUR × 0.95 then × 1.00
        try s.affiliate(1)
        try s.commission(100, affiliate: 1, amount: "1000.00", currency: "EUR", orderedAt: "2026-01-10 12:00:00+01")
        try s.referred(1, by: 1, createdAt: "2026-03-01 10:00:00+01")
        try s.order(1, customer: 1, at: "2026-03-01 10:05:00+01", currency: "EUR")
        try s.order(2, customer: 1, at: "2026-03-10 10:05:00+01", atSignup: false)
        // EUR account with CHF earnings: only EUR→CHF is quoted, used as 1/rate: 50 / 1.00
        try s.affiliate(2, currency: "EUR")
        try s.commission(200, affiliate: 2, amount: "50.00", currency: "CHF", orderedAt: "2026-01-10 12:00:00+01")
        try s.referred(2, by: 2, createdAt: "2026-03-10 10:00:00+01")
        try s.order(3, customer: 2, at: "2026-03-10 10:05:00+01")
        // 47.50 CHF / 0.95 = 50 EUR exactly, at the older rate
        try s.affiliate(3, currency: "EUR")
        try s.commission(300, affiliate: 3, amount: "47.50", currency: "CHF", orderedAt: "2026-01-10 12:00:00+01")
        try s.commission(301, affiliate: 3, amount: "47.49", currency: "CHF", orderedAt: "2026-01-10 12:00:00+01",
                                 refundedAt: "2026-01-11 12:00:00+01")
        try s.referred(3, by: 3, createdAt: "2026-03-01 10:00:00+01")
        try s.order(4, customer: 3, at: "2026-03-01 10:05:00+01")
        // no rate at all for GBP: those earnings do not count yet
        try s.affiliate(4)
        try s.commission(400, affiliate: 4, amount: "5000.00", currency: "GBP", orderedAt: "2026-01-10 12:00:00+01")
        try s.commission(401, affiliate: 4, amount: "60.00", orderedAt: "2026-01-10 12:00:00+01")
        try s.referred(4, by: 4, createdAt: "2026-03-01 10:00:00+01")
        try s.order(5, customer: 4, at: "2026-03-01 10:05:00+01")
        try s.accrue()

        #expect(try s.decision(1)?.earnings.flatMap { Decimal(string: $0) } == 950)
        #expect(try s.rate(1) == "0.30")
        let commission = try #require(try s.conn.queryOne("select amount::text as amount, currency from commissions where accrued_order_id = 1"))
        #expect(try commission.decode(String.self, "currency") == "EUR", "in the order's currency")
        #expect(try commission.decode(String.self, "amount") == "30.0000")
        #expect(try s.decision(2)?.rate == "0.35", "the newer rate makes it 1000.00")
        let inverse = try #require(try s.decision(3))
        #expect(inverse.rate == "0.30")
        #expect(inverse.earnings.flatMap { Decimal(string: $0) } == 50)
        #expect(try s.decision(4)?.rate == "0.30")
        #expect(try s.decision(5)?.earnings == "60.0000")
        #expect(try s.rate(5) == "0.30")
    }

    @Test func theThirtyDaysOfValidationAreCalendarDaysAcrossTheSpringDaylightSavingChange() throws {
        let s = try AccrualScenario()
        try s.affiliate(1)
        try s.commission(100, affiliate: 1, amount: "1000.00", orderedAt: "2026-03-10 12:00:00+01")
        try s.referred(1, by: 1, createdAt: "2026-04-01 10:00:00+02")
        try s.order(1, customer: 1, at: "2026-04-01 10:00:00+02")
        try s.order(2, customer: 1, at: "2026-04-09 11:59:59+02", atSignup: false)
        // validated at 12:00 local on 9 April, one hour before 30 × 24 hours have passed
        try s.order(3, customer: 1, at: "2026-04-09 12:00:00+02", atSignup: false)
        try s.order(4, customer: 1, at: "2026-04-09 12:30:00+02", atSignup: false)
        try s.accrue(until: "2026-05-01")
        #expect(try s.rate(2) == "0.25")
        #expect(try s.rate(3) == "0.35")
        #expect(try s.rate(4) == "0.35")
    }
}
