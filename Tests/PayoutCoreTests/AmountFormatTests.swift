import Foundation
import Testing
@testable import PayoutCore

@Suite struct AmountFormatTests {
    /// Builds test amounts from integers so the expected values do not depend on the
    /// parser under test: `dec(5710, -2)` is 57.10.
    func dec(_ significand: Int, _ exponent: Int) -> Decimal {
        Decimal(sign: significand < 0 ? .minus : .plus, exponent: exponent, significand: Decimal(significand.magnitude))
    }

    @Test(arguments: [
        (5710, -2, 2, "57.10"),
        (571, -1, 2, "57.10"),
        (571000, -4, 2, "57.10"), // trailing zeros beyond minorUnits are fine
        (-350, -2, 2, "-3.50"),
        (-35, -1, 2, "-3.50"),
        (1234, 0, 0, "1234"), // JPY
        (1234, 0, 2, "1234.00"),
        (0, 0, 2, "0.00"),
        (0, 0, 0, "0"),
        (0, -5, 2, "0.00"),
        (1, -2, 2, "0.01"),
        (-1, -2, 2, "-0.01"),
        (5, -3, 3, "0.005"), // KWD/BHD have 3 minor units
        (1, 3, 2, "1000.00"), // positive exponent
        (12_345_678, -2, 2, "123456.78"), // no grouping
        (10, 0, 2, "10.00"),
        (100, -2, 0, "1"), // 1.00 with 0 decimals is exact
        (-120, 0, 0, "-120"),
    ])
    func formatsExactly(significand: Int, exponent: Int, minorUnits: Int, expected: String) throws {
        #expect(try AmountFormat.string(dec(significand, exponent), minorUnits: minorUnits) == expected)
    }

    @Test(arguments: [
        (5, -3, 2), // 0.005: a sub-cent amount
        (57_101, -3, 2),
        (-1, -3, 2),
        (5, -1, 0), // 0.5 JPY
        (123_456_789, -10, 8),
    ])
    func neverRounds(significand: Int, exponent: Int, minorUnits: Int) {
        let amount = dec(significand, exponent)
        #expect(throws: AmountFormatError.notRepresentable(amount, minorUnits)) {
            try AmountFormat.string(amount, minorUnits: minorUnits)
        }
    }

    @Test func rejectsNaNAndNegativeMinorUnits() {
        #expect(throws: AmountFormatError.self) { try AmountFormat.string(.nan, minorUnits: 2) }
        #expect(throws: AmountFormatError.invalidMinorUnits(-1)) { try AmountFormat.string(1, minorUnits: -1) }
    }

    @Test func decimalArithmeticResultsFormat() throws {
        // Values as the job computes them: sums and products of exact decimals.
        let a = dec(1999, -2), b = dec(1, -2)
        #expect(try AmountFormat.string(a + b, minorUnits: 2) == "20.00")
        #expect(try AmountFormat.string(a * 3, minorUnits: 2) == "59.97")
        #expect(try AmountFormat.string(b - a, minorUnits: 2) == "-19.98")
        // 10 / 3 is not representable in any number of decimals.
        #expect(throws: AmountFormatError.self) { try AmountFormat.string(Decimal(10) / 3, minorUnits: 2) }
    }

    @Test func largeAmounts() throws {
        // 38 digits: the most Decimal holds; check the digit placement independently.
        let digits = String(repeating: "9", count: 36)
        let amount = try #require(Decimal(string: digits + "12", locale: Locale(identifier: "en_US_POSIX")))
        let scaled = amount / 100 // exact: only moves the exponent
        #expect(try AmountFormat.string(scaled, minorUnits: 2) == digits + ".12")
        #expect(try AmountFormat.string(dec(7, 20), minorUnits: 0) == "7" + String(repeating: "0", count: 20))
    }

    @Test func independentOfTheProcessLocale() throws {
        // Decimal(string:locale:) with a German locale reads "," as the separator; formatting must still use ".".
        let german = try #require(Decimal(string: "1234,5", locale: Locale(identifier: "de_DE")))
        #expect(try AmountFormat.string(german, minorUnits: 2) == "1234.50")
    }

    @Test(arguments: [
        ("-12.34", -1234, -2), ("0", 0, 0), ("57.10", 571, -1), ("1234", 1234, 0),
        ("-0.01", -1, -2), ("007.50", 75, -1), ("-0", 0, 0), ("0.000", 0, 0),
    ])
    func parsesStrictly(input: String, significand: Int, exponent: Int) {
        #expect(AmountFormat.parse(input) == dec(significand, exponent))
    }

    @Test(arguments: [
        "", "-", ".5", "5.", "+5", "1e3", "1E-2", " 1", "1 ", "1,5", "1'000", "1.2.3", "--1",
        "- 1", "NaN", "inf", "١٢", "１２", "0x10", "12.34\n",
    ])
    func parseRejects(input: String) {
        #expect(AmountFormat.parse(input) == nil)
    }

    @Test func parseRefusesToRoundBeyondDecimalPrecision() throws {
        let thirtyEight = String(repeating: "1", count: 38)
        #expect(AmountFormat.parse(thirtyEight) != nil)
        #expect(AmountFormat.parse(thirtyEight + "1") == nil)
        #expect(AmountFormat.parse("0." + thirtyEight + "1") == nil)
        // Zeros that carry no value do not count.
        #expect(AmountFormat.parse("000000000000000000000000000000000000000001.5") == dec(15, -1))
        #expect(AmountFormat.parse("1.50000000000000000000000000000000000000000") == dec(15, -1))
    }

    @Test(arguments: ["57.10", "-3.50", "0.00", "1234", "0.001", "-98765432109876543210.99"])
    func formatAndParseRoundTrip(text: String) throws {
        let value = try #require(AmountFormat.parse(text))
        let decimals = text.split(separator: ".").dropFirst().first?.count ?? 0
        #expect(try AmountFormat.string(value, minorUnits: decimals) == text)
    }
}
