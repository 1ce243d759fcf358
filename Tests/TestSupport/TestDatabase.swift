import Foundation
import Postgres

/// A throwaway PostgreSQL database for one test, on the server the `PG*` environment points at
/// (`scripts/test` starts a private cluster and exports it).
///
/// Tests run in parallel, so each test creates its own database:
///
/// ```swift
/// @Test func storesPayouts() throws {
///     let db = try TestDatabase.create()
///     defer { db.drop() }
///     let conn = try db.connect()
///     try conn.executeScript("create table t(id bigint primary key)")
/// }
/// // or, dropping automatically:
/// try TestDatabase.with { db in let conn = try db.connect(); … }
/// ```
///
/// The database is not dropped on deinit on purpose: Swift may release `db` right after its last
/// use (e.g. `db.connect()`), which would kill connections the test still uses. Call `drop()`.
public final class TestDatabase: @unchecked Sendable {  // immutable except `dropped`, guarded by `lock`
    /// The database name, e.g. "payouts_test_3f9a0c12d4e5".
    public let name: String
    private let lock = NSLock()
    private var dropped = false

    /// Connection string for this database; host, port and user come from the environment.
    public var conninfo: String { "dbname=\(name)" }

    private init(name: String) {
        self.name = name
    }

    /// Creates an empty database `payouts_test_<random>` through an admin connection to the
    /// `postgres` database.
    ///
    /// - Throws: `TestDatabaseError` when `PGHOST` is not set (run the tests through `scripts/test`),
    ///   or the `PostgresError` of the failed connection or CREATE DATABASE.
    public static func create() throws -> TestDatabase {
        try requireServer()
        let name = "payouts_test_" + randomSuffix()
        let admin = try adminConnection()
        defer { admin.close() }
        // CREATE DATABASE takes no parameters; the name is ours: [a-z0-9_] only.
        try admin.executeScript("CREATE DATABASE \(name)")
        return TestDatabase(name: name)
    }

    /// Creates a database, runs `body`, and drops the database however `body` ends.
    @discardableResult
    public static func with<T>(_ body: (TestDatabase) throws -> T) throws -> T {
        let db = try create()
        defer { db.drop() }
        return try withExtendedLifetime(db) { try body(db) }
    }

    /// A new connection to this database.
    public func connect() throws -> Connection {
        try Connection(conninfo: conninfo)
    }

    /// Terminates the sessions still connected to the database, then drops it. Safe to call twice
    /// (later calls do nothing) and from `defer`: failures are printed, not thrown.
    public func drop() {
        lock.lock()
        defer { lock.unlock() }
        guard !dropped else { return }
        do {
            try dropOrThrow()
            dropped = true
        } catch {
            FileHandle.standardError.write(Data("TestDatabase: could not drop \(name): \(error)\n".utf8))
        }
    }

    private func dropOrThrow() throws {
        let admin = try Self.adminConnection()
        defer { admin.close() }
        try admin.execute("select pg_terminate_backend(pid) from pg_stat_activity where datname = \(name) and pid <> pg_backend_pid()")
        try admin.executeScript("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
    }

    private static func adminConnection() throws -> Connection {
        try Connection(conninfo: "dbname=postgres application_name=payouts-tests")
    }

    private static func requireServer() throws {
        let host = ProcessInfo.processInfo.environment["PGHOST"] ?? ""
        if host.isEmpty { throw TestDatabaseError.noServer }
    }

    private static func randomSuffix() -> String {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("0123456789abcdef")
        return String((0..<12).map { _ in alphabet[Int(generator.next() % 16)] })
    }
}

/// Why a `TestDatabase` could not be created.
public enum TestDatabaseError: Error, CustomStringConvertible, Sendable {
    case noServer

    public var description: String {
        switch self {
        case .noServer: return "PGHOST not set: run the tests through scripts/test"
        }
    }
}
