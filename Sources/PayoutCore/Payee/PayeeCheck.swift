/// The payee checks: the hold reasons that need real validation of an affiliate's payout
/// details, which set-based SQL cannot do (IBAN checksum, PayPal receiver, prepaid account,
/// address usability). Whatever a file renderer would refuse after the commit is refused
/// here, before it. Missing details are `missing_payout_details`, decided in SQL.
///
/// ```swift
/// let payee = PayeeCheck.Payee(method: .iban, iban: "CH93 0076 2011 6238 5295 7",
///                              address: PostalAddress(town: "Zürich", country: "CH"))
/// PayeeCheck.reasons(for: payee)   // []
/// ```
public enum PayeeCheck {
    /// The payout details of one affiliate as the run recorded them.
    public struct Payee: Sendable {
        public var method: PayoutMethod
        public var address: PostalAddress
        public var iban, paypalEmail, prepaidAccount: String?

        public init(method: PayoutMethod, iban: String? = nil, address: PostalAddress = PostalAddress(),
                    paypalEmail: String? = nil, prepaidAccount: String? = nil) {
            (self.method, self.iban, self.address, self.paypalEmail, self.prepaidAccount) = (method, iban, address, paypalEmail, prepaidAccount)
        }
    }

    /// The reasons to hold `payee` for its payout details (empty when they are usable).
    public static func reasons(for payee: Payee) -> Set<HoldReason> {
        var reasons = Set<HoldReason>()
        switch payee.method {
        case .iban:
            // A missing IBAN is already `missing_payout_details`; a QR-IBAN takes no payout.
            if let iban = payee.iban, (try? IBAN(iban))?.isQRIBAN ?? true { reasons.insert(.invalidIBAN) }
            if !payee.address.isUsableForBankTransfer { reasons.insert(.incompleteAddress) }
        case .paypal:
            if let email = payee.paypalEmail, !PayPalReceiver.isPayable(email) { reasons.insert(.invalidPayPalReceiver) }
        case .prepaid:
            if let account = payee.prepaidAccount, !PrepaidAccount.isWritable(account) { reasons.insert(.invalidPrepaidAccount) }
        }
        return reasons
    }
}

/// The debtor-account rule: a company account can debit a bank transfer file only with a
/// name in Latin characters, a valid IBAN, a valid BIC (Swiss banks require it for the
/// debtor agent) and a usable town and country. The currencies of unusable accounts hold
/// their bank payouts with `no_debtor_account`.
public enum DebtorAccountCheck {
    /// What makes the account unusable; empty when it is usable.
    public static func problems(name: String?, iban: String?, bic: String?, address: PostalAddress) -> [String] {
        var problems: [String] = []
        // as the pain.001 writer makes the name field (a name of slashes leaves nothing either)
        if SEPAText.field(name, maxLength: SEPAText.nameLength) == nil { problems.append("no name in Latin characters") }
        if let iban {
            do { _ = try IBAN(iban) } catch { problems.append("invalid IBAN (\(error))") }
        } else {
            problems.append("no IBAN")
        }
        if BIC.normalised(bic) == nil { problems.append("no valid BIC") }
        if !address.isUsableForBankTransfer { problems.append("no usable town and country") }
        return problems
    }
}
