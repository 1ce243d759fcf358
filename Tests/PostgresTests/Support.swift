import Postgres
import TestSupport

/// Runs `body` with a connection to a fresh database that is dropped afterwards.
func withConnection<T>(_ body: (Connection, TestDatabase) throws -> T) throws -> T {
    try TestDatabase.with { db in
        let conn = try db.connect()
        defer { conn.close() }
        return try body(conn, db)
    }
}

/// Captures the PostgresError thrown by `body`, or nil when it did not throw one.
func postgresError(_ body: () throws -> Void) -> PostgresError? {
    do {
        try body()
        return nil
    } catch let error as PostgresError {
        return error
    } catch {
        return nil
    }
}

/// The single integer a statement returns.
func intValue(_ conn: Connection, _ query: Query) throws -> Int? {
    try conn.queryOne(query)?.decode(Int?.self, at: 0)
}

/// A Swift error thrown from closures to check that it propagates unchanged.
struct StopStreaming: Error {}
