import Foundation
import PayoutCore
import Testing
@testable import PayoutFiles

/// The byte-level escapes the payment files are laid out with give what the String forms give,
/// for every ASCII byte, every pair, and texts with non-ASCII, controls and line separators;
/// they append after what the buffer holds.
@Suite struct FileTextBytesTests {
    static let ascii = (0..<128).map { String(Character(Unicode.Scalar(UInt8($0)))) }
    static let others = ["Müller & Söhne <GmbH> \"x\" 'y'", "東京", "🎉", "a\u{2028}b\u{2029}c", "\u{7F}\u{0}", "e\u{301}", "\r\n",
                         "]]> &amp; </script>", "Affiliate commissions 2026-12 (AP202612-7)", "o'brien&co@example.com", ""]

    static var texts: [String] {
        var texts = others
        for a in ascii {
            for b in ascii { texts.append(a + b) }
            texts.append("x" + a + "ü")
        }
        return texts
    }

    func appended(_ text: String, _ append: (UnsafeRawBufferPointer, inout [UInt8]) -> Void) -> String {
        var out = Array("<kept>".utf8)
        Array(text.utf8).withUnsafeBytes { append($0, &out) }
        #expect(String(decoding: out.prefix(6), as: UTF8.self) == "<kept>")
        return String(decoding: out.dropFirst(6), as: UTF8.self)
    }

    /// A byte path, on raw bytes (appending after what the buffer holds) and through its String
    /// overload, writes what its String form returns, for every text of the corpus.
    func expectBytePath(_ appendBytes: (UnsafeRawBufferPointer, inout [UInt8]) -> Void,
                        _ appendString: (String, inout [UInt8]) -> Void, isStringForm string: (String) -> String) {
        for text in Self.texts {
            #expect(appended(text, appendBytes) == string(text), "\(text.debugDescription)")
            var out: [UInt8] = []
            appendString(text, &out)
            #expect(String(decoding: out, as: UTF8.self) == string(text), "\(text.debugDescription)")
        }
    }

    @Test func xmlAppendIsEscape() {
        expectBytePath({ XMLText.append($0, to: &$1) }, { XMLText.append($0, to: &$1) }, isStringForm: XMLText.escape)
    }

    @Test func jsonAppendStringIsString() {
        expectBytePath({ JSONText.appendString($0, to: &$1) }, { JSONText.appendString($0, to: &$1) }, isStringForm: JSONText.string)
    }

    @Test func referencesAreTheIdentifiers() throws {
        for id: Int64 in [0, 7, 42, 1_000_000, Int64.max] {
            #expect(try Sample.run.reference(for: id, file: "f") == PayoutIdentifiers.payoutReference(month: Sample.month, affiliateId: id))
        }
        #expect(throws: PayoutFileError.self) { try Sample.run.reference(for: -1, file: "f") }
    }

    @Test func sepaCountriesAndIBANShape() {
        let letters = (65...90).map { String(Character(Unicode.Scalar(UInt8($0)))) }
        for a in letters {
            for b in letters {
                #expect(Pain001.isSEPA(iban: a + b + "00X") == Pain001.sepaCountries.contains(a + b), "\(a)\(b)")
            }
        }
        #expect(!Pain001.isSEPA(iban: "de89370400440532013000"))
        #expect(!Pain001.isSEPA(iban: "D"))
        for (iban, wellFormed) in [("CH9300762011623852957", true), ("FR1420041010050500013M02606", true), ("GB82WEST1234", true),
                                   ("GB82west1234", true), ("CH93", false), ("CH930", true), (String(repeating: "1", count: 30), false),
                                   ("CH" + String(repeating: "1", count: 32), true), ("CH" + String(repeating: "1", count: 33), false),
                                   ("ch9300762011623852957", false), ("C19300762011623852957", false), ("CH9A00762011623852957", false),
                                   ("CH93 0076 2011 6238 5295 7", false), ("CH93007620116238529É", false), ("", false)] {
            #expect(Pain001.ibanIsWellFormed(iban) == wellFormed, "\(iban)")
        }
    }

    @Test func customerIds() {
        func check(_ s: String) -> Bool { Array(s.utf8).withUnsafeBytes(PayPal.isCustomerId) }
        #expect(check("AP202612-7"))
        #expect(check(String(repeating: "A", count: 30)))
        #expect(!check(String(repeating: "A", count: 31)))
        #expect(!check(""))
        #expect(!check("AP 7"))
        #expect(!check("AP\t7"))
        #expect(!check("AP\u{A0}7"), "non-ASCII whitespace is whitespace too")
        #expect(check("APé7"))
    }
}
