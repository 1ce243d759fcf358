import Foundation

/// Count and exact sum of payout amounts that arrive as text (`12.50`: positive, plain, a fixed
/// number of decimals), added up in minor units without parsing a `Decimal` per amount: an
/// Int64 that spills into a `Decimal` when it would overflow, so any number of amounts of up to
/// 18 digits (PayoutLimits.maxAmountDigits) adds up exactly.
struct PaidMinorUnits {
    private(set) var count = 0
    private var minor: Int64 = 0
    private var spilled = Decimal(0)
    /// The decimals of every amount added (nil before the first).
    private(set) var fractionDigits: Int?

    /// Adds `text` if it is a positive plain decimal of at most 18 digits with `expected`
    /// decimals (nil: as many as the amounts before it); returns false, adding nothing, otherwise.
    mutating func add(_ text: UnsafeRawBufferPointer, fractionDigits expected: Int? = nil) -> Bool {
        var value: Int64 = 0
        var digits = 0
        var fraction: Int?
        for byte in text {
            if byte == UInt8(ascii: ".") {
                guard fraction == nil, digits > 0 else { return false }
                fraction = 0
                continue
            }
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9"), digits < 18 else { return false }
            value = value * 10 + Int64(byte - UInt8(ascii: "0"))
            digits += 1
            if let sofar = fraction { fraction = sofar + 1 }
        }
        guard digits > 0, value > 0, fraction != 0 else { return false }
        let decimals = fraction ?? 0
        if let wanted = expected ?? fractionDigits, wanted != decimals { return false }
        fractionDigits = decimals
        let (sum, overflow) = minor.addingReportingOverflow(value)
        if overflow {
            spilled += Decimal(minor)
            minor = value
        } else {
            minor = sum
        }
        count += 1
        return true
    }

    /// The exact sum (0 when nothing was added).
    var total: Decimal {
        Decimal(sign: .plus, exponent: -(fractionDigits ?? 0), significand: spilled + Decimal(minor))
    }
}

/// Payout amounts that arrive as text (the database's `decimal_text`), read without Foundation's
/// text parsing.
public enum PayoutAmountText {
    /// The `Decimal` of `text` when it is a positive plain decimal of at most 18 digits with
    /// exactly `minorUnits` decimals; nil otherwise.
    public static func decimal(_ text: String, minorUnits: Int) -> Decimal? {
        var text = text
        var sum = PaidMinorUnits()
        guard text.withUTF8({ sum.add(UnsafeRawBufferPointer($0), fractionDigits: minorUnits) }) else { return nil }
        return sum.total
    }
}
