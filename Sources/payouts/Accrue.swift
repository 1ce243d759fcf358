import Accrual
import ArgumentParser
import Foundation
import PayoutCore
import PayoutRun

struct Accrue: JobCommand {
    static let configuration = CommandConfiguration(
        abstract: "Decide every order placed up to an instant: a commission or the reason why none.",
        discussion: """
            Each order is decided once and for ever (see `payouts explain`). Safe to repeat: \
            decided orders are skipped. Takes the same lock as `run`: exit 75 when it is taken.
            """)

    @Option(help: ArgumentHelp("Decide orders placed up to this instant: a day (00:00 in the program's time zone) or an ISO 8601 timestamp with offset. Default: now.", valueName: "YYYY-MM-DD|timestamp"))
    var until: String?

    @OptionGroup var session: SessionOptions

    func validate() throws { _ = try untilInstant() }

    private func untilInstant() throws -> Date? {
        guard let until else { return nil }
        if let problem = ProgramTimeZone.problem(session.timeZone) { throw ValidationError(problem) }
        guard let zone = TimeZone(identifier: session.timeZone) else {
            throw ValidationError("unknown time zone \(session.timeZone)")
        }
        do {
            return try AccrualInstant.parse(until, timeZone: zone)
        } catch {
            throw ValidationError("\(error)")
        }
    }

    func execute() throws -> ExitStatus {
        let now = Date()
        let job = session.accrualJob()
        let outcome = try job.accrue(until: try untilInstant() ?? now, now: now)
        print("accrued: \(outcome.orders) orders decided, \(outcome.commissions) commissions, \(outcome.orders - outcome.commissions) unaccounted")
        return .done
    }
}
