import Postgres

/// The exit statuses of `payouts`, as documented in the README and relied on by schedulers.
public enum ExitStatus: Int32, Sendable {
    /// Done.
    case done = 0
    /// Failed: nothing was committed.
    case failed = 1
    /// Usage or configuration error: nothing was done.
    case usage = 2
    /// Done, but some affiliates are held for a reason a person must look at.
    case needsAttention = 3
    /// A run is committed (paid in the ledger) but its files are not all written: the message
    /// names the run and the command that writes them (`payouts export`), see the runbook.
    /// Never retried blindly by a scheduler: a person looks first.
    case committedFilesMissing = 4
    /// Try again later (EX_TEMPFAIL): another invocation holds the run lock, or a transient
    /// failure (`JobError.transient`) ended the command before anything was committed.
    case locked = 75
}

/// An error that ends a command with one clear line and a documented exit status.
public struct JobError: Error, CustomStringConvertible, Sendable {
    public let status: ExitStatus
    public let message: String

    public init(_ status: ExitStatus, _ message: String) {
        self.status = status
        self.message = message
    }

    public var description: String { message }

    static func usage(_ message: String) -> JobError { JobError(.usage, message) }
    static func failed(_ message: String) -> JobError { JobError(.failed, message) }
    static func committedFilesMissing(_ message: String) -> JobError { JobError(.committedFilesMissing, message) }

    /// A failure that goes away by itself (database unreachable or restarting, a concurrent
    /// change, a lock): nothing was committed and the same command later is safe, so it
    /// exits 75 like a held run lock and schedulers retry it.
    static func transient(_ message: String) -> JobError { JobError(.locked, message) }

    /// A connection that could not be opened: a connection string that does not parse is a
    /// configuration error (exit 2: retrying cannot help); anything else (server down or
    /// restarting, authentication) is transient (exit 75, retried by schedulers).
    static func connecting(_ error: PostgresError) -> JobError {
        error.kind == .connectionString
            ? .usage("\(error.inWords); nothing was done: correct --database-url or PAYOUTS_DATABASE_URL")
            : .transient("\(error.inWords); nothing was done, try again later")
    }

    /// SQLSTATEs of transient failures: serialization failure, deadlock, lock not available.
    static let transientSQLStates: Set<String> = ["40001", "40P01", "55P03"]

    /// Maps any error to one line and an exit status. Database errors keep their SQLSTATE and
    /// are told in words (`PostgresError.inWords`), never by a type name.
    public static func wrap(_ error: any Error, during what: String) -> JobError {
        if let error = error as? JobError { return error }
        if let error = error as? PostgresError {
            switch error.kind {
            case .connection, .connectionString:
                let connecting = Self.connecting(error)
                return JobError(connecting.status, "\(what): \(connecting.message)")
            case .connectionLost:
                return .transient("\(what): lost the connection to PostgreSQL (\(error.message)); an unfinished transaction is rolled back by the server, so running the same command again is safe and never pays twice")
            case .commitOutcomeUnknown:
                return .transient("\(what): lost the connection to PostgreSQL during COMMIT: it may or may not have committed. Running the same command again is safe and never pays twice (a committed run is found and its files written; otherwise it runs anew); `payouts status` shows which")
            default:
                break
            }
            if let state = error.sqlState, transientSQLStates.contains(state) {
                return .transient("\(what): the database could not finish now (\(error.inWords)); nothing was committed, try again later")
            }
            return .failed("\(what): \(error.inWords)")
        }
        return .failed("\(what): \(error)")
    }
}
