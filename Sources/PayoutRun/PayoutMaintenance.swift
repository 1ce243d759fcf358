import Foundation
import PayoutCore
import PayoutFiles
import PayoutSQL
import Postgres

/// One run as listed by `payouts status`.
public struct RunListing: Sendable {
    public var month: String
    public var asOf: String
    public var createdAt: String
    public var exported: Bool
    public var paid: Int
    public var held: Int
    public var needingAttention: Int
    /// Of those, the holds new since the affiliate's previous committed run.
    public var newAttention: Int
    public var voided: Int
    /// Paid totals per channel and currency, e.g. ("iban", "CHF", 12, "1234.50").
    public var totals: [(channel: String, currency: String, count: Int, amount: String)]
    /// Orders decided by the accruals since the previous run, per outcome (empty: none).
    public var accrual: [AccrualCount] = []
}

/// The commands around the run: schema migrations and the list of runs.
public struct PayoutMaintenance {
    let conninfo: String
    let timeZone: String

    /// `timeZone` is the one timestamps are shown in (the program's).
    public init(conninfo: String, timeZone: String = ProgramTimeZone.defaultIdentifier) {
        self.conninfo = conninfo
        self.timeZone = timeZone
    }

    /// Applies missing migrations; returns their names.
    public func migrate() throws -> [String] {
        let conn = try JobSession.connect(conninfo)
        defer { conn.close() }
        do {
            return try Migrator(conn).migrate()
        } catch {
            throw JobError.wrap(error, during: "migrate")
        }
    }

    /// Every committed run, newest first, with paid totals per channel and currency.
    public func runs() throws -> [RunListing] {
        try JobSession.withoutLock(conninfo: conninfo, timeZone: timeZone, during: "status") { conn in
            var totals: [Int64: [(channel: String, currency: String, count: Int, amount: String)]] = [:]
            for record in try conn.query(ExportStatements.runsTotals(), as: ChannelTotalRecord.self) {
                let total = record.total
                totals[record.runId ?? 0, default: []].append((
                    total.channel.rawValue, total.sum.currency, total.count, try total.sum.formatted()))
            }
            var accrual: [String: [AccrualCount]] = [:]
            for record in try conn.query(AccrualStatements.runsAccrualCounts(), as: RunAccrualCount.self) {
                accrual[record.month, default: []].append(record.count)
            }
            return try conn.query(ExportStatements.runsOverview(), as: RunOverviewRecord.self).map { record in
                var listing = record.listing
                listing.totals = totals[record.id] ?? []
                listing.accrual = accrual[listing.month] ?? []
                return listing
            }
        }
    }
}

/// One row of `runs_overview`.
struct RunOverviewRecord: RowDecodable {
    var id: Int64
    var listing: RunListing

    init(row: Row) throws {
        id = try row["id"]
        let counts = try RunCounts(row: row)
        listing = RunListing(month: try row["month"], asOf: try row["as_of"], createdAt: try row["created_at"],
                             exported: try row["exported"], paid: counts.paid, held: counts.held,
                             needingAttention: counts.attention, newAttention: counts.newAttention,
                             voided: counts.voided, totals: [])
    }
}
