import Foundation
import PlainDecimal

/// Plain (never scientific), locale-independent decimal text of `Decimal` values, built from
/// their exact digits (significand and exponent), never via binary floating point.
/// `AmountFormat` writes money amounts with it; the files use it directly for rates and exact
/// converted values.
///
/// ```swift
/// DecimalText.exact(Decimal(string: "62.0000")!)                          // "62"
/// DecimalText.exact(Decimal(string: "62")!, minFractionDigits: 2)        // "62.00"
/// DecimalText.rounded(Decimal(string: "1.2345675")!, maxFractionDigits: 6) // "1.234568"
/// ```
public enum DecimalText {
    /// Exact digits, at least `minFractionDigits` decimals (padded with zeros), no trailing
    /// zeros beyond that. "-" for negatives, never "-0".
    public static func exact(_ value: Decimal, minFractionDigits: Int = 0) -> String {
        if value.isNaN { return "NaN" }
        var (integer, fraction) = parts(value)
        if fraction.count < minFractionDigits {
            fraction += Array(repeating: UInt8(ascii: "0"), count: minFractionDigits - fraction.count)
        }
        let isZero = (integer + fraction).allSatisfy { $0 == UInt8(ascii: "0") }
        var out = (value.sign == .minus && !isZero) ? "-" : ""
        out += String(decoding: integer, as: UTF8.self)
        if !fraction.isEmpty { out += "." + String(decoding: fraction, as: UTF8.self) }
        return out
    }

    /// A plain decimal text (PostgreSQL's `numeric` output: all digits of the value's scale)
    /// written as `exact` writes its value, appended to `out`: trailing fraction zeros
    /// dropped, at least `minFractionDigits` decimals, never "-0". False (nothing appended)
    /// when `text` is not a plain decimal (`PlainDecimal`'s grammar).
    public static func appendExact(numericText text: UnsafeRawBufferPointer, minFractionDigits: Int, to out: inout [UInt8]) -> Bool {
        guard let parts = PlainDecimal.parse(bytes: text) else { return false }
        let zero = UInt8(ascii: "0")
        // Leading integer zeros go ("007" is 7), one stays; trailing fraction zeros go.
        var integerStart = parts.integer.lowerBound
        while integerStart < parts.integer.upperBound - 1, text[integerStart] == zero { integerStart += 1 }
        var significantEnd = parts.fraction.upperBound
        while significantEnd > parts.fraction.lowerBound, text[significantEnd - 1] == zero { significantEnd -= 1 }
        let written = significantEnd - parts.fraction.lowerBound
        let isZero = written == 0 && parts.integer.upperBound - integerStart == 1 && text[integerStart] == zero
        if parts.negative && !isZero { out.append(UInt8(ascii: "-")) }
        out.append(contentsOf: UnsafeRawBufferPointer(rebasing: text[integerStart..<parts.integer.upperBound]))
        if written > 0 || minFractionDigits > 0 {
            out.append(UInt8(ascii: "."))
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: text[parts.fraction.lowerBound..<significantEnd]))
            if written < minFractionDigits { out.append(contentsOf: repeatElement(zero, count: minFractionDigits - written)) }
        }
        return true
    }

    /// How two plain decimal texts (PostgreSQL's `numeric` output) compare by value, without
    /// building a `Decimal`: -1, 0 or 1; nil when either is not a plain decimal. Leading and
    /// trailing zeros and the sign of zero do not count.
    public static func compare(numericText a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int? {
        guard let x = significant(a), let y = significant(b) else { return nil }
        let (signX, signY) = (x.isZero ? 0 : x.negative ? -1 : 1, y.isZero ? 0 : y.negative ? -1 : 1)
        guard signX == signY, signX != 0 else { return signX < signY ? -1 : signX > signY ? 1 : 0 }
        // Same sign: the longer integer is larger, then digit by digit (the shorter fraction
        // counts as padded with zeros).
        var magnitude = x.integer.count == y.integer.count ? 0 : x.integer.count < y.integer.count ? -1 : 1
        let zero = UInt8(ascii: "0")
        func digit(_ text: UnsafeRawBufferPointer, _ range: Range<Int>, _ index: Int) -> UInt8 {
            index < range.count ? text[range.lowerBound + index] : zero
        }
        var index = 0
        while magnitude == 0, index < x.integer.count {
            let (p, q) = (digit(a, x.integer, index), digit(b, y.integer, index))
            magnitude = p == q ? 0 : p < q ? -1 : 1
            index += 1
        }
        index = 0
        while magnitude == 0, index < max(x.fraction.count, y.fraction.count) {
            let (p, q) = (digit(a, x.fraction, index), digit(b, y.fraction, index))
            magnitude = p == q ? 0 : p < q ? -1 : 1
            index += 1
        }
        return signX * magnitude
    }

    /// The digits of a plain decimal that carry value: the integer without leading zeros, the
    /// fraction without trailing zeros.
    private static func significant(_ text: UnsafeRawBufferPointer)
        -> (negative: Bool, integer: Range<Int>, fraction: Range<Int>, isZero: Bool)? {
        guard let parts = PlainDecimal.parse(bytes: text) else { return nil }
        let zero = UInt8(ascii: "0")
        var integerStart = parts.integer.lowerBound
        while integerStart < parts.integer.upperBound, text[integerStart] == zero { integerStart += 1 }
        var fractionEnd = parts.fraction.upperBound
        while fractionEnd > parts.fraction.lowerBound, text[fractionEnd - 1] == zero { fractionEnd -= 1 }
        let integer = integerStart..<parts.integer.upperBound, fraction = parts.fraction.lowerBound..<fractionEnd
        return (parts.negative, integer, fraction, integer.isEmpty && fraction.isEmpty)
    }

    /// `value` rounded half away from zero to at most `maxFractionDigits` decimals, then
    /// written like `exact` (trailing zeros dropped, at least `minFractionDigits`).
    public static func rounded(_ value: Decimal, maxFractionDigits: Int, minFractionDigits: Int = 0) -> String {
        var input = value
        var result = Decimal()
        NSDecimalRound(&result, &input, maxFractionDigits, .plain)
        return exact(result, minFractionDigits: minFractionDigits)
    }

    /// How many decimals `value` needs to be written exactly (trailing zeros do not count).
    public static func significantFractionDigits(_ value: Decimal) -> Int {
        parts(value).fraction.count
    }

    /// The integer and fraction digits of `value`'s magnitude, trailing fraction zeros removed.
    private static func parts(_ value: Decimal) -> (integer: [UInt8], fraction: [UInt8]) {
        let zero = UInt8(ascii: "0")
        // The significand is an integer (exponent 0), so its description is plain digits.
        var digits = Array(value.significand.magnitude.description.utf8)
        var exponent = Int(value.exponent)
        if value.isZero || digits.allSatisfy({ $0 == zero }) {
            return ([zero], [])
        }
        while exponent < 0, digits.count > 1, digits.last == zero {
            digits.removeLast()
            exponent += 1
        }
        if exponent >= 0 {
            return (digits + Array(repeating: zero, count: exponent), [])
        }
        let count = -exponent
        if digits.count > count {
            return (Array(digits[..<(digits.count - count)]), Array(digits[(digits.count - count)...]))
        }
        return ([zero], Array(repeating: zero, count: count - digits.count) + digits)
    }
}
