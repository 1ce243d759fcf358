/// A SQL statement whose values travel separately from its text, as bound parameters.
///
/// Every interpolated value becomes a `$n` placeholder and a text-format parameter of
/// `PQexecParams`; there is deliberately no way to splice a value into the SQL text, so values
/// can never be mistaken for SQL:
///
/// ```swift
/// let q: Query = "select id from payee where email = \(email) and amount > \(minimum)"
/// // q.sql == "select id from payee where email = $1 and amount > $2"
/// try conn.execute("insert into t(a, b) values (\(name), \(optionalAmount))")   // nil → NULL
/// try conn.execute("insert into t(id) select * from unnest(\(ids)::bigint[])")
/// ```
///
/// The server infers parameter types from the context; cast where it cannot (`\(ids)::bigint[]`).
/// SQL loaded from files that already uses `$1…$n` is wrapped with `Query(unsafeSQL:_:)`.
public struct Query: Sendable, Equatable, ExpressibleByStringInterpolation, CustomStringConvertible {
    /// The statement text, with `$1…$n` placeholders.
    public var sql: String
    /// The parameter values, in placeholder order.
    public var bindings: [PostgresBinding]

    /// A statement whose text already contains `$1…$n` placeholders for `bindings`.
    public init(sql: String, bindings: [PostgresBinding] = []) {
        self.sql = sql
        self.bindings = bindings
    }

    /// A statement from trusted SQL text (e.g. a file in the binary) that already uses `$1…$n`
    /// placeholders; `values` are bound to them in order (`nil` → NULL). "Unsafe" because the text
    /// is not checked: never build it from untrusted input.
    public init(unsafeSQL sql: String, _ values: (any PostgresEncodable)?...) {
        self.init(unsafeSQL: sql, values: values)
    }

    /// Array form of `init(unsafeSQL:_:)`.
    public init(unsafeSQL sql: String, values: [(any PostgresEncodable)?]) {
        self.sql = sql
        self.bindings = values.map { value in value.map { PostgresBinding(encoding: $0) } ?? .null }
    }

    public init(stringLiteral value: String) {
        self.init(sql: value)
    }

    public init(stringInterpolation: StringInterpolation) {
        self.init(sql: stringInterpolation.sql, bindings: stringInterpolation.bindings)
    }

    /// The SQL text only; values are not shown (they may be personal data).
    public var description: String { sql }

    public struct StringInterpolation: StringInterpolationProtocol {
        var sql = ""
        var bindings: [PostgresBinding] = []

        public init(literalCapacity: Int, interpolationCount: Int) {
            sql.reserveCapacity(literalCapacity + 3 * interpolationCount)
            bindings.reserveCapacity(interpolationCount)
        }

        public mutating func appendLiteral(_ literal: String) {
            sql += literal
        }

        /// Binds `value` as the next parameter.
        public mutating func appendInterpolation(_ value: some PostgresEncodable) {
            append(PostgresBinding(encoding: value))
        }

        /// Binds `value` as the next parameter; `nil` becomes SQL NULL.
        public mutating func appendInterpolation(_ value: (some PostgresEncodable)?) {
            append(value.map { PostgresBinding(encoding: $0) } ?? .null)
        }

        private mutating func append(_ binding: PostgresBinding) {
            bindings.append(binding)
            sql += "$\(bindings.count)"
        }
    }
}

/// One parameter value in PostgreSQL text format, or NULL.
///
/// Values are encoded when the query is built; an encoding failure (e.g. a String containing
/// NUL, which PostgreSQL text cannot hold) is kept and thrown when the query is executed.
public struct PostgresBinding: Sendable, Equatable, CustomStringConvertible {
    /// The text the server's input function receives; `nil` for SQL NULL.
    public let text: String?
    let encodingError: String?

    public static let null = PostgresBinding(text: nil, encodingError: nil)

    init(text: String?, encodingError: String?) {
        self.text = text
        self.encodingError = encodingError
    }

    /// Encodes `value` with its `PostgresEncodable` conformance.
    public init(encoding value: any PostgresEncodable) {
        do {
            let text = try value.postgresText()
            if text.utf8.contains(0) {
                self.init(text: nil, encodingError: "\(type(of: value)) value contains a NUL character, which PostgreSQL text cannot store")
            } else {
                self.init(text: text, encodingError: nil)
            }
        } catch let error as PostgresError {
            self.init(text: nil, encodingError: error.message)
        } catch {
            self.init(text: nil, encodingError: "\(type(of: value)): \(error)")
        }
    }

    public var description: String { text == nil ? (encodingError == nil ? "NULL" : "<invalid>") : "<value>" }
}
