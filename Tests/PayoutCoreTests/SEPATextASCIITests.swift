@testable import PayoutCore
import Testing

/// `SEPAText.transliterate` takes a byte-by-byte path for ASCII text (the pain.001 writer
/// calls it several times per transfer; `SEPATextLatinTests` for the Latin letters): it must
/// give exactly what the character-by-character path gives, for every ASCII byte, every pair,
/// and random texts with spaces, line breaks (CR LF is one character) and controls.
@Suite struct SEPATextASCIITests {
    @Test func asciiPathEqualsCharacterPathForEveryByteAndPair() {
        let bytes = (0..<128).map { String(Character(Unicode.Scalar(UInt8($0)))) }
        for a in bytes {
            #expect(SEPAText.transliteratedLatin(a) == SEPAText.transliteratedByCharacter(a), "\(a.debugDescription)")
            for b in bytes {
                let text = "x" + a + b + "y" + b + a
                #expect(SEPAText.transliteratedLatin(text) == SEPAText.transliteratedByCharacter(text), "\(text.debugDescription)")
            }
        }
    }

    @Test func asciiPathEqualsCharacterPathForRandomTexts() {
        var generator = SystemRandomNumberGenerator()
        let pieces = ["a", "Z", "0", " ", "  ", "\t", "\r\n", "\n", "\r", "/", "//", "&", "_", "\"", "`", "[", "}", ";", "\\", "|",
                      "<", "@", "=", "\u{07}", "\u{1F}", "\u{7F}", "-", "'", "+", "Affiliate commissions 2026-11 AP202611-7"]
        for _ in 0..<5_000 {
            let text = (0..<Int.random(in: 0...12, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            #expect(SEPAText.transliteratedLatin(text) == SEPAText.transliteratedByCharacter(text), "\(text.debugDescription)")
        }
        #expect(SEPAText.transliteratedLatin("Müller") == "Mueller", "Latin-1 letters take the byte path too")
        #expect(SEPAText.transliteratedLatin("Mu\u{308}ller") == nil, "a combining mark takes the character path")
        #expect(SEPAText.transliteratedLatin("東京") == nil, "other scripts take the character path")
    }

    /// `SEPAText.field` returns a text unchanged when `isFieldAlready` says the steps would:
    /// the shortcut must agree with the steps for every pair of bytes and random texts,
    /// at lengths around the limit.
    @Test func fieldShortcutEqualsTheSteps() {
        let bytes = (0..<128).map { String(Character(Unicode.Scalar(UInt8($0)))) }
        for a in bytes {
            for b in bytes {
                for text in [a + b, "x" + a + b, a + "y" + b, "Ab" + a + b + "c"] {
                    for maxLength in [1, 2, 3, 4, 5, 35] {
                        #expect(SEPAText.field(text, maxLength: maxLength) == SEPAText.fieldBySteps(text, maxLength: maxLength),
                                "\(text.debugDescription) max \(maxLength)")
                    }
                }
            }
        }
        var generator = SystemRandomNumberGenerator()
        let pieces = ["a", "Z", "0", " ", "  ", "\t", "/", "//", "&", "-", "'", "+", "(", ".", "ä", "Müller", "東", "AP202611-7"]
        for _ in 0..<5_000 {
            let text = (0..<Int.random(in: 0...10, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let maxLength = Int.random(in: 1...40, using: &generator)
            #expect(SEPAText.field(text, maxLength: maxLength) == SEPAText.fieldBySteps(text, maxLength: maxLength),
                    "\(text.debugDescription) max \(maxLength)")
        }
        #expect(SEPAText.isFieldAlready("Mueller + Soehne AG", maxLength: 70))
        #expect(!SEPAText.isFieldAlready("Mueller + Soehne AG", maxLength: 18), "longer than the field: cut by the steps")
    }
}
