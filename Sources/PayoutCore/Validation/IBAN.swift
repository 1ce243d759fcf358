/// Why a string is not a valid IBAN.
public enum IBANError: Error, Sendable, Equatable, CustomStringConvertible {
    case empty
    /// Something other than A-Z and 0-9 remained after removing spaces.
    case invalidCharacters
    case unknownCountry(String)
    case wrongLength(country: String, expected: Int, actual: Int)
    /// Positions 3-4 are not digits, or the ISO 13616 mod-97 check fails.
    case checksumFailed

    /// A message fit for an operator's hold report.
    public var message: String {
        switch self {
        case .empty:
            return "IBAN is empty"
        case .invalidCharacters:
            return "IBAN may contain only letters A-Z and digits 0-9 (spaces are ignored)"
        case let .unknownCountry(code):
            return "IBAN country code \"\(code)\" is not in the IBAN registry"
        case let .wrongLength(country, expected, actual):
            return "IBAN for \(country) must have \(expected) characters, this one has \(actual)"
        case .checksumFailed:
            return "IBAN check digits are wrong (typo or transposed characters?)"
        }
    }

    public var description: String { message }
}

/// A validated International Bank Account Number (ISO 13616).
///
/// Validation covers characters, the country code, the exact length for that country and
/// the mod-97 check digits. It does not check the national BBAN structure or that the
/// account exists.
///
/// ```swift
/// let iban = try IBAN(" ch93 0076 2011 6238 5295 7 ")
/// iban.electronic    // "CH9300762011623852957"
/// iban.printed       // "CH93 0076 2011 6238 5295 7"
/// iban.countryCode   // "CH"
/// ```
public struct IBAN: Sendable, Hashable, CustomStringConvertible {
    /// Normalised form without spaces, upper case: what goes into payment files.
    public let electronic: String

    /// ISO 3166-1 alpha-2 code, the first two characters.
    public var countryCode: String { String(electronic.prefix(2)) }

    /// A Swiss or Liechtenstein QR-IBAN (institution id 30000-31999): an account for QR-bill
    /// payments with a QR reference only. Banks reject an ordinary credit transfer to it, so
    /// it cannot receive a payout.
    ///
    /// ```swift
    /// try IBAN("CH44 3199 9123 0008 8901 2").isQRIBAN   // true
    /// ```
    public var isQRIBAN: Bool {
        guard countryCode == "CH" || countryCode == "LI",
              let institution = Int(electronic.dropFirst(4).prefix(5)) else { return false }
        return (30000...31999).contains(institution)
    }

    /// Human form in groups of four, as printed on statements.
    public var printed: String {
        var groups: [Substring] = []
        var rest = Substring(electronic)
        while !rest.isEmpty {
            groups.append(rest.prefix(4))
            rest = rest.dropFirst(4)
        }
        return groups.joined(separator: " ")
    }

    public var description: String { printed }

    public init(_ raw: String) throws(IBANError) {
        let value = IBAN.normalise(raw)
        guard !value.isEmpty else { throw .empty }
        let bytes = Array(value.utf8)
        guard bytes.allSatisfy({ IBAN.isUpperAlpha($0) || IBAN.isDigit($0) }) else {
            throw .invalidCharacters
        }
        guard bytes.count >= 2, IBAN.isUpperAlpha(bytes[0]), IBAN.isUpperAlpha(bytes[1]) else {
            throw .unknownCountry(String(value.prefix(2)))
        }
        let country = String(value.prefix(2))
        guard let expected = IBANRegistry.lengths[country] else { throw .unknownCountry(country) }
        guard bytes.count == expected else {
            throw .wrongLength(country: country, expected: expected, actual: bytes.count)
        }
        guard IBAN.isDigit(bytes[2]), IBAN.isDigit(bytes[3]) else { throw .checksumFailed }
        // MOD 97-10 only ever produces check digits 02...98; 00, 01 and 99 can satisfy the
        // remainder test by coincidence but are never issued.
        let check = Int(bytes[2] - UInt8(ascii: "0")) * 10 + Int(bytes[3] - UInt8(ascii: "0"))
        guard (2...98).contains(check), IBAN.mod97(bytes[4...] + bytes[..<4]) == 1 else {
            throw .checksumFailed
        }
        self.electronic = value
    }

    /// Removes all whitespace (spaces, tabs, non-breaking and other Unicode spaces, line
    /// breaks) and upper-cases ASCII letters. Other characters are kept so validation can
    /// reject them instead of turning e.g. "ß" into "SS".
    public static func normalise(_ raw: String) -> String {
        // ASCII, the usual case: the same result by bytes, without a Unicode property lookup
        // per character (the run checks every IBAN payee).
        if raw.utf8.allSatisfy({ $0 < 0x80 }) {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(raw.utf8.count)
            for byte in raw.utf8 where !byte.isASCIIWhitespace {
                bytes.append((0x61...0x7A).contains(byte) ? byte - 0x20 : byte)
            }
            return String(decoding: bytes, as: UTF8.self)
        }
        var scalars = String.UnicodeScalarView()
        for scalar in raw.unicodeScalars where !scalar.properties.isWhitespace {
            if scalar.isASCII, scalar.value >= 0x61, scalar.value <= 0x7A {
                scalars.append(Unicode.Scalar(scalar.value - 0x20)!)
            } else {
                scalars.append(scalar)
            }
        }
        return String(scalars)
    }

    /// ISO 7064 MOD 97-10 remainder of the rearranged IBAN, letters counted as 10...35.
    /// Folding digit by digit keeps every intermediate below 97 * 100, so no big integers.
    private static func mod97(_ rearranged: some Sequence<UInt8>) -> Int {
        var remainder = 0
        for byte in rearranged {
            if isDigit(byte) {
                remainder = (remainder * 10 + Int(byte - UInt8(ascii: "0"))) % 97
            } else {
                remainder = (remainder * 100 + Int(byte - UInt8(ascii: "A")) + 10) % 97
            }
        }
        return remainder
    }

    private static func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
    private static func isUpperAlpha(_ b: UInt8) -> Bool { b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z") }
}
