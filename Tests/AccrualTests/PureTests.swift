import Accrual
import Foundation
import Testing

/// The pure parts: the `--until` instant, the reasons' order and words, the rendering.
@Suite struct PureTests {
    private let zurich = TimeZone(identifier: "Europe/Zurich")!

    @Test func untilIsADayAtMidnightInTheProgramsZoneOrATimestampWithOffset() throws {
        let day = try AccrualInstant.parse("2026-07-01", timeZone: zurich)
        #expect(day == Date(timeIntervalSince1970: 1_782_856_800))  // 2026-06-30T22:00:00Z
        let instant = try AccrualInstant.parse("2026-11-30T18:00:00+01:00", timeZone: zurich)
        #expect(instant == Date(timeIntervalSince1970: 1_796_058_000))
        #expect(try AccrualInstant.parse("2026-11-30T17:00:00Z", timeZone: zurich) == instant)
        #expect(throws: AccrualInstant.ParseError.self) { try AccrualInstant.parse("2026-02-30", timeZone: zurich) }
        #expect(throws: AccrualInstant.ParseError.self) { try AccrualInstant.parse("2026-11-30T18:00:00", timeZone: zurich) }
        #expect(throws: AccrualInstant.ParseError.self) { try AccrualInstant.parse("yesterday", timeZone: zurich) }
    }

    @Test func reasonsAreInTheProgramsOrderAndSayWhyInWords() {
        #expect(UnaccountedReason.allCases.map(\.rawValue) == [
            "no_click", "partner", "self_referral", "managed_by_existing_user", "ordered_by_affiliate",
            "affiliate_premises", "not_ordered_at_signup", "outside_one_year", "excluded_product",
        ])
        for reason in UnaccountedReason.allCases {
            #expect(reason.words.count > 30)
            #expect(!reason.words.contains("_"))
        }
    }

    @Test func anUndecidedOrderSaysItWaits() {
        let text = DecisionExplanation(
            orderRef: "A-1", product: "vps", amount: 10, currency: "EUR", orderedAt: "2026-11-29 10:00:00 CET",
            refundedAt: nil, guaranteeEndsAt: "2026-12-29 10:00:00 CET", accountCreatedAt: "2026-11-29 09:00:00 CET",
            clickWindowStartsAt: "2026-10-30 09:00:00 CET", oneYearEndsAt: "2027-11-29 09:00:00 CET").render()
        #expect(text == "Order A-1: vps, EUR 10.00, placed 2026-11-29 10:00:00 CET.\nNot decided yet: the next accrual (`payouts accrue`) decides it. Nothing is final until then.")
    }
}
