import Foundation
import Testing
@testable import PayoutCore

/// Computes IBAN check digits differently from the implementation: the whole rearranged
/// number as a digit string, reduced nine digits at a time with 64-bit arithmetic.
enum ReferenceIBAN {
    static func numeric(_ s: String) -> String {
        s.map { ch in
            if let digit = ch.wholeNumberValue { return String(digit) }
            // A=10 ... Z=35
            return String(Int(ch.asciiValue!) - 55)
        }.joined()
    }

    static func mod97(_ digits: String) -> UInt64 {
        var remainder: UInt64 = 0
        var rest = Substring(digits)
        while !rest.isEmpty {
            let chunk = rest.prefix(9)
            rest = rest.dropFirst(9)
            remainder = UInt64(String(remainder) + chunk)! % 97
        }
        return remainder
    }

    /// A valid IBAN for `country` and `bban`.
    static func make(_ country: String, _ bban: String) -> String {
        let check = 98 - mod97(numeric(bban + country + "00"))
        return country + (check < 10 ? "0" : "") + String(check) + bban
    }

    static func isValidChecksum(_ iban: String) -> Bool {
        mod97(numeric(String(iban.dropFirst(4)) + iban.prefix(4))) == 1
    }
}

@Suite struct IBANTests {
    static let published = [
        "CH93 0076 2011 6238 5295 7",
        "DE89 3704 0044 0532 0130 00",
        "GB82 WEST 1234 5698 7654 32",
        "FR14 2004 1010 0505 0001 3M02 606",
        "AT61 1904 3002 3457 3201",
        "BE68 5390 0754 7034",
        "NL91 ABNA 0417 1643 00",
        "IT60 X054 2811 1010 0000 0123 456",
        "ES91 2100 0418 4502 0005 1332",
        "LI21 0881 0000 2324 013A A",
        "LU28 0019 4006 4475 0000",
        "NO93 8601 1117 947",
        "MT84 MALT 0110 0001 2345 MTLC AST0 01S",
    ]

    @Test(arguments: published)
    func acceptsPublishedExamples(printed: String) throws {
        let electronic = printed.replacingOccurrences(of: " ", with: "")
        // Guards the test data itself with the independent method.
        #expect(ReferenceIBAN.isValidChecksum(electronic))
        let iban = try IBAN(printed)
        #expect(iban.electronic == electronic)
        #expect(iban.printed == printed)
        #expect(iban.description == printed)
        #expect(iban.countryCode == String(printed.prefix(2)))
    }

    /// Lengths from the SWIFT IBAN registry, written out independently of the table.
    static let knownLengths: [(String, Int)] = [
        ("CH", 21), ("LI", 21), ("DE", 22), ("FR", 27), ("AT", 20), ("IT", 27), ("ES", 24),
        ("GB", 22), ("NL", 18), ("BE", 16), ("LU", 20), ("NO", 15), ("LC", 32), ("RU", 33),
        ("MT", 31), ("PL", 28), ("PT", 25), ("SE", 24), ("DK", 18), ("IE", 22), ("MC", 27),
        ("SM", 27), ("VA", 22), ("HU", 28), ("CZ", 24), ("SK", 24), ("SI", 19), ("HR", 21),
    ]

    @Test(arguments: knownLengths)
    func constructedIBANsValidateOnlyAtTheRegisteredLength(country: String, length: Int) throws {
        let bban = String(String(repeating: "0123456789", count: 4).prefix(length - 4))
        let valid = ReferenceIBAN.make(country, bban)
        #expect(valid.count == length)
        #expect(try IBAN(valid).electronic == valid)

        let short = ReferenceIBAN.make(country, String(bban.dropLast()))
        #expect(throws: IBANError.wrongLength(country: country, expected: length, actual: length - 1)) {
            try IBAN(short)
        }
        let long = ReferenceIBAN.make(country, bban + "7")
        #expect(throws: IBANError.wrongLength(country: country, expected: length, actual: length + 1)) {
            try IBAN(long)
        }
    }

    @Test func registryCoversAllCountries() throws {
        #expect(IBANRegistry.lengths.count == 89)
        for (country, length) in IBANRegistry.lengths {
            #expect(country.count == 2 && country.allSatisfy { $0.isASCII && $0.isUppercase })
            #expect((15...34).contains(length), "\(country)")
            // Every registered country accepts a constructed IBAN, including letters in the BBAN.
            let bban = String(String(repeating: "1A2B3C4D5E", count: 4).prefix(length - 4))
            #expect(throws: Never.self) { try IBAN(ReferenceIBAN.make(country, bban)) }
        }
        for (country, length) in Self.knownLengths {
            #expect(IBANRegistry.lengths[country] == length, "\(country)")
        }
    }

    @Test(arguments: [
        "  ch93 0076 2011 6238 5295 7  ",
        "CH9300762011623852957",
        "ch9300762011623852957",
        "\tCH93\u{00A0}0076\u{00A0}2011\u{202F}6238 5295 7\n",
        "CH93  0076\t2011   6238\r\n5295 7",
    ])
    func acceptsMessyButValidInput(raw: String) throws {
        let iban = try IBAN(raw)
        #expect(iban.electronic == "CH9300762011623852957")
        #expect(iban.printed == "CH93 0076 2011 6238 5295 7")
    }

    @Test func normaliseOnlyRemovesWhitespaceAndUppercasesASCII() {
        #expect(IBAN.normalise(" de89\u{00A0}3704 0044\t0532 0130 00 ") == "DE89370400440532013000")
        // Non-ASCII letters are kept so that validation rejects them ("ß" must not become "SS").
        #expect(IBAN.normalise("deß") == "DEß")
        #expect(IBAN.normalise("ch-93") == "CH-93")
    }

    /// The ASCII fast path drops exactly what Unicode calls whitespace and upper-cases exactly
    /// a-z: every ASCII character, alone and between letters, against Swift's own properties.
    @Test func normaliseOfEveryASCIICharacterFollowsTheUnicodeWhitespaceProperty() {
        for value in UInt8(0)..<0x80 {
            let scalar = Unicode.Scalar(value)
            let expected = scalar.properties.isWhitespace ? "" : String(scalar).uppercased()
            #expect(IBAN.normalise("a\(scalar)b") == "A\(expected)B", "byte \(value)")
            #expect(IBAN.normalise(String(scalar)) == expected, "byte \(value)")
        }
    }

    @Test func everySingleDigitChangeIsRejected() throws {
        let valid = "DE89370400440532013000"
        var chars = Array(valid)
        for index in 2..<chars.count where chars[index].isNumber {
            let original = chars[index]
            for digit in "0123456789" where digit != original {
                chars[index] = digit
                #expect(throws: IBANError.checksumFailed, "\(String(chars))") { try IBAN(String(chars)) }
            }
            chars[index] = original
        }
    }

    @Test func adjacentTranspositionsAreRejected() throws {
        let valid = Array("GB82WEST12345698765432")
        for index in 4..<(valid.count - 1) where valid[index] != valid[index + 1] {
            var swapped = valid
            swapped.swapAt(index, index + 1)
            #expect(throws: IBANError.checksumFailed) { try IBAN(String(swapped)) }
        }
        // Swapping the check digits themselves too.
        #expect(throws: IBANError.checksumFailed) { try IBAN("CH3900762011623852957") }
    }

    @Test func rejectsStructuralErrors() {
        #expect(throws: IBANError.empty) { try IBAN("") }
        #expect(throws: IBANError.empty) { try IBAN(" \t\u{00A0} ") }
        #expect(throws: IBANError.invalidCharacters) { try IBAN("CH93-0076-2011-6238-5295-7") }
        #expect(throws: IBANError.invalidCharacters) { try IBAN("CH93 0076 2011 6238 5295 ß") }
        #expect(throws: IBANError.invalidCharacters) { try IBAN("ＣＨ9300762011623852957") } // full-width
        #expect(throws: IBANError.unknownCountry("XX")) { try IBAN("XX9300762011623852957") }
        #expect(throws: IBANError.unknownCountry("US")) { try IBAN("US12345678901234567890") }
        #expect(throws: IBANError.unknownCountry("12")) { try IBAN("1234567890") }
        #expect(throws: IBANError.unknownCountry("C")) { try IBAN("C") }
        #expect(throws: IBANError.wrongLength(country: "CH", expected: 21, actual: 2)) { try IBAN("CH") }
        #expect(throws: IBANError.wrongLength(country: "CH", expected: 21, actual: 20)) {
            try IBAN("CH93 0076 2011 6238 5295")
        }
    }

    @Test func rejectsLettersInCheckDigits() {
        // Valid mod-97 is irrelevant: positions 3-4 must be digits.
        #expect(throws: IBANError.checksumFailed) { try IBAN("CHA30076201162385295 7") }
        #expect(throws: IBANError.checksumFailed) { try IBAN("CH9A00762011623852957") }
        #expect(throws: IBANError.checksumFailed) { try IBAN("CHAB00762011623852957") }
    }

    @Test func rejectsUnissuableCheckDigits() throws {
        // 00/01/99 are congruent to valid check digits 97/98/02 mod 97, so they pass the
        // remainder test, but MOD 97-10 never produces them.
        let bban = "00762011623852957"
        let valid = ReferenceIBAN.make("CH", bban)
        let check = Int(valid.dropFirst(2).prefix(2))!
        #expect(try IBAN(valid).electronic == valid)
        for alias in [check - 97, check + 97] where (0...99).contains(alias) {
            let text = "CH" + (alias < 10 ? "0" : "") + String(alias) + bban
            #expect(ReferenceIBAN.isValidChecksum(text))
            #expect(throws: IBANError.checksumFailed) { try IBAN(text) }
        }
        // Find BBANs whose check digits are 97, 98 and 02 so all three aliases are covered.
        var covered: Set<Int> = []
        var n = 0
        while covered.count < 3, n < 10_000 {
            let candidate = String(String(n).reversed()).padding(toLength: 12, withPad: "0", startingAt: 0)
            let iban = ReferenceIBAN.make("BE", candidate)
            let c = Int(iban.dropFirst(2).prefix(2))!
            let alias = c == 2 ? 99 : c - 97
            if [2, 97, 98].contains(c), !covered.contains(c) {
                covered.insert(c)
                let text = "BE" + (alias < 10 ? "0" : "") + String(alias) + candidate
                #expect(ReferenceIBAN.isValidChecksum(text))
                #expect(throws: IBANError.checksumFailed) { try IBAN(text) }
            }
            n += 1
        }
        #expect(covered.count == 3)
    }

    @Test func equalityIsOnTheNormalisedForm() throws {
        #expect(try IBAN("ch93 0076 2011 6238 5295 7") == IBAN("CH9300762011623852957"))
        #expect(Set([try IBAN("CH9300762011623852957"), try IBAN(" CH93 0076 2011 6238 5295 7")]).count == 1)
    }

    @Test func errorsHaveHumanMessages() {
        let errors: [IBANError] = [
            .empty, .invalidCharacters, .unknownCountry("XX"),
            .wrongLength(country: "CH", expected: 21, actual: 20), .checksumFailed,
        ]
        for error in errors {
            #expect(!error.message.isEmpty)
            #expect(error.description == error.message)
        }
        #expect(IBANError.unknownCountry("XX").message.contains("XX"))
        let length = IBANError.wrongLength(country: "CH", expected: 21, actual: 20).message
        #expect(length.contains("CH") && length.contains("21") && length.contains("20"))
    }

    /// A Swiss QR-IBAN (institution id 30000-31999) is a valid IBAN, but takes payments only
    /// with a QR reference: a payee with one is held with invalid_iban.
    @Test func aQRIBANIsValidButCannotReceiveAPayout() throws {
        let qr = try IBAN("CH44 3199 9123 0008 8901 2")
        #expect(qr.isQRIBAN)
        #expect(try !IBAN("CH9300762011623852957").isQRIBAN)
        #expect(try !IBAN("DE89370400440532013000").isQRIBAN, "only CH and LI have QR-IBANs")
        let address = PostalAddress(town: "Zürich", country: "CH")
        #expect(PayeeCheck.reasons(for: .init(method: .iban, iban: "CH44 3199 9123 0008 8901 2", address: address)) == [.invalidIBAN])
        #expect(PayeeCheck.reasons(for: .init(method: .iban, iban: "CH9300762011623852957", address: address)).isEmpty)
    }

}
