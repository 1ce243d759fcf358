@testable import PayoutCore
import Testing

/// The byte-level entry points of the text rules give what their String forms give:
/// `SEPAText.appendField` is `SEPAText.field`, and the formula check by byte table is
/// `CSV.formulaStarters` (every CSV cell and PayPal receiver is asked).
@Suite struct TextBytesTests {
    static let ascii = (0..<128).map { String(Character(Unicode.Scalar(UInt8($0)))) }

    func appendedField(_ text: String, maxLength: Int) -> String? {
        var out = Array("kept ".utf8)
        let appended = Array(text.utf8).withUnsafeBytes { SEPAText.appendField($0, maxLength: maxLength, to: &out) }
        let kept = Array("kept ".utf8)
        #expect(Array(out.prefix(kept.count)) == kept, "what was in the buffer stays")
        if !appended { #expect(out == kept, "nothing appended when nothing is left") }
        return appended ? String(decoding: out.dropFirst(kept.count), as: UTF8.self) : nil
    }

    @Test func appendFieldIsFieldForEveryPairAndRandomTexts() {
        for a in Self.ascii {
            for b in Self.ascii {
                for text in [a + b, "Affiliate commissions 2026-12 AP202612-" + a + b] {
                    for maxLength in [1, 3, 35, 140] {
                        #expect(appendedField(text, maxLength: maxLength) == SEPAText.field(text, maxLength: maxLength),
                                "\(text.debugDescription) max \(maxLength)")
                    }
                }
            }
        }
        var generator = SystemRandomNumberGenerator()
        let pieces = ["a", " ", "  ", "/", "//", "&", "'", "<", "ä", "Zürich", "東", "\u{301}", "AP202612-7", "\r\n"]
        for _ in 0..<3_000 {
            let text = (0..<Int.random(in: 0...10, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let maxLength = Int.random(in: 1...40, using: &generator)
            #expect(appendedField(text, maxLength: maxLength) == SEPAText.field(text, maxLength: maxLength),
                    "\(text.debugDescription) max \(maxLength)")
        }
    }

    @Test func formulaCheckIsTheSetOfStarters() {
        for value in UInt32(0)..<0x3000 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            for text in [String(scalar), String(scalar) + "1", String(scalar) + "\u{301}x"] {
                #expect(CSV.startsLikeFormula(text) == CSV.formulaStarters.contains(scalar), "\(text.debugDescription)")
            }
        }
        #expect(!CSV.startsLikeFormula(""))
    }
}
