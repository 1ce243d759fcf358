import Foundation
@testable import PayoutCore
import Testing

/// The country of a creditor address: ISO 3166 alpha-2, upper case, spaces around ignored.
@Suite struct PostalAddressTests {
    @Test func countryCodeIsTwoLettersInUpperCase() {
        #expect(PostalAddress.countryCode("CH") == "CH")
        #expect(PostalAddress.countryCode(" ch ") == "CH")
        #expect(PostalAddress.countryCode("De") == "DE")
        for refused in ["", "C", "CHE", "C H", "1H", "ÇH", "CH\u{0}", nil] as [String?] {
            #expect(PostalAddress.countryCode(refused) == nil, "\(String(describing: refused))")
        }
        // Every pair of ASCII bytes: the two-capitals shortcut agrees with trimming and
        // upper-casing (upper-case pairs pass, everything else goes the long way).
        for a in 0..<128 {
            for b in 0..<128 {
                let text = String(decoding: [UInt8(a), UInt8(b)], as: UTF8.self)
                let expected = text.trimmingCharacters(in: .whitespaces).uppercased()
                let valid = expected.utf8.count == 2 && expected.utf8.allSatisfy { $0 >= 65 && $0 <= 90 }
                #expect(PostalAddress.countryCode(text) == (valid ? expected : nil), "\(text.debugDescription)")
            }
        }
    }
}
