import Foundation
import Testing
@testable import PayoutCore

@Suite struct RunMonthTests {
    @Test func textForms() {
        let december = RunMonth(year: 2026, month: 12)
        #expect(december.description == "2026-12")
        #expect(december.compact == "202612")
        #expect(december.firstDay == "2026-12-01")
        let march = RunMonth(year: 2027, month: 3)
        #expect(march.description == "2027-03")
        #expect(march.compact == "202703")
        #expect(march.firstDay == "2027-03-01")
        #expect(RunMonth(year: 987, month: 1).description == "0987-01")
        #expect("\(RunMonth(year: 2026, month: 1))" == "2026-01")
    }

    @Test(arguments: [
        ("2026-12-01", 2026, 12), ("2026-12", 2026, 12), ("2027-01-01", 2027, 1),
        ("2026-02", 2026, 2), ("0001-01-01", 1, 1), ("9999-12", 9999, 12),
    ])
    func parsesAsOf(input: String, year: Int, month: Int) throws {
        #expect(try RunMonth.parseAsOf(input) == RunMonth(year: year, month: month))
    }

    @Test(arguments: ["2026-12-02", "2026-12-15", "2026-12-31", "2026-02-30", "2026-12-00", "2026-12-99"])
    func requiresTheFirstDay(input: String) {
        #expect(throws: RunMonthError.notFirstDayOfMonth(input)) { try RunMonth.parseAsOf(input) }
        do {
            _ = try RunMonth.parseAsOf(input)
        } catch {
            #expect(error.description.contains("--as-of must be the first day of a month, e.g. 2026-12-01"))
        }
    }

    @Test(arguments: [
        "", "2026", "2026-1", "2026-1-01", "26-12-01", "2026-13-01", "2026-00-01", "2026-13",
        "0000-12-01", "2026/12/01", "20261201", "2026-12-01T00:00:00Z", " 2026-12-01", "2026-12-01 ",
        "2026-12-1", "+2026-12", "２０２６-12-01", "2026-12-", "12-2026", "2026-12-01\n",
    ])
    func rejectsOtherFormats(input: String) {
        #expect(throws: RunMonthError.invalidFormat(input)) { try RunMonth.parseAsOf(input) }
    }

    @Test func errorMessagesExplain() {
        #expect(RunMonthError.invalidFormat("x").description.contains("2026-12-01"))
        #expect(RunMonthError.notFirstDayOfMonth("2026-12-15").description
            == "--as-of must be the first day of a month, e.g. 2026-12-01; got \"2026-12-15\"")
    }

    /// Builds a UTC instant from components with a calendar of its own.
    func utc(_ y: Int, _ mo: Int, _ d: Int, _ h: Int, _ mi: Int) throws -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: "UTC"))
        return try #require(calendar.date(from: DateComponents(year: y, month: mo, day: d, hour: h, minute: mi)))
    }

    @Test func currentUsesTheGivenZone() throws {
        let zurich = try #require(TimeZone(identifier: "Europe/Zurich"))
        let utcZone = try #require(TimeZone(identifier: "UTC"))
        // 2026-11-30T23:30:00Z is 2026-12-01 00:30 in Zurich (CET, +1).
        let instant = try utc(2026, 11, 30, 23, 30)
        #expect(instant == Date(timeIntervalSince1970: 1_796_081_400))
        #expect(RunMonth.current(now: instant, timeZone: zurich) == RunMonth(year: 2026, month: 12))
        #expect(RunMonth.current(now: instant, timeZone: utcZone) == RunMonth(year: 2026, month: 11))
        // One second before midnight in Zurich is still November.
        let beforeMidnight = try utc(2026, 11, 30, 22, 59).addingTimeInterval(59)
        #expect(RunMonth.current(now: beforeMidnight, timeZone: zurich) == RunMonth(year: 2026, month: 11))
        #expect(RunMonth.current(now: beforeMidnight.addingTimeInterval(1), timeZone: zurich) == RunMonth(year: 2026, month: 12))
    }

    @Test func currentInSummerTimeAndAcrossTheYear() throws {
        let zurich = try #require(TimeZone(identifier: "Europe/Zurich"))
        // CEST, +2: 2026-06-30T22:30Z is already July 1st in Zurich.
        #expect(RunMonth.current(now: try utc(2026, 6, 30, 22, 30), timeZone: zurich) == RunMonth(year: 2026, month: 7))
        #expect(RunMonth.current(now: try utc(2026, 6, 30, 21, 30), timeZone: zurich) == RunMonth(year: 2026, month: 6))
        #expect(RunMonth.current(now: try utc(2026, 12, 31, 23, 30), timeZone: zurich) == RunMonth(year: 2027, month: 1))
        // A run on the 3rd pays the month that started on the 1st.
        #expect(RunMonth.current(now: try utc(2026, 12, 3, 9, 0), timeZone: zurich) == RunMonth(year: 2026, month: 12))
        // Zones west of UTC lag behind.
        let newYork = try #require(TimeZone(identifier: "America/New_York"))
        #expect(RunMonth.current(now: try utc(2027, 1, 1, 3, 0), timeZone: newYork) == RunMonth(year: 2026, month: 12))
    }

    @Test func previousAndNextWrapYears() {
        #expect(RunMonth(year: 2026, month: 12).next() == RunMonth(year: 2027, month: 1))
        #expect(RunMonth(year: 2027, month: 1).previous() == RunMonth(year: 2026, month: 12))
        #expect(RunMonth(year: 2026, month: 5).next() == RunMonth(year: 2026, month: 6))
        #expect(RunMonth(year: 2026, month: 5).previous() == RunMonth(year: 2026, month: 4))
        var month = RunMonth(year: 2025, month: 1)
        for _ in 0..<24 { month = month.next() }
        #expect(month == RunMonth(year: 2027, month: 1))
        for _ in 0..<24 { month = month.previous() }
        #expect(month == RunMonth(year: 2025, month: 1))
    }

    @Test func ordering() {
        let months = [
            RunMonth(year: 2027, month: 1), RunMonth(year: 2026, month: 12),
            RunMonth(year: 2026, month: 2), RunMonth(year: 2025, month: 12),
        ]
        #expect(months.sorted().map(\.description) == ["2025-12", "2026-02", "2026-12", "2027-01"])
        #expect(RunMonth(year: 2026, month: 12) < RunMonth(year: 2027, month: 1))
        #expect(!(RunMonth(year: 2026, month: 12) < RunMonth(year: 2026, month: 12)))
        // String order of `compact` agrees with value order.
        #expect(months.sorted().map(\.compact) == months.map(\.compact).sorted())
    }

    @Test func hashable() {
        #expect(Set([RunMonth(year: 2026, month: 12), RunMonth(year: 2026, month: 12), RunMonth(year: 2026, month: 11)]).count == 2)
    }
}
