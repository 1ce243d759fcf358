import Foundation

// MARK: - Arrays

/// Arrays are sent as one-dimensional array literals with every element quoted, so that empty
/// strings, "NULL", commas, braces, quotes, backslashes and whitespace all survive verbatim;
/// `nil` elements become unquoted NULL.
extension Array: PostgresEncodable where Element: PostgresArrayElement {
    public func postgresText() throws -> String {
        var out = "{"
        for (index, element) in enumerated() {
            if index > 0 { out += "," }
            guard let text = try element.postgresArrayElementText() else {
                out += "NULL"
                continue
            }
            out += "\""
            for ch in text.unicodeScalars {
                if ch == "\"" || ch == "\\" { out.unicodeScalars.append("\\") }
                out.unicodeScalars.append(ch)
            }
            out += "\""
        }
        return out + "}"
    }
}

/// One-dimensional arrays in text format (`{1,2,NULL}`, `{"a b","x\"y"}`). Multi-dimensional arrays
/// and arrays with explicit bounds throw. Empty arrays decode to `[]`.
extension Array: PostgresDecodable where Element: PostgresDecodable {
    public static func decode(postgresText text: String) throws -> [Element] {
        try parseArrayLiteral(text).map { element in
            guard let element else {
                guard let null = Element.postgresNullValue else {
                    throw PostgresDecodingFailure("array contains NULL but the element type \(Element.self) is not optional")
                }
                return null
            }
            return try Element.decode(postgresText: element)
        }
    }
}

func parseArrayLiteral(_ text: String) throws -> [String?] {
    let s = Array(text.unicodeScalars)
    guard s.first == "{", s.last == "}" else {
        throw PostgresDecodingFailure(s.first == "[" ? "arrays with explicit bounds are not supported" : "not an array")
    }
    var result: [String?] = []
    var i = 1
    let end = s.count - 1
    func isSpace(_ c: Unicode.Scalar) -> Bool { c == " " || c == "\t" || c == "\n" || c == "\r" }
    while i < end, isSpace(s[i]) { i += 1 }
    if i == end { return [] }
    while true {
        while i < end, isSpace(s[i]) { i += 1 }
        guard i < end else { throw PostgresDecodingFailure("malformed array") }
        var element = String.UnicodeScalarView()
        if s[i] == "{" { throw PostgresDecodingFailure("multi-dimensional arrays are not supported") }
        if s[i] == "\"" {
            i += 1
            while true {
                guard i < end else { throw PostgresDecodingFailure("malformed array: unterminated quote") }
                if s[i] == "\\" {
                    guard i + 1 < end else { throw PostgresDecodingFailure("malformed array") }
                    element.append(s[i + 1])
                    i += 2
                } else if s[i] == "\"" {
                    i += 1
                    break
                } else {
                    element.append(s[i])
                    i += 1
                }
            }
            result.append(String(element))
        } else {
            var raw = String.UnicodeScalarView()
            var sawEscape = false
            while i < end, s[i] != ",", s[i] != "}" {
                if s[i] == "\"" || s[i] == "{" { throw PostgresDecodingFailure("malformed array") }
                if s[i] == "\\", i + 1 < end {
                    sawEscape = true
                    raw.append(s[i + 1])
                    i += 2
                } else {
                    raw.append(s[i])
                    i += 1
                }
            }
            var value = String(raw)
            while let last = value.unicodeScalars.last, isSpace(last) { value.unicodeScalars.removeLast() }
            guard !value.isEmpty else { throw PostgresDecodingFailure("malformed array: empty element") }
            result.append(!sawEscape && value.uppercased() == "NULL" ? nil : value)
        }
        while i < end, isSpace(s[i]) { i += 1 }
        if i == end { return result }
        guard s[i] == "," else { throw PostgresDecodingFailure("malformed array") }
        i += 1
    }
}
