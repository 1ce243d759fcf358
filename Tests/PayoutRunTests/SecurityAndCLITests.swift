import Foundation
import PayoutRun
import Postgres
import Testing

@Suite struct SecurityAndCLITests {
    @Test func payoutFilesAndFoldersAreNotWorldReadable() throws {
        let s = try Scenario()
        try s.affiliate(1)
        try s.affiliate(2, method: "paypal")
        try s.affiliate(3, method: "prepaid")
        for id in Int64(1)...3 { try s.commission(id, affiliate: id, amount: "60", orderedAt: "2026-10-01 12:00:00+02") }
        try s.run()
        let dir = s.out.appendingPathComponent("2026-12")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        #expect(names.contains("iban-CHF.xml"))
        for name in names + [""] {
            let attributes = try FileManager.default.attributesOfItem(atPath: dir.appendingPathComponent(name).path)
            let mode = (attributes[.posixPermissions] as! NSNumber).intValue
            #expect(mode & 0o007 == 0, "\(name) is world-accessible: \(String(mode, radix: 8))")
        }
    }

    @Test func theJobRunsWithTheLeastPrivilegeRoleOfSqlRoles() throws {
        let s = try Scenario()
        try s.affiliate(1)
        try s.commission(1, affiliate: 1, amount: "60", orderedAt: "2026-09-01 12:00:00+02")
        let roles = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("sql/roles.sql")
        try s.conn.executeScript(String(contentsOf: roles, encoding: .utf8))
        let job = PayoutJob(settings: JobSettings(conninfo: "\(s.db.conninfo) user=payouts_job", timeZone: "Europe/Zurich",
                                                  outputDirectory: s.out),
                            log: JobLog(write: { _ in }, isTerminal: false))
        let outcome = try job.run(month: try .parseAsOf("2026-11-01"), dryRun: false, now: Date())
        #expect(outcome.paid == 1)
        // The job's role cannot change an upstream column.
        let asJob = try Connection(conninfo: "\(s.db.conninfo) user=payouts_job")
        #expect(throws: PostgresError.self) { try asJob.execute("update commissions set amount = 0") }
        asJob.close()
    }

    @Test func aPasswordIsNeverPrinted() throws {
        let result = try PayoutsBinary.run(
            ["status", "--database-url", "host=/nonexistent-socket-dir dbname=x user=u password=Sup3rSecretPw"],
            database: "postgres")
        #expect(result.status == 75, "cannot connect is transient")
        #expect(result.stderr.contains("cannot connect"))
        #expect(!result.stderr.contains("Sup3rSecretPw"))
        #expect(!result.stdout.contains("Sup3rSecretPw"))
    }

    @Test func usageErrorsExitWith2() throws {
        let s = try Scenario()
        // Arguments, database, and what the message must say.
        let cases = [(["run", "--as-of", "2026-12-15"], s.db.name, "first day of a month"),
                     (["run", "--as-of", "yesterday"], s.db.name, "got \"yesterday\""),
                     (["status"], "postgres", "payouts migrate")]
        for (arguments, database, says) in cases {
            let refused = try PayoutsBinary.run(arguments, database: database)
            #expect(refused.status == 2, "\(arguments)")
            #expect(refused.stderr.contains(says), "\(arguments): \(refused.stderr)")
        }
    }

    @Test func aRealRunForAFutureAsOfIsRefusedAPreviewIsAllowed() throws {
        let s = try Scenario()
        try s.affiliate(1)
        try s.commission(1, affiliate: 1, amount: "60", orderedAt: "2026-09-01 12:00:00+02")
        let future = try PayoutsBinary.run(["run", "--as-of", "2999-01-01", "--out", s.out.path], database: s.db.name)
        #expect(future.status == 2)
        #expect(future.stderr.contains("in the future"))
        let preview = try PayoutsBinary.run(["run", "--as-of", "2999-01-01", "--dry-run", "--out", s.out.path], database: s.db.name)
        #expect(preview.status == 0, "\(preview.stderr)")
        #expect(try s.paidCommissions().isEmpty)
    }

    @Test func anUnwritableOutputFolderIsAConfigurationErrorBeforeAnythingIsComputed() throws {
        let s = try Scenario()
        try s.affiliate(1)
        try s.commission(1, affiliate: 1, amount: "60", orderedAt: "2026-09-01 12:00:00+02")
        let result = try PayoutsBinary.run(["run", "--as-of", "2026-11-01", "--out", "/etc/passwd/payouts"], database: s.db.name)
        #expect(result.status == 2)
        #expect(result.stderr.contains("/etc/passwd/payouts"))
        #expect(result.stderr.split(separator: "\n").count == 1, "one clear line: \(result.stderr)")
        #expect(try s.conn.queryOne("select count(*) from payout_runs")!.decode(Int64.self, at: 0) == 0)
    }

    @Test func everyCommandHasHelp() throws {
        for command in [[], ["migrate"], ["run"], ["export"], ["status"]] {
            let result = try PayoutsBinary.run(command + ["--help"], database: "postgres")
            #expect(result.status == 0)
            #expect(result.stdout.contains("USAGE"))
        }
        let run = try PayoutsBinary.run(["run", "--help"], database: "postgres")
        for option in ["--as-of", "--dry-run", "--out", "--database-url"] {
            #expect(run.stdout.contains(option))
        }
    }

    @Test func statusListsCommittedRunsWithTotals() throws {
        let s = try Scenario()
        try s.affiliate(1)
        try s.commission(1, affiliate: 1, amount: "60", orderedAt: "2026-10-01 12:00:00+02")
        try s.run()
        let result = try PayoutsBinary.run(["status"], database: s.db.name)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("2026-12"))
        #expect(result.stdout.contains("paid iban CHF"))
        #expect(result.stdout.contains("60.00"))
        #expect(result.stdout.contains("2026-12-01T00:00:00+01:00"), "as-of shown in the program's time zone")
    }
}

@Suite struct MigrationTests {
    @Test func migrateCreatesTheSchemaAndIsSafeToRunAgain() throws {
        let s = try Scenario()   // migrated once
        let again = try PayoutsBinary.run(["migrate"], database: s.db.name)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("up to date"))
        let tables = try s.conn.query("select tablename from pg_tables where schemaname = 'public' order by 1").map { try $0.decode(String.self, at: 0) }
        for table in ["affiliates", "commissions", "exchange_rates", "payout_thresholds", "excluded_products", "debtor_accounts", "currencies"] {
            #expect(tables.contains(table))
        }
        let thresholds = try s.conn.query("select currency || ' ' || minimum::text from payout_thresholds order by 1").map { try $0.decode(String.self, at: 0) }
        #expect(thresholds == ["CHF 50.00", "EUR 50.00"])
        let excluded = try s.conn.query("select product from excluded_products order by 1").map { try $0.decode(String.self, at: 0) }
        #expect(excluded == ["domain", "domain_protection", "housing", "renewal_guarantee", "very_high_availability"])
        let minor = try s.conn.query("select code || minor_units from currencies where code in ('CHF','EUR','USD','GBP','JPY','SEK','NOK','DKK','PLN','CZK') order by 1").map { try $0.decode(String.self, at: 0) }
        #expect(minor == ["CHF2", "CZK2", "DKK2", "EUR2", "GBP2", "JPY0", "NOK2", "PLN2", "SEK2", "USD2"])
    }

    @Test func anUnknownMigrationIsRefused() throws {
        let s = try Scenario()
        try s.conn.execute("insert into schema_migrations (name) values ('9999_from_the_future')")
        let result = try PayoutsBinary.run(["migrate"], database: s.db.name)
        #expect(result.status == 2)
        #expect(result.stderr.contains("9999_from_the_future"))
        let run = try PayoutsBinary.run(["run", "--as-of", "2026-12-01", "--out", s.out.path], database: s.db.name)
        #expect(run.status == 2)
    }

    @Test func constraintsProtectMoney() throws {
        let s = try Scenario()
        try s.affiliate(1)
        #expect(throws: PostgresError.self) { try s.commission(1, affiliate: 1, amount: "1", currency: "XXQ", orderedAt: "2026-10-01") }
        #expect(throws: PostgresError.self) { try s.rate("EUR", "CHF", "0", validFrom: "2026-10-01") }
        #expect(throws: PostgresError.self) { try s.affiliate(2, method: "cheque") }
        #expect(throws: PostgresError.self) { try s.conn.execute("insert into commissions (id, affiliate_id, order_ref, product, amount, currency, ordered_at) values (5, 1, 'o', 'p', null, 'CHF', now())") }
        #expect(throws: PostgresError.self) { try s.commission(6, affiliate: 99, amount: "1", orderedAt: "2026-10-01") }
    }
}
