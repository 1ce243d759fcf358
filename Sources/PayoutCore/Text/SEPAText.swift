import Foundation

/// Texts for bank files in the SEPA Latin character set:
/// `a-z A-Z 0-9 / - ? : ( ) . , ' +` and space.
///
/// Banks reject files (or whole batches) with other characters, so names and references
/// are transliterated rather than passed through.
///
/// Choices made by `transliterate`:
/// - German umlauts become two letters (ä → ae, Ö → Oe, ß → ss, ẞ → SS), the spelling
///   Germans and Swiss use when umlauts are unavailable; "Müller" must not become "Muller".
///   For the same reason æ → ae, œ → oe, þ → th (capitals: Ae, Oe, Th).
/// - Other Latin letters lose their diacritics (é → e, ç → c, å → a, ø → o, ł → l, đ → d).
/// - `&` → `+`, `_` → `-`, dashes (– — −) → `-`, quotes (“ ” „ « » " ‘ ’ ‚ ‹ › ` ´) → `'`,
///   brackets `[ ] { }` → `( )`, `;` → `,`, `\` and `|` → `/`.
/// - Compatibility forms whose decomposition is plain allowed text are folded
///   (full-width "Ａ" → "A", ligature "ﬁ" → "fi", "²" → "2").
/// - Everything else is dropped: CJK and other scripts, emoji, control and zero-width
///   characters, and `< > * @ # % = $ € ! ~ ^` (they have no neutral stand-in and most
///   are only decoration in names).
/// - Any whitespace (tabs, line breaks, non-breaking spaces) becomes a space; runs of
///   spaces collapse to one; the result is trimmed.
///
/// ```swift
/// SEPAText.transliterate("Müller & Söhne – Zürich")   // "Mueller + Soehne - Zuerich"
/// SEPAText.fit("//Łódź 東京", maxLength: 35, fallback: "Affiliate")   // "Lodz"
/// SEPAText.isValid("Mueller + Soehne")                 // true
/// ```
public enum SEPAText {
    /// The longest name (Nm of a debtor or creditor) the bank schemas allow.
    public static let nameLength = 70

    /// The allowed characters, as ASCII bytes.
    private static let allowed: Set<UInt8> = Set(
        Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/-?:().,'+ ".utf8)
    )

    /// Explicit replacements, consulted before diacritic stripping.
    private static let replacements: [Character: String] = [
        "ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue",
        "ß": "ss", "ẞ": "SS",
        "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe",
        "þ": "th", "Þ": "Th",
        // Letters with a stroke or other non-decomposable marks.
        "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D",
        "ħ": "h", "Ħ": "H", "ı": "i", "ŀ": "l", "Ŀ": "L", "ŋ": "n", "Ŋ": "N",
        "ŧ": "t", "Ŧ": "T", "ĸ": "k", "ſ": "s", "ƒ": "f",
        "&": "+", "_": "-",
        "–": "-", "—": "-", "‐": "-", "‑": "-", "‒": "-", "−": "-",
        "\"": "'", "“": "'", "”": "'", "„": "'", "«": "'", "»": "'",
        "‘": "'", "’": "'", "‚": "'", "‹": "'", "›": "'", "`": "'", "´": "'",
        "[": "(", "]": ")", "{": "(", "}": ")",
        ";": ",", "\\": "/", "|": "/",
    ]

    /// Maps `s` into the SEPA character set (see the type's notes for the choices).
    /// The result contains only allowed characters, has no double spaces and is trimmed.
    public static func transliterate(_ s: String) -> String {
        if let latin = transliteratedLatin(s) { return latin }
        return transliteratedByCharacter(s)
    }

    /// `transliterate` character by character: any text.
    static func transliteratedByCharacter(_ s: String) -> String {
        var mapped = ""
        mapped.reserveCapacity(s.utf8.count)
        for character in s {
            mapped.append(Self.mapped(character))
        }
        return collapsingSpaces(mapped)
    }

    /// What `transliterate` makes of one character, before spaces are collapsed: the one
    /// home of the choices listed in the type's notes.
    private static func mapped(_ character: Character) -> String {
        if character.isWhitespace { return " " }
        if let ascii = character.asciiValue, allowedASCII[Int(ascii)] { return String(character) }
        if let replacement = replacements[character] { return replacement }
        return folded(character)
    }

    /// `allowed` as a table indexed by ASCII byte: looked up for every byte of every text.
    private static let allowedASCII: [Bool] = (0..<128).map { allowed.contains(UInt8($0)) }

    /// ASCII replacements of `replacements`, by byte.
    private static let asciiReplacements: [UInt8?] = (0..<128).map { byte in
        replacements[Character(Unicode.Scalar(UInt8(byte)))].flatMap { $0.utf8.count == 1 ? $0.utf8.first : nil }
    }

    /// `mapped` of each scalar U+0080...U+017F (Latin-1 Supplement and Latin Extended-A: the
    /// accented letters of most European names and towns), as bytes, asked once.
    private static let latinMappings: [[UInt8]] = (0x80...0x17F).map { value in
        Unicode.Scalar(UInt32(value)).map { Array(mapped(Character($0)).utf8) } ?? []
    }

    /// `transliterate` for text of ASCII and U+0080...U+017F only (nearly every name, street
    /// and town, every generated text), byte by byte with spaces collapsed and trimmed on the
    /// way; nil for any other text (the character path).
    ///
    /// Byte by byte gives what character by character gives because in such text every
    /// character is one scalar: none of these scalars extends or prepends to a neighbour, and
    /// the one two-scalar character, CR LF, is whitespace whose two halves collapse to the
    /// same single space. In ASCII whitespace is tab through CR and space, and every byte
    /// neither allowed nor replaced folds to nothing; the other scalars map by `mapped`.
    static func transliteratedLatin(_ s: String) -> String? {
        var s = s
        return s.withUTF8 { bytes -> String? in
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + 8)
            // The tables read once: a global's every read checks its initialisation.
            let (allowed, replacements, latin) = (allowedASCII, asciiReplacements, latinMappings)
            var pendingSpace = false
            func emit(_ mapped: UInt8) {
                if mapped == 0x20 {
                    pendingSpace = true
                    return
                }
                if pendingSpace, !out.isEmpty { out.append(0x20) }
                pendingSpace = false
                out.append(mapped)
            }
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                if byte < 0x80 {
                    if byte.isASCIIWhitespace {
                        pendingSpace = true
                    } else if allowed[Int(byte)] {
                        emit(byte)
                    } else if let replacement = replacements[Int(byte)] {
                        emit(replacement)
                    }
                } else if byte >= 0xC2, byte <= 0xC5, index < bytes.count {
                    // A two-byte sequence of U+0080...U+017F (the string is valid UTF-8).
                    let scalar = Int(byte & 0x1F) << 6 | Int(bytes[index] & 0x3F)
                    index += 1
                    for mapped in latin[scalar - 0x80] { emit(mapped) }
                } else {
                    return nil
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// Removes diacritics and compatibility variants: decomposes (NFKD) and keeps the
    /// result only when what remains after dropping combining marks is allowed text,
    /// so e.g. "½" (→ "1⁄2") is dropped rather than turned into "12".
    private static func folded(_ character: Character) -> String {
        var result = ""
        for scalar in String(character).decomposedStringWithCompatibilityMapping.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .spacingMark, .enclosingMark:
                continue
            default:
                guard scalar.isASCII, allowedASCII[Int(scalar.value)] else { return "" }
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    private static func collapsingSpaces(_ s: String) -> String {
        s.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }

    /// `s` transliterated and made safe for Swiss banks (no leading "/", no "//"), cut to at
    /// most `maxLength` characters without a trailing space. If nothing is left, `fallback`
    /// treated the same way; "" only when that is empty too (or `maxLength` ≤ 0).
    ///
    /// ```swift
    /// SEPAText.fit("Zürcher Kantonalbank", maxLength: 9, fallback: "Bank")   // "Zuercher"
    /// SEPAText.fit("東京", maxLength: 35, fallback: "Affiliate 7")          // "Affiliate 7"
    /// ```
    public static func fit(_ s: String, maxLength: Int, fallback: String) -> String {
        let fitted = fitOnly(s, maxLength: maxLength)
        return fitted.isEmpty ? fitOnly(fallback, maxLength: maxLength) : fitted
    }

    private static func fitOnly(_ s: String, maxLength: Int) -> String {
        guard maxLength > 0 else { return "" }
        var text = transliterate(s)
        while hasDoubleSlash(text) {
            text = text.replacingOccurrences(of: "//", with: "/")
        }
        // Stripping a leading "/" can expose a space ("/ x"), hence the loop.
        while let first = text.first, first == "/" || first == " " {
            text.removeFirst()
        }
        // After transliteration every character is one ASCII byte, so cutting by
        // characters cannot split anything; the cut can only create a trailing space.
        var cut = String(text.prefix(maxLength))
        while cut.last == " " {
            cut.removeLast()
        }
        return cut
    }

    /// `raw` made safe for a bank text field: SEPA character set, at most `maxLength`
    /// characters, no leading or trailing blanks, no leading '/' and no '//'. Nil when
    /// nothing is left (or `raw` is nil).
    public static func field(_ raw: String?, maxLength: Int) -> String? {
        guard let raw else { return nil }
        // Most details already are what the steps below would make of them (the pain.001
        // writer asks six times per transfer): one byte scan instead of five passes.
        if isFieldAlready(raw, maxLength: maxLength) { return raw }
        // Often transliteration alone makes the field ("Zürich" -> "Zuerich"): then the steps
        // below would change nothing more (the Swiss rules and the cut leave such a text alone).
        let transliterated = transliterate(raw)
        if isFieldAlready(transliterated, maxLength: maxLength) { return transliterated }
        return fieldBySteps(raw, maxLength: maxLength)
    }

    /// `field` without the shortcut (tests compare the two).
    static func fieldBySteps(_ raw: String, maxLength: Int) -> String? {
        var value = fit(raw, maxLength: maxLength, fallback: "")
        while hasDoubleSlash(value) { value = value.replacingOccurrences(of: "//", with: "/") }
        while value.hasPrefix("/") || value.hasPrefix(" ") { value.removeFirst() }
        while value.hasSuffix(" ") { value.removeLast() }
        guard !value.isEmpty, value.count <= maxLength, isValid(value) else { return nil }
        return value
    }

    /// `field` of the text of UTF-8 `bytes`, appended to `out`; false (nothing appended) when
    /// nothing is left. The bytes themselves when they already are their field (the pain.001
    /// writer's remittance line, laid out as bytes), else `field` of their text.
    public static func appendField(_ bytes: UnsafeRawBufferPointer, maxLength: Int, to out: inout [UInt8]) -> Bool {
        if isFieldAlready(bytes, maxLength: maxLength) {
            out.append(contentsOf: bytes)
            return true
        }
        guard let value = field(String(decoding: bytes, as: UTF8.self), maxLength: maxLength) else { return false }
        out.append(contentsOf: value.utf8)
        return true
    }

    /// Whether `field` would return `s` unchanged: 1 to `maxLength` allowed ASCII bytes, single
    /// spaces only between other characters, no leading "/" and no "//".
    static func isFieldAlready(_ s: String, maxLength: Int) -> Bool {
        var s = s
        return s.withUTF8 { isFieldAlready(UnsafeRawBufferPointer($0), maxLength: maxLength) }
    }

    static func isFieldAlready(_ bytes: UnsafeRawBufferPointer, maxLength: Int) -> Bool {
        let allowed = allowedASCII  // read once: a global's every read checks its initialisation
        var count = 0
        var previous: UInt8 = 0
        for byte in bytes {
            guard byte < 0x80, allowed[Int(byte)] else { return false }
            if byte == 0x20 {
                guard count > 0, previous != 0x20 else { return false }
            } else if byte == UInt8(ascii: "/") {
                guard count > 0, previous != byte else { return false }
            }
            previous = byte
            count += 1
            guard count <= maxLength else { return false }
        }
        return count > 0 && previous != 0x20
    }

    /// Whether `s` has "//" (the texts here are ASCII after transliteration: a byte scan, not a
    /// Foundation search).
    static func hasDoubleSlash(_ s: String) -> Bool {
        var previous: UInt8 = 0
        for byte in s.utf8 {
            if byte == UInt8(ascii: "/"), previous == UInt8(ascii: "/") { return true }
            previous = byte
        }
        return false
    }

    /// Whether every character of `s` is in the SEPA character set. The empty string is
    /// valid here; Swiss "/" rules are enforced by `fit`, not checked here.
    public static func isValid(_ s: String) -> Bool {
        s.utf8.allSatisfy { $0 < 0x80 && allowedASCII[Int($0)] }
    }
}
