// Single-row mode: rows handed over as they arrive.
import CLibPQ

extension Connection {
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
                failure = PostgresError(kind: .usage, message: "COPY cannot run through stream(); use copyRows()")
            default:
                failure = serverError(result, conn)
            }
        }
        if let failure { throw failure }
    }
}
