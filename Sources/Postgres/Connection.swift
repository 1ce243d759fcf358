import CLibPQ
import Foundation

/// A blocking connection to PostgreSQL through libpq: the only code in the project that calls libpq.
///
/// ```swift
/// let conn = try Connection(conninfo: "")   // PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD… from the environment
/// try conn.execute("insert into payout(payee_id, amount) values (\(payeeID), \(amount))")
/// let rows = try conn.query("select id, amount from payout where run_id = \(runID)")
/// let total: Decimal? = try conn.queryOne("select sum(amount) from payout")?.get(at: 0)
/// try conn.transaction { conn in
///     try conn.execute("update run set state = 'done' where id = \(runID)")
/// }
/// ```
///
/// Every value goes to the server as a bound parameter (see `Query`); results are read in text
/// format and decoded with `Row`. On connect the session gets `DateStyle = ISO` (so timestamps
/// parse the same everywhere), `client_encoding = UTF8`, and `application_name = payouts` unless
/// the conninfo or `PGAPPNAME` says otherwise. Server NOTICEs (e.g. "relation … already exists,
/// skipping") are dropped, not printed on stderr: the job's output is its own log lines.
///
/// A `Connection` is used from one task or thread at a time and is deliberately not `Sendable`.
/// It is closed by `close()` or when it is deinitialized.
public final class Connection {
    var handle: OpaquePointer?
    /// Set while `stream`/`copyRows` own the connection: libpq cannot run another statement then.
    var busy = false

    /// Opens a connection.
    ///
    /// `conninfo` may be empty (libpq then reads `PGHOST`, `PGPORT`, `PGDATABASE`, `PGUSER`,
    /// `PGPASSWORD`, `PGSSLMODE`, …), a `key=value` string (`"host=db dbname=payouts"`), a
    /// `postgresql://` URI, or a bare database name. Unset keys fall back to the environment.
    ///
    /// - Throws: `PostgresError` of kind `.connection`; its text never includes the conninfo or a password.
    public init(conninfo: String = "") throws {
        var secrets: [String] = []
        if let password = ProcessInfo.processInfo.environment["PGPASSWORD"] { secrets.append(password) }
        // libpq treats the dbname parameter as a connection string when it contains "=" or is a URI.
        let isConnectionString = conninfo.contains("=")
            || conninfo.hasPrefix("postgresql://") || conninfo.hasPrefix("postgres://")
        if isConnectionString {
            // Parse first: a syntax error must be reported without echoing any part of the string.
            var parseError: UnsafeMutablePointer<CChar>?
            guard let options = PQconninfoParse(conninfo, &parseError) else {
                var message = "invalid connection string"
                if let parseError {
                    message += ": " + redactQuotedFragments(oneLine(String(cString: parseError)))
                    PQfreemem(parseError)
                }
                throw PostgresError(kind: .connectionString, message: scrubSecrets(message, knownSecrets: secrets))
            }
            defer { PQconninfoFree(options) }
            var option = options
            while let keyword = option.pointee.keyword {
                if String(cString: keyword) == "password", let value = option.pointee.val {
                    secrets.append(String(cString: value))
                }
                option += 1
            }
        }

        // Keywords before dbname are defaults that the expanded conninfo overrides (TCP
        // keepalives: a dead server or network is noticed in about a minute, not hours; ignored
        // on Unix sockets); keywords after it override the conninfo. fallback_application_name
        // only applies when neither the conninfo nor PGAPPNAME sets application_name.
        // Both arrays end with NULL, as PQconnectdbParams requires.
        let defaults = Self.defaultParameters
        let keywords: [String?] = defaults.map(\.keyword) + ["dbname", "fallback_application_name", "client_encoding", nil]
        let values: [String?] = defaults.map(\.value) + [conninfo, "payouts", "UTF8", nil]
        let conn: OpaquePointer? = withCStrings(keywords) { keywordPointers in
            withCStrings(values) { valuePointers in
                PQconnectdbParams(keywordPointers, valuePointers, 1)
            }
        }
        guard let conn else {
            throw PostgresError(kind: .connection, message: "libpq could not allocate a connection")
        }
        guard PQstatus(conn) == CONNECTION_OK else {
            // libpq returns a handle even on failure: read its message, then free it.
            let message = oneLine(String(cString: PQerrorMessage(conn)))
            PQfinish(conn)
            throw PostgresError(kind: .connection, message: scrubSecrets(message, knownSecrets: secrets))
        }
        handle = conn
        // libpq's default processor writes every NOTICE to stderr; nothing here reads them.
        PQsetNoticeProcessor(conn, { _, _ in }, nil)

        do {
            // A session setting rather than `options=-c …`, which would replace the user's PGOPTIONS.
            try executeScript("SET DateStyle = ISO")
        } catch {
            close()
            throw error
        }
    }

    deinit {
        close()
    }

    /// Connection parameters used unless the conninfo sets them: TCP keepalives after 30 s of
    /// silence, every 10 s, given up after 3 unanswered probes.
    public static let defaultParameters: [(keyword: String, value: String)] = [
        ("keepalives", "1"), ("keepalives_idle", "30"), ("keepalives_interval", "10"), ("keepalives_count", "3"),
    ]

    /// The value libpq uses for connection parameter `keyword` (`PQconninfo`), e.g.
    /// `"keepalives_idle"`; nil when unset or closed. Never returns the password.
    public func parameter(_ keyword: String) -> String? {
        guard let handle, keyword != "password", let options = PQconninfo(handle) else { return nil }
        defer { PQconninfoFree(options) }
        var option = options
        while let name = option.pointee.keyword {
            if String(cString: name) == keyword { return option.pointee.val.map { String(cString: $0) } }
            option += 1
        }
        return nil
    }

    /// Closes the connection (`PQfinish`). Safe to call more than once.
    public func close() {
        if let handle {
            PQfinish(handle)
            self.handle = nil
        }
    }

    /// `true` while the connection is open and healthy (`PQstatus == CONNECTION_OK`). This is the
    /// last known state: a backend terminated by the server is only noticed by the next call.
    public var isConnected: Bool {
        guard let handle else { return false }
        return PQstatus(handle) == CONNECTION_OK
    }

    /// Whether a transaction block is open (including one that failed and awaits ROLLBACK).
    public var isInTransaction: Bool {
        guard let handle else { return false }
        let status = PQtransactionStatus(handle)
        return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE
    }
}

/// Calls `body` with C copies of `strings` (NULL for nil), freed when it returns: no pointer
/// outlives the call.
func withCStrings<R>(_ strings: [String?], _ body: ([UnsafePointer<CChar>?]) -> R) -> R {
    let copies: [UnsafeMutablePointer<CChar>?] = strings.map { string in string.map { strdup($0) } }
    defer { copies.forEach { free($0) } }
    return body(copies.map { $0.map { UnsafePointer($0) } })
}

/// `missing "=" after "s3cret" in connection info string` → `missing "=" after "…" in …`:
/// a malformed conninfo is never echoed, not even in fragments.
private func redactQuotedFragments(_ text: String) -> String {
    text.replacingOccurrences(of: #""[^"]*""#, with: "\"…\"", options: .regularExpression)
}
