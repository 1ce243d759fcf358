import Foundation
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

/// What `body` wrote to this process's standard error (fd 2). Tests run in parallel, so what
/// others wrote meanwhile is captured too: it is passed on to the real stderr afterwards.
func standardErrorWritten(during body: () throws -> Void) throws -> String {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("stderr-\(UUID().uuidString)")
    let capture = open(file.path, O_CREAT | O_RDWR | O_TRUNC, 0o600)
    guard capture >= 0 else { throw StandardErrorCaptureFailed() }
    let original = dup(STDERR_FILENO)
    defer { try? FileManager.default.removeItem(at: file) }
    dup2(capture, STDERR_FILENO)
    let outcome = Result { try body() }
    dup2(original, STDERR_FILENO)
    close(original)
    close(capture)
    let written = try String(contentsOf: file, encoding: .utf8)
    FileHandle.standardError.write(Data(written.utf8))
    try outcome.get()
    return written
}

struct StandardErrorCaptureFailed: Error {}
