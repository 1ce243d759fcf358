import Foundation
import Postgres
import Testing
import TestSupport

/// Issue 13, item 4: a job that dies or is stopped mid-statement lets go of the run lock at
/// once. Settling is made slow deterministically: another session holds a lock on
/// `payout_items`, so the job's settle statement waits until the test lets it go.
@Suite(.serialized) struct LockReleaseTests {
    /// Starts `payouts run` and waits until its settle statement waits for the test's lock.
    private func runBlockedInSettle(_ s: Scenario) throws -> (ChildProcess, Connection) {
        try s.affiliate(1)
        try s.commission(1, affiliate: 1, amount: "60", orderedAt: "2026-09-01 12:00:00+02")
        let blocker = try s.db.connect()
        try blocker.executeScript("begin; lock table payout_items in share mode")
        let job = try PayoutsBinary.start(["run", "--as-of", "2026-11-01", "--out", s.out.path], database: s.db.name)
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            // The job's session waits for a lock on payout_items (not the query text:
            // pg_stat_activity keeps only its first 1024 bytes).
            let waiting = try s.conn.queryValue("""
                select count(*) from pg_locks l join pg_stat_activity a on a.pid = l.pid
                where a.datname = \(s.db.name) and a.application_name = 'payouts'
                  and not l.granted and l.relation = 'payout_items'::regclass
                """, as: Int.self)
            if waiting == 1 { return (job, blocker) }
            Thread.sleep(forTimeInterval: 0.1)
        }
        job.process.terminate()
        _ = job.finish()
        throw BlockedTooLong()
    }

    private func advisoryLocks(_ s: Scenario) throws -> Int {
        try s.conn.queryValue("""
            select count(*) from pg_locks l join pg_database d on d.oid = l.database
            where l.locktype = 'advisory' and d.datname = \(s.db.name)
            """, as: Int.self)
    }

    @Test func theLockIsFreeWithinThreeSecondsOfAKill9MidSettle() throws {
        let s = try Scenario()
        let (job, blocker) = try runBlockedInSettle(s)
        defer { blocker.close() }
        #expect(try advisoryLocks(s) == 1)
        kill(job.process.processIdentifier, SIGKILL)
        _ = job.finish()
        Thread.sleep(forTimeInterval: 3)
        // The test still holds the table lock: the dead job's statement cannot have finished,
        // its session ended because the server checked the connection (1 s interval).
        #expect(try advisoryLocks(s) == 0, "the run lock outlived the killed job")
        let again = try PayoutsBinary.start(["run", "--as-of", "2026-11-01", "--dry-run", "--out", s.out.path], database: s.db.name)
        Thread.sleep(forTimeInterval: 0.5)
        try blocker.executeScript("rollback")
        let preview = again.finish()
        #expect(preview.status == 0, "a run started after the kill gets the lock: \(preview.stderr)")
        let rerun = try PayoutsBinary.run(["run", "--as-of", "2026-11-01", "--out", s.out.path], database: s.db.name)
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(try s.paidCommissions() == [1])
    }

    @Test func sigtermCancelsTheRunningStatementAndReleasesTheLock() throws {
        let s = try Scenario()
        let (job, blocker) = try runBlockedInSettle(s)
        defer { blocker.close() }
        let sent = Date()
        kill(job.process.processIdentifier, SIGTERM)
        let result = job.finish()
        #expect(Date().timeIntervalSince(sent) < 5, "stopped at once, not when the statement could finish")
        #expect(result.status == 143, "\(result.stderr)")
        #expect(result.stderr.contains("SIGTERM received: cancelling the running statement"), "\(result.stderr)")
        #expect(try advisoryLocks(s) == 0)
        #expect(try s.conn.queryValue("select count(*) from payout_runs", as: Int.self) == 0, "rolled back")
        try blocker.executeScript("rollback")
    }
}

private struct BlockedTooLong: Error {}
