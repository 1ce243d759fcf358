import Foundation

/// What a finished child process left: its exit status and everything it wrote.
public struct ProcessResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
    /// Standard output and standard error, in that order (for messages of failed checks).
    public var output: String { stdout + stderr }
}

/// A child process whose standard output and standard error are read concurrently from the
/// moment it starts, so that a chatty child can never block on a full pipe while the test
/// waits for it (or reads the other pipe first).
///
/// ```swift
/// let result = try ChildProcess.run("/usr/bin/env", ["xmllint", "--noout", file])
/// let started = try ChildProcess(payoutsPath, ["run"], environment: env)   // runs on
/// let result = started.finish()                                            // waits
/// ```
public final class ChildProcess: @unchecked Sendable {  // the readers write once, before `group` is left
    public let process = Process()
    private let group = DispatchGroup()
    private var stdoutData = Data()
    private var stderrData = Data()

    /// Starts `executable` with `arguments`; `environment` replaces the inherited one when
    /// given; `stdin` is written and closed (nothing when nil).
    public init(_ executable: String, _ arguments: [String], environment: [String: String]? = nil, stdin: Data? = nil) throws {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        read(out) { self.stdoutData = $0 }
        read(err) { self.stderrData = $0 }
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()
    }

    private func read(_ pipe: Pipe, into store: @escaping @Sendable (Data) -> Void) {
        group.enter()
        DispatchQueue.global().async {
            store(pipe.fileHandleForReading.readDataToEndOfFile())
            self.group.leave()
        }
    }

    /// Waits for both pipes to close and the process to exit.
    public func finish() -> ProcessResult {
        group.wait()
        process.waitUntilExit()
        return ProcessResult(status: process.terminationStatus,
                             stdout: String(decoding: stdoutData, as: UTF8.self),
                             stderr: String(decoding: stderrData, as: UTF8.self))
    }

    /// Starts and finishes a process.
    public static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                           stdin: Data? = nil) throws -> ProcessResult {
        try ChildProcess(executable, arguments, environment: environment, stdin: stdin).finish()
    }
}
