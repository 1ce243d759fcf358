import PayoutSQL
import Postgres

/// A command's connection: opened, holding the run lock, in the program's time zone, on a
/// current schema; closed (and the lock released) when the command ends. `run`, `export`
/// and the lifecycle commands (`sent`, `returns`, `release`, `reverse`) share the one lock,
/// so an import never interleaves with a run reading the re-credits it writes.
struct JobSession {
    static let runLockKey = PayoutJob.runLockKey

    let connection: Connection
    let timeZone: String

    /// Opens a connection, without the lock (`migrate`, `status`).
    static func connect(_ conninfo: String) throws -> Connection {
        do {
            return try Connection(conninfo: conninfo)
        } catch {
            throw JobError.failed("cannot connect to PostgreSQL: \(error)")
        }
    }

    /// Runs `body` with a locked session; any error becomes one line (`JobError`).
    static func withLock<T>(_ settings: JobSettings, during what: String, _ body: (JobSession) throws -> T) throws -> T {
        try withLock(conninfo: settings.conninfo, timeZone: settings.timeZone, during: what, body)
    }

    static func withLock<T>(conninfo: String, timeZone: String, during what: String, _ body: (JobSession) throws -> T) throws -> T {
        let conn = try connect(conninfo)
        defer { conn.close() }
        do {
            guard try conn.tryAdvisoryLock(key: runLockKey) else {
                throw JobError(.locked, "another payouts command holds the run lock; nothing was done (try again later)")
            }
            defer { _ = try? conn.advisoryUnlock(key: runLockKey) }
            let session = JobSession(connection: conn, timeZone: timeZone)
            try session.useProgramTimeZone()
            try Migrator(conn).requireCurrent()
            return try body(session)
        } catch {
            throw JobError.wrap(error, during: what)
        }
    }

    /// A read-only session without the lock (`status`): current schema, program's time zone.
    static func withoutLock<T>(conninfo: String, timeZone: String, during what: String, _ body: (Connection) throws -> T) throws -> T {
        let conn = try connect(conninfo)
        defer { conn.close() }
        do {
            try Migrator(conn).requireCurrent()
            try JobSession(connection: conn, timeZone: timeZone).useProgramTimeZone()
            return try body(conn)
        } catch {
            throw JobError.wrap(error, during: what)
        }
    }

    /// Back to the program's time zone (exporting a run switches to the run's own).
    func useProgramTimeZone() throws {
        _ = try connection.query(RunStatements.useTimeZone(timeZone))
    }
}
