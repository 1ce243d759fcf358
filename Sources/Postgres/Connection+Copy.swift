// COPY … TO STDOUT.
import CLibPQ

extension Connection {
    /// Runs a `COPY … TO STDOUT` statement and hands the data to `body` in chunks, as it arrives
    /// (libpq delivers one chunk per row); chunks concatenate to the exact COPY output and are
    /// valid only during the call. `copyRows` is the public form (binary format, framing
    /// removed). If `body` throws, the COPY is cancelled on the server and the error is rethrown.
    func copyOutChunks(_ query: Query, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        let conn = try liveHandle()
        try checkNotBusy()
        guard query.bindings.isEmpty else {
            throw PostgresError(kind: .usage, message: "COPY statements cannot take parameters; pass values with set_config() first")
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
                throw PostgresError(kind: .usage, message: "copyRows() needs COPY … TO STDOUT")
            }
            if startStatus == PGRES_COMMAND_OK || startStatus == PGRES_TUPLES_OK {
                throw PostgresError(kind: .usage, message: "copyRows() needs a COPY … TO STDOUT statement")
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
                defer { PQfreemem(buffer) }
                guard failure == nil else { continue }
                do {
                    try body(UnsafeRawBufferPointer(start: buffer, count: Int(length)))
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
}
