import Foundation
import PayoutCore
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
    public var voided: Int
    /// Paid totals per channel and currency, e.g. ("iban", "CHF", 12, "1234.50").
    public var totals: [(channel: String, currency: String, count: Int, amount: String)]
}

/// The commands around the run: schema migrations and the list of runs.
public struct PayoutMaintenance {
    let conninfo: String
    let timeZone: String

    /// `timeZone` is the one timestamps are shown in (the program's).
    public init(conninfo: String, timeZone: String = "Europe/Zurich") {
        self.conninfo = conninfo
        self.timeZone = timeZone
    }

    private func connect() throws -> Connection {
        do {
            return try Connection(conninfo: conninfo)
        } catch {
            throw JobError.failed("cannot connect to PostgreSQL: \(error)")
        }
    }

    /// Applies missing migrations; returns their names.
    public func migrate() throws -> [String] {
        let conn = try connect()
        defer { conn.close() }
        do {
            return try Migrator(conn).migrate()
        } catch {
            throw JobError.wrap(error, during: "migrate")
        }
    }

    /// Every committed run, newest first, with paid totals per channel and currency.
    public func runs() throws -> [RunListing] {
        let conn = try connect()
        defer { conn.close() }
        do {
            try Migrator(conn).requireCurrent()
            _ = try conn.query("select set_config('TimeZone', \(timeZone), false)")
            var totals: [Int64: [(channel: String, currency: String, count: Int, amount: String)]] = [:]
            for row in try conn.query(Query(unsafeSQL: PayoutSQL.export["runs_totals"])) {
                let minorUnits = Int(try row.decode(Int32.self, "minor_units"))
                totals[try row.decode(Int64.self, "run_id"), default: []].append((
                    try row.decode(String.self, "method"), try row.decode(String.self, "currency"),
                    Int(try row.decode(Int64.self, "payouts")),
                    try AmountFormat.string(try row.decode(Decimal.self, "total"), minorUnits: minorUnits)))
            }
            return try conn.query(Query(unsafeSQL: PayoutSQL.export["runs_overview"])).map { row in
                RunListing(
                    month: try row.decode(String.self, "month"), asOf: try row.decode(String.self, "as_of"),
                    createdAt: try row.decode(String.self, "created_at"), exported: try row.decode(Bool.self, "exported"),
                    paid: Int(try row.decode(Int32.self, "paid_count")), held: Int(try row.decode(Int32.self, "held_count")),
                    needingAttention: Int(try row.decode(Int32.self, "attention_count")),
                    voided: Int(try row.decode(Int32.self, "voided_count")),
                    totals: totals[try row.decode(Int64.self, "id")] ?? [])
            }
        } catch {
            throw JobError.wrap(error, during: "status")
        }
    }
}
