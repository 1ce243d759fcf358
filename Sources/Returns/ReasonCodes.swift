/// Plain-language meanings of the reason codes a return carries, for the report, `status`
/// and support. ISO 20022 external status/return reason codes, PayPal item statuses and
/// error names. Unknown codes are shown as they are.
///
/// ```swift
/// ReasonCodes.meaning("AC04")   // "account closed"
/// ```
public enum ReasonCodes {
    public static let meanings: [String: String] = [
        // ISO 20022 ExternalStatusReason1Code / ExternalReturnReason1Code
        "AC01": "account number incorrect",
        "AC03": "creditor account number invalid",
        "AC04": "account closed",
        "AC06": "account blocked",
        "AC13": "invalid debtor account type",
        "AG01": "transaction forbidden on this account",
        "AG02": "invalid bank operation code",
        "AM03": "currency not allowed",
        "AM04": "insufficient funds",
        "AM05": "duplicate: the first submission is the one that pays",
        "AM09": "wrong amount",
        "AM10": "control sum wrong",
        "AM18": "number of transactions wrong",
        "BE04": "creditor address missing or incorrect",
        "BE05": "unrecognised initiating party",
        "CUST": "requested by the customer",
        "DT01": "invalid date",
        "DU01": "duplicate message id: the first submission is the one that pays",
        "DU02": "duplicate payment block id: the first submission is the one that pays",
        "DU03": "duplicate transaction: the first submission is the one that pays",
        "DU04": "duplicate end-to-end id: the first submission is the one that pays",
        "DU05": "duplicate instruction id: the first submission is the one that pays",
        "DUPL": "duplicate file: the first submission is the one that pays",
        "FF01": "invalid file format",
        "MD07": "account holder deceased",
        "MS02": "refused by the creditor",
        "MS03": "refused by the bank, reason not given",
        "RC01": "bank identifier (BIC) incorrect",
        "RR01": "debtor account or identification missing",
        "RR03": "creditor name or address missing",
        "RR04": "regulatory reason",
        "TM01": "received after the bank's cut-off time",
        // PayPal Payouts item statuses and common error names
        "RETURNED": "unclaimed for 30 days and returned to us",
        "FAILED": "PayPal could not pay the receiver",
        "BLOCKED": "blocked by PayPal",
        "REFUNDED": "refunded to us",
        "REVERSED": "reversed by PayPal",
        "UNCLAIMED": "receiver has no PayPal account yet; PayPal returns it after 30 days",
        "PENDING": "still being processed by PayPal",
        "ONHOLD": "held by PayPal for review",
        "RECEIVER_UNREGISTERED": "receiver e-mail has no PayPal account",
        "RECEIVER_UNCONFIRMED": "receiver has not confirmed the PayPal account",
        "RECEIVER_ACCOUNT_LOCKED": "receiver's PayPal account is locked",
        "RECEIVER_COUNTRY_NOT_ALLOWED": "receiver's country cannot receive this payout",
        "RECEIVER_REFUSED": "receiver refused the payout",
        "RECEIVER_YOUTH_ACCOUNT": "receiver's PayPal account cannot receive payouts",
    ]

    public static func meaning(_ code: String?) -> String {
        guard let code, !code.isEmpty else { return "no reason given" }
        return meanings[code.uppercased()] ?? "code \(code)"
    }
}
