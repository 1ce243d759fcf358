import Foundation
import PayoutCore
import PayoutSQL
import Postgres

/// Which month a run is for, and whether it may run now: a real run refuses an as-of in the
/// future (its commissions are not matured yet) and a month before the latest committed one.
struct RunAdmission {
    let month: RunMonth
    let timeZone: String
    let now: Date

    init(timeZone: String, requested: RunMonth?, now: Date) throws {
        if let problem = ProgramTimeZone.problem(timeZone) { throw JobError.usage(problem) }
        guard let zone = TimeZone(identifier: timeZone) else {
            throw JobError.usage("unknown time zone \(timeZone)")
        }
        self.month = requested ?? RunMonth.current(now: now, timeZone: zone)
        self.timeZone = timeZone
        self.now = now
    }

    /// The run's as-of instant (`RunMonth.asOf`), as a usage error when it cannot be formed.
    static func asOf(_ month: RunMonth, timeZone: String) throws -> Date {
        guard let zone = TimeZone(identifier: timeZone), let instant = month.asOf(in: zone) else {
            throw JobError.usage("invalid as-of \(month.firstDay)")
        }
        return instant
    }

    /// `--execution-date`: a real date, not before today in the program's time zone (a bank
    /// refuses a requested date in the past); a preview may use any date.
    func checkExecutionDate(_ text: String, dryRun: Bool) throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: timeZone) ?? calendar.timeZone
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              let date = calendar.date(from: DateComponents(year: year, month: month, day: day)),
              calendar.component(.day, from: date) == day, calendar.component(.month, from: date) == month else {
            throw JobError.usage("--execution-date \(text) is not a date (YYYY-MM-DD)")
        }
        if !dryRun, date < calendar.startOfDay(for: now) {
            throw JobError.usage("--execution-date \(text) is in the past: a bank refuses it")
        }
    }

    func check(_ conn: Connection, dryRun: Bool) throws {
        if !dryRun, try Self.asOf(month, timeZone: timeZone) > now {
            throw JobError.usage("as-of \(month.firstDay) 00:00 \(timeZone) is in the future: commissions are not matured yet; only a --dry-run may look ahead")
        }
        if let latest = try conn.queryOne(RunStatements.latestCommittedRun(), as: RunMonthRecord.self), latest.month > month {
            throw JobError.usage("as-of \(month.firstDay) is earlier than the latest committed run (\(latest.month)): refused")
        }
    }
}
