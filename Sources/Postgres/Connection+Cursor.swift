// Reading a large result in batches through a cursor.
import CLibPQ

extension Connection {
    /// Runs a SELECT and hands its rows to `body` one at a time, fetched through a cursor in
    /// batches of `batch` rows: memory stays bounded by one batch, and each row costs far less
    /// than in single-row mode (one result per batch instead of one per row).
    ///
    /// A cursor lives in a transaction: outside one, this falls back to `stream` (single-row
    /// mode). The query must be a SELECT (or VALUES). `body` must not use the connection.
    ///
    /// ```swift
    /// try conn.fetchInBatches("select id from payout where run_id = \(runID) order by id") { row in … }
    /// ```
    public func fetchInBatches(_ query: Query, batch: Int = 5_000, _ body: (Row) throws -> Void) throws {
        guard isInTransaction else { return try stream(query, body) }
        let cursor = "payouts_batches"
        // Every row is read: plan for all of them, not for the first 10% (PostgreSQL's default
        // for cursors prefers fast-start plans such as nested loops). Local to the transaction.
        _ = try self.query(Query(sql: "select set_config('cursor_tuple_fraction', '1', true)"))
        _ = try execute(Query(sql: "declare \(cursor) no scroll cursor for " + query.sql, bindings: query.bindings))
        var failure: Error?
        do {
            while true {
                let rows = try self.query(Query(sql: "fetch forward \(max(batch, 1)) from \(cursor)"))
                for row in rows { try body(row) }
                if rows.count < batch { break }
            }
        } catch {
            failure = error
        }
        // Only if the transaction is still usable (a failed statement aborted it anyway).
        if failure == nil || handle.map({ PQtransactionStatus($0) == PQTRANS_INTRANS }) == true { _ = try? execute(Query(sql: "close \(cursor)")) }
        if let failure { throw failure }
    }

    /// `fetchInBatches` decoding each row as `T`.
    public func fetchInBatches<T: RowDecodable>(_ query: Query, as type: T.Type, batch: Int = 5_000, _ body: (T) throws -> Void) throws {
        try fetchInBatches(query, batch: batch) { row in try body(T(row: row)) }
    }
}
