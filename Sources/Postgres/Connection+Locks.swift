// Advisory locks.
import CLibPQ

extension Connection {
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
        try requireTransaction("tryAdvisoryTransactionLock()")
        return try queryBool("select pg_try_advisory_xact_lock(\(key)::bigint)")
    }

    /// `pg_advisory_xact_lock(key)`: waits for an advisory lock released at the end of the
    /// current transaction (e.g. concurrent `migrate` invocations, one after the other). Must be
    /// called inside `transaction`.
    public func advisoryTransactionLock(key: Int64) throws {
        try requireTransaction("advisoryTransactionLock()")
        _ = try query("select pg_advisory_xact_lock(\(key)::bigint)")
    }

    private func requireTransaction(_ function: String) throws {
        let conn = try liveHandle()
        guard PQtransactionStatus(conn) == PQTRANS_INTRANS else {
            throw PostgresError(kind: .usage, message: "\(function) must be called inside a transaction")
        }
    }

    func queryBool(_ query: Query) throws -> Bool {
        guard let row = try queryOne(query) else {
            throw PostgresError(kind: .decoding, message: "expected one row from \(query.sql)")
        }
        return try row.decode(Bool.self, at: 0)
    }
}
