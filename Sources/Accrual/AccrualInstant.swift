import Foundation

/// The `--until` instant of an accrual: a day (`2026-12-01`, 00:00 in the program's time
/// zone, like `--as-of`) or an ISO 8601 timestamp with an explicit offset
/// (`2026-11-30T18:00:00+01:00`, `2026-11-30T17:00:00Z`).
public enum AccrualInstant {
    public struct ParseError: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    public static func parse(_ text: String, timeZone: TimeZone) throws -> Date {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.wholeMatch(of: /[0-9]{4}-[0-9]{2}-[0-9]{2}/) != nil {
            let parts = trimmed.split(separator: "-").compactMap { Int($0) }
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = timeZone
            let components = DateComponents(year: parts[0], month: parts[1], day: parts[2])
            guard parts.count == 3, components.isValidDate(in: calendar), let date = calendar.date(from: components) else {
                throw ParseError(description: "--until \(text): no such day")
            }
            return date
        }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        if let date = formatter.date(from: trimmed) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: trimmed) { return date }
        throw ParseError(description: "--until \(text): expected a day (YYYY-MM-DD) or an ISO 8601 timestamp with an offset (2026-11-30T18:00:00+01:00)")
    }
}
