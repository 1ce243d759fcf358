/// Why an order earns no commission: the program's "unaccounted commission" reasons, in the
/// order they are tried (the first that applies is the decision). The SQL that decides them
/// is `decide_window` in sql/queries/accrual.sql; these are their names and their words.
public enum UnaccountedReason: String, CaseIterable, Sendable {
    case noClick = "no_click"
    case partner
    case selfReferral = "self_referral"
    case managedByExistingUser = "managed_by_existing_user"
    case orderedByAffiliate = "ordered_by_affiliate"
    case affiliatePremises = "affiliate_premises"
    case notOrderedAtSignup = "not_ordered_at_signup"
    case outsideOneYear = "outside_one_year"
    case excludedProduct = "excluded_product"

    /// One sentence a support agent can read to the affiliate. Never names the customer.
    public var words: String {
        switch self {
        case .noClick:
            return "No click on an affiliate link was recorded for this customer in the 30 days before the account was created (the customer did not click the link, the cookie had expired or was blocked, or the account already existed)."
        case .partner:
            return "The affiliate is a reseller partner; partners cannot also earn affiliate commissions."
        case .selfReferral:
            return "The customer account was created by the affiliate's own user or from an address the program recognises as the affiliate's."
        case .managedByExistingUser:
            return "The new customer account is managed by an existing user, so it does not count as a new customer."
        case .orderedByAffiliate:
            return "The order was placed by the affiliate's own user."
        case .affiliatePremises:
            return "The order was placed from an address the program recognises as the affiliate's home or office."
        case .notOrderedAtSignup:
            return "No product was ordered when the customer account was created; the program only covers accounts that order at sign-up."
        case .outsideOneYear:
            return "The order was placed more than one year after the customer account was created; commissions run for one year."
        case .excludedProduct:
            return "The product is not covered by the affiliate program."
        }
    }
}
