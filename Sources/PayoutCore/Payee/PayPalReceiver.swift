/// Checks for the e-mail address that receives a PayPal payout.
///
/// Deliberately stricter than RFC 5321/5322: a payout to a mistyped address is real money
/// gone, while a rejected address only puts the payout on hold (`invalid_paypal_receiver`)
/// for a human to fix. In particular:
/// - ASCII only. Internationalised domains must be stored in their punycode form
///   ("user@xn--bcher-kva.ch", not "user@bücher.ch"); non-ASCII local parts are rejected.
/// - No quoted local parts, comments or IP-literal domains.
/// - The check is on the string as given, so surrounding whitespace fails it; call
///   `normalise` first and send the normalised value.
///
/// ```swift
/// let receiver = PayPalReceiver.normalise("  anna.muster@example.ch\n")
/// PayPalReceiver.isPlausibleEmail(receiver)          // true
/// PayPalReceiver.isPlausibleEmail("anna@localhost")  // false: no dot in the domain
/// ```
public enum PayPalReceiver {
    /// Trims leading and trailing whitespace and line breaks; nothing else is changed.
    public static func normalise(_ s: String) -> String {
        let scalars = Array(s.unicodeScalars)
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let end = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        var result = String.UnicodeScalarView()
        result.append(contentsOf: scalars[start...end])
        return String(result)
    }

    /// PayPal's limit on the receiver field.
    public static let maxLength = 127

    /// The PayPal receiver rule, the one both the run and the file writer apply: a plausible
    /// e-mail address (below) that fits PayPal's field and that the upload CSV can carry
    /// unchanged (no leading formula character, which the CSV would have to alter, paying
    /// someone else). A receiver that fails it is held with `invalid_paypal_receiver`.
    public static func isPayable(_ s: String) -> Bool {
        isPlausibleEmail(s) && s.utf8.count <= maxLength && !CSV.startsLikeFormula(s)
    }

    /// Whether `s` looks like a deliverable e-mail address (see the type's notes).
    public static func isPlausibleEmail(_ s: String) -> Bool {
        // Over the String's own bytes: the PayPal writer asks this once per payout.
        var s = s
        return s.withUTF8 { bytes in
            guard !bytes.isEmpty, bytes.count <= 254 else { return false }
            // Only printable ASCII; this also excludes spaces, control characters and all
            // non-ASCII (where UTF-8 bytes are >= 0x80).
            guard bytes.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { return false }
            guard let at = bytes.firstIndex(of: UInt8(ascii: "@")),
                  !bytes[(at + 1)...].contains(UInt8(ascii: "@")) else { return false }
            return isLocalPart(bytes[..<at]) && isDomain(bytes[(at + 1)...])
        }
    }

    /// Characters allowed in an unquoted local part (RFC 5322 atext plus dots), as a table by
    /// byte.
    private static let localCharacters: [Bool] = {
        var table = [Bool](repeating: false, count: 256)
        for byte in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+/=?^_`{|}~-.".utf8 {
            table[Int(byte)] = true
        }
        return table
    }()

    private static func isLocalPart(_ local: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        guard !local.isEmpty, local.count <= 64 else { return false }
        let allowed = localCharacters  // read once: a global's every read checks its initialisation
        guard local.allSatisfy({ allowed[Int($0)] }) else { return false }
        // Dot-atom: dots only between atoms.
        guard local.first != UInt8(ascii: "."), local.last != UInt8(ascii: ".") else { return false }
        return !zip(local, local.dropFirst()).contains { $0 == UInt8(ascii: ".") && $1 == UInt8(ascii: ".") }
    }

    private static func isDomain(_ domain: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        guard !domain.isEmpty, domain.count <= 253 else { return false }
        // Labels between dots; empty ones (leading, trailing or consecutive dots) are rejected
        // by isLabel.
        var labels = 0
        var start = domain.startIndex
        var tld = domain[start...]
        while true {
            let end = domain[start...].firstIndex(of: UInt8(ascii: ".")) ?? domain.endIndex
            tld = domain[start..<end]
            guard isLabel(tld) else { return false }
            labels += 1
            guard end < domain.endIndex else { break }
            start = end + 1
        }
        guard labels >= 2 else { return false }
        let isLetter: (UInt8) -> Bool = { ($0 | 0x20) >= UInt8(ascii: "a") && ($0 | 0x20) <= UInt8(ascii: "z") }
        // A TLD is letters only, or an internationalised TLD in punycode ("xn--p1ai").
        let isPunycode = tld.count > 4 && tld.prefix(4).elementsEqual("xn--".utf8, by: { $0 | 0x20 == $1 })
        return (tld.count >= 2 && tld.allSatisfy(isLetter)) || isPunycode
    }

    /// LDH label: 1-63 letters, digits and hyphens, not starting or ending with a hyphen.
    private static func isLabel(_ label: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        guard !label.isEmpty, label.count <= 63 else { return false }
        guard label.first != UInt8(ascii: "-"), label.last != UInt8(ascii: "-") else { return false }
        return label.allSatisfy { byte in
            let lower = byte | 0x20
            return (lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                || byte == UInt8(ascii: "-")
        }
    }
}
