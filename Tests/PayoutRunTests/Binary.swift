import Foundation
import TestSupport

/// Runs the built `payouts` executable as a separate process, as cron would.
struct PayoutsBinary {
    static var path: String {
        if let path = ProcessInfo.processInfo.environment["PAYOUTS_BIN"] { return path }
        // Tests/PayoutRunTests/Binary.swift → package root → .build/debug/payouts
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/payouts").path
    }

    /// Starts the binary with the database and extra environment; the caller finishes it.
    static func start(_ arguments: [String], database: String, environment extra: [String: String] = [:]) throws -> ChildProcess {
        var env = ProcessInfo.processInfo.environment
        env["PGDATABASE"] = database
        env.merge(extra) { $1 }
        return try ChildProcess(path, arguments, environment: env)
    }

    static func finish(_ started: ChildProcess) -> ProcessResult {
        started.finish()
    }

    static func run(_ arguments: [String], database: String, environment: [String: String] = [:]) throws -> ProcessResult {
        try start(arguments, database: database, environment: environment).finish()
    }
}
