import Foundation

/// A postal address as the affiliate or the company gave it; every part is optional because
/// upstream data may lack any of them.
public struct PostalAddress: Sendable, Equatable {
    /// `country` is ISO 3166 alpha-2 as given (normalised by `countryCode`).
    public var street, buildingNumber, postcode, town, country: String?

    public init(street: String? = nil, buildingNumber: String? = nil, postcode: String? = nil,
                town: String? = nil, country: String? = nil) {
        (self.street, self.buildingNumber, self.postcode, self.town, self.country) = (street, buildingNumber, postcode, town, country)
    }

    /// The bank-file limits of each part (pain.001 structured address).
    public static let townLength = 35
    public static let streetLength = 70
    public static let buildingNumberLength = 16
    public static let postcodeLength = 16

    /// The address-usability rule: a bank transfer needs a structured address with at least
    /// a town and a country that survive the reduction to the bank character set (Swiss
    /// banks accept nothing less). Payouts that fail it are held with `incomplete_address`.
    public var isUsableForBankTransfer: Bool {
        SEPAText.field(town, maxLength: Self.townLength) != nil && Self.countryCode(country) != nil
    }

    /// ISO 3166 alpha-2 in upper case, or nil when it is not a country code (a bank rejects
    /// an unknown country, e.g. `UK` for GB, and the payout comes back).
    public static func countryCode(_ country: String?) -> String? {
        guard let country else { return nil }
        // Already two capital letters (nearly always): no Foundation trimming per transfer.
        if country.utf8.count == 2, country.utf8.allSatisfy({ $0 >= 65 && $0 <= 90 }) {
            return countries.contains(country) ? country : nil
        }
        let value = country.trimmingCharacters(in: .whitespaces).uppercased()
        guard value.utf8.count == 2, countries.contains(value) else { return nil }
        return value
    }

    /// The officially assigned ISO 3166-1 alpha-2 codes (249), and XK (Kosovo), which the
    /// code list leaves user-assigned but banks and SWIFT use. Checked against pycountry's list
    /// by the tests.
    public static let countries: Set<String> = [
        "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX",
        "AZ", "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ",
        "BR", "BS", "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK",
        "CL", "CM", "CN", "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM",
        "DO", "DZ", "EC", "EE", "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR",
        "GA", "GB", "GD", "GE", "GF", "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS",
        "GT", "GU", "GW", "GY", "HK", "HM", "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN",
        "IO", "IQ", "IR", "IS", "IT", "JE", "JM", "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN",
        "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC", "LI", "LK", "LR", "LS", "LT", "LU", "LV",
        "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK", "ML", "MM", "MN", "MO", "MP", "MQ",
        "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA", "NC", "NE", "NF", "NG", "NI",
        "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG", "PH", "PK", "PL", "PM",
        "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW", "SA", "SB", "SC",
        "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS", "ST", "SV",
        "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO", "TR",
        "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
        "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW",
        "XK",
    ]
}

/// Bank identifier codes (ISO 9362).
public enum BIC {
    /// Upper-cased BIC without spaces when it is well formed (8 or 11 characters), else nil.
    public static func normalised(_ bic: String?) -> String? {
        guard let bic else { return nil }
        let value = String(bic.unicodeScalars.filter { $0 != " " }).uppercased()
        let bytes = Array(value.utf8)
        guard bytes.count == 8 || bytes.count == 11 else { return nil }
        func alpha(_ b: UInt8) -> Bool { b >= 65 && b <= 90 }
        func alnum(_ b: UInt8) -> Bool { alpha(b) || (b >= 48 && b <= 57) }
        guard bytes[0..<4].allSatisfy(alnum), bytes[4..<6].allSatisfy(alpha), bytes[6...].allSatisfy(alnum) else {
            return nil
        }
        return value
    }
}
