import Dispatch
import Foundation
import Postgres
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// SIGTERM and SIGINT during `run` or `export`: the running statement is cancelled at once
/// (libpq's cancel), so the transaction rolls back and the run lock goes with the connection,
/// instead of the server finishing a long statement for a job that is stopping. Said on
/// standard error. If nothing is running on the server (files being written), the process
/// stops two seconds later anyway; a second signal stops it at once. A committed run whose
/// files were interrupted is finished by the next `run` or `export`.
///
/// ```swift
/// JobSignals.shared.install()                       // once, in the command line
/// JobSignals.shared.watch(try conn.statementCanceller())
/// ```
public final class JobSignals: @unchecked Sendable {  // mutable state guarded by `lock`
    public static let shared = JobSignals()

    private let lock = NSLock()
    private var canceller: StatementCanceller?
    private var sources: [any DispatchSourceSignal] = []
    private var receivedSignal: Int32?

    /// The signal that stopped the job, if any (its exit status is 128 + the number).
    public var received: Int32? {
        lock.lock()
        defer { lock.unlock() }
        return receivedSignal
    }

    /// Handles SIGTERM and SIGINT from now on (the command line calls it once).
    public func install() {
        lock.lock()
        defer { lock.unlock() }
        guard sources.isEmpty else { return }
        for number in [SIGTERM, SIGINT] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [self] in handle(number) }
            source.resume()
            sources.append(source)
        }
    }

    func watch(_ canceller: StatementCanceller) {
        lock.lock()
        defer { lock.unlock() }
        self.canceller = canceller
    }

    func unwatch() {
        lock.lock()
        defer { lock.unlock() }
        canceller = nil
    }

    private func handle(_ number: Int32) {
        lock.lock()
        let again = receivedSignal != nil
        receivedSignal = receivedSignal ?? number
        let canceller = self.canceller
        lock.unlock()
        let name = number == SIGINT ? "SIGINT" : "SIGTERM"
        if again { exit(128 + number) }
        // Said before cancelling: the main thread may end the process as soon as the cancel lands.
        let what = canceller == nil ? "stopping" : "cancelling the running statement"
        FileHandle.standardError.write(Data("payouts: \(name) received: \(what); an uncommitted run rolls back and the run lock is released now (a committed run's files are finished by the next run or export)\n".utf8))
        canceller?.cancel()
        DispatchQueue.global().asyncAfter(deadline: .now() + 2) { exit(128 + number) }
    }
}
