/// The customer account a prepaid credit is booked to.
///
/// The credits file must carry the account exactly as the ledger knows it: a value that the
/// CSV would have to alter (a leading formula character gets a `'`) or that contains control
/// characters or spaces is refused, and the affiliate is held, rather than credited to an
/// account that differs by one character.
///
/// ```swift
/// PrepaidAccount.isWritable("IK-0000005")   // true
/// PrepaidAccount.isWritable("=IK-5")        // false
/// ```
public enum PrepaidAccount {
    public static let maxLength = 64

    public static func isWritable(_ account: String) -> Bool {
        guard let first = account.unicodeScalars.first, account.count <= maxLength else { return false }
        // A leading quote would read as the CSV's own neutralising mark.
        guard !CSV.startsLikeFormula(account), first != "'" else { return false }
        return account.unicodeScalars.allSatisfy { scalar in
            !scalar.properties.isWhitespace && !(scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value))
        }
    }
}
