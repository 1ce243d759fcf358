import Foundation
import PlainDecimal

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

/// Integers travel as their decimal text; a value outside the Swift type's range is a
/// decoding error, never truncated.
public protocol PostgresInteger: FixedWidthInteger, PostgresEncodable, PostgresDecodable, PostgresArrayElement {}

extension PostgresInteger {
    public func postgresText() throws -> String { String(self) }
    public static func decode(postgresText text: String) throws -> Self {
        guard let value = Self(text) else { throw PostgresDecodingFailure("not an integer in the range of \(Self.self)") }
        return value
    }
}

extension Int: PostgresInteger {}
extension Int64: PostgresInteger {}
extension Int32: PostgresInteger {}

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

/// Canonical form of plain decimal text (`PlainDecimal`): no leading integer zeros, no
/// trailing fraction zeros, zero without sign. `nil` when the text is not in that form
/// (exponents, spaces, "+", …).
func canonicalDecimalText(_ text: String) -> String? {
    guard let parts = PlainDecimal.parse(text) else { return nil }
    let zero = UInt8(ascii: "0")
    let intDigits = parts.integer.drop(while: { $0 == zero })
    var fracDigits = parts.fraction
    while fracDigits.last == zero { fracDigits.removeLast() }
    if intDigits.isEmpty && fracDigits.isEmpty { return "0" }
    var out = parts.negative ? "-" : ""
    out += intDigits.isEmpty ? "0" : String(decoding: intDigits, as: UTF8.self)
    if !fracDigits.isEmpty { out += "." + String(decoding: fracDigits, as: UTF8.self) }
    return out
}

