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
/// the conninfo or `PGAPPNAME` says otherwise. Server NOTICEs are kept in `recentNotices` instead of
/// being printed on stderr.
///
/// A `Connection` is used from one task or thread at a time and is deliberately not `Sendable`.
/// It is closed by `close()` or when it is deinitialized.
public final class Connection {
    private var handle: OpaquePointer?
    private let noticeBox = NoticeBox()
    /// Set while `stream`/`copyOut` own the connection: libpq cannot run another statement then.
    private var busy = false
    private var savepointCounter = 0

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
                throw PostgresError(kind: .connection, message: scrubSecrets(message, knownSecrets: secrets))
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

        // Later keywords override what the expanded dbname sets; fallback_application_name only
        // applies when neither the conninfo nor PGAPPNAME sets application_name.
        // Both arrays end with NULL, as PQconnectdbParams requires.
        let keywords: [String?] = ["dbname", "fallback_application_name", "client_encoding", nil]
        let values: [String?] = [conninfo, "payouts", "UTF8", nil]
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
        PQsetNoticeProcessor(conn, { context, message in
            guard let context, let message else { return }
            Unmanaged<NoticeBox>.fromOpaque(context).takeUnretainedValue().append(String(cString: message))
        }, Unmanaged.passUnretained(noticeBox).toOpaque())

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

    /// The server process id of this session (for `pg_terminate_backend`, logging), or 0 when closed.
    public var backendPID: Int32 {
        handle.map { PQbackendPID($0) } ?? 0
    }

    /// Server version as an integer, e.g. 150018 for 15.18; 0 when closed.
    public var serverVersion: Int {
        handle.map { Int(PQserverVersion($0)) } ?? 0
    }

    /// Whether a transaction block is open (including one that failed and awaits ROLLBACK).
    public var isInTransaction: Bool {
        guard let handle else { return false }
        let status = PQtransactionStatus(handle)
        return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE
    }

    /// The last server notices (at most 50, oldest first), e.g. "NOTICE:  relation \"t\" already exists, skipping".
    public var recentNotices: [String] { noticeBox.notices }

    // MARK: - Statements

    /// Runs one statement and returns the number of rows it affected (0 for statements without a count).
    @discardableResult
    public func execute(_ query: Query) throws -> Int {
        try withResult(query) { result in
            Int(String(cString: PQcmdTuples(result))) ?? 0
        }
    }

    /// Runs one statement and returns all its rows.
    public func query(_ query: Query) throws -> [Row] {
        try withResult(query) { result in extractRows(result) }
    }

    /// Runs one statement and returns its first row, or `nil` when it returns none.
    /// All rows are fetched: add `limit 1` when the statement could return many.
    public func queryOne(_ query: Query) throws -> Row? {
        try withResult(query) { result in
            PQntuples(result) > 0 ? extractRow(result, 0, columns: columns(of: result)) : nil
        }
    }

    /// Runs one statement and hands its rows to `body` one at a time, as they arrive
    /// (libpq single-row mode): memory stays constant however many rows there are.
    ///
    /// ```swift
    /// try conn.stream("select id, amount from payout where run_id = \(runID) order by id") { row in
    ///     try writer.append(row.decode(Int64.self, at: 0), row.decode(Decimal.self, at: 1))
    /// }
    /// ```
    ///
    /// `body` must not use the connection (it is busy receiving rows: doing so throws `.usage`).
    /// If `body` throws, the statement is cancelled on the server (which aborts an enclosing
    /// transaction) and the error is rethrown.
    public func stream(_ query: Query, _ body: (Row) throws -> Void) throws {
        let conn = try liveHandle()
        try checkBindings(query)
        busy = true
        defer { busy = false }
        let sent = withParameters(query) { count, values in
            PQsendQueryParams(conn, query.sql, count, nil, values, nil, nil, 0)
        }
        guard sent == 1 else { throw clientError(conn) }
        guard PQsetSingleRowMode(conn) == 1 else {
            drainResults(conn)
            throw PostgresError(kind: .usage, message: "libpq refused single-row mode")
        }
        var columns: RowColumns?
        var failure: Error?
        while let result = PQgetResult(conn) {
            defer { PQclear(result) }
            guard failure == nil else { continue }  // draining after a failure
            switch PQresultStatus(result) {
            case PGRES_SINGLE_TUPLE:
                let rowColumns = columns ?? self.columns(of: result)
                columns = rowColumns
                let row = extractRow(result, 0, columns: rowColumns)
                do {
                    try body(row)
                } catch {
                    failure = error
                    cancelRunningStatement(conn)
                }
            case PGRES_TUPLES_OK, PGRES_COMMAND_OK, PGRES_EMPTY_QUERY:
                break
            case PGRES_COPY_OUT, PGRES_COPY_IN, PGRES_COPY_BOTH:
                abandonCopy(conn)
                failure = PostgresError(kind: .usage, message: "COPY cannot run through stream(); use copyOut()")
            default:
                failure = serverError(result, conn)
            }
        }
        if let failure { throw failure }
    }

    /// Runs a `COPY … TO STDOUT` statement and hands the data to `body` in chunks, as it arrives
    /// (libpq delivers one chunk per row). Chunks concatenate to the exact COPY output.
    ///
    /// ```swift
    /// try conn.copyOut("copy (select id, amount from payout order by id) to stdout with (format csv)") { chunk in
    ///     file.write(Data(chunk))
    /// }
    /// ```
    ///
    /// PostgreSQL does not accept parameters in COPY, so the query must have no interpolated values
    /// (it throws `.usage` otherwise). `body` must not use the connection. If `body` throws, the
    /// COPY is cancelled on the server and the error is rethrown.
    public func copyOut(_ query: Query, _ body: ([UInt8]) throws -> Void) throws {
        let conn = try liveHandle()
        guard query.bindings.isEmpty else {
            throw PostgresError(kind: .usage, message: "COPY statements cannot take parameters; select from a table or view filtered beforehand")
        }
        try checkSQLText(query.sql)
        busy = true
        defer { busy = false }
        // Extended protocol with no parameters: exactly one statement, like every other call.
        guard let start = PQexecParams(conn, query.sql, 0, nil, nil, nil, nil, 0) else { throw clientError(conn) }
        let startStatus = PQresultStatus(start)
        if startStatus != PGRES_COPY_OUT {
            defer { PQclear(start) }
            if startStatus == PGRES_COPY_IN || startStatus == PGRES_COPY_BOTH {
                abandonCopy(conn)
                throw PostgresError(kind: .usage, message: "copyOut() needs COPY … TO STDOUT")
            }
            if startStatus == PGRES_COMMAND_OK || startStatus == PGRES_TUPLES_OK {
                throw PostgresError(kind: .usage, message: "copyOut() needs a COPY … TO STDOUT statement")
            }
            throw serverError(start, conn)
        }
        PQclear(start)

        var failure: Error?
        var transferError: PostgresError?
        copying: while true {
            var buffer: UnsafeMutablePointer<CChar>?
            let length = PQgetCopyData(conn, &buffer, 0)
            if length > 0, let buffer {
                let chunk = Array(UnsafeRawBufferPointer(start: buffer, count: Int(length)))
                PQfreemem(buffer)
                guard failure == nil else { continue }
                do {
                    try body(chunk)
                } catch {
                    failure = error
                    cancelRunningStatement(conn)
                }
            } else if length == -1 {
                break copying  // COPY finished; its final status follows as a result
            } else {
                if let buffer { PQfreemem(buffer) }
                // -2: libpq's own message, used only if the final result carries no server error.
                let lost = PQstatus(conn) == CONNECTION_BAD
                transferError = PostgresError(kind: lost ? .connectionLost : .copy, message: oneLine(String(cString: PQerrorMessage(conn))))
                break copying
            }
        }
        while let result = PQgetResult(conn) {
            defer { PQclear(result) }
            if failure == nil, PQresultStatus(result) != PGRES_COMMAND_OK {
                var error = serverError(result, conn)
                if error.kind == .query { error.kind = .copy }
                failure = error
            }
        }
        if failure == nil, let transferError { failure = transferError }
        if failure == nil, PQstatus(conn) == CONNECTION_BAD {
            failure = PostgresError(kind: .connectionLost, message: "the connection was lost during COPY")
        }
        if let failure { throw failure }
    }

    /// Runs a trusted script of one or more statements separated by semicolons (`PQexec`), e.g. a
    /// migration. No parameters: never build `sql` from data. Execution stops at the first error.
    public func executeScript(_ sql: String) throws {
        let conn = try liveHandle()
        try checkSQLText(sql)
        guard let result = PQexec(conn, sql) else { throw clientError(conn) }
        defer { PQclear(result) }
        try check(result, conn)
    }

    // MARK: - Transactions

    /// Isolation levels for `transaction(isolation:_:)`.
    public enum IsolationLevel: String, Sendable {
        case readCommitted = "READ COMMITTED"
        case repeatableRead = "REPEATABLE READ"
        case serializable = "SERIALIZABLE"
    }

    /// Runs `body` in a transaction: BEGIN, then COMMIT when `body` returns, or ROLLBACK and
    /// rethrow when it throws.
    ///
    /// ```swift
    /// let count = try conn.transaction { conn in
    ///     try conn.execute("delete from payout where run_id = \(runID)")
    /// }
    /// ```
    ///
    /// If a statement failed inside `body` and its error was caught, the server has already
    /// aborted the transaction: this throws (SQLSTATE 25P02) instead of pretending to commit.
    /// Transactions do not nest (that throws `.usage`); use `withSavepoint` inside one.
    @discardableResult
    public func transaction<T>(isolation: IsolationLevel? = nil, _ body: (Connection) throws -> T) throws -> T {
        let conn = try liveHandle()
        try checkNotBusy()
        guard PQtransactionStatus(conn) == PQTRANS_IDLE else {
            throw PostgresError(kind: .usage, message: "transaction() called while a transaction is already open; use withSavepoint()")
        }
        try executeScript(isolation.map { "BEGIN ISOLATION LEVEL \($0.rawValue)" } ?? "BEGIN")
        let value: T
        do {
            value = try body(self)
        } catch {
            rollbackQuietly()
            throw error
        }
        switch PQtransactionStatus(conn) {
        case PQTRANS_INTRANS:
            try executeScript("COMMIT")
        case PQTRANS_INERROR:
            rollbackQuietly()
            throw PostgresError(
                kind: .query,
                message: "transaction rolled back: a statement inside it failed and its error was caught, so nothing was committed",
                sqlState: "25P02")
        case PQTRANS_IDLE:
            throw PostgresError(kind: .usage, message: "the transaction was ended inside transaction() by an explicit COMMIT or ROLLBACK")
        default:
            // Connection lost (PQTRANS_UNKNOWN): the server rolls back; report it.
            throw PostgresError(kind: .connectionLost, message: "connection lost before COMMIT; the transaction was not committed")
        }
        return value
    }

    /// Runs `body` inside a savepoint of the current transaction: on a thrown error, only the work
    /// of `body` is rolled back (ROLLBACK TO SAVEPOINT) and the error is rethrown; the enclosing
    /// transaction stays usable.
    ///
    /// ```swift
    /// try conn.transaction { conn in
    ///     do { try conn.withSavepoint { try $0.execute("insert …") } } catch { /* skip this one */ }
    /// }
    /// ```
    @discardableResult
    public func withSavepoint<T>(_ body: (Connection) throws -> T) throws -> T {
        let conn = try liveHandle()
        try checkNotBusy()
        guard PQtransactionStatus(conn) == PQTRANS_INTRANS else {
            throw PostgresError(kind: .usage, message: "withSavepoint() needs an open, healthy transaction")
        }
        savepointCounter += 1
        // The name is ours (a counter), never caller data.
        let name = "payouts_savepoint_\(savepointCounter)"
        try executeScript("SAVEPOINT \(name)")
        let value: T
        do {
            value = try body(self)
        } catch {
            if isConnected, PQtransactionStatus(conn) != PQTRANS_IDLE {
                try? executeScript("ROLLBACK TO SAVEPOINT \(name); RELEASE SAVEPOINT \(name)")
            }
            throw error
        }
        try executeScript("RELEASE SAVEPOINT \(name)")
        return value
    }

    // MARK: - Advisory locks

    /// `pg_try_advisory_lock(key)`: takes a session-level advisory lock if it is free. Held until
    /// `advisoryUnlock(key:)` or until the connection closes.
    public func tryAdvisoryLock(key: Int64) throws -> Bool {
        try queryBool("select pg_try_advisory_lock(\(key)::bigint)")
    }

    /// `pg_advisory_unlock(key)`: releases a session-level advisory lock; returns `false` when this
    /// session did not hold it.
    @discardableResult
    public func advisoryUnlock(key: Int64) throws -> Bool {
        try queryBool("select pg_advisory_unlock(\(key)::bigint)")
    }

    /// `pg_try_advisory_xact_lock(key)`: takes an advisory lock released at the end of the current
    /// transaction. Must be called inside `transaction` (outside one it would be released at once,
    /// so that throws `.usage`).
    public func tryAdvisoryTransactionLock(key: Int64) throws -> Bool {
        let conn = try liveHandle()
        guard PQtransactionStatus(conn) == PQTRANS_INTRANS else {
            throw PostgresError(kind: .usage, message: "tryAdvisoryTransactionLock() must be called inside a transaction")
        }
        return try queryBool("select pg_try_advisory_xact_lock(\(key)::bigint)")
    }

    private func queryBool(_ query: Query) throws -> Bool {
        guard let row = try queryOne(query) else {
            throw PostgresError(kind: .decoding, message: "expected one row from \(query.sql)")
        }
        return try row.decode(Bool.self, at: 0)
    }

    // MARK: - libpq plumbing

    private func liveHandle() throws -> OpaquePointer {
        guard let handle else {
            throw PostgresError(kind: .connectionLost, message: "the connection is closed")
        }
        try checkNotBusy()
        guard PQstatus(handle) == CONNECTION_OK else {
            throw PostgresError(kind: .connectionLost, message: "the connection to the server was lost")
        }
        return handle
    }

    /// C strings end at NUL: SQL text containing one would be silently truncated.
    private func checkSQLText(_ sql: String) throws {
        if sql.utf8.contains(0) {
            throw PostgresError(kind: .usage, message: "SQL text contains a NUL character")
        }
    }

    private func checkNotBusy() throws {
        if busy {
            throw PostgresError(kind: .usage, message: "the connection is busy in stream() or copyOut(); it cannot run another statement from inside their closure")
        }
    }

    private func checkBindings(_ query: Query) throws {
        try checkSQLText(query.sql)
        for (index, binding) in query.bindings.enumerated() {
            if let message = binding.encodingError {
                throw PostgresError(kind: .encoding, message: "parameter $\(index + 1): \(message)")
            }
        }
        guard query.bindings.count <= Int(UInt16.max) else {
            throw PostgresError(kind: .usage, message: "\(query.bindings.count) parameters; PostgreSQL accepts at most 65535 (pass arrays instead)")
        }
    }

    /// Runs `query` with PQexecParams, checks the result, and clears it when `body` returns.
    private func withResult<R>(_ query: Query, _ body: (OpaquePointer) throws -> R) throws -> R {
        let conn = try liveHandle()
        try checkBindings(query)
        let result = withParameters(query) { count, values in
            PQexecParams(conn, query.sql, count, nil, values, nil, nil, 0)
        }
        guard let result else { throw clientError(conn) }
        defer { PQclear(result) }
        try check(result, conn)
        return try body(result)
    }

    /// Passes the text parameters as C strings that live exactly as long as the call.
    private func withParameters<R>(_ query: Query, _ body: (Int32, [UnsafePointer<CChar>?]) -> R) -> R {
        withCStrings(query.bindings.map(\.text)) { pointers in body(Int32(pointers.count), pointers) }
    }

    private func check(_ result: OpaquePointer, _ conn: OpaquePointer) throws {
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            return
        case PGRES_COPY_OUT, PGRES_COPY_IN, PGRES_COPY_BOTH:
            abandonCopy(conn)
            throw PostgresError(kind: .usage, message: "COPY statements run through copyOut()")
        default:
            throw serverError(result, conn)
        }
    }

    private func serverError(_ result: OpaquePointer, _ conn: OpaquePointer) -> PostgresError {
        func field(_ code: Character) -> String? {
            guard let value = PQresultErrorField(result, Int32(code.asciiValue!)) else { return nil }
            return String(cString: value)
        }
        let lost = PQstatus(conn) == CONNECTION_BAD
        var message = field("M")
        if message == nil || message!.isEmpty {
            message = oneLine(String(cString: PQresultErrorMessage(result)))
        }
        if message!.isEmpty { message = oneLine(String(cString: PQerrorMessage(conn))) }
        if message!.isEmpty { message = "unknown error (status \(String(cString: PQresStatus(PQresultStatus(result)))))" }
        return PostgresError(
            kind: lost ? .connectionLost : .query,
            message: message!,
            sqlState: field("C"),
            detail: field("D"),
            hint: field("H"),
            position: field("P").flatMap { Int($0) },
            context: field("W"),
            severity: field("V") ?? field("S"),
            constraint: field("n"),
            table: field("t"),
            column: field("c"))
    }

    /// An error that libpq reported without a result (send failure, lost connection, out of memory).
    private func clientError(_ conn: OpaquePointer) -> PostgresError {
        let lost = PQstatus(conn) == CONNECTION_BAD
        let message = oneLine(String(cString: PQerrorMessage(conn)))
        return PostgresError(kind: lost ? .connectionLost : .query, message: message.isEmpty ? "libpq error" : message)
    }

    /// Asks the server to stop the running statement (used when a `stream`/`copyOut` closure throws).
    private func cancelRunningStatement(_ conn: OpaquePointer) {
        guard let cancel = PQgetCancel(conn) else { return }
        defer { PQfreeCancel(cancel) }
        var errorBuffer = [CChar](repeating: 0, count: 256)
        _ = PQcancel(cancel, &errorBuffer, Int32(errorBuffer.count))
    }

    /// Ends an unexpected COPY so the connection stays usable.
    private func abandonCopy(_ conn: OpaquePointer) {
        while true {
            var buffer: UnsafeMutablePointer<CChar>?
            let length = PQgetCopyData(conn, &buffer, 0)
            if let buffer { PQfreemem(buffer) }
            if length > 0 { continue }
            // -2 without COPY OUT: we are in COPY IN (or broken); end it with an error.
            if length == -2 { _ = PQputCopyEnd(conn, "COPY FROM STDIN is not supported by this connection API") }
            break
        }
        drainResults(conn)
    }

    private func drainResults(_ conn: OpaquePointer) {
        while let result = PQgetResult(conn) {
            let status = PQresultStatus(result)
            PQclear(result)
            if status == PGRES_COPY_IN { _ = PQputCopyEnd(conn, "COPY FROM STDIN is not supported") }
            if status == PGRES_COPY_OUT || status == PGRES_COPY_BOTH { abandonCopy(conn); return }
        }
    }

    private func rollbackQuietly() {
        guard let handle, PQstatus(handle) == CONNECTION_OK, PQtransactionStatus(handle) != PQTRANS_IDLE else { return }
        if let result = PQexec(handle, "ROLLBACK") { PQclear(result) }
    }

    private func columns(of result: OpaquePointer) -> RowColumns {
        RowColumns(names: (0..<PQnfields(result)).map { String(cString: PQfname(result, $0)) })
    }

    private func extractRows(_ result: OpaquePointer) -> [Row] {
        let columns = columns(of: result)
        return (0..<PQntuples(result)).map { extractRow(result, $0, columns: columns) }
    }

    private func extractRow(_ result: OpaquePointer, _ row: Int32, columns: RowColumns) -> Row {
        let values: [String?] = (0..<Int32(columns.names.count)).map { column in
            guard PQgetisnull(result, row, column) == 0, let value = PQgetvalue(result, row, column) else { return nil }
            let length = Int(PQgetlength(result, row, column))
            return value.withMemoryRebound(to: UInt8.self, capacity: length) {
                String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
            }
        }
        return Row(columns: columns, values: values)
    }
}

/// Keeps the last server notices; referenced (unretained) by libpq's notice processor, and owned by
/// the connection, which finishes the PGconn before releasing it.
private final class NoticeBox {
    private(set) var notices: [String] = []

    func append(_ notice: String) {
        if notices.count == 50 { notices.removeFirst() }
        notices.append(oneLine(notice))
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
