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

extension ProgramTimeZone {
    /// Whether `name` is written as an IANA region name ("Europe/Zurich", "America/New_York",
    /// "UTC"), the only form Foundation and PostgreSQL read the same way. POSIX-style names
    /// such as "GMT+5" or "UTC-3" are refused: Foundation reads "GMT+5" as UTC+5, PostgreSQL
    /// (POSIX sign) as UTC−5, so the as-of instant and the 30 days would disagree. The job
    /// also requires PostgreSQL to know the name, with the same UTC offset.
    public static func isRegionName(_ name: String) -> Bool {
        if name == "UTC" { return true }
        let parts = name.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count >= 2, let area = parts.first, area.first?.isUppercase == true else { return false }
        return parts.allSatisfy { part in
            !part.isEmpty && part.unicodeScalars.allSatisfy { scalar in
                scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || "_-+".unicodeScalars.contains(scalar))
            }
        }
    }

    /// Why `name` cannot be the program's time zone, or nil when it can (Foundation side; the
    /// job checks PostgreSQL's reading too).
    public static func problem(_ name: String) -> String? {
        guard isRegionName(name), TimeZone(identifier: name) != nil else {
            return "time zone \(name) is not an IANA region name such as Europe/Zurich or America/New_York "
                + "(names like GMT+5 are read with opposite signs by different systems): refused"
        }
        return nil
    }
}
