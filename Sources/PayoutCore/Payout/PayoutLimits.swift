import Foundation

/// The largest amounts the payout files can carry, checked before a run is committed so that a
/// committed run can always be written.
///
/// The set-wise home of the rule is SQL (`payout_amount_in_range` in
/// `sql/migrations/0008_payout_limits.sql`, applied by `hold_amounts_out_of_range`); this type
/// is the same limit for the writers and for tests, which run both over the boundaries.
///
/// - pain.001.001.09: `InstdAmt` and `CtrlSum` have at most 18 digits in total
///   (`ActiveOrHistoricCurrencyAndAmount`, `DecimalNumber`), counted with the currency's decimals.
/// - PayPal Payouts and prepaid credits: the same 18 digits per payout keeps every amount a
///   plain decimal well inside what `Decimal` (38 digits) and the receiving systems parse.
///
/// ```swift
/// PayoutLimits.amountInRange(Decimal(string: "9999999999999999.99")!, minorUnits: 2)  // true
/// PayoutLimits.amountInRange(Decimal(string: "10000000000000000.00")!, minorUnits: 2) // false
/// ```
public enum PayoutLimits {
    /// Digits of an amount or control sum, integer and decimals together.
    public static let maxAmountDigits = 18

    /// Whether `amount`, written with `minorUnits` decimals, has at most `maxAmountDigits` digits.
    /// Applies to each payout and, for bank transfers, to the control sum of each file.
    public static func amountInRange(_ amount: Decimal, minorUnits: Int) -> Bool {
        guard minorUnits >= 0, minorUnits < maxAmountDigits else { return false }
        var limit = Decimal(1)
        for _ in 0..<(maxAmountDigits - minorUnits) { limit *= 10 }
        return amount.magnitude < limit
    }
}
