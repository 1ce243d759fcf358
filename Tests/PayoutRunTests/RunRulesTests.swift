import Foundation
import PayoutRun
import Testing

/// The rules of a run at their boundaries (SPEC-style: maturity, voiding, conversion,
/// rounding, threshold, holds), each against a real PostgreSQL.
@Suite struct RunRulesTests {
    // As-of 2026-12-01 00:00 Europe/Zurich (UTC+1 in winter).

    @Test func commissionExactlyThirtyDaysOldIsMaturedOneSecondYoungerIsNot() throws {
        let s = try Scenario()
        try s.twoAffiliates(("60", "2026-11-01 00:00:00+01"), ("60", "2026-11-01 00:00:01+01"))
        try s.run()
        #expect(try s.entry(1) == .init(status: "paid", amount: "60.00", reasons: [], commissions: 1))
        #expect(try s.entry(2) == nil)
        #expect(try s.paidCommissions() == [1])
    }

    @Test func thirtyDaysAreCalendarDaysAcrossTheOctoberDaylightSavingChange() throws {
        try Self.runAcrossTheOctoberDaylightSavingChange(try Scenario())
    }

    /// Summer time ends 2026-10-25. As-of 2026-11-01 00:00+01 minus 30 calendar days is
    /// 2026-10-02 00:00+02 — 30 days and one hour of elapsed time. Runs November on `s` and
    /// checks that exactly the commission ordered at that instant matured.
    static func runAcrossTheOctoberDaylightSavingChange(_ s: Scenario) throws {
        try s.affiliate(1)
        try s.affiliate(2)
        try s.affiliate(3)
        try s.commission(1, affiliate: 1, amount: "60", orderedAt: "2026-10-02 00:00:00+02")
        try s.commission(2, affiliate: 2, amount: "60", orderedAt: "2026-10-02 00:00:01+02")
        // 720 hours before as-of would be 2026-10-01 23:00+01 = 2026-10-02 00:00+02; an order at
        // 00:30+02 is older than 720 h at as-of minus 30 min, yet not 30 calendar days old.
        try s.commission(3, affiliate: 3, amount: "60", orderedAt: "2026-10-02 00:30:00+02")
        try s.run("2026-11-01")
        #expect(try s.entry(1, month: "2026-11")?.status == "paid")
        #expect(try s.entry(2, month: "2026-11") == nil)
        #expect(try s.entry(3, month: "2026-11") == nil)
    }

    @Test func refundOneSecondBeforeTheThirtyDayMarkVoidsAtTheMarkChangesNothing() throws {
        let s = try Scenario()
        try s.affiliate(1)
        try s.commission(1, affiliate: 1, amount: "60", orderedAt: "2026-10-10 12:00:00+02", refundedAt: "2026-11-09 11:59:59+01")
        try s.commission(2, affiliate: 1, amount: "70", orderedAt: "2026-10-10 12:00:00+02", refundedAt: "2026-11-09 12:00:00+01")
        try s.run()
        #expect(try s.voided() == [1: "refunded_within_30_days"])
        #expect(try s.entry(1) == .init(status: "paid", amount: "70.00", reasons: [], commissions: 1))
        #expect(try s.paidCommissions() == [2])
    }

    @Test func thresholdIsReachedAtFiftyNotAtFortyNineNinetyNine() throws {
        let s = try Scenario()
        try s.twoAffiliates(("49.99", "2026-10-01 12:00:00+02"), ("50.00", "2026-10-01 12:00:00+02"))
        let outcome = try s.run()
        #expect(try s.entry(1) == .init(status: "held", amount: "49.99", reasons: ["below_threshold"], commissions: 1))
        #expect(try s.entry(2) == .init(status: "paid", amount: "50.00", reasons: [], commissions: 1))
        #expect(outcome.exitStatus == .done, "below the threshold alone needs no attention")
    }

    @Test func convertedSumIsRoundedOnceHalfAwayFromZero() throws {
        let s = try Scenario()
        try s.rate("CHF", "EUR", "0.5", validFrom: "2026-11-01 00:00:00+01")
        try s.affiliate(1, currency: "EUR")
        try s.affiliate(2, currency: "EUR")
        try s.affiliate(3, currency: "EUR")
        try s.commission(1, affiliate: 1, amount: "100.01", orderedAt: "2026-10-01 12:00:00+02")   // 50.005 → 50.01
        try s.commission(2, affiliate: 2, amount: "100.009", orderedAt: "2026-10-01 12:00:00+02")  // 50.0045 → 50.00
        // Two commissions of 50.0025 EUR each: rounded once (100.005 → 100.01), not per
        // commission (50.00 + 50.00 = 100.00).
        try s.commission(3, affiliate: 3, amount: "100.005", orderedAt: "2026-10-01 12:00:00+02")
        try s.commission(4, affiliate: 3, amount: "100.005", orderedAt: "2026-10-02 12:00:00+02")
        try s.run()
        #expect(try s.entry(1)?.amount == "50.01")
        #expect(try s.entry(2)?.amount == "50.00")
        #expect(try s.entry(3)?.amount == "100.01")
    }

    @Test func rateValidExactlyAtAsOfIsUsedOneValidASecondLaterIsNot() throws {
        let s = try Scenario()
        try s.rate("EUR", "CHF", "0.90", validFrom: "2026-11-01 00:00:00+01")
        try s.rate("EUR", "CHF", "0.95", validFrom: "2026-12-01 00:00:00+01")
        try s.rate("EUR", "CHF", "2.00", validFrom: "2026-12-01 00:00:01+01")
        try s.affiliate(1)
        try s.commission(1, affiliate: 1, amount: "100", currency: "EUR", orderedAt: "2026-10-01 12:00:00+02")
        try s.run()
        #expect(try s.entry(1)?.amount == "95.00")
    }

    @Test func inverseOnlyRateIsUsedAsItsReciprocal() throws {
        // only EUR→CHF is quoted
        #expect(try payoutOf100CHFToAnEURAccount(rates: [("EUR", "CHF", "0.8", "2026-11-01 00:00:00+01")]) == "125.00")
    }

    @Test func mostRecentRateWinsWhicheverDirectionItIsQuotedIn() throws {
        #expect(try payoutOf100CHFToAnEURAccount(rates: [
            ("CHF", "EUR", "1.25", "2026-11-01 00:00:00+01"),   // older, direct
            ("EUR", "CHF", "0.5", "2026-11-15 00:00:00+01"),    // newer, inverse → 2.0
        ]) == "200.00")
    }

    /// The December payout of one matured 100 CHF commission to an EUR account, given `rates`
    /// (base, quote, rate, valid from).
    private func payoutOf100CHFToAnEURAccount(rates: [(String, String, String, String)]) throws -> String? {
        let s = try Scenario()
        for (base, quote, rate, validFrom) in rates { try s.rate(base, quote, rate, validFrom: validFrom) }
        try s.affiliate(1, currency: "EUR")
        try s.commission(1, affiliate: 1, amount: "100", currency: "CHF", orderedAt: "2026-10-01 12:00:00+02")
        try s.run()
        return try s.entry(1)?.amount
    }

    @Test func missingRateHoldsTheAffiliateWithoutAnAmountAndKeepsTheCommissions() throws {
        let s = try Scenario()
        try s.affiliate(1)
        try s.commission(1, affiliate: 1, amount: "100", currency: "GBP", orderedAt: "2026-10-01 12:00:00+02")
        try s.commission(2, affiliate: 1, amount: "100", currency: "CHF", orderedAt: "2026-10-01 12:00:00+02")
        let outcome = try s.run()
        #expect(try s.entry(1) == .init(status: "held", amount: nil, reasons: ["missing_rate"], commissions: 2))
        #expect(try s.paidCommissions().isEmpty)
        #expect(outcome.exitStatus == .needsAttention)
        // The rate arrives: next month pays both commissions.
        try s.rate("GBP", "CHF", "1.1", validFrom: "2026-12-15 00:00:00+01")
        try s.run("2027-01-01")
        #expect(try s.entry(1, month: "2027-01") == .init(status: "paid", amount: "210.00", reasons: [], commissions: 2))
    }

    @Test func negativeCorrectionIsPartOfTheBalance() throws {
        let s = try Scenario()
        try s.affiliateOne(with: ("80", "2026-10-01 12:00:00+02"), ("-25.50", "2026-10-05 12:00:00+02"))
        try s.run()
        #expect(try s.entry(1) == .init(status: "paid", amount: "54.50", reasons: [], commissions: 2))
    }

    @Test func negativeBalanceIsBelowThresholdAndCarriedForward() throws {
        let s = try Scenario()
        try s.affiliate(1)
        try s.commission(1, affiliate: 1, amount: "-30", orderedAt: "2026-10-01 12:00:00+02")
        try s.run()
        #expect(try s.entry(1) == .init(status: "held", amount: "-30.00", reasons: ["below_threshold"], commissions: 1))
    }

    @Test func excludedProductIsVoidedAndReported() throws {
        let s = try Scenario()
        try s.affiliate(1)
        try s.commission(1, affiliate: 1, amount: "60", orderedAt: "2026-10-01 12:00:00+02", product: "domain")
        try s.commission(2, affiliate: 1, amount: "60", orderedAt: "2026-10-01 12:00:00+02")
        try s.run()
        #expect(try s.voided() == [1: "excluded_product"])
        #expect(try s.entry(1)?.amount == "60.00")
        let voided = try s.json("2026-12", "report.json")["voided"] as! [[String: Any]]
        #expect(voided.count == 1)
        #expect(voided.first?["reason"] as? String == "excluded_product")
        #expect(voided.first?["affiliate_id"] as? Int == 1)
    }

    @Test func partnerAndSuspendedAffiliatesAreHeldForAttention() throws {
        let s = try Scenario()
        try s.affiliate(1, partner: true)
        try s.affiliate(2, suspended: true)
        try s.affiliate(3, partner: true, suspended: true)
        for id in Int64(1)...3 { try s.commission(id, affiliate: id, amount: "60", orderedAt: "2026-10-01 12:00:00+02") }
        let outcome = try s.run()
        #expect(try s.entry(1)?.reasons == ["partner"])
        #expect(try s.entry(2)?.reasons == ["suspended"])
        #expect(try s.entry(3)?.reasons == ["partner", "suspended"])
        #expect(outcome.needingAttention == 3)
        #expect(outcome.exitStatus == .needsAttention)
        #expect(try s.paidCommissions().isEmpty)
    }

    @Test func invalidIBANIsHeldMessyButValidIBANIsPaid() throws {
        let s = try Scenario()
        try s.affiliate(1, iban: " ch93 0076 2011 6238 5295 7 ")   // spaces, lower case
        try s.affiliate(2, iban: "CH93 0076 2011 6238 5295 8")     // check digits wrong
        try s.affiliate(3, iban: "CH93 0076 2011 6238 5295")       // too short
        try s.affiliate(4, iban: nil)
        for id in Int64(1)...4 { try s.commission(id, affiliate: id, amount: "60", orderedAt: "2026-10-01 12:00:00+02") }
        try s.run()
        #expect(try s.entry(1)?.status == "paid")
        #expect(try s.entry(2)?.reasons == ["invalid_iban"])
        #expect(try s.entry(3)?.reasons == ["invalid_iban"])
        #expect(try s.entry(4)?.reasons == ["missing_payout_details"])
    }

    @Test func everyApplicableReasonIsListedInStableOrder() throws {
        let s = try Scenario()
        try s.affiliate(1, iban: "CH00 0000", town: nil, partner: true, suspended: true)
        try s.commission(1, affiliate: 1, amount: "10", orderedAt: "2026-10-01 12:00:00+02")
        try s.affiliate(2, method: "paypal", email: "not an email")
        try s.commission(2, affiliate: 2, amount: "60", orderedAt: "2026-10-01 12:00:00+02")
        try s.affiliate(3, currency: "USD", method: "iban")
        try s.commission(3, affiliate: 3, amount: "60", currency: "USD", orderedAt: "2026-10-01 12:00:00+02")
        try s.run()
        #expect(try s.entry(1)?.reasons == ["below_threshold", "partner", "suspended", "invalid_iban", "incomplete_address"])
        #expect(try s.entry(2)?.reasons == ["invalid_paypal_receiver"])
        #expect(try s.entry(3)?.reasons == ["no_debtor_account", "no_threshold"])
    }

    @Test func belowThresholdBalanceCarriesForwardAndIsPaidWhenItReachesTheThreshold() throws {
        let s = try Scenario()
        try s.affiliateOne(with: ("30", "2026-10-01 12:00:00+02"), ("30", "2026-10-20 12:00:00+02"))
        try s.run("2026-11-01")
        #expect(try s.entry(1, month: "2026-11") == .init(status: "held", amount: "30.00", reasons: ["below_threshold"], commissions: 1))
        try s.run("2026-12-01")
        #expect(try s.entry(1, month: "2026-12") == .init(status: "paid", amount: "60.00", reasons: [], commissions: 2))
        #expect(try s.paidCommissions() == [1, 2])
    }

    @Test func fixedIBANIsPaidTheNextMonth() throws {
        let s = try Scenario()
        try s.affiliate(1, iban: "CH93 0076 2011 6238 5295 8")
        try s.commission(1, affiliate: 1, amount: "60", orderedAt: "2026-10-01 12:00:00+02")
        try s.run("2026-11-01")
        #expect(try s.entry(1, month: "2026-11")?.reasons == ["invalid_iban"])
        try s.conn.execute("update affiliates set iban = \(Scenario.chIBAN) where id = 1")
        try s.run("2026-12-01")
        #expect(try s.entry(1, month: "2026-12")?.status == "paid")
        #expect(try s.paidCommissions() == [1])
    }

    @Test func missedMonthsAreCaughtUpInOneRun() throws {
        let s = try Scenario()
        try s.affiliateOne(with: ("60", "2026-08-01 12:00:00+02"), ("60", "2026-09-15 12:00:00+02"), ("60", "2026-10-20 12:00:00+02"))
        try s.run("2026-12-01")   // no run for September to November
        #expect(try s.entry(1) == .init(status: "paid", amount: "180.00", reasons: [], commissions: 3))
    }

    @Test func runEarlierThanTheLatestCommittedRunIsRefused() throws {
        let s = try Scenario()
        try s.run("2026-12-01")
        #expect(throws: JobError.self) { try s.run("2026-11-01") }
        do {
            try s.run("2026-11-01")
        } catch let error as JobError {
            #expect(error.status == .usage)
        }
    }
}

