import Foundation

/// Runs the built `payouts` executable as a separate process, as cron would.
struct PayoutsBinary {
    static var path: String {
        if let path = ProcessInfo.processInfo.environment["PAYOUTS_BIN"] { return path }
        // Tests/PayoutRunTests/Binary.swift → package root → .build/debug/payouts
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/payouts").path
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Starts the binary with the database and extra environment; the caller waits or kills.
    static func start(_ arguments: [String], database: String, environment extra: [String: String] = [:]) throws -> (Process, Pipe, Pipe) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["PGDATABASE"] = database
        env.merge(extra) { $1 }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        return (process, out, err)
    }

    static func finish(_ started: (Process, Pipe, Pipe)) -> Result {
        let (process, out, err) = started
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                      stderr: String(decoding: stderr, as: UTF8.self))
    }

    static func run(_ arguments: [String], database: String, environment: [String: String] = [:]) throws -> Result {
        finish(try start(arguments, database: database, environment: environment))
    }
}
