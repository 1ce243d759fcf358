import Foundation

/// An exact amount in a currency, with the number of decimals the currency is written with
/// (2 for CHF and EUR, 0 for JPY). Exact `Decimal`, never binary floating point.
///
/// ```swift
/// let payout = Money(AmountFormat.parse("57.1")!, "CHF", minorUnits: 2)
/// try payout.formatted()   // "57.10"
/// ```
public struct Money: Sendable, Equatable {
    public var amount: Decimal
    /// ISO 4217 code.
    public var currency: String
    public var minorUnits: Int

    public init(_ amount: Decimal, _ currency: String, minorUnits: Int) {
        self.amount = amount
        self.currency = currency
        self.minorUnits = minorUnits
    }

    /// Whether `bytes` have the shape of an ISO 4217 code: three ASCII capital letters (what
    /// every file writes unescaped, and every identifier derived from a currency carries).
    public static func isCurrencyCode<Bytes: Collection>(_ bytes: Bytes) -> Bool where Bytes.Element == UInt8 {
        bytes.count == 3 && bytes.allSatisfy { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }
    }

    /// The amount with exactly `minorUnits` decimals (`AmountFormat`): throws rather than round.
    public func formatted() throws -> String {
        try AmountFormat.string(amount, minorUnits: minorUnits)
    }
}
