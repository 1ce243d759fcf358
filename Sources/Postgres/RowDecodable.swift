/// A value that builds itself from one result row, in the style of GRDB's `FetchableRecord`:
/// the mapping of columns to fields lives with the type, not at every call site.
///
/// ```swift
/// struct RunRecord: RowDecodable {
///     var id: Int64
///     var month: String
///     init(row: Row) throws {
///         id = try row["id"]
///         month = try row["month"]
///     }
/// }
/// let runs = try conn.query(RunStatements.unexportedRuns(), as: RunRecord.self)
/// let run = try conn.queryFirst(RunStatements.runByMonth(month: "2026-12"), as: RunRecord.self)  // throws when there is no row
/// ```
public protocol RowDecodable {
    init(row: Row) throws
}

extension Row {
    /// The column named `column`, decoded as the type the context asks for:
    /// `let amount: Decimal = try row["amount"]`.
    public subscript<T: PostgresDecodable>(_ column: String) -> T {
        get throws { try decode(T.self, column) }
    }
}

/// A statement's single value (a count, an id), for statements that return one column.
public struct SingleValue<Value: PostgresDecodable>: RowDecodable {
    public let value: Value
    public init(row: Row) throws { value = try row.decode(Value.self, at: 0) }
}

extension Connection {
    /// Runs `query` and decodes every row as `T`.
    public func query<T: RowDecodable>(_ query: Query, as type: T.Type) throws -> [T] {
        try self.query(query).map(T.init(row:))
    }

    /// Runs `query` and decodes its first row as `T`, or returns nil when it returns no row.
    public func queryOne<T: RowDecodable>(_ query: Query, as type: T.Type) throws -> T? {
        try self.queryOne(query).map(T.init(row:))
    }

    /// Runs `query`, which must return a row, and decodes the first one as `T`. No row is an
    /// error (kind `.decoding`) naming the statement, never a crash.
    public func queryFirst<T: RowDecodable>(_ query: Query, as type: T.Type) throws -> T {
        guard let row = try self.queryOne(query) else {
            throw PostgresError(kind: .decoding, message: "expected a row, the statement returned none: \(Self.firstLine(of: query.sql))")
        }
        return try T(row: row)
    }

    /// The single value of the first row of `query`, which must return one.
    public func queryValue<Value: PostgresDecodable>(_ query: Query, as type: Value.Type = Value.self) throws -> Value {
        try queryFirst(query, as: SingleValue<Value>.self).value
    }

    /// Streams `query`, decoding every row as `T` (see `stream(_:_:)`).
    public func stream<T: RowDecodable>(_ query: Query, as type: T.Type, _ body: (T) throws -> Void) throws {
        try stream(query) { row in try body(T(row: row)) }
    }

    private static func firstLine(of sql: String) -> String {
        let line = sql.split(separator: "\n").first { !$0.hasPrefix("--") && !$0.allSatisfy(\.isWhitespace) } ?? ""
        return line.count > 80 ? line.prefix(80) + "…" : String(line)
    }
}

/// Enums stored as their text raw value decode and encode through it; an unknown value is a
/// decoding error naming the column, never silently dropped.
public protocol PostgresTextEnum: PostgresDecodable, PostgresEncodable, PostgresArrayElement, RawRepresentable where RawValue == String {}

extension PostgresTextEnum {
    public func postgresText() throws -> String { rawValue }
    public static func decode(postgresText text: String) throws -> Self {
        guard let value = Self(rawValue: text) else {
            throw PostgresDecodingFailure("\"\(text)\" is not a known \(Self.self)")
        }
        return value
    }
}
