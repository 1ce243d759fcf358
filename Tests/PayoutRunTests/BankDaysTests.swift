import Foundation
import PayoutRun
import Postgres
import Testing

/// Item 4: execution dates on bank business days, from the `bank_holidays` table.
@Suite struct BankDaysTests {
    /// Easter Sundays 2026-2030 as published in the Gregorian Easter tables (not computed by
    /// the code under test).
    static let easter = ["2026-04-05", "2027-03-28", "2028-04-16", "2029-04-01", "2030-04-21"]

    static func day(_ text: String, plus days: Int) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let formatter = DateFormatter()
        formatter.calendar = calendar
        formatter.timeZone = calendar.timeZone
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: calendar.date(byAdding: .day, value: days, to: formatter.date(from: text)!)!)
    }

    /// The seeded calendars: SIC (CHF) and TARGET2 (EUR) closing days, Easter-dependent ones
    /// included, for every year 2026-2030.
    @Test func theSeededCalendarsAreTheClearingSystemsClosingDays() throws {
        let s = try Scenario()
        var chf = Set<String>(), eur = Set<String>()
        for (index, easter) in Self.easter.enumerated() {
            let year = 2026 + index
            let goodFriday = Self.day(easter, plus: -2), easterMonday = Self.day(easter, plus: 1)
            eur.formUnion(["\(year)-01-01", goodFriday, easterMonday, "\(year)-05-01", "\(year)-12-25", "\(year)-12-26"])
            chf.formUnion(["\(year)-01-01", "\(year)-01-02", goodFriday, easterMonday, "\(year)-05-01",
                           Self.day(easter, plus: 39), Self.day(easter, plus: 50), "\(year)-08-01", "\(year)-12-25", "\(year)-12-26"])
        }
        func seeded(_ currency: String) throws -> Set<String> {
            Set(try s.conn.query("select day::text from bank_holidays where currency = \(currency)").map { try $0.decode(String.self, at: 0) })
        }
        #expect(try seeded("CHF") == chf)
        #expect(try seeded("EUR") == eur)
    }

    @Test func theNextBankBusinessDay() throws {
        let s = try Scenario()
        let cases: [(String, String, String)] = [
            ("CHF", "2026-11-01", "2026-11-02"),  // a Sunday
            ("CHF", "2027-01-01", "2027-01-04"),  // New Year (Friday), then a weekend
            ("EUR", "2027-01-01", "2027-01-04"),
            ("CHF", "2026-12-24", "2026-12-24"),  // an ordinary Thursday
            ("CHF", "2026-12-25", "2026-12-28"),  // Christmas (Friday), weekend
            ("CHF", "2030-04-19", "2030-04-23"),  // Good Friday, weekend, Easter Monday
            ("CHF", "2027-05-06", "2027-05-07"),  // Ascension: SIC closed
            ("EUR", "2027-05-06", "2027-05-06"),  // TARGET2 open
            ("CHF", "2028-01-02", "2028-01-03"),  // Berchtold's Day on a Sunday
        ]
        for (currency, day, expected) in cases {
            let next = try s.conn.queryValue("select next_bank_business_day(\(currency), \(day)::date)::text", as: String.self)
            #expect(next == expected, "\(currency) \(day)")
        }
    }

    /// Each currency's pain.001 carries its own next business day on or after
    /// `--execution-date`; export re-creates the same bytes after the calendar changed.
    @Test func executionDateIsStoredPerCurrencyAndExportStaysByteIdentical() throws {
        let s = try Scenario()
        try s.affiliate(1)
        try s.affiliate(2, currency: "EUR", iban: Scenario.deIBAN, country: "DE")
        try s.commission(1, affiliate: 1, amount: "60", orderedAt: "2026-10-01 12:00:00+02")
        try s.commission(2, affiliate: 2, amount: "60", currency: "EUR", orderedAt: "2026-10-01 12:00:00+02")
        try s.run("2026-12-01", executionDate: "2027-05-06")
        let folder = s.out.appendingPathComponent("2026-12")
        func requested(_ file: String) throws -> String? {
            let xml = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            return xml.firstMatch(of: #/<ReqdExctnDt>\s*<Dt>([0-9-]+)</Dt>/#).map { String($0.1) }
        }
        #expect(try requested("iban-CHF.xml") == "2027-05-07")
        #expect(try requested("iban-EUR.xml") == "2027-05-06")
        let before = try Data(contentsOf: folder.appendingPathComponent("iban-CHF.xml"))
        try FileManager.default.removeItem(at: folder.appendingPathComponent("iban-CHF.xml"))
        try FileManager.default.removeItem(at: folder.appendingPathComponent("manifest.json"))
        try s.conn.execute("delete from bank_holidays")
        _ = try s.job().export(month: try .parseAsOf("2026-12-01"))
        #expect(try Data(contentsOf: folder.appendingPathComponent("iban-CHF.xml")) == before)
    }

    /// Without `--execution-date` the file never asks for a weekend or a holiday.
    @Test func theDefaultExecutionDateIsABankBusinessDay() throws {
        let s = try Scenario()
        try s.affiliate(1)
        try s.commission(1, affiliate: 1, amount: "60", orderedAt: "2026-10-01 12:00:00+02")
        try s.run("2026-12-01")
        let xml = try String(contentsOf: s.out.appendingPathComponent("2026-12/iban-CHF.xml"), encoding: .utf8)
        let date = try #require(xml.firstMatch(of: #/<ReqdExctnDt>\s*<Dt>([0-9-]+)</Dt>/#)).1
        let check = try s.conn.queryValue("""
            select extract(isodow from \(String(date))::date) < 6
               and not exists (select 1 from bank_holidays where currency = 'CHF' and day = \(String(date))::date)
               and \(String(date))::date >= (select created_at::date from payout_runs)
            """, as: Bool.self)
        #expect(check, "\(date)")
    }

    @Test func aBadExecutionDateIsAUsageError() throws {
        let s = try Scenario()
        for bad in ["2027-02-30", "tomorrow", "2020-01-06"] {
            let result = try PayoutsBinary.run(["run", "--execution-date", bad, "--as-of", "2026-11-01", "--out", s.out.path],
                                               database: s.db.name)
            #expect(result.status == 2, "\(bad): \(result.output)")
            #expect(result.stderr.contains("--execution-date"), "\(result.stderr)")
        }
        #expect(try s.conn.queryValue("select count(*)::int from payout_runs", as: Int.self) == 0)
    }
}
