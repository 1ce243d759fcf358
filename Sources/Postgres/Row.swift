/// One result row, with its values copied out of libpq (text format), so it outlives the query.
///
/// Read columns by index or by name; the Swift type says how to decode, and optionals accept NULL:
///
/// ```swift
/// for row in try conn.query("select id, email, amount from payee") {
///     let id = try row.decode(Int64.self, at: 0)
///     let email = try row.decode(String?.self, "email")
///     let amount: Decimal = try row.get("amount")     // type inferred from the context
///     let first: Int64 = try row.get(at: 0)
/// }
/// ```
///
/// Decoding failures (including NULL into a non-optional type) throw a `PostgresError` of kind
/// `.decoding` whose message names the column. When several columns share a name, lookup by name
/// returns the first one.
public struct Row: Sendable {
    let columns: RowColumns
    /// Raw text values; `nil` is SQL NULL.
    public let values: [String?]

    init(columns: RowColumns, values: [String?]) {
        self.columns = columns
        self.values = values
    }

    /// Column names, in select-list order.
    public var columnNames: [String] { columns.names }

    /// Number of columns.
    public var count: Int { values.count }

    /// Index of the first column called `name`, or `nil`.
    public func index(of name: String) -> Int? { columns.indexByName[name] }

    /// Whether the value at `index` is SQL NULL (out-of-range indexes throw).
    public func isNull(at index: Int) throws -> Bool {
        try checkIndex(index)
        return values[index] == nil
    }

    /// Decodes the column at `index` (0-based) as `T`.
    public func decode<T: PostgresDecodable>(_ type: T.Type, at index: Int) throws -> T {
        try checkIndex(index)
        return try decodeValue(T.self, index: index)
    }

    /// Decodes the column named `column` as `T`.
    public func decode<T: PostgresDecodable>(_ type: T.Type, _ column: String) throws -> T {
        try decodeValue(T.self, index: columnIndex(column))
    }

    /// The index of `column`; a missing column is an error that names the ones there are.
    func columnIndex(_ column: String) throws -> Int {
        guard let index = columns.indexByName[column] else {
            throw PostgresError(
                kind: .decoding,
                message: "no column \"\(column)\" in the result (columns: \(columns.names.joined(separator: ", ")))")
        }
        return index
    }

    /// Like `decode(_:_:)`, with `T` inferred: `let amount: Decimal = try row.get("amount")`.
    public func get<T: PostgresDecodable>(_ column: String, as type: T.Type = T.self) throws -> T {
        try decode(T.self, column)
    }

    /// Like `decode(_:at:)`, with `T` inferred: `let id: Int64 = try row.get(at: 0)`.
    public func get<T: PostgresDecodable>(at index: Int, as type: T.Type = T.self) throws -> T {
        try decode(T.self, at: index)
    }

    private func checkIndex(_ index: Int) throws {
        guard values.indices.contains(index) else {
            throw PostgresError(kind: .decoding, message: "column index \(index) out of range (the result has \(values.count) columns)")
        }
    }

    private func decodeValue<T: PostgresDecodable>(_ type: T.Type, index: Int) throws -> T {
        // Described only when decoding fails: this runs for every value of every row.
        var column: String { "column \"\(columns.names[index])\" (index \(index))" }
        guard let text = values[index] else {
            guard let null = T.postgresNullValue else {
                throw PostgresError(kind: .decoding, message: "\(column) is NULL but \(T.self) is not optional")
            }
            return null
        }
        do {
            return try T.decode(postgresText: text)
        } catch let failure as PostgresDecodingFailure {
            throw PostgresError(kind: .decoding, message: "cannot decode \(column) as \(T.self): \(failure.reason)")
        } catch let error as PostgresError {
            throw error
        } catch {
            throw PostgresError(kind: .decoding, message: "cannot decode \(column) as \(T.self): \(error)")
        }
    }
}

/// Column names of a result, shared by all its rows.
final class RowColumns: Sendable {
    let names: [String]
    let indexByName: [String: Int]

    init(names: [String]) {
        self.names = names
        var map: [String: Int] = [:]
        for (index, name) in names.enumerated() where map[name] == nil { map[name] = index }
        self.indexByName = map
    }
}
