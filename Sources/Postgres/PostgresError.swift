import Foundation

/// The one error type thrown by the `Postgres` module.
///
/// Server errors carry the fields PostgreSQL reports (SQLSTATE, detail, hint, position, context),
/// so callers can react to specific conditions without parsing messages:
///
/// ```swift
/// do {
///     try conn.execute("insert into payee(id) values (\(id))")
/// } catch let error as PostgresError where error.sqlState == "23505" {
///     // unique violation: error.detail says which key
/// }
/// ```
///
/// `description` is a single line and never contains a connection password: connection strings
/// are never echoed, and connection errors are scrubbed of any password we know of.
public struct PostgresError: Error, CustomStringConvertible, Sendable {
    public enum Kind: String, Sendable {
        /// Could not connect (server unreachable, authentication failed, no such database).
        case connection
        /// The connection string does not parse: retrying cannot help.
        case connectionString
        /// The connection broke while in use (server terminated the backend, network failure),
        /// or the connection was already closed.
        case connectionLost
        /// The connection broke while COMMIT was on its way: the server may have committed or
        /// not, and this session cannot tell (another session can: look at what was written).
        case commitOutcomeUnknown
        /// The server rejected a statement (syntax error, constraint violation, …).
        case query
        /// A Swift value could not be encoded as a parameter (e.g. a String containing NUL, Decimal NaN).
        case encoding
        /// A result value could not be decoded into the requested Swift type.
        case decoding
        /// A COPY failed or behaved unexpectedly.
        case copy
        /// The API was used in a way that cannot work (nested `transaction`, reentrant use while streaming…).
        case usage
    }

    public var kind: Kind
    /// Five-character SQLSTATE, e.g. "42601" (syntax error), "23505" (unique violation), "57P01" (admin shutdown).
    public var sqlState: String?
    /// Primary human-readable message.
    public var message: String
    public var detail: String?
    public var hint: String?
    /// 1-based character position of the error in the statement, when the server reports one.
    public var position: Int?
    /// Server context (e.g. the PL/pgSQL call stack or the failing COPY line).
    public var context: String?
    /// Server severity ("ERROR", "FATAL", …) when the error came from the server.
    public var severity: String?
    /// Constraint, table and column names reported by the server, when available.
    public var constraint: String?
    public var table: String?
    public var column: String?

    public init(
        kind: Kind, message: String, sqlState: String? = nil, detail: String? = nil, hint: String? = nil,
        position: Int? = nil, context: String? = nil, severity: String? = nil,
        constraint: String? = nil, table: String? = nil, column: String? = nil
    ) {
        self.kind = kind
        self.message = message
        self.sqlState = sqlState
        self.detail = detail
        self.hint = hint
        self.position = position
        self.context = context
        self.severity = severity
        self.constraint = constraint
        self.table = table
        self.column = column
    }

    /// One line: `PostgresError.query [23505]: duplicate key … — detail: Key (id)=(1) already exists.`
    public var description: String {
        "PostgresError.\(kind.rawValue)" + details
    }

    /// The same line for people: what went wrong in words instead of the type's name, e.g.
    /// `the database refused a statement [23505]: duplicate key …`.
    public var inWords: String {
        let what: String
        switch kind {
        case .connection: what = "cannot connect to PostgreSQL"
        case .connectionString: what = "cannot connect to PostgreSQL: the connection string does not parse"
        case .connectionLost: what = "lost the connection to PostgreSQL"
        case .commitOutcomeUnknown: what = "lost the connection to PostgreSQL during COMMIT"
        case .query: what = "the database refused a statement"
        case .encoding: what = "a value cannot be sent to the database"
        case .decoding: what = "a value read from the database is not what was expected"
        case .copy: what = "a bulk copy to or from the database failed"
        case .usage: what = "the database connection was used wrongly"
        }
        return what + details
    }

    /// " [SQLSTATE]: message — detail: … — hint: …", shared by both renderings.
    private var details: String {
        var line = ""
        if let sqlState { line += " [\(sqlState)]" }
        line += ": " + oneLine(message)
        if let detail, !detail.isEmpty { line += " — detail: " + oneLine(detail) }
        if let hint, !hint.isEmpty { line += " — hint: " + oneLine(hint) }
        if let position { line += " — at position \(position)" }
        if let context, !context.isEmpty { line += " — context: " + oneLine(context) }
        return line
    }
}

/// Collapses every run of whitespace into one space: libpq messages end with "\n" and indent
/// continuation lines with tabs, and errors must fit on one log line.
func oneLine(_ text: String) -> String {
    text.split(whereSeparator: { $0.isWhitespace || $0.isNewline }).joined(separator: " ")
}

/// Removes secrets from a connection error message before it is stored anywhere.
///
/// libpq's messages do not normally contain the password, but a malformed conninfo can be echoed
/// in fragments, so we remove every known password value, any `password=…` pair and any
/// `user:password@` URI credentials.
func scrubSecrets(_ text: String, knownSecrets: [String]) -> String {
    var result = text
    for secret in knownSecrets where !secret.isEmpty {
        result = result.replacingOccurrences(of: secret, with: "***")
    }
    // password = 'quoted \' value' | password=bare  (keyword case-insensitive)
    result = result.replacingOccurrences(
        of: #"(?i)password\s*=\s*('(?:\\.|[^'\\])*'?|[^\s&]*)"#, with: "password=***", options: .regularExpression)
    // scheme://user:secret@host
    result = result.replacingOccurrences(
        of: #"(://[^:/@\s"]*):[^@/\s"]*@"#, with: "$1:***@", options: .regularExpression)
    return result
}
