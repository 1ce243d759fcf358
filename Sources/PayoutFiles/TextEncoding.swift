import Foundation

/// The one loop behind every text escaping of the files (HTML, XML, JSON): each Unicode scalar
/// is either replaced by what `replacement` returns for it, or kept as it is.
enum ScalarEscaping {
    static func escape(_ s: String, reserving extra: Int = 0, _ replacement: (Unicode.Scalar) -> String?) -> String {
        // Most texts are ASCII that needs no replacement: returned as they are, without
        // building a copy scalar by scalar (report.html and the PayPal bodies escape several
        // texts per payout).
        if s.utf8.allSatisfy({ $0 < 0x80 && replacement(Unicode.Scalar($0)) == nil }) { return s }
        var out = ""
        out.reserveCapacity(s.utf8.count + extra)
        for scalar in s.unicodeScalars {
            if let replaced = replacement(scalar) { out += replaced } else { out.unicodeScalars.append(scalar) }
        }
        return out
    }

    /// Appends UTF-8 `bytes` to `out`, each ASCII byte replaced by its entry of `table` (one
    /// per ASCII byte; nil: kept). Returns false, having appended nothing, at a byte that is
    /// not ASCII: the caller then escapes the text the scalar way. The byte path of the
    /// escapers the file writers call per payout; `table` is read once by the caller (every
    /// read of a global checks its initialisation), and a text that needs nothing replaced,
    /// the common case, is copied at once.
    static func appendASCII(_ bytes: UnsafeRawBufferPointer, replacing table: [[UInt8]?], to out: inout [UInt8]) -> Bool {
        if bytes.allSatisfy({ $0 < 0x80 && table[Int($0)] == nil }) {
            out.append(contentsOf: bytes)
            return true
        }
        let start = out.count
        for byte in bytes {
            guard byte < 0x80 else {
                out.removeSubrange(start...)
                return false
            }
            if let replacement = table[Int(byte)] { out.append(contentsOf: replacement) } else { out.append(byte) }
        }
        return true
    }

    /// The five characters markup reserves, as character references; HTML and XML differ only
    /// in how they write the apostrophe (`&#39;` and `&apos;`).
    static func markupReference(_ scalar: Unicode.Scalar, apostrophe: String) -> String? {
        switch scalar {
        case "&": "&amp;"
        case "<": "&lt;"
        case ">": "&gt;"
        case "\"": "&quot;"
        case "'": apostrophe
        default: nil
        }
    }
}

/// XML character escaping for element content and attribute values.
enum XMLText {
    /// Escapes `&`, `<`, `>`, `"` and `'`. Callers only pass text already reduced to a safe
    /// character set, but escaping never depends on that.
    static func escape(_ s: String) -> String {
        guard s.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else {
            return s
        }
        return ScalarEscaping.escape(s, reserving: 16) { ScalarEscaping.markupReference($0, apostrophe: "&apos;") }
    }

    /// `escape` of UTF-8 `bytes`, appended to `out`: byte by byte for ASCII (the pain.001
    /// writer escapes about ten texts per transfer), `escape` itself for any other text.
    static func append(_ bytes: UnsafeRawBufferPointer, to out: inout [UInt8]) {
        if !ScalarEscaping.appendASCII(bytes, replacing: asciiReferences, to: &out) {
            out.append(contentsOf: escape(String(decoding: bytes, as: UTF8.self)).utf8)
        }
    }

    /// `append` of a String's bytes.
    static func append(_ s: String, to out: inout [UInt8]) {
        var s = s
        s.withUTF8 { append(UnsafeRawBufferPointer($0), to: &out) }
    }

    /// What `escape` writes for each ASCII byte, nil to keep it: asked once of `markupReference`.
    private static let asciiReferences: [[UInt8]?] = (0..<128).map {
        ScalarEscaping.markupReference(Unicode.Scalar(UInt8($0)), apostrophe: "&apos;").map { Array($0.utf8) }
    }
}

/// Pieces of hand-written, deterministic JSON.
public enum JSONText {
    /// A JSON string literal: quotes, backslash and control characters escaped (`\n`, `\t`, ...
    /// or `\u00XX`), U+2028/U+2029 escaped as well; other non-ASCII stays UTF-8.
    public static func string(_ s: String) -> String {
        "\"" + ScalarEscaping.escape(s, escaped) + "\""
    }

    /// What a string literal writes instead of `scalar`, nil to keep it (the one list).
    private static func escaped(_ scalar: Unicode.Scalar) -> String? {
        switch scalar.value {
        case 0x22: "\\\""
        case 0x5C: "\\\\"
        case 0x08: "\\b"
        case 0x0C: "\\f"
        case 0x0A: "\\n"
        case 0x0D: "\\r"
        case 0x09: "\\t"
        case 0x00..<0x20, 0x7F, 0x2028, 0x2029: unicodeEscape(scalar)
        default: nil
        }
    }

    /// `string` of UTF-8 `bytes`, appended to `out`: byte by byte for ASCII (the PayPal
    /// bodies write five strings per payout), `string` itself for any other text.
    public static func appendString(_ bytes: UnsafeRawBufferPointer, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        guard ScalarEscaping.appendASCII(bytes, replacing: asciiReplacements, to: &out) else {
            out.removeLast()
            out.append(contentsOf: string(String(decoding: bytes, as: UTF8.self)).utf8)
            return
        }
        out.append(UInt8(ascii: "\""))
    }

    /// `appendString` of a String's bytes.
    public static func appendString(_ s: String, to out: inout [UInt8]) {
        var s = s
        s.withUTF8 { appendString(UnsafeRawBufferPointer($0), to: &out) }
    }

    /// `escaped` of each ASCII byte, asked once.
    private static let asciiReplacements: [[UInt8]?] = (0..<128).map { escaped(Unicode.Scalar(UInt8($0))).map { Array($0.utf8) } }

    /// `\u` and four lowercase hex digits.
    private static func unicodeEscape(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16)
        return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
    }

    /// A JSON string literal or `null`.
    public static func optional(_ s: String?) -> String {
        s.map(string) ?? "null"
    }

    /// `{"k": v, ...}` from already-encoded values, in the order given.
    public static func object(_ members: [(String, String)]) -> String {
        "{" + members.map { string($0.0) + ": " + $0.1 }.joined(separator: ", ") + "}"
    }
}
