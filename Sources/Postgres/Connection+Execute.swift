// Statements: execute, query, queryOne, scripts, and the libpq plumbing they share.
import CLibPQ

extension Connection {
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

    /// Runs a trusted script of one or more statements separated by semicolons (`PQexec`), e.g. a
    /// migration. No parameters: never build `sql` from data. Execution stops at the first error.
    public func executeScript(_ sql: String) throws {
        let conn = try liveHandle()
        try checkSQLText(sql)
        guard let result = PQexec(conn, sql) else { throw clientError(conn) }
        defer { PQclear(result) }
        try check(result, conn)
    }

    // MARK: - libpq plumbing

    func liveHandle() throws -> OpaquePointer {
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
    func checkSQLText(_ sql: String) throws {
        if sql.utf8.contains(0) {
            throw PostgresError(kind: .usage, message: "SQL text contains a NUL character")
        }
    }

    func checkNotBusy() throws {
        if busy {
            throw PostgresError(kind: .usage, message: "the connection is busy in stream() or copyRows(); it cannot run another statement from inside their closure")
        }
    }

    func checkBindings(_ query: Query) throws {
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
    func withResult<R>(_ query: Query, _ body: (OpaquePointer) throws -> R) throws -> R {
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
    func withParameters<R>(_ query: Query, _ body: (Int32, [UnsafePointer<CChar>?]) -> R) -> R {
        withCStrings(query.bindings.map(\.text)) { pointers in body(Int32(pointers.count), pointers) }
    }

    func check(_ result: OpaquePointer, _ conn: OpaquePointer) throws {
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            return
        case PGRES_COPY_OUT, PGRES_COPY_IN, PGRES_COPY_BOTH:
            abandonCopy(conn)
            throw PostgresError(kind: .usage, message: "COPY statements run through copyRows()")
        default:
            throw serverError(result, conn)
        }
    }

    func serverError(_ result: OpaquePointer, _ conn: OpaquePointer) -> PostgresError {
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
    func clientError(_ conn: OpaquePointer) -> PostgresError {
        let lost = PQstatus(conn) == CONNECTION_BAD
        let message = oneLine(String(cString: PQerrorMessage(conn)))
        return PostgresError(kind: lost ? .connectionLost : .query, message: message.isEmpty ? "libpq error" : message)
    }

    func columns(of result: OpaquePointer) -> RowColumns {
        RowColumns(names: (0..<PQnfields(result)).map { String(cString: PQfname(result, $0)) })
    }

    func extractRows(_ result: OpaquePointer) -> [Row] {
        let columns = columns(of: result)
        return (0..<PQntuples(result)).map { extractRow(result, $0, columns: columns) }
    }

    func extractRow(_ result: OpaquePointer, _ row: Int32, columns: RowColumns) -> Row {
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
