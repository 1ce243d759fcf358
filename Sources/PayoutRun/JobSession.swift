import PayoutSQL
import Postgres

/// A command's connection: opened, holding the run lock, in the program's time zone, on a
/// current schema; closed (and the lock released) when the command ends.
struct JobSession {
    static let runLockKey = PayoutJob.runLockKey

    let connection: Connection
    let timeZone: String

    /// Opens a connection, without the lock (`migrate`, `status`).
    static func connect(_ conninfo: String) throws -> Connection {
        do {
            return try Connection(conninfo: conninfo)
        } catch let error as PostgresError {
            // The server may be down or restarting: transient (exit 75), retried by schedulers.
            throw JobError.transient("\(error.inWords); nothing was done, try again later")
        } catch {
            throw JobError.failed("cannot connect to PostgreSQL: \(error)")
        }
    }

    /// Runs `body` with a locked session; any error becomes one line (`JobError`).
    static func withLock<T>(_ settings: JobSettings, during what: String, _ body: (JobSession) throws -> T) throws -> T {
        let conn = try connect(settings.conninfo)
        defer { conn.close() }
        do {
            guard try conn.tryAdvisoryLock(key: runLockKey) else {
                throw JobError(.locked, "another payouts run or export holds the lock; nothing was done (try again later)")
            }
            defer { _ = try? conn.advisoryUnlock(key: runLockKey) }
            let session = JobSession(connection: conn, timeZone: settings.timeZone)
            try session.useProgramTimeZone()
            try Migrator(conn).requireCurrent()
            return try body(session)
        } catch {
            throw JobError.wrap(error, during: what)
        }
    }

    /// Back to the program's time zone (exporting a run switches to the run's own).
    func useProgramTimeZone() throws {
        _ = try connection.query(RunStatements.useTimeZone(timeZone))
    }
}
