/// Why an affiliate's balance is not paid out this month.
///
/// Raw values are stable identifiers stored in the database and shown in reports; never
/// rename them. Ordering is declaration order, so reports list reasons the same way each run.
///
/// ```swift
/// let reasons: Set<HoldReason> = [.invalidIBAN, .belowThreshold]
/// reasons.sorted()                       // [.belowThreshold, .invalidIBAN]
/// HoldReason.needsAttention(reasons)     // true: someone has to fix the IBAN
/// ```
public enum HoldReason: String, CaseIterable, Sendable, Codable, Comparable {
    case belowThreshold = "below_threshold"
    case partner = "partner"
    case suspended = "suspended"
    case missingRate = "missing_rate"
    case missingPayoutDetails = "missing_payout_details"
    case invalidIBAN = "invalid_iban"
    case invalidPayPalReceiver = "invalid_paypal_receiver"
    /// A prepaid account the credits file could not carry unchanged (control characters, or
    /// a leading `=`, `+`, `-`, `@` that spreadsheet neutralisation would alter).
    case invalidPrepaidAccount = "invalid_prepaid_account"
    case noDebtorAccount = "no_debtor_account"
    case noThreshold = "no_threshold"
    case incompleteAddress = "incomplete_address"
    /// A payout came back (SPEC §9) and the affiliate's payout details are still the ones
    /// it failed with; until they change or finance runs `payouts release`.
    case payoutReturned = "payout_returned"
    /// An amount the payout files cannot carry (`PayoutLimits`): a payout or, for bank
    /// transfers, the file's control sum would exceed 18 digits. Decided before the commit.
    case amountOutOfRange = "amount_out_of_range"

    /// Whether a human has to act. Only `belowThreshold` resolves itself: the balance
    /// simply carries over to a later month. `payoutReturned` needs a person: the same
    /// details would fail again, so finance releases it or the affiliate changes them.
    public var needsAttention: Bool {
        self != .belowThreshold
    }

    /// The reason in plain words, for people reading a report (the code stays beside it).
    /// The one place these words live: every report takes them from here.
    public var explanation: String {
        switch self {
        case .belowThreshold: "Balance below the payout threshold; it carries forward to a later month."
        case .partner: "Reseller partner: may not also be paid as an affiliate."
        case .suspended: "Account suspended (fraud review or closed account)."
        case .missingRate: "No exchange rate into the account currency at the as-of date."
        case .missingPayoutDetails: "Payout details for the chosen payout method are missing."
        case .invalidIBAN: "The IBAN fails the length or check-digit test."
        case .invalidPayPalReceiver: "The PayPal receiver is not a plausible e-mail address."
        case .invalidPrepaidAccount: "The prepaid account number has characters the credits file cannot carry unchanged."
        case .noDebtorAccount: "No company bank account is set up to pay from in this currency."
        case .noThreshold: "No payout threshold is set up for this currency."
        case .incompleteAddress: "The bank transfer needs the creditor's town and country."
        case .payoutReturned: "A payout came back; it is owed again once the payout details change or finance releases it."
        case .amountOutOfRange: "The amount is beyond what the payout file can carry (18 digits per payout or per bank file); split or pay it by hand."
        }
    }

    /// Whether any of `reasons` needs a human.
    public static func needsAttention(_ reasons: some Sequence<HoldReason>) -> Bool {
        reasons.contains { $0.needsAttention }
    }

    /// Position in declaration order; the basis of `<`.
    private var rank: Int {
        // allCases is in declaration order; every case is in it, so the index exists.
        Self.allCases.firstIndex(of: self)!
    }

    public static func < (lhs: HoldReason, rhs: HoldReason) -> Bool {
        lhs.rank < rhs.rank
    }
}
