import Foundation

/// Why an `--as-of` value was rejected.
public enum RunMonthError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Not `YYYY-MM-DD` or `YYYY-MM`, or month/year out of range.
    case invalidFormat(String)
    /// A full date whose day is not 01.
    case notFirstDayOfMonth(String)

    public var description: String {
        switch self {
        case let .invalidFormat(input):
            return "--as-of must be a date YYYY-MM-DD on the first day of a month (e.g. 2026-12-01) or a month YYYY-MM; got \"\(input)\""
        case let .notFirstDayOfMonth(input):
            return "--as-of must be the first day of a month, e.g. 2026-12-01; got \"\(input)\""
        }
    }
}

/// The calendar month a payout run is for; a run is identified by its month.
///
/// ```swift
/// let month = try RunMonth.parseAsOf("2026-12-01")
/// month.description   // "2026-12"
/// month.compact       // "202612"
/// month.firstDay      // "2026-12-01"
/// month.next()        // 2027-01
/// ```
public struct RunMonth: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// 1...9999, so every form has exactly four year digits.
    public let year: Int
    /// 1...12.
    public let month: Int

    /// For values known to be valid; use `parseAsOf` for user input.
    /// - Precondition: `year` in 1...9999, `month` in 1...12.
    public init(year: Int, month: Int) {
        precondition((1...9999).contains(year), "RunMonth year out of range: \(year)")
        precondition((1...12).contains(month), "RunMonth month out of range: \(month)")
        self.year = year
        self.month = month
    }

    /// "2026-12".
    public var description: String { "\(Self.padded(year, 4))-\(Self.padded(month, 2))" }

    /// "202612", for identifiers.
    public var compact: String { "\(Self.padded(year, 4))\(Self.padded(month, 2))" }

    /// "2026-12-01", the date that identifies the run.
    public var firstDay: String { "\(description)-01" }

    /// The month before; wraps into the previous year.
    /// - Precondition: not 0001-01.
    public func previous() -> RunMonth {
        month == 1 ? RunMonth(year: year - 1, month: 12) : RunMonth(year: year, month: month - 1)
    }

    /// The month after; wraps into the next year.
    /// - Precondition: not 9999-12.
    public func next() -> RunMonth {
        month == 12 ? RunMonth(year: year + 1, month: 1) : RunMonth(year: year, month: month + 1)
    }

    public static func < (lhs: RunMonth, rhs: RunMonth) -> Bool {
        (lhs.year, lhs.month) < (rhs.year, rhs.month)
    }

    /// Parses the `--as-of` option: exactly `YYYY-MM-01` or `YYYY-MM`. Any other day is
    /// rejected rather than rounded to its month, so a mistyped date cannot silently pick
    /// a run.
    public static func parseAsOf(_ s: String) throws(RunMonthError) -> RunMonth {
        let bytes = Array(s.utf8)
        let isDigit: (UInt8) -> Bool = { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        let dash = UInt8(ascii: "-")
        let shapeOK: Bool
        switch bytes.count {
        case 7:
            shapeOK = bytes[4] == dash && bytes.enumerated().allSatisfy { $0.offset == 4 || isDigit($0.element) }
        case 10:
            shapeOK = bytes[4] == dash && bytes[7] == dash
                && bytes.enumerated().allSatisfy { $0.offset == 4 || $0.offset == 7 || isDigit($0.element) }
        default:
            shapeOK = false
        }
        guard shapeOK else { throw .invalidFormat(s) }

        let number: (Range<Int>) -> Int = { range in
            range.reduce(0) { $0 * 10 + Int(bytes[$1] - UInt8(ascii: "0")) }
        }
        let year = number(0..<4)
        let month = number(5..<7)
        guard (1...9999).contains(year), (1...12).contains(month) else {
            throw .invalidFormat(s)
        }
        if bytes.count == 10, number(8..<10) != 1 {
            throw .notFirstDayOfMonth(s)
        }
        return RunMonth(year: year, month: month)
    }

    /// The month containing `now` in `timeZone` (the company's zone, not the server's):
    /// a job started on the 3rd pays for the month that began on the 1st, and just after
    /// midnight on the 1st in Zurich it is already the new month even though UTC is not.
    public static func current(now: Date, timeZone: TimeZone) -> RunMonth {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month], from: now)
        // The Gregorian calendar always yields both components.
        return RunMonth(year: parts.year!, month: parts.month!)
    }

    private static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
