import Foundation
import TestSupport

/// Runs the built `payouts` executable as a separate process, as cron would.
enum AccrualBinary {
    static var path: String {
        if let path = ProcessInfo.processInfo.environment["PAYOUTS_BIN"] { return path }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/payouts").path
    }

    static func run(_ arguments: [String], database: String) throws -> ProcessResult {
        try start(arguments, database: database).finish()
    }

    /// Starts the executable and returns at once; `finish()` waits for it.
    static func start(_ arguments: [String], database: String) throws -> ChildProcess {
        var env = ProcessInfo.processInfo.environment
        env["PGDATABASE"] = database
        return try ChildProcess(path, arguments, environment: env)
    }
}
