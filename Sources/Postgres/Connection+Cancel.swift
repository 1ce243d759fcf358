// Cancelling a running statement, and leaving an unexpected COPY, so the connection stays usable.
import CLibPQ

extension Connection {
    /// Asks the server to stop the running statement (used when a `stream`/`copyOut` closure throws).
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
