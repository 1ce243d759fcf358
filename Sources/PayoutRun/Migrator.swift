import Postgres
import PayoutSQL

/// Applies the schema migrations compiled into this binary, in order, each recorded by name
/// in `schema_migrations`, all in one transaction under an advisory lock.
///
/// ```swift
/// let applied = try Migrator(connection).migrate()   // [] when the schema is current
/// ```
public struct Migrator {
    /// The advisory lock key that serialises concurrent `migrate` invocations.
    static let lockKey: Int64 = 0x7061_796f_7574_6d67  // "payoutmg"

    let connection: Connection
    let migrations: [Migration]

    public init(_ connection: Connection, migrations: [Migration] = PayoutSQL.migrations) {
        self.connection = connection
        self.migrations = migrations
    }

    /// Applies the missing migrations and returns their names.
    public func migrate() throws -> [String] {
        try connection.transaction { conn in
            try conn.advisoryTransactionLock(key: Self.lockKey)
            try conn.executeScript("""
                create table if not exists schema_migrations (
                    name       text primary key,
                    applied_at timestamptz not null default now()
                )
                """)
            let pending = try pendingMigrations(conn)
            for migration in pending {
                do {
                    try conn.executeScript(migration.sql)
                } catch {
                    throw JobError.failed("migration \(migration.name) failed: \((error as? PostgresError)?.inWords ?? "\(error)"); nothing was changed")
                }
                try conn.execute("insert into schema_migrations (name) values (\(migration.name))")
            }
            return pending.map(\.name)
        }
    }

    /// Refuses to work on a schema that is not exactly the one this binary knows.
    public func requireCurrent() throws {
        let exists = try connection.queryOne("select to_regclass('schema_migrations') is not null as present")
        guard let exists, try exists.decode(Bool.self, "present") else {
            throw JobError.usage("the database has no payouts schema: run `payouts migrate` first")
        }
        let pending = try pendingMigrations(connection)
        if !pending.isEmpty {
            throw JobError.usage("the database schema is behind this version (missing \(pending.map(\.name).joined(separator: ", "))): run `payouts migrate` first")
        }
    }

    private func pendingMigrations(_ conn: Connection) throws -> [Migration] {
        let applied = try conn.query("select name from schema_migrations order by name").map { try $0.decode(String.self, "name") }
        let known = Set(migrations.map(\.name))
        if let unknown = applied.first(where: { !known.contains($0) }) {
            throw JobError.usage("the database has migration \(unknown), which this version of payouts does not know: upgrade payouts before running it against this database")
        }
        let done = Set(applied)
        return migrations.filter { !done.contains($0.name) }
    }
}
