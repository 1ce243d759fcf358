import Crypto
import Foundation
import PayoutCore
@testable import PayoutFiles

/// Hostile but payable transfers and PayPal payments, generated deterministically, for the
/// tests that pin the bytes of the payment files (`PaymentFileBytesTests`).
enum PaymentFileCorpus {
    /// Names: XML specials, SEPA transliteration (umlauts, strokes, ligatures, combining marks,
    /// compatibility forms), characters that are dropped, '/' rules, spaces, and lengths
    /// around the 70-character limit where the cut falls on a space or inside "ae".
    static let names: [String] = [
        "Anna Muster",
        "Müller & Söhne <GmbH> \"quoted\" 'single'",
        "O'Brien & Co. <Ltd> \"Irl\"",
        "Zoë Ødegård-Łukasiewicz, Straße 5",
        "Þór Æsa Œuvre ŁĄĆ Đuro ħ ı ŀ ŋ ŧ ĸ ſ ƒ",
        "Jose\u{301} Gonza\u{301}lez",
        "Ｆｕｌｌ ｗｉｄｔｈ ﬁne ² ½ ¼",
        "東京 株式会社 ACME",
        "Emoji 🎉💸 Party",
        "東京株式会社",
        "/Leading slash // double",
        "//",
        "Tab\tNew\nLine\r\n\u{0}Ctrl\u{7} nbsp\u{A0}end\u{85}",
        "]]> <![CDATA[ x ]]> &amp; &#x41;",
        "   ",
        "a_b;c[d]{e}\\f|g“h”i„j«k»l‘m’n‚o‹p›q`r´s–t—u−v",
        "€ $ ! ~ ^ * @ # % = <> chars that are dropped",
        String(repeating: "Ab", count: 100),
        String(repeating: "x", count: 69) + "ä tail",
        String(repeating: "y", count: 68) + " ä",
        String(repeating: "z", count: 69) + " w",
        String(repeating: "Ä", count: 36),
        "Ñandú Çedilla Ğ ş ţ Ő ű Ŵ ŷ Ÿ ÿ Å å Ø ø",
    ]

    static let streets: [String?] = [
        "Bahnhofstrasse", "Grand'Rue <&> 東京", nil, "", "東京", "Rue \"du\" Lac & Co", "Chemin des Crêts-de-Champel",
        String(repeating: "Hauptstraße ", count: 8), "  /Slash//Street  ",
    ]
    static let buildings: [String?] = ["1", "12a", nil, "", "Haus 3 & 4 <b>", "12345678901234567890", "/7"]
    static let postcodes: [String?] = ["8001", nil, "1204", "", "CH-1227 Carouge", "12345678901234567", "東京"]
    static let towns: [String] = ["Zürich", "Genève 東京", "Carouge", "Köln", "Saint-Gall & <Appenzell>",
                                  "Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch", "  Bern  ", "Zug'"]
    static let countries: [String] = ["CH", "de", " fr ", "TR", "LI"]
    static let bics: [String?] = [nil, "cobadeffxxx", "COBADEFF", "ubsw chzh 80a", "not a bic", "UBSWCHZH80A", "ÜBSWCHZH"]

    /// IBANs of SEPA and non-SEPA countries (EUR files flag the former).
    static func iban(_ id: Int64) -> String {
        switch id % 4 {
        case 0: Sample.iban("CH", "00762" + String(format: "%012d", id))
        case 1: Sample.iban("DE", "37040044" + String(format: "%010d", id))
        case 2: "TR330006100519786457841326"
        default: Sample.iban("FR", "2004101005" + String(format: "%011d", id) + "06")
        }
    }

    /// `count` transfers with ascending ids (gaps included) and amounts from the smallest
    /// through ones with 15 digits.
    static func transfers(count: Int, currency: String, minorUnits: Int) -> [BankTransfer] {
        (0..<count).map { index in
            let id = Int64(index * 7 + index % 3 + 1)
            let address = PostalAddress(street: streets[index % streets.count],
                                        buildingNumber: buildings[(index / 2) % buildings.count],
                                        postcode: postcodes[(index / 3) % postcodes.count],
                                        town: towns[(index / 5) % towns.count],
                                        country: countries[(index / 7) % countries.count])
            return BankTransfer(affiliateId: id, payout: Money(amount(index, minorUnits: minorUnits), currency, minorUnits: minorUnits),
                                creditorName: names[index % names.count], iban: iban(id), bic: bics[(index / 4) % bics.count],
                                address: address)
        }
    }

    static func amount(_ index: Int, minorUnits: Int) -> Decimal {
        let minor: Decimal = switch index % 5 {
        case 0: 1
        case 1: 5000
        case 2: Decimal(index * 101 + 7)
        case 3: Decimal(string: "123456789012345")!
        default: Decimal(index) * 100
        }
        return minor / pow(10, minorUnits)
    }

    /// Receivers PayPal accepts, with every e-mail character that JSON or CSV could care about.
    static let receivers = ["anna@example.com", "o'brien&co@example.com", "a{b}|c~d@example.ch", "x/y=z?w@example.org",
                            "#hash!$%*^`@example.co.uk", "first.last+tag@xn--bcher-kva.ch", "UPPER_case-1@EXAMPLE.COM"]

    static func payments(count: Int, currency: String, minorUnits: Int) -> [PayPalPayment] {
        (0..<count).map { index in
            PayPalPayment(affiliateId: Int64(index * 3 + 2), payout: Money(amount(index, minorUnits: minorUnits), currency, minorUnits: minorUnits),
                          receiver: receivers[index % receivers.count])
        }
    }

    /// SHA-256 over every file of `directory`: name, length and bytes, in name order.
    static func digest(_ directory: URL) throws -> String {
        var hasher = SHA256()
        for name in try fileNames(directory) {
            let data = try Data(contentsOf: directory.appendingPathComponent(name))
            hasher.update(data: Data("\(name) \(data.count)\n".utf8))
            hasher.update(data: data)
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
