import Foundation
import Testing
@testable import PayoutCore

@Suite struct HoldReasonTests {
    /// The raw values are stored in the database; this list is the contract.
    static let contract = [
        "below_threshold", "partner", "suspended", "missing_rate", "missing_payout_details",
        "invalid_iban", "invalid_paypal_receiver", "invalid_prepaid_account", "no_debtor_account", "no_threshold", "incomplete_address",
        "payout_returned",
        "amount_out_of_range",
    ]

    @Test func rawValuesAreExactlyTheContractInDeclarationOrder() {
        #expect(HoldReason.allCases.map(\.rawValue) == Self.contract)
    }

    @Test(arguments: contract)
    func roundTripsThroughRawValue(raw: String) throws {
        let reason = try #require(HoldReason(rawValue: raw))
        #expect(reason.rawValue == raw)
    }

    @Test func unknownRawValuesAreRejected() {
        #expect(HoldReason(rawValue: "BELOW_THRESHOLD") == nil)
        #expect(HoldReason(rawValue: "invalidIBAN") == nil)
        #expect(HoldReason(rawValue: "") == nil)
    }

    @Test func onlyBelowThresholdNeedsNoAttention() {
        for reason in HoldReason.allCases {
            #expect(reason.needsAttention == (reason.rawValue != "below_threshold"), "\(reason)")
        }
    }

    @Test func needsAttentionOverSequences() {
        #expect(!HoldReason.needsAttention([HoldReason]()))
        #expect(!HoldReason.needsAttention([.belowThreshold]))
        #expect(!HoldReason.needsAttention([.belowThreshold, .belowThreshold]))
        #expect(HoldReason.needsAttention([.belowThreshold, .incompleteAddress]))
        #expect(HoldReason.needsAttention(Set([.partner])))
        #expect(HoldReason.needsAttention(HoldReason.allCases.lazy.filter { $0 == .noThreshold }))
    }

    @Test func orderingIsDeclarationOrderNotAlphabetical() {
        let shuffled: [HoldReason] = [.incompleteAddress, .partner, .belowThreshold, .invalidIBAN, .missingRate]
        #expect(shuffled.sorted() == [.belowThreshold, .partner, .missingRate, .invalidIBAN, .incompleteAddress])
        // Alphabetically "incomplete_address" < "partner"; declaration order says otherwise.
        #expect(HoldReason.partner < .incompleteAddress)
        #expect(!(HoldReason.suspended < .suspended))
        for (i, a) in HoldReason.allCases.enumerated() {
            for (j, b) in HoldReason.allCases.enumerated() {
                #expect((a < b) == (i < j))
            }
        }
    }

    @Test func codableUsesRawValues() throws {
        let data = try JSONEncoder().encode([HoldReason.invalidPayPalReceiver, .noDebtorAccount])
        #expect(String(decoding: data, as: UTF8.self) == #"["invalid_paypal_receiver","no_debtor_account"]"#)
        let decoded = try JSONDecoder().decode([HoldReason].self, from: Data(#"["missing_payout_details"]"#.utf8))
        #expect(decoded == [.missingPayoutDetails])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([HoldReason].self, from: Data(#"["nope"]"#.utf8))
        }
    }

    @Test func payoutMethodRawValues() {
        #expect(PayoutMethod.allCases.map(\.rawValue) == ["prepaid", "paypal", "iban"])
        #expect(PayoutMethod(rawValue: "IBAN") == nil)
    }
}
