import Foundation
import PayoutCore
@testable import PayoutRun
import Postgres
import Testing

/// The payee checks run on a connection of their own (`PayeeChecks`), in the snapshot the run's
/// transaction exported: they must validate exactly the details the run records.
@Suite struct PayeeChecksTests {
    /// An IBAN broken by another transaction after the run's snapshot is not what the checks
    /// see (without the imported snapshot they would find it invalid); one broken before the
    /// snapshot is found.
    @Test func theChecksReadTheRunsSnapshotNotLaterCommits() throws {
        let s = try Scenario()
        try s.affiliate(1)
        try s.affiliate(2, iban: "CH0000000000000000000")
        let writer = try s.db.connect()
        defer { writer.close() }
        let db = s.db
        let findings = try s.conn.transaction(isolation: .repeatableRead) { conn in
            let snapshot = try conn.exportSnapshot()
            try writer.execute("update affiliates set iban = 'CH0000000000000000000' where id = \(Int64(1))")
            return try PayeeChecks(snapshot: snapshot, connect: { try db.connect() }).findings()
        }
        #expect(findings[1] == nil, "\(findings)")
        #expect(findings[2] == [.invalidIBAN], "\(findings)")
    }

    /// White space around an account is not part of it, line breaks, tabs and non-breaking
    /// spaces included: a PayPal address ending with a line break is paid to the address (and
    /// recorded without it); an IBAN of only a tab is missing, not invalid.
    @Test func whiteSpaceAroundAnAccountIsNotPartOfIt() throws {
        let s = try Scenario()
        try s.affiliate(1, method: "paypal", email: "anna@example.ch\r\n")
        try s.affiliate(2, method: "paypal", email: "\u{00A0}bob@example.ch\t")
        try s.affiliate(3, iban: "\t")
        for id in Int64(1)...3 { try s.commission(id, affiliate: id, amount: "60", orderedAt: "2026-10-01 12:00:00+02") }
        try s.run("2026-12-01")
        #expect(try s.entry(1)?.status == "paid")
        #expect(try s.entry(2)?.status == "paid")
        #expect(try s.entry(3)?.reasons == ["missing_payout_details"])
        let receivers = try s.conn.query("select paypal_email from run_affiliates where affiliate_id in (1, 2) order by affiliate_id")
            .map { try $0.decode(String.self, at: 0) }
        #expect(receivers == ["anna@example.ch", "bob@example.ch"])
    }

}
