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
    @discardableResult
    public func transaction<T>(isolation: IsolationLevel? = nil, ending: TransactionEnding = .commit,
                               _ body: (Connection) throws -> T) throws -> T {
        let conn = try liveHandle()
        try checkNotBusy()
        guard PQtransactionStatus(conn) == PQTRANS_IDLE else {
            throw PostgresError(kind: .usage, message: "transaction() called while a transaction is already open")
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
        case PQTRANS_INTRANS where ending == .rollback:
            try executeScript("ROLLBACK")
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

    func rollbackQuietly() {
        guard let handle, PQstatus(handle) == CONNECTION_OK, PQtransactionStatus(handle) != PQTRANS_IDLE else { return }
        if let result = PQexec(handle, "ROLLBACK") { PQclear(result) }
    }
}
