// Cancelling a running statement, and leaving an unexpected COPY, so the connection stays usable.
import CLibPQ

/// Cancels the statement running on one connection, from any thread or a signal handler's
/// queue (`PQcancel` is made for that). Holds libpq's cancel object, not the connection.
///
/// ```swift
/// let canceller = try conn.statementCanceller()
/// DispatchQueue.global().async { canceller.cancel() }   // the running statement ends with 57014
/// ```
public final class StatementCanceller: @unchecked Sendable {  // PGcancel is immutable and thread-safe
    private let pgCancel: OpaquePointer

    init?(_ conn: OpaquePointer) {
        guard let pgCancel = PQgetCancel(conn) else { return nil }
        self.pgCancel = pgCancel
    }

    deinit {
        PQfreeCancel(pgCancel)
    }

    /// Asks the server to stop the running statement; true when the request was delivered
    /// (the statement may have finished anyway).
    @discardableResult
    public func cancel() -> Bool {
        var errorBuffer = [CChar](repeating: 0, count: 256)
        return PQcancel(pgCancel, &errorBuffer, Int32(errorBuffer.count)) == 1
    }
}

extension Connection {
    /// A canceller for this connection's running statements, usable from another thread.
    public func statementCanceller() throws -> StatementCanceller {
        guard let handle, let canceller = StatementCanceller(handle) else {
            throw PostgresError(kind: .connection, message: "the connection is closed: nothing to cancel")
        }
        return canceller
    }

    /// Asks the server to stop the running statement (used when a `stream`/`copyRows` closure throws).
    func cancelRunningStatement(_ conn: OpaquePointer) {
        guard let cancel = PQgetCancel(conn) else { return }
        defer { PQfreeCancel(cancel) }
        var errorBuffer = [CChar](repeating: 0, count: 256)
        _ = PQcancel(cancel, &errorBuffer, Int32(errorBuffer.count))
    }

    /// Ends an unexpected COPY so the connection stays usable.
    func abandonCopy(_ conn: OpaquePointer) {
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

    func drainResults(_ conn: OpaquePointer) {
        while let result = PQgetResult(conn) {
            let status = PQresultStatus(result)
            PQclear(result)
            if status == PGRES_COPY_IN { _ = PQputCopyEnd(conn, "COPY FROM STDIN is not supported") }
            if status == PGRES_COPY_OUT || status == PGRES_COPY_BOTH { abandonCopy(conn); return }
        }
    }
}
