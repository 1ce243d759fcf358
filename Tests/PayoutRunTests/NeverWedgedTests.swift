import Foundation
import PayoutCore
import PayoutFiles
import PayoutRun
import PayoutSQL
import Postgres
import Testing
import TestSupport

/// Issue 13: legal inputs and odd settings never leave a committed run that cannot be written,
/// and nothing blocks later months for good.
@Suite struct NeverWedgedTests {
    /// The first wedge: an inverse rate made the informational converted amount 39
    /// digits long, beyond Decimal; it is now derived at export at the statement's 6 decimals
    /// (stored so by runs between migrations 0008 and 0011).
    @Test func anInverseRateWithEndlessDecimalsIsPaidAndExported() throws {
        let s = try Scenario()
        try s.rate("EUR", "CHF", "0.9312", validFrom: "2026-10-01 00:00:00+02")
        try s.affiliate(4711, currency: "EUR", iban: Scenario.deIBAN, name: "Anna", town: "Berlin", country: "DE")
        try s.commission(1, affiliate: 4711, amount: "34000.00", currency: "CHF", orderedAt: "2026-09-15 12:00:00+02")
        let outcome = try s.run("2026-11-01")
        #expect(outcome.paid == 1)
        #expect(outcome.exitStatus == .done)
        #expect(try s.entry(4711, month: "2026-11")?.amount == "36512.03")
        #expect(try s.conn.queryValue("select count(*) from payout_items where converted_amount is not null", as: Int.self) == 0)
        #expect(try s.conn.queryValue("select count(*) from payout_runs where exported_at is null", as: Int.self) == 0)
        let statement = try String(contentsOf: s.out.appendingPathComponent("2026-11/statement.csv"), encoding: .utf8)
        #expect(statement.contains("36512.027491"))
        let problems = try BankFileOracles.problems(pain001: s.out.appendingPathComponent("2026-11/iban-EUR.xml").path)
        #expect(problems.isEmpty, "\(problems)")
    }

    /// The second wedge: payouts whose bank file's control sum has more than 18 digits.
    /// The largest are held (`amount_out_of_range`), the rest paid, the run exported.
    @Test func payoutsBeyondEighteenDigitsAreHeldAndTheRunExported() throws {
        let s = try Scenario()
        try s.conn.executeScript("""
            insert into affiliates (id, name, account_currency, payout_method, iban, town, country)
            select g, 'Big ' || g, 'CHF', 'iban', 'CH9300762011623852957', 'Zürich', 'CH' from generate_series(1, 201) g;
            insert into commissions (id, affiliate_id, order_ref, product, amount, currency, ordered_at)
            select g, g, 'ORD-' || g, 'ksuite', 99999999999999.9999, 'CHF', '2026-09-15 12:00+02' from generate_series(1, 200) g;
            insert into commissions (id, affiliate_id, order_ref, product, amount, currency, ordered_at)
            select 1000 + g, 201, 'ORD-X' || g, 'ksuite', 99999999999999.9999, 'CHF', '2026-09-15 12:00+02' from generate_series(1, 200) g;
            """)
        let outcome = try s.run("2026-11-01")
        // 99 payouts of 100,000,000,000,000.00 keep the control sum below 10^16 (18 digits with
        // the 2 decimals); the 100th would reach it. Affiliate 201 alone is beyond 18 digits.
        #expect(outcome.paid == 99)
        #expect(outcome.held == 102)
        #expect(outcome.exitStatus == .needsAttention)
        for id in [Int64(100), 200, 201] {
            #expect(try s.entry(id, month: "2026-11")?.reasons == ["amount_out_of_range"], "affiliate \(id)")
        }
        #expect(try s.entry(99, month: "2026-11")?.status == "paid")
        #expect(try s.paidCommissions().count == 99, "no commission of a held payout is settled")
        #expect(try s.conn.queryValue("select count(*) from payout_runs where exported_at is null", as: Int.self) == 0)
        let report = try s.json("2026-11", "report.json")
        #expect(report["needs_attention"] as? Int == 102)
        let problems = try BankFileOracles.problems(pain001: s.out.appendingPathComponent("2026-11/iban-CHF.xml").path)
        #expect(problems.isEmpty, "\(problems)")
    }

    @Test func theLimitInSQLIsPayoutLimits() throws {
        let s = try Scenario()
        for minorUnits in 0...4 {
            let limit = "1" + String(repeating: "0", count: 18 - minorUnits)
            let justBelow = minorUnits == 0 ? String(repeating: "9", count: 18)
                : String(repeating: "9", count: 18 - minorUnits) + "." + String(repeating: "9", count: minorUnits)
            for text in ["0", "1", justBelow, limit, "-" + justBelow, "-" + limit] {
                let sql = try s.conn.queryValue("select payout_amount_in_range(\(text)::numeric, \(minorUnits))", as: Bool.self)
                let swift = PayoutLimits.amountInRange(Decimal(string: text)!, minorUnits: minorUnits)
                #expect(sql == swift, "\(text) with \(minorUnits) decimals: SQL \(sql), Swift \(swift)")
                #expect(swift == !text.hasSuffix(limit), "\(text)")
            }
        }
        let scale = try s.conn.queryValue("select scale(informational_amount(1.123456789012345678901234567890))", as: Int.self)
        #expect(scale == StatementCSV.convertedDecimals, "payout_items stores what the statement shows")
    }

    @Test func anExchangeRateNoRunCouldCarryIsRefusedAtTheDoor() throws {
        let s = try Scenario()
        #expect(throws: PostgresError.self) { try s.rate("EUR", "CHF", "10000000000000", validFrom: "2026-10-01") }
        #expect(throws: PostgresError.self) { try s.rate("EUR", "CHF", "0.0000000000001", validFrom: "2026-10-01") }
        #expect(throws: PostgresError.self) { try s.rate("EUR", "CHF", "0.9312000000000000001", validFrom: "2026-10-01") }
        try s.rate("EUR", "CHF", "0.931200000000000001", validFrom: "2026-10-01")
    }

    /// A committed run whose files cannot be written no longer blocks later months: they run,
    /// and the exit status (4) and message say which export to run.
    @Test func aCommittedRunThatCannotBeExportedDoesNotBlockLaterMonths() throws {
        let s = try Scenario()
        for (id, ordered) in [(Int64(1), "2026-07-15"), (2, "2026-08-15"), (3, "2026-09-15")] {
            try s.affiliate(id)
            try s.commission(id, affiliate: id, amount: "60", orderedAt: ordered + " 12:00:00+02")
        }
        try s.run("2026-09-01")
        // The September files are lost and their folder cannot be made again.
        let september = s.out.appendingPathComponent("2026-09")
        try FileManager.default.removeItem(at: september)
        try Data("not a folder".utf8).write(to: september)
        try s.conn.execute("update payout_runs set exported_at = null")
        let october = try s.run("2026-10-01")
        #expect(october.paid == 1)
        #expect(october.exitStatus == .committedFilesMissing)
        #expect(october.earlierRunsMissingFiles.first?.contains("payouts export --as-of 2026-09-01") == true)
        #expect(FileManager.default.fileExists(atPath: s.out.appendingPathComponent("2026-10/manifest.json").path))

        let november = try PayoutsBinary.run(["run", "--as-of", "2026-11-01", "--out", s.out.path], database: s.db.name)
        #expect(november.status == 4, "\(november.stderr)")
        #expect(november.stderr.contains("payouts export --as-of 2026-09-01"))
        #expect(november.stderr.contains("runbook"))
        #expect(try s.conn.queryValue("select count(*) from payout_runs where month = '2026-11' and exported_at is not null", as: Int.self) == 1)

        // The way out: fix the cause, export.
        try FileManager.default.removeItem(at: september)
        let export = try PayoutsBinary.run(["export", "--as-of", "2026-09-01", "--out", s.out.path], database: s.db.name)
        #expect(export.status == 0, "\(export.stderr)")
        #expect(try s.conn.queryValue("select count(*) from payout_runs where exported_at is null", as: Int.self) == 0)
    }

    @Test func aRunFolderThatCannotBeWrittenIsRefusedBeforeTheCommit() throws {
        let s = try Scenario()
        try s.affiliate(1)
        try s.commission(1, affiliate: 1, amount: "60", orderedAt: "2026-09-01 12:00:00+02")
        try FileManager.default.createDirectory(at: s.out, withIntermediateDirectories: true)
        let folder = s.out.appendingPathComponent("2026-11")

        // A file where the folder should be.
        try Data("x".utf8).write(to: folder)
        var result = try PayoutsBinary.run(["run", "--as-of", "2026-11-01", "--out", s.out.path], database: s.db.name)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("nothing was committed"))
        #expect(try s.conn.queryValue("select count(*) from payout_runs", as: Int.self) == 0)
        try FileManager.default.removeItem(at: folder)

        // Files of another origin in the folder of a month not committed.
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("x".utf8).write(to: folder.appendingPathComponent("iban-CHF.xml"))
        result = try PayoutsBinary.run(["run", "--as-of", "2026-11-01", "--out", s.out.path], database: s.db.name)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("iban-CHF.xml"))
        #expect(try s.conn.queryValue("select count(*) from payout_runs", as: Int.self) == 0)
        try FileManager.default.removeItem(at: folder.appendingPathComponent("iban-CHF.xml"))

        // A folder left by another user with mode 0755: the job (as `nobody`) cannot write it.
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path)
        try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: s.out.path)
        if geteuid() == 0 {
            var env = ProcessInfo.processInfo.environment
            env["PGDATABASE"] = s.db.name
            result = try ChildProcess.run("/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", PayoutsBinary.path,
                                                                "run", "--as-of", "2026-11-01", "--out", s.out.path], environment: env)
        } else {
            try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: folder.path)
            result = try PayoutsBinary.run(["run", "--as-of", "2026-11-01", "--out", s.out.path], database: s.db.name)
        }
        #expect(result.status == 2, "\(result.output)")
        #expect(result.stderr.contains("2026-11") && result.stderr.contains("cannot be written"))
        #expect(try s.conn.queryValue("select count(*) from payout_runs", as: Int.self) == 0)
    }

    @Test func timeZonesReadTwoWaysAreRefused() throws {
        let s = try Scenario()
        for zone in ["GMT+5", "UTC-3", "EST5EDT", "+05:00"] {
            let result = try PayoutsBinary.run(["run", "--as-of", "2026-11-01", "--time-zone", zone, "--out", s.out.path],
                                               database: s.db.name)
            #expect(result.status == 2, "\(zone): \(result.stderr)")
            #expect(result.stderr.contains("IANA"), "\(zone): \(result.stderr)")
        }
        #expect(try s.conn.queryValue("select count(*) from payout_runs", as: Int.self) == 0)
        #expect(ProgramTimeZone.isRegionName("America/Argentina/Buenos_Aires"))
        #expect(ProgramTimeZone.isRegionName("UTC"))
        #expect(!ProgramTimeZone.isRegionName("GMT+5"))
    }

    /// The start-up check reads PostgreSQL's offset of the zone without listing every zone:
    /// the same offset as the name's row in `pg_timezone_names` (PostgreSQL's own list) and as
    /// Foundation's, for zones with half-hour, quarter-hour and inverted-sign offsets; a name
    /// PostgreSQL does not know fails with 22023, which the job turns into a refusal.
    @Test func postgresOffsetOfAZoneIsItsListedOffset() throws {
        let s = try Scenario()
        for zone in ["Europe/Zurich", "America/St_Johns", "Asia/Kathmandu", "Australia/Lord_Howe", "Etc/GMT+5", "UTC"] {
            let offset = try s.conn.queryValue(SettingsStatements.timeZoneOffset(zone), as: Int.self)
            let listed = try s.conn.queryValue(
                "select extract(epoch from utc_offset)::int from pg_timezone_names where name = \(zone)", as: Int.self)
            #expect(offset == listed, "\(zone)")
            #expect(offset == TimeZone(identifier: zone)?.secondsFromGMT(for: Date()), "\(zone)")
        }
        let unknown = #expect(throws: PostgresError.self) {
            try s.conn.queryValue(SettingsStatements.timeZoneOffset("Mars/Olympus_Mons"), as: Int.self)
        }
        #expect(unknown?.sqlState == "22023")
    }

    /// In a container the job is always process 1, so a temporary file of a killed job can
    /// carry the running job's own process id; under the lock every one of them is stale.
    @Test func noTemporaryFileSurvivesARerun() throws {
        let s = try Scenario()
        try s.affiliate(1)
        try s.commission(1, affiliate: 1, amount: "60", orderedAt: "2026-10-01 12:00:00+02")
        try s.run()
        let december = s.out.appendingPathComponent("2026-12")
        let november = s.out.appendingPathComponent("2026-11")
        try FileManager.default.createDirectory(at: november, withIntermediateDirectories: true)
        let leftovers = [december.appendingPathComponent(".statement.csv.\(getpid()).9f3a.tmp"),
                         december.appendingPathComponent(".report.json.\(getpid()).77.tmp"),
                         november.appendingPathComponent(".iban-CHF.xml.999999.abc.tmp")]
        for file in leftovers { try Data("partial".utf8).write(to: file) }
        try s.run()   // already committed: nothing new, but the folders are swept
        for file in leftovers {
            #expect(!FileManager.default.fileExists(atPath: file.path), "\(file.lastPathComponent)")
        }
        #expect(FileManager.default.fileExists(atPath: december.appendingPathComponent("statement.csv").path))
    }

    @Test func tcpKeepalivesAreOnUnlessTheUserSetsThem() throws {
        let s = try Scenario()
        let plain = try Connection(conninfo: s.db.conninfo)
        #expect(plain.parameter("keepalives_idle") == "30")
        #expect(plain.parameter("keepalives_count") == "3")
        plain.close()
        let own = try Connection(conninfo: "\(s.db.conninfo) keepalives_idle=7")
        #expect(own.parameter("keepalives_idle") == "7")
        own.close()
    }
}
