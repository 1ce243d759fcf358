import Foundation

/// The program's time zone: the month of a run, its as-of instant and the 30 calendar days
/// of the maturity rule are counted in it.
public enum ProgramTimeZone {
    /// The default, where the company books (overridden by `--time-zone` / `PAYOUTS_TIME_ZONE`).
    public static let defaultIdentifier = "Europe/Zurich"
}

extension RunMonth {
    /// The as-of rule, its only home: a run is as of 00:00 of its month's first day in the
    /// program's time zone. `create_run` records this instant; nothing recomputes it.
    /// Nil only if the calendar cannot represent the date.
    public func asOf(in timeZone: TimeZone) -> Date? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar.date(from: DateComponents(year: year, month: month, day: 1))
    }
}
