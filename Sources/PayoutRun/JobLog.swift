import Foundation

/// The job's log: one line per phase on standard error, with counts and durations, quiet
/// enough for cron mail. A progress indication is only shown when stderr is a terminal.
public final class JobLog: @unchecked Sendable {
    // @unchecked: used from the one task that runs the command; the lock only guards the
    // rare write from a test that shares a log.
    private let lock = NSLock()
    private let write: @Sendable (String) -> Void
    public let isTerminal: Bool

    public init(write: @escaping @Sendable (String) -> Void = JobLog.standardError, isTerminal: Bool = isatty(STDERR_FILENO) == 1) {
        self.write = write
        self.isTerminal = isTerminal
    }

    public static let standardError: @Sendable (String) -> Void = { line in
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    public func info(_ message: String) {
        lock.withLock { write("payouts: \(message)") }
    }

    public func warning(_ message: String) {
        lock.withLock { write("payouts: warning: \(message)") }
    }

    /// Runs one phase and logs its name, what it reports and how long it took.
    @discardableResult
    public func phase<T>(_ name: String, _ body: () throws -> T, summary: (T) -> String) rethrows -> T {
        if isTerminal { FileHandle.standardError.write(Data("payouts: \(name)…\r".utf8)) }
        let start = ContinuousClock.now
        let result = try body()
        let elapsed = ContinuousClock.now - start
        info("\(name): \(summary(result)) (\(Self.format(elapsed)))")
        return result
    }

    static func format(_ duration: Duration) -> String {
        let ms = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        return ms < 1000 ? "\(ms) ms" : "\(ms / 1000).\(String(format: "%03d", Int(ms % 1000))) s"
    }
}
