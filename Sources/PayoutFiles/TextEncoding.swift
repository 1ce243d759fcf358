import Foundation

/// XML character escaping for element content and attribute values.
enum XMLText {
    /// Escapes `&`, `<`, `>`, `"` and `'`. Callers only pass text already reduced to a safe
    /// character set, but escaping never depends on that.
    static func escape(_ s: String) -> String {
        guard s.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else {
            return s
        }
        var out = ""
        out.reserveCapacity(s.utf8.count + 16)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

/// Pieces of hand-written, deterministic JSON.
public enum JSONText {
    /// A JSON string literal: quotes, backslash and control characters escaped (`\n`, `\t`, ...
    /// or `\u00XX`), U+2028/U+2029 escaped as well; other non-ASCII stays UTF-8.
    public static func string(_ s: String) -> String {
        var out = "\""
        out.reserveCapacity(s.utf8.count + 2)
        for scalar in s.unicodeScalars {
            switch scalar.value {
            case 0x22: out += "\\\""
            case 0x5C: out += "\\\\"
            case 0x08: out += "\\b"
            case 0x0C: out += "\\f"
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x09: out += "\\t"
            case 0x00..<0x20, 0x7F, 0x2028, 0x2029:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
        return out
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

/// Plain (never scientific) decimal text of `Decimal` values that are not money amounts in
/// their own currency: rates, exact converted values, voided sums.
public enum DecimalText {
    /// Exact digits, at least `minFractionDigits` decimals (padded with zeros), no trailing
    /// zeros beyond that. "-" for negatives, never "-0".
    public static func exact(_ value: Decimal, minFractionDigits: Int = 0) -> String {
        if value.isNaN { return "NaN" }
        var digits = Array(value.significand.magnitude.description.utf8)
        var exponent = Int(value.exponent)
        if value.isZero || digits.allSatisfy({ $0 == UInt8(ascii: "0") }) {
            digits = [UInt8(ascii: "0")]
            exponent = 0
        }
        while exponent < 0, digits.count > 1, digits.last == UInt8(ascii: "0") {
            digits.removeLast()
            exponent += 1
        }
        var integer: [UInt8]
        var fraction: [UInt8]
        if exponent >= 0 {
            integer = digits + Array(repeating: UInt8(ascii: "0"), count: digits == [UInt8(ascii: "0")] ? 0 : exponent)
            fraction = []
        } else {
            let count = -exponent
            if digits.count > count {
                integer = Array(digits[..<(digits.count - count)])
                fraction = Array(digits[(digits.count - count)...])
            } else {
                integer = [UInt8(ascii: "0")]
                fraction = Array(repeating: UInt8(ascii: "0"), count: count - digits.count) + digits
            }
        }
        if fraction.count < minFractionDigits {
            fraction += Array(repeating: UInt8(ascii: "0"), count: minFractionDigits - fraction.count)
        }
        let isZero = (integer + fraction).allSatisfy { $0 == UInt8(ascii: "0") }
        var out = (value.sign == .minus && !isZero) ? "-" : ""
        out += String(decoding: integer, as: UTF8.self)
        if !fraction.isEmpty { out += "." + String(decoding: fraction, as: UTF8.self) }
        return out
    }

    /// `value` rounded half away from zero to at most `maxFractionDigits` decimals, then
    /// written like `exact` (trailing zeros dropped, at least `minFractionDigits`).
    public static func rounded(_ value: Decimal, maxFractionDigits: Int, minFractionDigits: Int = 0) -> String {
        var input = value
        var result = Decimal()
        NSDecimalRound(&result, &input, maxFractionDigits, .plain)
        return exact(result, minFractionDigits: minFractionDigits)
    }
}
