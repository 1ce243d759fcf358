import Foundation
import PlainDecimal

/// Why an amount cannot be written with the requested number of decimals.
public enum AmountFormatError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The amount has more significant decimals than the currency allows (or is NaN).
    /// Formatting never rounds: a sub-cent amount here is a bug upstream, not a display issue.
    case notRepresentable(Decimal, Int)
    /// `minorUnits` was negative.
    case invalidMinorUnits(Int)

    public var description: String {
        switch self {
        case let .notRepresentable(amount, minorUnits):
            return "amount \(amount) cannot be written with \(minorUnits) decimal(s) without rounding"
        case let .invalidMinorUnits(minorUnits):
            return "minor units must be 0 or more, got \(minorUnits)"
        }
    }
}

/// Exact, locale-independent text form of money amounts for payout files and reports.
///
/// Works on the decimal digits of `Decimal` itself (significand and exponent), never via
/// binary floating point, and never rounds.
///
/// ```swift
/// try AmountFormat.string(Decimal(string: "57.1")!, minorUnits: 2)   // "57.10"
/// try AmountFormat.string(1234, minorUnits: 0)                         // "1234" (JPY)
/// try AmountFormat.string(Decimal(string: "0.005")!, minorUnits: 2)  // throws notRepresentable
/// AmountFormat.parse("-12.34")                                         // -12.34
/// ```
public enum AmountFormat {
    /// `amount` with exactly `minorUnits` decimals, "." as separator, no grouping,
    /// a leading "-" for negative amounts (never "-0.00").
    ///
    /// Trailing zeros beyond `minorUnits` are fine ("57.1000" → "57.10"); any other
    /// extra decimal throws `AmountFormatError.notRepresentable`.
    public static func string(_ amount: Decimal, minorUnits: Int) throws -> String {
        guard minorUnits >= 0 else { throw AmountFormatError.invalidMinorUnits(minorUnits) }
        guard !amount.isNaN, DecimalText.significantFractionDigits(amount) <= minorUnits else {
            throw AmountFormatError.notRepresentable(amount, minorUnits)
        }
        return DecimalText.exact(amount, minFractionDigits: minorUnits)
    }

    /// `string` of PostgreSQL's `numeric` text, appended to `out`: exactly `minorUnits`
    /// decimals, never rounded. False (nothing appended) when the text is not a plain decimal
    /// or has more significant decimals. Bytes: the report files write one per affiliate.
    public static func append(numericText text: UnsafeRawBufferPointer, minorUnits: Int, to out: inout [UInt8]) -> Bool {
        let start = out.count
        guard minorUnits >= 0, DecimalText.appendExact(numericText: text, minFractionDigits: minorUnits, to: &out) else { return false }
        // appendExact writes at least `minorUnits` decimals: more means more significant ones.
        let written = out[start...].firstIndex(of: UInt8(ascii: ".")).map { out.count - $0 - 1 } ?? 0
        guard written == minorUnits else {
            out.removeSubrange(start...)
            return false
        }
        return true
    }

    /// Most significant digits a `Decimal` holds exactly.
    private static let maxDigits = 38

    /// Strictly parses `-?[0-9]+(\.[0-9]+)?`: no "+", no exponent, no spaces, no grouping,
    /// "." only. Returns nil for anything else, and for numbers `Decimal` cannot hold
    /// exactly (more than 38 significant digits) rather than silently rounding them.
    ///
    /// ```swift
    /// AmountFormat.parse("57.10")   // 57.1
    /// AmountFormat.parse("1e3")     // nil
    /// ```
    public static func parse(_ s: String) -> Decimal? {
        guard let parts = PlainDecimal.parse(s) else { return nil }
        let (negative, integer, fraction) = (parts.negative, parts.integer, parts.fraction)

        // Exact digits: leading zeros of the integer and trailing zeros of the fraction
        // carry no value, so drop them before checking what Decimal can hold.
        var significant = Array(integer) + Array(fraction)
        var exponent = -fraction.count
        while exponent < 0, significant.last == UInt8(ascii: "0") {
            significant.removeLast()
            exponent += 1
        }
        while significant.first == UInt8(ascii: "0") {
            significant.removeFirst()
        }
        if significant.isEmpty { return Decimal(0) }
        guard significant.count <= maxDigits, exponent >= Int(Int8.min) else { return nil }

        // Adding digit by digit stays exact: every intermediate fits in 38 digits.
        var value = Decimal(0)
        for digit in significant {
            value = value * 10 + Decimal(Int(digit - UInt8(ascii: "0")))
        }
        return Decimal(sign: negative ? .minus : .plus, exponent: exponent, significand: value)
    }
}
