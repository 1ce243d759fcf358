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
    /// Another invocation holds the run lock (EX_TEMPFAIL): try again later.
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

    /// Maps any error to one line and an exit status. Database errors keep their SQLSTATE.
    public static func wrap(_ error: any Error, during what: String) -> JobError {
        if let error = error as? JobError { return error }
        if let error = error as? PostgresError {
            if error.kind == .connectionLost {
                return .failed("\(what): lost the connection to PostgreSQL (\(error.message)); an unfinished transaction is rolled back by the server, so running the same command again is safe and never pays twice")
            }
            if error.sqlState == "40001" {
                return .failed("\(what): the data changed while the run was computed (\(error.message)); nothing was committed, run again")
            }
            return .failed("\(what): \(error)")
        }
        return .failed("\(what): \(error)")
    }
}
