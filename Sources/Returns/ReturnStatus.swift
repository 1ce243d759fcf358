/// Which statuses mean the money is back (re-credited to the affiliate) and which do not.
/// The one home of that rule (SPEC §9).
///
/// ```swift
/// ReturnStatus.bankRejectionIsMoneyBack(reason: "AC04")   // true
/// ReturnStatus.bankRejectionIsMoneyBack(reason: "AM05")   // false: the first file pays
/// ReturnStatus.payPal("UNCLAIMED")                         // .recordedOnly
/// ```
public enum ReturnStatus {
    public enum PayPalOutcome: Equatable, Sendable {
        /// Paid: nothing to record.
        case paid
        /// Still on its way: recorded, nothing re-credited until a later report says otherwise.
        case recordedOnly
        /// The money did not reach the receiver and came back to us.
        case moneyBack
    }

    /// Reason codes that say this submission duplicates an earlier one: the earlier one is
    /// the payment that counts, so this rejection moves no money back. AM05 (duplication) and
    /// ISO's duplicate identifiers, DU01 message, DU02 payment information, DU03 transaction,
    /// DU04 end-to-end, DU05 instruction (a file sent twice, or after its preview, is refused
    /// with one of these), and the older DUPL.
    public static let duplicateReasons: Set<String> = ["AM05", "DU01", "DU02", "DU03", "DU04", "DU05", "DUPL"]

    /// A bank rejection (pain.002 RJCT) or return (camt.054 RtrInf) is money back unless it
    /// rejects a duplicate submission.
    public static func bankRejectionIsMoneyBack(reason: String?) -> Bool {
        guard let reason else { return true }
        return !duplicateReasons.contains(reason.uppercased())
    }

    /// PayPal Payouts item `transaction_status`; nil for a status PayPal does not document.
    public static func payPal(_ status: String) -> PayPalOutcome? {
        switch status.uppercased() {
        case "SUCCESS": return .paid
        case "UNCLAIMED", "PENDING", "ONHOLD": return .recordedOnly
        case "RETURNED", "FAILED", "BLOCKED", "REFUNDED", "REVERSED": return .moneyBack
        default: return nil
        }
    }
}
