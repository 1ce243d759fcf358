import Foundation
import PayoutCore
import Testing
@testable import PayoutFiles

@Suite("text encodings")
struct TextTests {
    @Test("JSON strings escape quotes, backslash and control characters and parse back")
    func jsonEscaping() throws {
        let samples = ["plain", "quote \" backslash \\ slash /", "\u{0}\u{1}\u{8}\u{9}\u{A}\u{C}\u{D}\u{1F}\u{7F}",
                       "Müller 東京 🎉", "line\u{2028}sep\u{2029}", "</script>"]
        for sample in samples {
            let encoded = JSONText.string(sample)
            #expect(!encoded.unicodeScalars.contains { $0.value < 0x20 })
            let decoded = try JSONSerialization.jsonObject(with: Data("[\(encoded)]".utf8)) as? [String]
            #expect(decoded == [sample])
        }
        #expect(JSONText.string("a\u{1}b") == "\"a\\u0001b\"")
        #expect(JSONText.string("Zürich") == "\"Zürich\"")
    }

    @Test("XML escaping")
    func xmlEscaping() {
        #expect(XMLText.escape("a & b < c > d \" e ' f") == "a &amp; b &lt; c &gt; d &quot; e &apos; f")
    }

    @Test("plain decimal text, never scientific, exact or rounded half away from zero")
    func decimals() {
        #expect(DecimalText.exact(dec("18.94153437484652")) == "18.94153437484652")
        #expect(DecimalText.exact(Decimal(string: "1e-12")!) == "0.000000000001")
        #expect(DecimalText.exact(Decimal(string: "12e3")!) == "12000")
        #expect(DecimalText.exact(dec("-3.5")) == "-3.5")
        #expect(DecimalText.exact(0, minFractionDigits: 2) == "0.00")
        #expect(DecimalText.exact(dec("10.1"), minFractionDigits: 2) == "10.10")
        #expect(DecimalText.rounded(dec("18.94153437484652"), maxFractionDigits: 6) == "18.941534")
        #expect(DecimalText.rounded(dec("0.0000005"), maxFractionDigits: 6) == "0.000001")
        #expect(DecimalText.rounded(dec("-0.0000005"), maxFractionDigits: 6) == "-0.000001")
        #expect(DecimalText.rounded(dec("-0.0000004"), maxFractionDigits: 6) == "0")
        #expect(DecimalText.rounded(dec("2.5"), maxFractionDigits: 6) == "2.5")
    }

    @Test("bank identifiers and BICs")
    func identifiers() {
        #expect(Pain001.checkIdentifier("AP202612-7"))
        #expect(!Pain001.checkIdentifier("/AP202612-7"))
        #expect(!Pain001.checkIdentifier("AP202612-7/"))
        #expect(!Pain001.checkIdentifier("AP//7"))
        #expect(!Pain001.checkIdentifier(String(repeating: "A", count: 36)))
        #expect(!Pain001.checkIdentifier("AP_7"))
        #expect(BIC.normalised("ubsw chzh 80a") == "UBSWCHZH80A")
        #expect(BIC.normalised("UBSWCHZH") == "UBSWCHZH")
        #expect(BIC.normalised("UBSWCH") == nil)
        #expect(BIC.normalised("UBSW1HZH") == nil)
        #expect(PostalAddress(town: "Zürich", country: "ch").isUsableForBankTransfer)
        #expect(!PostalAddress(town: "東京", country: "JP").isUsableForBankTransfer)
        #expect(!PostalAddress(town: "Bern", country: "CHE").isUsableForBankTransfer)
    }
}
