import Foundation
import Postgres
import Testing
@testable import PayoutRun

/// SPEC §9 on a real database through the built binary: sent, returns, re-credits, holds,
/// releases and reversals, and the exactly-once rule across all of them.
@Suite struct LifecycleTests {
    private let october = "2026-10-01 12:00:00+02"

    /// A scenario where affiliates `ids` (IBAN, CHF) each have one October commission of
    /// `amount(id)`, and December 2026 has run; with `sent`, its files are marked sent.
    private func decemberRun(_ ids: ClosedRange<Int64>, sent: Bool = false, amount: (Int64) -> String) throws -> Scenario {
        let s = try Scenario()
        for id in ids {
            try s.affiliate(id)
            try s.commission(id, affiliate: id, amount: amount(id), orderedAt: october)
        }
        try s.run("2026-12-01")
        if sent { try s.cli(["sent", "--month", "2026-12"]) }
        return s
    }

    /// A pain.002, written as `name`, that rejects December's CHF payout of affiliate 1.
    private func rejectionOfAffiliate1(_ s: Scenario, file name: String, reason: String) throws -> String {
        try s.file(name, pain002(original: try s.messageId("2026-12", "CHF"), group: "PART", transactions: [("AP202612-1", "RJCT", reason)]))
    }

    @Test func partialRejectionRecreditsOnceHoldsUntilDetailsChangeAndDuplicateMovesNothing() throws {
        let s = try decemberRun(1...3) { id in "6\(id).00" }
        let msgId = try s.messageId("2026-12", "CHF")
        let report = try s.file("status.xml", pain002(original: msgId, group: "PART", transactions: [
            ("AP202612-1", "RJCT", "AC04"), ("AP202612-2", "RJCT", "AM05"), ("AP202612-3", "ACCP", nil)]))

        // Not sent yet: the whole file is refused and nothing changes.
        let before = try s.databaseDigest()
        let early = try s.cli(["returns", report])
        #expect(early.status == 1 && early.stderr.contains("AP202612-1") && early.stderr.contains("not sent"), "\(early.stderr)")
        #expect(try s.databaseDigest() == before)

        #expect(try s.cli(["sent", "--month", "2026-12"]).status == 0)
        let again = try s.cli(["sent", "--month", "2026-12", "iban-CHF.xml"])
        #expect(again.status == 0 && again.stdout.contains("nothing new"), "\(again.stdout)")

        let imported = try s.cli(["returns", report])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("2 payout(s) reported, 2 recorded, 1 re-credited"), "\(imported.stdout)")
        let digest = try s.databaseDigest()
        let repeated = try s.cli(["returns", report])
        #expect(repeated.status == 0 && repeated.stdout.contains("already imported"), "\(repeated.stdout)")
        #expect(try s.databaseDigest() == digest)
        #expect(try s.recreditsSettled() == ["1:61.00:open"])

        // January: affiliate 1 is held (same IBAN), its re-credit stays open.
        try s.run("2027-01-01")
        #expect(try s.entry(1, month: "2027-01")?.reasons == ["payout_returned"])
        #expect(try s.entry(2, month: "2027-01") == nil, "a duplicate rejection owes nothing")
        // The affiliate fixes its IBAN: February pays the re-credit alone, once.
        try s.conn.execute("update affiliates set iban = \(Scenario.deIBAN) where id = 1")
        try s.run("2027-02-01")
        let paid = try s.entry(1, month: "2027-02")
        #expect(paid?.status == "paid" && paid?.amount == "61.00" && paid?.commissions == 0, "\(String(describing: paid))")
        let recredits = try s.json("2027-02", "report.json")["recredits"] as? [[String: Any]]
        #expect(recredits?.first?["reason_code"] as? String == "AC04" && recredits?.first?["meaning"] as? String == "account closed"
                && recredits?.first?["amount"] as? String == "61.00" && recredits?.first?["returned_payout"] as? String == "AP202612-1")
        let statement = try String(contentsOf: s.out.appendingPathComponent("2027-02/statement.csv"), encoding: .utf8)
        #expect(statement.contains("1,AP202702-1,re-credit of AP202612-1 (AC04: account closed),61.00,CHF,,61.00,CHF"), "\(statement)")
        #expect(try s.json("2026-12", "report.json")["recredits"] == nil)
        // report.html lists the re-credit under "Returns and re-credits"; December's has none.
        let page = s.out.appendingPathComponent("2027-02/report.html")
        let html = try String(contentsOf: page, encoding: .utf8)
        #expect(html.contains("<table id=\"returns\">") && html.contains("<td class=\"num\">61.00</td>")
                && html.contains("account closed <span class=\"code\">AC04</span>"), "\(html)")
        #expect(!(try String(contentsOf: s.out.appendingPathComponent("2026-12/report.html"), encoding: .utf8)).contains("<table id=\"returns\">"))
        try s.run("2027-03-01")
        #expect(try s.entry(1, month: "2027-03") == nil)
        #expect(try s.recreditsSettled() == ["1:61.00:2027-02"])
        #expect(try s.paidCommissions() == [1, 2, 3])
        // Re-exported after a later run and a rename: the same bytes.
        try s.conn.execute("update affiliates set name = 'Renamed', account_holder = 'Renamed'")
        try FileManager.default.removeItem(at: page)
        #expect(try s.cli(["export", "--as-of", "2027-02-01"]).status == 0)
        #expect(try String(contentsOf: page, encoding: .utf8) == html)

        let status = try s.cli(["status"])
        #expect(status.stdout.contains("AC04") && status.stdout.contains("account closed") && status.stdout.contains("paid in 2027-02"), "\(status.stdout)")
    }

    @Test func groupRejectionReturnsEveryPayoutOfTheFileAndReleaseLetsTheNextRunPay() throws {
        let s = try decemberRun(1...2, sent: true) { _ in "70" }
        let report = try s.file("group.xml", pain002(original: try s.messageId("2026-12", "CHF"), group: "RJCT", groupReason: "FF01", transactions: []))
        let result = try s.cli(["returns", report])
        #expect(result.status == 0 && result.stdout.contains("2 re-credited"), "\(result.stdout) \(result.stderr)")
        // A new commission arrives; the affiliate stays held until released.
        try s.commission(10, affiliate: 1, amount: "5", orderedAt: "2026-11-15 12:00:00+01")
        try s.run("2027-01-01")
        #expect(try s.entry(1, month: "2027-01")?.reasons.contains("payout_returned") == true)
        let nothing = try s.cli(["release", "99"])
        #expect(nothing.status == 2)
        #expect(try s.cli(["release", "1"]).status == 0)
        try s.run("2027-02-01")
        #expect(try s.entry(1, month: "2027-02")?.amount == "75.00")
        #expect(try s.entry(2, month: "2027-02")?.status == "held")
        #expect(try s.recreditsSettled() == ["1:70.00:2027-02", "2:70.00:open"])
    }

    /// A rejected file whose report lists only some of its payouts is refused: the bank may or
    /// may not have executed the others. A duplicate rejected at group level (AM05, or ISO's
    /// DU01 for a message id sent twice) with bare transactions re-credits nothing: the first
    /// submission is the one that pays.
    @Test func aRejectedFileListingSomeOfItsPayoutsIsRefusedAndGroupDuplicatesMoveNothing() throws {
        let s = try decemberRun(1...2, sent: true) { _ in "70" }
        let msgId = try s.messageId("2026-12", "CHF")
        let before = try s.databaseDigest()
        let partial = try s.file("partial.xml", pain002(original: msgId, group: "RJCT", groupReason: "FF01",
                                                          transactions: [("AP202612-1", "RJCT", nil)]))
        let refused = try s.cli(["returns", partial])
        #expect(refused.status == 1, "\(refused.stdout) \(refused.stderr)")
        #expect(refused.stderr.contains("partial.xml") && refused.stderr.contains("only 1 of its 2 payouts")
                && refused.stderr.contains("AP202612-2"), "\(refused.stderr)")
        #expect(try s.databaseDigest() == before)

        let duplicate = try s.file("duplicate.xml", pain002(original: msgId, group: "RJCT", groupReason: "AM05",
                                                            transactions: [("AP202612-1", "RJCT", nil), ("AP202612-2", "RJCT", nil)]))
        let recorded = try s.cli(["returns", duplicate])
        #expect(recorded.status == 0 && recorded.stdout.contains("2 payout(s) reported, 2 recorded, 0 re-credited"),
                "\(recorded.stdout) \(recorded.stderr)")
        #expect(try s.count("select count(*) from payout_states where state = 'duplicate_rejected'") == 2)
        let message = try s.file("du01.xml", pain002(original: msgId, group: "RJCT", groupReason: "DU01", transactions: []))
        let whole = try s.cli(["returns", message])
        #expect(whole.status == 0 && whole.stdout.contains("0 re-credited"), "\(whole.stdout) \(whole.stderr)")
        #expect(try s.recreditsSettled().isEmpty)
    }

    /// A re-credit is owed in the currency of the payout that came back. When the affiliate's
    /// account currency changes after the return, the next run adds it like a commission in
    /// that currency: converted at as-of and rounded once with the rest, or held with
    /// missing_rate while there is no rate; never left open unseen.
    @Test func aRecreditInAnotherCurrencyThanTheAccountsNowIsConvertedLikeACommission() throws {
        let s = try decemberRun(1...1, sent: true) { _ in "60" }
        #expect(try s.cli(["returns", try rejectionOfAffiliate1(s, file: "r.xml", reason: "AC04")]).status == 0)
        try s.conn.execute("update affiliates set account_currency = 'EUR', iban = \(Scenario.deIBAN) where id = 1")

        try s.run("2027-01-01")
        #expect(try s.entry(1, month: "2027-01")?.reasons == ["missing_rate"], "no CHF/EUR rate yet")
        #expect(try s.recreditsSettled() == ["1:60.00:open"])

        try s.rate("EUR", "CHF", "0.93", validFrom: "2026-12-15 00:00:00+01")
        try s.run("2027-02-01")
        let paid = try #require(try s.entry(1, month: "2027-02"))
        #expect(paid.status == "paid" && paid.amount == "64.52" && paid.commissions == 0, "60 / 0.93 = 64.516…: \(paid)")
        #expect(try s.recreditsSettled() == ["1:60.00:2027-02"])
        let statement = try String(contentsOf: s.out.appendingPathComponent("2027-02/statement.csv"), encoding: .utf8)
        let line = try #require(statement.split(separator: "\r\n").first { $0.contains("re-credit of AP202612-1") })
        #expect(line.hasSuffix(",CHF,1.0752688172,64.516129,EUR"), "\(line)")
        try s.run("2027-03-01")
        #expect(try s.entry(1, month: "2027-03") == nil, "paid once")
    }

    @Test func refusedFilesChangeNothingAndNameTheProblem() throws {
        let s = try Scenario()
        try s.affiliate(1)
        try s.affiliate(2, method: "paypal", email: "two@example.com")
        try s.affiliate(3, method: "prepaid", prepaid: "IK-3")
        for id in Int64(1)...3 { try s.commission(id, affiliate: id, amount: "60", orderedAt: october) }
        try s.run("2026-12-01")
        try s.cli(["sent", "--month", "2026-12"])
        let before = try s.databaseDigest()
        let cases: [(String, String, String)] = [
            ("unknown.xml", pain002(original: try s.messageId("2026-12", "CHF"), group: "PART", transactions: [("AP202612-9", "RJCT", "AC01")]), "AP202612-9"),
            ("broken.xml", "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.002.001.10\"><CstmrPmtStsRpt>", "malformed XML"),
            ("other.txt", "hello", "not a status file"),
            ("amount.csv", "payout_reference,reason,amount,currency\nAP202612-3,closed,61.00,CHF\n", "line 2: AP202612-3: amount 61"),
            ("currency.csv", "payout_reference,reason,amount,currency\nAP202612-3,closed,60.00,EUR\n", "currency EUR"),
            ("channel.csv", "payout_reference,reason\nAP202612-1,closed\n", "is a iban payout"),
            ("paypal.json", #"{"batch_header": {}, "items": [{"transaction_status": "DONE", "payout_item": {"sender_item_id": "AP202612-2"}}]}"#, "items[0]"),
        ]
        for (name, text, expected) in cases {
            let result = try s.cli(["returns", try s.file(name, text)])
            #expect(result.status == 1, "\(name)")
            #expect(result.stderr.contains(name) && result.stderr.contains(expected), "\(name): \(result.stderr)")
        }
        #expect(try s.databaseDigest() == before)
    }

    @Test func payPalUnclaimedIsRecordedOnlyUntilReturnedAndPrepaidFailuresAreMoneyBack() throws {
        let s = try Scenario()
        try s.affiliate(2, method: "paypal", email: "two@example.com")
        try s.affiliate(3, method: "prepaid", prepaid: "IK-3")
        for id in Int64(2)...3 { try s.commission(id, affiliate: id, amount: "60", orderedAt: october) }
        try s.run("2026-12-01")
        try s.cli(["sent", "--month", "2026-12"])
        let body = try s.json("2026-12", "paypal-CHF-001.json")
        let batch = try #require((body["sender_batch_header"] as? [String: Any])?["sender_batch_id"] as? String)
        func details(_ status: String) -> String {
            #"{"batch_header": {"payout_batch_id": "X1", "sender_batch_header": {"sender_batch_id": "\#(batch)"}}, "#
            + #""items": [{"transaction_status": "\#(status)", "payout_item": {"sender_item_id": "AP202612-2", "amount": {"value": "60.00", "currency": "CHF"}}, "errors": {"name": "RECEIVER_UNREGISTERED"}}]}"#
        }
        let unclaimed = try s.cli(["returns", try s.file("unclaimed.json", details("UNCLAIMED"))])
        #expect(unclaimed.status == 0 && unclaimed.stdout.contains("1 recorded, 0 re-credited"), "\(unclaimed.stdout)\(unclaimed.stderr)")
        let returned = try s.cli(["returns", try s.file("returned.json", details("RETURNED"))])
        #expect(returned.status == 0 && returned.stdout.contains("1 re-credited"), "\(returned.stdout)\(returned.stderr)")
        let prepaid = try s.cli(["returns", try s.file("prepaid.csv", "payout_reference,reason\nAP202612-3,account blocked\n")])
        #expect(prepaid.status == 0 && prepaid.stdout.contains("1 re-credited"), "\(prepaid.stdout)\(prepaid.stderr)")
        #expect(try s.recreditsSettled() == ["2:60.00:open", "3:60.00:open"])
    }

    @Test func reversalReopensAnUnsentRunOnceAndIsRefusedAfterSent() throws {
        let s = try decemberRun(1...2) { _ in "80" }
        // Pointed at another folder, the reversal would leave the sendable files in place.
        let elsewhere = try s.cli(["reverse", "--month", "2026-12", "--out", s.out.appendingPathComponent("elsewhere").path])
        #expect(elsewhere.status == 2 && elsewhere.stderr.contains("--no-folder") && elsewhere.stderr.contains("not reversed"),
                "\(elsewhere.stderr)")
        #expect(try s.paidCommissions() == [1, 2])
        let reversed = try s.cli(["reverse", "--month", "2026-12"])
        #expect(reversed.status == 0 && reversed.stdout.contains("2 commissions"), "\(reversed.stdout)\(reversed.stderr)")
        #expect(!FileManager.default.fileExists(atPath: s.out.appendingPathComponent("2026-12").path))
        let folders = try FileManager.default.contentsOfDirectory(atPath: s.out.path)
        #expect(folders.contains { $0.hasPrefix("2026-12-reversed-") }, "\(folders)")
        #expect(try s.paidCommissions().isEmpty)
        #expect(try s.count("select count(*) from reversed_payout_items") == 2)
        // The month runs again and pays each commission once, in a non-reversed payout.
        try s.run("2026-12-01")
        #expect(try s.paidCommissions() == [1, 2])
        try s.cli(["sent", "--month", "2026-12", "iban-CHF.xml"])
        let refused = try s.cli(["reverse", "--month", "2026-12"])
        #expect(refused.status == 2 && refused.stderr.contains("marked sent"), "\(refused.stderr)")
        #expect(FileManager.default.fileExists(atPath: s.out.appendingPathComponent("2026-12/iban-CHF.xml").path))
    }

    /// The connection lost while the reversal commits: it may or may not be reversed, so its
    /// folder stays renamed (nobody sends files whose commissions may be open again) and the
    /// message says how to tell.
    @Test func aReversalWhoseCommitIsCutKeepsTheFolderOutOfReach() throws {
        let s = try decemberRun(1...2) { _ in "80" }
        try s.conn.execute("""
            create function slow_commit() returns trigger language plpgsql as $$ begin perform pg_sleep(10); return null; end $$
            """)
        try s.conn.execute("""
            create constraint trigger slow after insert on reversed_runs deferrable initially deferred
                for each row execute function slow_commit()
            """)
        let started = try PayoutsBinary.start(["reverse", "--month", "2026-12"], database: s.db.name,
                                              environment: ["PAYOUTS_OUT": s.out.path, "PAYOUTS_OPERATOR": "tester"])
        var sleeping: Int64 = 0
        for _ in 0..<400 where sleeping == 0 {
            sleeping = try s.conn.queryValue("""
                select count(*) from pg_stat_activity where datname = current_database() and wait_event = 'PgSleep'
                """, as: Int64.self)
            if sleeping == 0 { usleep(50_000) }
        }
        #expect(sleeping == 1)
        _ = try s.conn.query("""
            select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and wait_event = 'PgSleep'
            """)
        let result = PayoutsBinary.finish(started)
        #expect(result.status == 1 && result.stderr.contains("may or may not"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: s.out.appendingPathComponent("2026-12").path), "the folder stays renamed")
        #expect(try FileManager.default.contentsOfDirectory(atPath: s.out.path).contains { $0.hasPrefix("2026-12-reversed-") })
        // Here the server had not committed: the run stands, as `payouts status` would show.
        #expect(try s.paidCommissions() == [1, 2])
    }

    @Test func reversingARunThatRepaidAReturnOwesItAgainOnceAndImportsWaitForTheRunLock() throws {
        let s = try decemberRun(1...1, sent: true) { _ in "60" }
        let report = try rejectionOfAffiliate1(s, file: "r.xml", reason: "AC01")

        // While a run holds the lock, an import does nothing and exits 75.
        let holder = try s.db.connect()
        defer { holder.close() }
        #expect(try holder.tryAdvisoryLock(key: PayoutJob.runLockKey))
        let locked = try s.cli(["returns", report])
        #expect(locked.status == 75, "\(locked.stderr)")
        _ = try holder.advisoryUnlock(key: PayoutJob.runLockKey)

        #expect(try s.cli(["returns", report]).status == 0)
        try s.conn.execute("update affiliates set iban = \(Scenario.deIBAN) where id = 1")
        try s.run("2027-01-01")
        #expect(try s.recreditsSettled() == ["1:60.00:2027-01"])
        // Its files deleted (no folder under --out), the operator says so.
        try FileManager.default.removeItem(at: s.out.appendingPathComponent("2027-01"))
        #expect(try s.cli(["reverse", "--month", "2027-01"]).status == 2)
        let withoutFolder = try s.cli(["reverse", "--month", "2027-01", "--no-folder"])
        #expect(withoutFolder.status == 0 && withoutFolder.stdout.contains("it had no folder"), "\(withoutFolder.stdout)\(withoutFolder.stderr)")
        #expect(try s.recreditsSettled() == ["1:60.00:open"])
        #expect(try s.count("select count(*) from reversed_recredit_settlements") == 1)
        try s.run("2027-01-01")
        #expect(try s.entry(1, month: "2027-01")?.amount == "60.00")
        #expect(try s.recreditsSettled() == ["1:60.00:2027-01"])
        try s.run("2027-02-01")
        #expect(try s.entry(1, month: "2027-02") == nil)
    }

    @Test func anImportKilledMidwayLeavesNothing() throws {
        let s = try decemberRun(1...1, sent: true) { _ in "60" }
        let report = try rejectionOfAffiliate1(s, file: "kill.xml", reason: "AC04")
        let before = try s.databaseDigest()
        // Another session blocks the import's last statement, after it has recorded the file.
        let blocker = try s.db.connect()
        defer { blocker.close() }
        try blocker.execute("begin")
        try blocker.execute("lock table recredits in access exclusive mode")
        let started = try PayoutsBinary.start(["returns", report], database: s.db.name)
        var waited = 0
        while try s.count("select count(*) from pg_locks where not granted") == 0 && waited < 300 {
            usleep(20_000); waited += 1
        }
        #expect(try s.count("select count(*) from pg_locks where not granted") > 0, "the import never reached its last statement")
        kill(started.process.processIdentifier, SIGKILL)
        _ = PayoutsBinary.finish(started)
        try blocker.execute("rollback")
        // The server notices the dead client and rolls its transaction back.
        waited = 0
        while try s.count("select count(*) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and state <> 'idle'") > 0 && waited < 300 {
            usleep(20_000); waited += 1
        }
        #expect(try s.databaseDigest() == before)
        let retried = try s.cli(["returns", report])
        #expect(retried.status == 0 && retried.stdout.contains("1 re-credited"), "\(retried.stdout)\(retried.stderr)")
    }
}
