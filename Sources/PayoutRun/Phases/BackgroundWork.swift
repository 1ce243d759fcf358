import Dispatch
import Foundation

/// Work on a thread of its own (with its own database connection), its result or error
/// collected by `join`: the export lanes and the run's payee checks. `result` is written once,
/// before `done` is signalled.
final class BackgroundWork<Value: Sendable>: @unchecked Sendable {
    private var result: Result<Value, any Error> = .failure(CancellationError())
    private let done = DispatchSemaphore(value: 0)

    init(name: String, _ body: @escaping @Sendable () throws -> Value) {
        let thread = Thread { [self] in
            result = Result { try body() }
            done.signal()
        }
        thread.name = name
        thread.start()
    }

    /// Waits for the work to end and returns what it returned or threw (again on every call).
    func join() -> Result<Value, any Error> {
        done.wait()
        done.signal()
        return result
    }
}
