import Foundation
@testable import PayoutCore
import Testing

/// The country of a creditor address: ISO 3166 alpha-2, upper case, spaces around ignored.
@Suite struct PostalAddressTests {
    @Test func countryCodeIsTwoLettersInUpperCase() {
        #expect(PostalAddress.countryCode("CH") == "CH")
        #expect(PostalAddress.countryCode(" ch ") == "CH")
        #expect(PostalAddress.countryCode("De") == "DE")
        #expect(PostalAddress.countryCode(" xk") == "XK")
        for refused in ["", "C", "CHE", "C H", "1H", "ÇH", "CH\u{0}", "UK", "XX", "EU", nil] as [String?] {
            #expect(PostalAddress.countryCode(refused) == nil, "\(String(describing: refused))")
        }
        // Every pair of ASCII bytes: the two-capitals shortcut agrees with trimming and
        // upper-casing (assigned upper-case pairs pass, everything else goes the long way).
        for a in 0..<128 {
            for b in 0..<128 {
                let text = String(decoding: [UInt8(a), UInt8(b)], as: UTF8.self)
                let expected = text.trimmingCharacters(in: .whitespaces).uppercased()
                let valid = PostalAddress.countries.contains(expected)
                #expect(PostalAddress.countryCode(text) == (valid ? expected : nil), "\(text.debugDescription)")
            }
        }
    }
}

/// A company account is usable only if the pain.001 writer can write its name: the check and
/// the writer make the name field the same way.
@Suite struct DebtorAccountCheckTests {
    private let address = PostalAddress(town: "Carouge", country: "CH")

    @Test func aNameTheBankFieldLeavesEmptyMakesTheAccountUnusable() {
        #expect(DebtorAccountCheck.problems(name: "Example Hosting SA", iban: "CH9300762011623852957", bic: "UBSWCHZH80A",
                                            address: address).isEmpty)
        for name in ["/", "//", " / ", "", "日本", nil] as [String?] {
            #expect(DebtorAccountCheck.problems(name: name, iban: "CH9300762011623852957", bic: "UBSWCHZH80A", address: address)
                    == ["no name in Latin characters"], "\(String(describing: name))")
            #expect(SEPAText.field(name, maxLength: SEPAText.nameLength) == nil)
        }
    }
}
