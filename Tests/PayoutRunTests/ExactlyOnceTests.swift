import Foundation
import PayoutCore
import PayoutRun
import Postgres
import Testing
import TestSupport

/// Exactly once, one at a time, crash-safe, idempotent, and a dry run that changes nothing:
/// each claim against a real PostgreSQL, with real processes where it matters.
@Suite struct ExactlyOnceTests {
    @Test func runningTheSameMonthAgainPaysNothingNewAndRecreatesMissingFilesByteForByte() throws {
        let s = try Scenario()
        try s.affiliatesOnEveryChannel(1...10)
        let first = try s.run("2026-11-01")
        #expect(first.newlyCommitted)
        let paid = try s.paidCommissions()
        #expect(!paid.isEmpty)
        let original = try s.files(in: "2026-11")
        #expect(original.keys.contains("manifest.json"))
        #expect(original.keys.contains("report.json"))

        // Lose some files, run again.
        let dir = s.out.appendingPathComponent("2026-11")
        for name in original.keys where name.hasPrefix("iban-") || name == "manifest.json" || name == "statement.csv" {
            try FileManager.default.removeItem(at: dir.appendingPathComponent(name))
        }
        let second = try s.run("2026-11-01")
        #expect(!second.newlyCommitted)
        #expect(second.paid == first.paid)
        #expect(try s.paidCommissions() == paid)
        #expect(try s.conn.queryOne("select count(*) from payout_runs")!.decode(Int64.self, at: 0) == 1)
        #expect(try s.files(in: "2026-11") == original)

        // `payouts export` does the same.
        try FileManager.default.removeItem(at: dir.appendingPathComponent("report.json"))
        _ = try s.job().export(month: try .parseAsOf("2026-11"))
        #expect(try s.files(in: "2026-11") == original)

        // Finance changes decimals after the commit: the run's files keep the decimals the
        // run rounded with (0022), one more (CHF) or fewer than its amounts have (EUR).
        try s.conn.execute("update currencies set minor_units = 3 where code = 'CHF'")
        try s.conn.execute("update currencies set minor_units = 0 where code = 'EUR'")
        try FileManager.default.removeItem(at: dir)
        _ = try s.job().export(month: try .parseAsOf("2026-11"))
        #expect(try s.files(in: "2026-11") == original)
    }

    @Test func aDryRunChangesNothingInTheDatabaseAndWritesAMarkedPreview() throws {
        let s = try Scenario()
        try s.affiliatesOnEveryChannel(1...10)
        let before = try s.databaseDigest()
        let preview = try s.run("2026-11-01", dryRun: true)
        #expect(preview.dryRun)
        #expect(preview.paid > 0)
        #expect(try s.databaseDigest() == before)
        let locks = try s.conn.queryOne("""
            select count(*) from pg_locks
            where locktype = 'advisory' and database = (select oid from pg_database where datname = current_database())
            """)!
        #expect(try locks.decode(Int64.self, at: 0) == 0)
        let manifest = try s.json("2026-11-preview", "manifest.json")
        #expect((manifest["run"] as? [String: Any])?["dry_run"] as? Bool == true)
        #expect(!FileManager.default.fileExists(atPath: s.out.appendingPathComponent("2026-11").path))

        // The real run computes the same payouts.
        let real = try s.run("2026-11-01")
        #expect(real.paid == preview.paid)
        #expect(real.held == preview.held)
        let previewReport = try s.json("2026-11-preview", "report.json")["affiliates"] as! [[String: Any]]
        let realReport = try s.json("2026-11", "report.json")["affiliates"] as! [[String: Any]]
        #expect(previewReport.map { "\($0["affiliate_id"]!) \($0["status"]!) \($0["amount"]!)" }
            == realReport.map { "\($0["affiliate_id"]!) \($0["status"]!) \($0["amount"]!)" })
    }

    @Test func aSecondInvocationExits75WhileTheLockIsHeld() throws {
        let s = try Scenario()
        try s.affiliatesOnEveryChannel(1...10)
        let holder = try s.db.connect()
        #expect(try holder.tryAdvisoryLock(key: PayoutJob.runLockKey))
        let result = try PayoutsBinary.run(["run", "--as-of", "2026-11-01", "--out", s.out.path], database: s.db.name)
        #expect(result.status == 75, "\(result.stderr)")
        #expect(result.stderr.contains("lock"))
        #expect(try s.paidCommissions().isEmpty)
        holder.close()
        let after = try PayoutsBinary.run(["run", "--as-of", "2026-11-01", "--out", s.out.path], database: s.db.name)
        #expect([0, 3].contains(after.status), "\(after.stderr)")
    }

    @Test func fourConcurrentProcessesNeverPayTwice() throws {
        let s = try Scenario()
        try s.affiliatesOnEveryChannel(1...10)
        let started = try (0..<4).map { _ in
            try PayoutsBinary.start(["run", "--as-of", "2026-11-01", "--out", s.out.path], database: s.db.name)
        }
        let results = started.map(PayoutsBinary.finish)
        for result in results {
            #expect([0, 3, 75].contains(result.status), "\(result.status): \(result.stderr)")
        }
        #expect(try s.conn.queryOne("select count(*) from payout_runs")!.decode(Int64.self, at: 0) == 1)
        let items = try s.conn.queryOne("select count(*), count(distinct commission_id) from payout_items")!
        #expect(try items.decode(Int64.self, at: 0) == items.decode(Int64.self, at: 1))
        #expect(try items.decode(Int64.self, at: 0) > 0)
        #expect(results.filter { $0.stdout.contains("committed") && !$0.stdout.contains("already") }.count == 1)
    }

    /// Blocks the run inside its transaction (a table lock held by the test), kills it with
    /// SIGKILL there, and checks that nothing of it remains; the next run pays correctly.
    @Test func aProcessKilledInTheMiddleOfTheRunLeavesNoTrace() throws {
        let s = try Scenario()
        try s.affiliatesOnEveryChannel(1...10)
        let before = try s.databaseDigest()
        let (blocker, started) = try startRunBlockedInItsTransaction(s)
        kill(started.process.processIdentifier, SIGKILL)
        started.process.waitUntilExit()
        #expect(started.process.terminationReason == .uncaughtSignal)
        try blocker.execute("rollback")
        blocker.close()
        // The server notices the dead client and rolls its transaction back.
        try waitUntil { try s.conn.queryOne("select count(*) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()")!.decode(Int64.self, at: 0) == 0 }
        #expect(try s.databaseDigest() == before)

        let rerun = try PayoutsBinary.run(["run", "--as-of", "2026-11-01", "--out", s.out.path], database: s.db.name)
        #expect([0, 3].contains(rerun.status), "\(rerun.stderr)")
        #expect(!(try s.paidCommissions().isEmpty))
    }

    @Test func aLostConnectionBeforeCommitExits75AndLeavesNoTrace() throws {
        let s = try Scenario()
        try s.affiliatesOnEveryChannel(1...10)
        let before = try s.databaseDigest()
        let (blocker, started) = try startRunBlockedInItsTransaction(s)
        _ = try blocker.query("""
            select pg_terminate_backend(pid) from pg_stat_activity
            where datname = current_database() and pid <> pg_backend_pid() and wait_event_type = 'Lock'
            """)
        let result = PayoutsBinary.finish(started)
        try blocker.execute("rollback")
        // A connection lost before the commit is transient: exit 75, retried by schedulers.
        #expect(result.status == 75, "\(result.stderr)")
        #expect(result.stderr.contains("payouts: error:"))
        #expect(try s.databaseDigest() == before)
    }

    /// Settle closes the open rows at the addresses collect read them from (a TID scan, not a
    /// join): an open row another transaction deletes in between must make the run fail
    /// (REPEATABLE READ: a concurrent delete is a serialization failure, exit 75) with nothing
    /// committed, never close a different row or skip it. The next run pays the rest.
    @Test func anOpenRowDeletedWhileTheRunComputesFailsTheRunWithoutATrace() throws {
        let s = try Scenario()
        try s.affiliatesOnEveryChannel(1...10)
        let (blocker, started) = try startRunBlockedInItsTransaction(s)
        // The run has collected every open row and waits to settle; one it pays goes
        // (commission 100 of affiliate 10, paid; affiliates 1 to 4 stay below the threshold).
        let removed = try blocker.queryOne("delete from open_commissions where commission_id = 100 returning commission_id")
        #expect(removed != nil)
        try blocker.execute("commit")
        blocker.close()
        let result = PayoutsBinary.finish(started)
        #expect(result.status == 75, "\(result.stderr)")
        #expect(result.stderr.contains("could not serialize"), "\(result.stderr)")
        #expect(try s.conn.queryOne("select count(*) from payout_runs")!.decode(Int64.self, at: 0) == 0)
        #expect(try s.conn.queryOne("select count(*) from payout_items")!.decode(Int64.self, at: 0) == 0)
        #expect(try s.conn.queryOne("select count(*) from open_commissions")!.decode(Int64.self, at: 0) == 19)

        let rerun = try PayoutsBinary.run(["run", "--as-of", "2026-11-01", "--out", s.out.path], database: s.db.name)
        #expect([0, 3].contains(rerun.status), "\(rerun.stderr)")
        // Every commission but the removed one is now either in the ledger or still open, once.
        let paid = try s.paidCommissions()
        let open = try s.conn.query("select commission_id from open_commissions").map { try $0.decode(Int64.self, at: 0) }
        let all = Set((1...10).flatMap { [Int64($0) * 10, Int64($0) * 10 + 1] })
        #expect(!paid.isEmpty && Set(paid).isDisjoint(with: open), "\(paid) \(open)")
        #expect(Set(paid).union(open) == all.subtracting([100]), "\(paid) \(open)")
    }

    /// The run commits and writes its files, then marking it exported fails: the exit says it
    /// is committed and written (4), never "nothing was committed"; the next run checks the
    /// files in place (unchanged) and marks it.
    @Test func aRunWhoseExportCannotBeMarkedSaysItIsCommitted() throws {
        let s = try Scenario()
        try s.affiliatesOnEveryChannel(1...4)
        try s.conn.execute("""
            create function refuse_export_mark() returns trigger language plpgsql as $$
            begin raise exception 'marking refused by the test'; end $$
            """)
        try s.conn.execute("""
            create trigger refuse_export_mark before update on payout_runs for each row
                when (old.exported_at is null and new.exported_at is not null) execute function refuse_export_mark()
            """)
        #expect {
            try s.run("2026-11-01")
        } throws: { error in
            guard let error = error as? JobError else { return false }
            return error.status == .committedFilesMissing && error.message.contains("its files are written")
        }
        let files = try s.files(in: "2026-11")
        #expect(files.keys.contains("manifest.json"))
        try s.conn.execute("drop trigger refuse_export_mark on payout_runs")
        let again = try s.run("2026-11-01")
        #expect(!again.newlyCommitted)
        #expect(try s.files(in: "2026-11") == files)
        #expect(try s.conn.queryOne("select count(*) from payout_runs where exported_at is null")!.decode(Int64.self, at: 0) == 0)
    }

    /// The commit succeeds but the files cannot be written (the run folder's name is taken by
    /// a file right after the commit; before it, the job checks the folder): the run stays
    /// committed (exit 4), the next invocation writes every file.
    @Test func filesMissingAfterTheCommitAreWrittenByTheNextInvocation() throws {
        let s = try Scenario()
        try s.affiliatesOnEveryChannel(1...10)
        try FileManager.default.createDirectory(at: s.out, withIntermediateDirectories: true)
        let obstacle = s.out.appendingPathComponent("2026-11")
        let afterCommit = PayoutJob(settings: s.settings, log: JobLog(write: { line in
            if line.contains("2026-11 committed") { try? Data("not a folder".utf8).write(to: obstacle) }
        }, isTerminal: false))
        let month = try RunMonth.parseAsOf("2026-11-01")
        #expect {
            try afterCommit.run(month: month, dryRun: false, now: month.asOf(in: TimeZone(identifier: "Europe/Zurich")!)!.addingTimeInterval(43_200))
        } throws: { error in
            (error as? JobError)?.status == .committedFilesMissing
        }
        #expect(try s.conn.queryOne("select count(*) from payout_runs where exported_at is null")!.decode(Int64.self, at: 0) == 1)
        let paid = try s.paidCommissions()
        #expect(!paid.isEmpty)

        try FileManager.default.removeItem(at: obstacle)
        // A later month's run finishes the earlier run's files first.
        try s.run("2026-12-01")
        #expect(FileManager.default.fileExists(atPath: obstacle.appendingPathComponent("manifest.json").path))
        #expect(try s.conn.queryOne("select count(*) from payout_runs where exported_at is null")!.decode(Int64.self, at: 0) == 0)
        #expect(try s.paidCommissions() == paid, "December pays nothing that November paid")
    }

    /// Starts `payouts run` in a process while the test holds a lock on `payout_items`, and
    /// returns once the run waits for it: the run is then in the middle of its transaction.
    private func startRunBlockedInItsTransaction(_ s: Scenario) throws -> (Connection, ChildProcess) {
        let blocker = try s.db.connect()
        try blocker.execute("begin")
        try blocker.execute("lock table payout_items in access exclusive mode")
        let started = try PayoutsBinary.start(["run", "--as-of", "2026-11-01", "--out", s.out.path], database: s.db.name)
        try waitUntil {
            try blocker.queryOne("select count(*) from pg_locks where not granted and relation = 'payout_items'::regclass")!.decode(Int64.self, at: 0) > 0
        }
        return (blocker, started)
    }

    private func waitUntil(timeout: TimeInterval = 20, _ condition: () throws -> Bool) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while try !condition() {
            if Date() > deadline { throw WaitTimedOut() }
            usleep(50_000)
        }
    }
}

private struct WaitTimedOut: Error {}
