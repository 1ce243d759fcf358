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
}
