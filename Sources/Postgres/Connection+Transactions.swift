// Transactions.
import CLibPQ

extension Connection {
    // MARK: - Transactions

    /// Isolation levels for `transaction(isolation:_:)`.
    public enum IsolationLevel: String, Sendable {
        case readCommitted = "READ COMMITTED"
        case repeatableRead = "REPEATABLE READ"
        case serializable = "SERIALIZABLE"
    }

    /// How `transaction` ends when its body returns normally (a thrown error always rolls back).
    public enum TransactionEnding: Sendable {
        case commit
        case rollback
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
    /// Transactions do not nest (that throws `.usage`).
    ///
    /// With `ending: .rollback` the transaction is rolled back when `body` returns, and its
    /// value returned: a dry run computes everything, reads its own uncommitted results, and
    /// leaves nothing behind.
    ///
    /// With `snapshot` (from another session's `exportSnapshot()`, REPEATABLE READ or
    /// SERIALIZABLE only) the transaction sees exactly what that session's transaction saw
    /// when it exported it.
    @discardableResult
    public func transaction<T>(isolation: IsolationLevel? = nil, ending: TransactionEnding = .commit,
                               snapshot: Snapshot? = nil, _ body: (Connection) throws -> T) throws -> T {
        let conn = try liveHandle()
        try checkNotBusy()
        guard PQtransactionStatus(conn) == PQTRANS_IDLE else {
            throw PostgresError(kind: .usage, message: "transaction() called while a transaction is already open")
        }
        try executeScript(isolation.map { "BEGIN ISOLATION LEVEL \($0.rawValue)" } ?? "BEGIN")
        if let snapshot {
            do {
                // The statement takes no parameters; the id is checked to be hex digits and dashes.
                try executeScript("SET TRANSACTION SNAPSHOT '\(snapshot.id)'")
            } catch {
                rollbackQuietly()
                throw error
            }
        }
        let value: T
        do {
            value = try body(self)
        } catch {
            rollbackQuietly()
            throw error
        }
        switch PQtransactionStatus(conn) {
        case PQTRANS_INTRANS where ending == .rollback:
            try executeScript("ROLLBACK")
        case PQTRANS_INTRANS:
            do {
                try executeScript("COMMIT")
            } catch let error as PostgresError where !isConnected {
                // No answer from a live session (the connection broke, or the backend was
                // terminated while committing): the server may have committed before that.
                // Never report a rollback that cannot be known.
                throw PostgresError(kind: .commitOutcomeUnknown,
                                    message: "connection lost during COMMIT (\(error.message)); the transaction may or may not be committed")
            }
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

    /// A transaction's snapshot exported for other sessions (`pg_export_snapshot()`), valid
    /// while the exporting transaction stays open.
    public struct Snapshot: Sendable, Equatable {
        public let id: String

        /// Nil unless `id` looks like a snapshot id: hex digits and dashes, nothing else.
        public init?(id: String) {
            guard !id.isEmpty, id.utf8.count <= 64,
                  id.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x41...0x46).contains($0) || $0 == 0x2D }) else {
                return nil
            }
            self.id = id
        }
    }

    /// Exports the open transaction's snapshot, so that `transaction(isolation:snapshot:)` on
    /// another connection reads the same data (not this transaction's own uncommitted writes).
    ///
    /// ```swift
    /// try conn.transaction(isolation: .repeatableRead) { conn in
    ///     let snapshot = try conn.exportSnapshot()
    ///     // on another connection: other.transaction(isolation: .repeatableRead, snapshot: snapshot) { … }
    /// }
    /// ```
    public func exportSnapshot() throws -> Snapshot {
        let id = try queryValue("select pg_export_snapshot()", as: String.self)
        guard let snapshot = Snapshot(id: id) else {
            throw PostgresError(kind: .usage, message: "pg_export_snapshot() returned an unexpected id")
        }
        return snapshot
    }

    func rollbackQuietly() {
        guard let handle, PQstatus(handle) == CONNECTION_OK, PQtransactionStatus(handle) != PQTRANS_IDLE else { return }
        if let result = PQexec(handle, "ROLLBACK") { PQclear(result) }
    }
}
