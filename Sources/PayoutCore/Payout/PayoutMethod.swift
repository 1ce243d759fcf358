/// How an affiliate is paid. Raw values are stored in the database.
///
/// ```swift
/// PayoutMethod(rawValue: "iban")   // .iban
/// ```
public enum PayoutMethod: String, CaseIterable, Sendable, Codable, Hashable {
    /// Credited to the affiliate's prepaid account with us.
    case prepaid
    /// Sent through PayPal Payouts to an e-mail receiver.
    case paypal
    /// Bank transfer (pain.001 credit transfer) to an IBAN.
    case iban
}
