@testable import PayoutCore
import Testing

/// The byte path of `SEPAText.transliterate` also takes U+0080...U+017F (the accented letters
/// of most European names and towns) and `SEPAText.field` returns a transliteration that
/// already is its field: both must give exactly what the character-by-character path and the
/// steps give, for every such scalar alone, beside every ASCII byte and beside each other,
/// and for random texts that mix in combining marks, other scripts, spaces and '/'.
@Suite struct SEPATextLatinTests {
    static let latin = (0x80...0x17F).map { String(Character(Unicode.Scalar(UInt32($0))!)) }
    static let ascii = (0..<128).map { String(Character(Unicode.Scalar(UInt8($0)))) }

    @Test func latinPathEqualsCharacterPathForEveryScalarBesideEveryByte() {
        for l in Self.latin {
            #expect(SEPAText.transliteratedLatin(l) == SEPAText.transliteratedByCharacter(l), "\(l.debugDescription)")
            for a in Self.ascii {
                for text in [a + l, l + a, "x" + a + l + "y" + l + a] {
                    #expect(SEPAText.transliteratedLatin(text) == SEPAText.transliteratedByCharacter(text), "\(text.debugDescription)")
                }
            }
        }
    }

    @Test func latinPathEqualsCharacterPathForEveryPair() {
        for l in Self.latin {
            for m in Self.latin {
                let text = l + m + " " + m + l
                #expect(SEPAText.transliteratedLatin(text) == SEPAText.transliteratedByCharacter(text), "\(text.debugDescription)")
            }
        }
    }

    static let pieces = ["a", "Z", "0", " ", "  ", "\t", "\r\n", "\n", "/", "//", "&", "-", "'", "ä", "Ö", "ß", "é", "ø", "Ł",
                         "ı", "ſ", "ĳ", "\u{A0}", "\u{85}", "\u{AD}", "¨", "½", "²", "×", "\u{301}", "\u{308}", "東", "🎉",
                         "Zürich", "Müller", "Łódź", "Genève", "Straße"]

    @Test func transliterateEqualsCharacterPathForRandomTexts() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            let text = (0..<Int.random(in: 0...12, using: &generator)).map { _ in Self.pieces.randomElement(using: &generator)! }.joined()
            #expect(SEPAText.transliterate(text) == SEPAText.transliteratedByCharacter(text), "\(text.debugDescription)")
        }
        #expect(SEPAText.transliteratedLatin("e\u{301}") == nil, "a combining mark joins the letter before it: character path")
    }

    @Test func fieldEqualsTheStepsForLatinTexts() {
        var generator = SystemRandomNumberGenerator()
        for l in Self.latin {
            for text in [l, "Ab" + l, l + " x", "/" + l + "//y", String(repeating: "x", count: 3) + l] {
                for maxLength in [1, 2, 3, 4, 5, 35] {
                    #expect(SEPAText.field(text, maxLength: maxLength) == SEPAText.fieldBySteps(text, maxLength: maxLength),
                            "\(text.debugDescription) max \(maxLength)")
                }
            }
        }
        for _ in 0..<5_000 {
            let text = (0..<Int.random(in: 0...10, using: &generator)).map { _ in Self.pieces.randomElement(using: &generator)! }.joined()
            let maxLength = Int.random(in: 1...40, using: &generator)
            #expect(SEPAText.field(text, maxLength: maxLength) == SEPAText.fieldBySteps(text, maxLength: maxLength),
                    "\(text.debugDescription) max \(maxLength)")
        }
        #expect(SEPAText.field("Zürich", maxLength: 35) == "Zuerich")
        #expect(SEPAText.field("xxxxä", maxLength: 5) == "xxxxa", "the cut falls inside ae: the steps decide")
        #expect(SEPAText.field("Zürich ", maxLength: 7) == "Zuerich")
    }
}
