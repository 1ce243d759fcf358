import Foundation

// MARK: - Protocols

/// A Swift value that can be sent as a query parameter, in PostgreSQL text format.
///
/// Conformances: `String`, `Int`, `Int64`, `Int32`, `Bool`, `Decimal` (exact), `Date` (timestamptz)
/// and arrays of those (`[Int64]`, `[String?]`, `[Decimal]`, … as array literals).
///
/// ```swift
/// extension PayeeID: PostgresEncodable {
///     public func postgresText() throws -> String { String(rawValue) }
/// }
/// ```
public protocol PostgresEncodable: Sendable {
    /// The text PostgreSQL's input function parses for this value. Throw when the value has no
    /// exact representation (it is then reported as a `PostgresError` of kind `.encoding`).
    func postgresText() throws -> String
}

/// A Swift value that can be read from a result column in PostgreSQL text format.
///
/// `Optional<T>` is decodable when `T` is: SQL NULL decodes to `nil`. Decoding NULL into a
/// non-optional type throws a `PostgresError` of kind `.decoding` that names the column.
///
/// ```swift
/// extension PayeeID: PostgresDecodable {
///     public static func decode(postgresText text: String) throws -> PayeeID {
///         PayeeID(rawValue: try Int64.decode(postgresText: text))
///     }
/// }
/// ```
public protocol PostgresDecodable {
    /// Parses the text of a non-NULL value. Errors are wrapped with the column name by `Row`.
    static func decode(postgresText text: String) throws -> Self
    /// The value SQL NULL decodes to, or `nil` when NULL is not acceptable (the default).
    static var postgresNullValue: Self? { get }
}

extension PostgresDecodable {
    public static var postgresNullValue: Self? { nil }
}

/// The reason a value could not be decoded; `Row` turns it into a `PostgresError` naming the column.
public struct PostgresDecodingFailure: Error, Sendable, CustomStringConvertible {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}

/// An element of an array parameter: arrays are sent as PostgreSQL array literals.
public protocol PostgresArrayElement: Sendable {
    /// Element text, or `nil` for a NULL element.
    func postgresArrayElementText() throws -> String?
}

extension PostgresArrayElement where Self: PostgresEncodable {
    public func postgresArrayElementText() throws -> String? { try postgresText() }
}

// MARK: - Optional

extension Optional: PostgresDecodable where Wrapped: PostgresDecodable {
    public static func decode(postgresText text: String) throws -> Wrapped? {
        try Wrapped.decode(postgresText: text)
    }
    public static var postgresNullValue: Wrapped?? { .some(nil) }
}

extension Optional: PostgresArrayElement where Wrapped: PostgresArrayElement {
    public func postgresArrayElementText() throws -> String? {
        switch self {
        case .none: return nil
        case .some(let value): return try value.postgresArrayElementText()
        }
    }
}

// MARK: - String

extension String: PostgresEncodable, PostgresDecodable, PostgresArrayElement {
    public func postgresText() throws -> String { self }
    public static func decode(postgresText text: String) throws -> String { text }
}

// MARK: - Integers

extension Int: PostgresEncodable, PostgresDecodable, PostgresArrayElement {
    public func postgresText() throws -> String { String(self) }
    public static func decode(postgresText text: String) throws -> Int {
        guard let value = Int(text) else { throw PostgresDecodingFailure("not an integer in the range of Int") }
        return value
    }
}

extension Int64: PostgresEncodable, PostgresDecodable, PostgresArrayElement {
    public func postgresText() throws -> String { String(self) }
    public static func decode(postgresText text: String) throws -> Int64 {
        guard let value = Int64(text) else { throw PostgresDecodingFailure("not an integer in the range of Int64") }
        return value
    }
}

extension Int32: PostgresEncodable, PostgresDecodable, PostgresArrayElement {
    public func postgresText() throws -> String { String(self) }
    public static func decode(postgresText text: String) throws -> Int32 {
        guard let value = Int32(text) else { throw PostgresDecodingFailure("not an integer in the range of Int32") }
        return value
    }
}

// MARK: - Bool

extension Bool: PostgresEncodable, PostgresDecodable, PostgresArrayElement {
    public func postgresText() throws -> String { self ? "true" : "false" }
    public static func decode(postgresText text: String) throws -> Bool {
        switch text {
        case "t": return true
        case "f": return false
        default: throw PostgresDecodingFailure("not a boolean (expected t or f)")
        }
    }
}

// MARK: - Decimal

/// Locale-independent: Decimal parsing must never depend on the machine's locale.
private let posixLocale = Locale(identifier: "en_US_POSIX")

extension Decimal: PostgresEncodable, PostgresDecodable, PostgresArrayElement {
    /// Exact decimal text, e.g. "-12345.6789". NaN has no place in money columns and throws.
    public func postgresText() throws -> String {
        guard !isNaN else { throw PostgresError(kind: .encoding, message: "Decimal NaN cannot be sent as a parameter") }
        let text = description
        // `description` is plain, locale-independent notation; check it, as money depends on it.
        guard let canonical = canonicalDecimalText(text) else {
            throw PostgresError(kind: .encoding, message: "Decimal has no plain decimal representation")
        }
        return canonical
    }

    /// Parses `numeric` text exactly. Values that `Decimal` cannot hold without losing a digit
    /// (more than 38 significant digits, extreme exponents) throw, as do NaN and ±Infinity.
    public static func decode(postgresText text: String) throws -> Decimal {
        switch text {
        case "NaN": throw PostgresDecodingFailure("numeric NaN is not a Decimal number")
        case "Infinity", "-Infinity": throw PostgresDecodingFailure("numeric \(text) is not a Decimal number")
        default: break
        }
        guard let expected = canonicalDecimalText(text) else {
            throw PostgresDecodingFailure("not a plain decimal number")
        }
        guard let value = Decimal(string: text, locale: posixLocale), !value.isNaN,
              canonicalDecimalText(value.description) == expected
        else {
            throw PostgresDecodingFailure("numeric value \(expected) does not fit in Decimal without losing digits")
        }
        return value
    }
}

/// Canonical form of `-?digits(.digits)?`: no leading integer zeros, no trailing fraction zeros,
/// zero without sign. `nil` when the text is not in that form (exponents, spaces, "+", …).
func canonicalDecimalText(_ text: String) -> String? {
    var utf8 = Substring(text).utf8[...]
    var negative = false
    if utf8.first == UInt8(ascii: "-") {
        negative = true
        utf8 = utf8.dropFirst()
    }
    let isDigit = { (b: UInt8) in b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
    let dot = utf8.firstIndex(of: UInt8(ascii: "."))
    let intPart = dot.map { utf8[..<$0] } ?? utf8
    let fracPart = dot.map { utf8[utf8.index(after: $0)...] } ?? utf8[utf8.endIndex...]
    guard !intPart.isEmpty, intPart.allSatisfy(isDigit), fracPart.allSatisfy(isDigit),
          dot == nil || !fracPart.isEmpty
    else { return nil }
    let intDigits = intPart.drop(while: { $0 == UInt8(ascii: "0") })
    var fracDigits = Array(fracPart)
    while fracDigits.last == UInt8(ascii: "0") { fracDigits.removeLast() }
    if intDigits.isEmpty && fracDigits.isEmpty { return "0" }
    var out = negative ? "-" : ""
    out += intDigits.isEmpty ? "0" : String(decoding: intDigits, as: UTF8.self)
    if !fracDigits.isEmpty { out += "." + String(decoding: fracDigits, as: UTF8.self) }
    return out
}

// MARK: - Date (timestamptz)

extension Date: PostgresEncodable, PostgresDecodable, PostgresArrayElement {
    /// ISO 8601 in UTC with microseconds, e.g. "2024-01-31 23:59:59.123456+00", for `timestamptz`.
    public func postgresText() throws -> String {
        let seconds = timeIntervalSince1970
        let microsDouble = (seconds * 1_000_000).rounded()
        // Years 1…9999 only: keeps the text unambiguous ISO (no BC, no 5-digit years).
        guard microsDouble.isFinite, microsDouble >= -62_135_596_800_000_000, microsDouble < 253_402_300_800_000_000 else {
            throw PostgresError(kind: .encoding, message: "Date outside the years 1…9999 cannot be sent as timestamptz")
        }
        let micros = Int64(microsDouble)
        let (days, microOfDay) = micros.floorDivided(by: 86_400_000_000)
        let (y, m, d) = civilDate(fromDays: days)
        let secondOfDay = microOfDay / 1_000_000
        let fraction = microOfDay % 1_000_000
        return pad(y, 4) + "-" + pad(Int64(m), 2) + "-" + pad(Int64(d), 2) + " "
            + pad(secondOfDay / 3600, 2) + ":" + pad(secondOfDay / 60 % 60, 2) + ":" + pad(secondOfDay % 60, 2)
            + "." + pad(fraction, 6) + "+00"
    }

    /// Parses `timestamptz` output in DateStyle ISO ("2024-01-31 23:59:59.5+01", "+05:30", "+00:53:28").
    /// Timestamps without a zone offset, BC dates and ±infinity throw.
    public static func decode(postgresText text: String) throws -> Date {
        guard let date = parseTimestampTZ(Array(text.utf8)) else {
            if text == "infinity" || text == "-infinity" {
                throw PostgresDecodingFailure("timestamp \(text) is not a Date")
            }
            throw PostgresDecodingFailure("not an ISO timestamp with time zone (expected timestamptz with DateStyle ISO)")
        }
        return date
    }
}

private func pad(_ value: Int64, _ width: Int) -> String {
    let digits = String(value)
    return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
}

extension Int64 {
    /// Division rounding toward negative infinity, with a non-negative remainder.
    fileprivate func floorDivided(by divisor: Int64) -> (quotient: Int64, remainder: Int64) {
        var q = self / divisor
        var r = self % divisor
        if r < 0 { q -= 1; r += divisor }
        return (q, r)
    }
}

// Proleptic Gregorian calendar conversions (H. Hinnant's algorithms): no Calendar, no locale.
private func civilDate(fromDays z0: Int64) -> (year: Int64, month: Int, day: Int) {
    let z = z0 + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    return (yoe + era * 400 + (m <= 2 ? 1 : 0), Int(m), Int(d))
}

private func days(fromCivil year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146_097 + doe - 719_468
}

private func parseTimestampTZ(_ b: [UInt8]) -> Date? {
    var i = 0
    func digits(_ count: Int) -> Int64? {
        guard i + count <= b.count else { return nil }
        var v: Int64 = 0
        for k in i..<(i + count) {
            guard b[k] >= 48, b[k] <= 57 else { return nil }
            v = v * 10 + Int64(b[k] - 48)
        }
        i += count
        return v
    }
    func expect(_ c: Character) -> Bool {
        guard i < b.count, b[i] == c.asciiValue! else { return false }
        i += 1
        return true
    }
    guard let year = digits(4), expect("-"), let month = digits(2), expect("-"), let day = digits(2),
          expect(" ") || expect("T"),
          let hour = digits(2), expect(":"), let minute = digits(2), expect(":"), let second = digits(2)
    else { return nil }
    var micros: Int64 = 0
    if expect(".") {
        var count = 0
        while i < b.count, b[i] >= 48, b[i] <= 57 {
            guard count < 6 else { return nil }  // PostgreSQL never prints more than microseconds
            micros = micros * 10 + Int64(b[i] - 48)
            count += 1
            i += 1
        }
        guard count > 0 else { return nil }
        for _ in count..<6 { micros *= 10 }
    }
    guard i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") else { return nil }
    let sign: Int64 = b[i] == UInt8(ascii: "-") ? -1 : 1
    i += 1
    guard let offH = digits(2) else { return nil }
    var offM: Int64 = 0, offS: Int64 = 0
    if expect(":") {
        guard let mm = digits(2) else { return nil }
        offM = mm
        if expect(":") {
            guard let ss = digits(2) else { return nil }
            offS = ss
        }
    }
    guard i == b.count,  // rejects " BC" and anything else unexpected
          (1...12).contains(month), (1...31).contains(day), hour <= 24, minute <= 59, second <= 60
    else { return nil }
    let dayCount = days(fromCivil: year, month, day)
    guard civilDate(fromDays: dayCount) == (year, Int(month), Int(day)) else { return nil }  // e.g. Feb 30
    let offset = sign * (offH * 3600 + offM * 60 + offS)
    let seconds = dayCount * 86_400 + hour * 3600 + minute * 60 + second - offset
    return Date(timeIntervalSince1970: TimeInterval(seconds) + TimeInterval(micros) / 1_000_000)
}

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
