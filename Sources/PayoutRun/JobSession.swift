import Foundation
import PayoutSQL
import Postgres

/// A command's connection: opened, holding the run lock, in the program's time zone, on a
/// current schema; closed (and the lock released) when the command ends. `run`, `export`
/// and the lifecycle commands (`sent`, `returns`, `release`, `reverse`) share the one lock,
/// so an import never interleaves with a run reading the re-credits it writes; so does
/// `accrue` (module Accrual), so a run sees all or none of an accrual's commissions.
public struct JobSession {
    static let runLockKey = PayoutJob.runLockKey

    public let connection: Connection
    public let timeZone: String
    /// How `connection` was opened, for `connectAgain` (never logged: it may hold a password).
    let conninfo: String

    /// Opens a connection, without the lock (`migrate`, `status`).
    static func connect(_ conninfo: String) throws -> Connection {
        do {
            return try Connection(conninfo: conninfo)
        } catch let error as PostgresError {
            throw JobError.connecting(error)
        } catch {
            throw JobError.failed("cannot connect to PostgreSQL: \(error)")
        }
    }

    /// Runs `body` with a locked session; any error becomes one line (`JobError`).
    static func withLock<T>(_ settings: JobSettings, during what: String, _ body: (JobSession) throws -> T) throws -> T {
        try withLock(conninfo: settings.conninfo, timeZone: settings.timeZone, during: what, body)
    }

    public static func withLock<T>(conninfo: String, timeZone: String, during what: String, _ body: (JobSession) throws -> T) throws -> T {
        let conn = try connect(conninfo)
        defer { conn.close() }
        do {
            try checkClientConnectionEverySecond(conn)
            JobSignals.shared.watch(try conn.statementCanceller())
            defer { JobSignals.shared.unwatch() }
            guard try conn.tryAdvisoryLock(key: runLockKey) else {
                throw JobError(.locked, "another payouts command holds the run lock; nothing was done (try again later)")
            }
            defer { _ = try? conn.advisoryUnlock(key: runLockKey) }
            let session = JobSession(connection: conn, timeZone: timeZone, conninfo: conninfo)
            try session.requireSameTimeZoneReading()
            try session.useProgramTimeZone()
            try Migrator(conn).requireCurrent()
            return try body(session)
        } catch {
            throw JobError.wrap(error, during: what)
        }
    }

    /// A read-only session without the lock (`status`): current schema, program's time zone.
    public static func withoutLock<T>(conninfo: String, timeZone: String, during what: String, _ body: (Connection) throws -> T) throws -> T {
        let conn = try connect(conninfo)
        defer { conn.close() }
        do {
            try Migrator(conn).requireCurrent()
            let session = JobSession(connection: conn, timeZone: timeZone, conninfo: conninfo)
            try session.requireSameTimeZoneReading()
            try session.useProgramTimeZone()
            return try body(conn)
        } catch {
            throw JobError.wrap(error, during: what)
        }
    }

    /// Another connection to the session's database, opened as the session's is (a dead
    /// client noticed within a second), without the lock, which the session holds: for a
    /// committed run's files written side by side (`ExportLanes`). The caller closes it.
    var connectAgain: @Sendable () throws -> Connection {
        let conninfo = self.conninfo
        return {
            let conn = try JobSession.connect(conninfo)
            do {
                try JobSession.checkClientConnectionEverySecond(conn)
            } catch {
                conn.close()
                throw error
            }
            return conn
        }
    }

    /// A killed job's statement is aborted within a second (and its lock freed) instead of
    /// running to its end. PostgreSQL 13 has no such setting (42704): there the lock goes
    /// when the statement ends, as before.
    static func checkClientConnectionEverySecond(_ conn: Connection) throws {
        do {
            _ = try conn.queryValue(SettingsStatements.checkClientConnection(every: "1s"), as: String.self)
        } catch let error as PostgresError where error.sqlState == "42704" {
            return
        }
    }

    /// The program's zone must mean the same offset to PostgreSQL as to Foundation
    /// (`ProgramTimeZone.problem` refuses POSIX-style names before this).
    func requireSameTimeZoneReading() throws {
        let offset: Int?
        do {
            offset = try connection.queryOne(SettingsStatements.timeZoneOffset(timeZone))?.decode(Int.self, at: 0)
        } catch let error as PostgresError where error.sqlState == "22023" {
            offset = nil  // PostgreSQL does not know the name
        }
        guard let offset, let zone = TimeZone(identifier: timeZone), zone.secondsFromGMT(for: Date()) == offset else {
            throw JobError.usage("time zone \(timeZone) is not read the same way by PostgreSQL and this program: use an IANA region name such as Europe/Zurich")
        }
    }

    /// Back to the program's time zone (exporting a run switches to the run's own).
    func useProgramTimeZone() throws {
        _ = try connection.query(RunStatements.useTimeZone(timeZone))
    }
}
