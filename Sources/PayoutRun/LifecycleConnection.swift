import Foundation
import Postgres

/// A connection for the lifecycle commands (sent, returns, release, reverse): migrated
/// schema, the program's time zone, and the same advisory lock as `run` and `export`, so
/// that an import never interleaves with a run reading the re-credits it writes.
struct LifecycleConnection {
    let conninfo: String
    let timeZone: String

    func withLock<T>(during what: String, _ body: (Connection) throws -> T) throws -> T {
        let conn: Connection
        do {
            conn = try Connection(conninfo: conninfo)
        } catch {
            throw JobError.failed("cannot connect to PostgreSQL: \(error)")
        }
        defer { conn.close() }
        do {
            guard try conn.tryAdvisoryLock(key: PayoutJob.runLockKey) else {
                throw JobError(.locked, "another payouts command holds the run lock; nothing was done (try again later)")
            }
            defer { _ = try? conn.advisoryUnlock(key: PayoutJob.runLockKey) }
            _ = try conn.query("select set_config('TimeZone', \(timeZone), false)")
            try Migrator(conn).requireCurrent()
            return try body(conn)
        } catch {
            throw JobError.wrap(error, during: what)
        }
    }

    /// Who acts, for the record: the operating-system user running the command.
    static var operatorName: String {
        let env = ProcessInfo.processInfo.environment
        return env["PAYOUTS_OPERATOR"] ?? env["USER"] ?? env["LOGNAME"] ?? "unknown"
    }
}
