import Foundation
import PayoutCore
import PayoutRun
import PayoutSQL
import Postgres
import TestSupport

/// A throwaway, migrated database plus an output folder, with short ways to write the input
/// tables as upstream systems would, run the job, and read back what it recorded.
final class Scenario: UpstreamRows {
    let db: TestDatabase
    let conn: Connection
    let out: URL

    /// Valid IBANs for tests (check digits verified independently by the file tests' oracle).
    static let chIBAN = "CH9300762011623852957"
    static let deIBAN = "DE89370400440532013000"

    /// `migrations`: the schema to start from (all of this version's by default; a prefix
    /// builds a database as an earlier version left it).
    init(migrations: [Migration] = PayoutSQL.migrations) throws {
        db = try TestDatabase.create()
        conn = try db.connect()
        _ = try Migrator(conn, migrations: migrations).migrate()
        _ = try conn.query("select set_config('TimeZone', 'Europe/Zurich', false)")
        out = FileManager.default.temporaryDirectory.appendingPathComponent("payouts-test-\(UUID().uuidString)")
        try debtor("CHF", iban: Self.chIBAN)
        try debtor("EUR", iban: "CH5604835012345678009")
    }

    deinit {
        conn.close()
        db.drop()
        try? FileManager.default.removeItem(at: out)
    }

    var settings: JobSettings {
        JobSettings(conninfo: db.conninfo, timeZone: "Europe/Zurich", outputDirectory: out)
    }

    // MARK: input tables

    func affiliate(_ id: Int64, currency: String = "CHF", method: String = "iban", iban: String? = Scenario.chIBAN,
                   email: String? = nil, prepaid: String? = nil, name: String = "Affiliate", town: String? = "Zürich",
                   country: String? = "CH", partner: Bool = false, suspended: Bool = false) throws {
        try conn.execute("""
            insert into affiliates (id, name, account_currency, payout_method, iban, paypal_email, prepaid_account,
                                    town, country, is_partner, suspended)
            values (\(id), \(name), \(currency), \(method), \(iban), \(email ?? "a\(id)@example.com"), \(prepaid ?? "IK-\(id)"),
                    \(town), \(country), \(partner), \(suspended))
            """)
    }

    /// Affiliate 1 (the defaults) with CHF commissions 1, 2, … in the order given.
    func affiliateOne(with commissions: (amount: String, orderedAt: String)...) throws {
        try affiliate(1)
        for (index, commission) in commissions.enumerated() {
            try self.commission(Int64(index + 1), affiliate: 1, amount: commission.amount, orderedAt: commission.orderedAt)
        }
    }

    /// Affiliates `ids` over the three channels (by id modulo 3) and two currencies (even ids
    /// EUR), each with a CHF commission in early September and a EUR one on 15 September, and
    /// the EUR→CHF rate: the November run pays them all.
    func affiliatesOnEveryChannel(_ ids: ClosedRange<Int64>) throws {
        try rate("EUR", "CHF", "0.93", validFrom: "2026-10-01 00:00:00+02")
        for id in ids {
            let method = ["iban", "paypal", "prepaid"][Int(id) % 3]
            try affiliate(id, currency: id % 2 == 0 ? "EUR" : "CHF", method: method, name: "Affiliate \(id)")
            try commission(id * 10, affiliate: id, amount: "\(40 + id).25", orderedAt: "2026-09-0\(id % 9 + 1) 12:00:00+02")
            try commission(id * 10 + 1, affiliate: id, amount: "\(id).10", currency: "EUR", orderedAt: "2026-09-15 12:00:00+02")
        }
    }

    /// Affiliates 1 and 2 (the defaults), each with one CHF commission of the same id.
    func twoAffiliates(_ first: (amount: String, orderedAt: String), _ second: (amount: String, orderedAt: String)) throws {
        for (id, commission) in [(Int64(1), first), (Int64(2), second)] {
            try affiliate(id)
            try self.commission(id, affiliate: id, amount: commission.amount, orderedAt: commission.orderedAt)
        }
    }

    /// Commission 7 is order "ORD-7".
    func orderRef(ofCommission id: Int64) -> String { "ORD-\(id)" }

    func debtor(_ currency: String, iban: String) throws {
        try conn.execute("""
            insert into debtor_accounts (currency, name, iban, bic, street, building_number, postcode, town, country)
            values (\(currency), 'Example Hosting SA', \(iban), 'UBSWCHZH80A', 'Rue du Lac', '12', '1227', 'Carouge', 'CH')
            on conflict (currency) do update set iban = excluded.iban
            """)
    }

    // MARK: running

    func job() -> PayoutJob {
        PayoutJob(settings: settings, log: JobLog(write: { _ in }, isTerminal: false))
    }

    @discardableResult
    /// Runs in-process as if the clock showed the as-of day's noon, so any month can be tested.
    func run(_ asOf: String = "2026-12-01", dryRun: Bool = false, executionDate: String? = nil) throws -> RunOutcome {
        let month = try RunMonth.parseAsOf(asOf)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Zurich")!
        let now = calendar.date(from: DateComponents(year: month.year, month: month.month, day: 1, hour: 12))!
        return try job().run(month: month, dryRun: dryRun, now: now, executionDate: executionDate)
    }

    // MARK: reading back

    struct Entry: Equatable {
        var status: String
        var amount: String?
        var reasons: [String]
        var commissions: Int
    }

    /// What the run of `month` recorded for an affiliate; nil when the affiliate was not in it.
    func entry(_ affiliate: Int64, month: String = "2026-12") throws -> Entry? {
        try conn.queryOne("""
            select ra.status, ra.amount::text as amount, array_to_string(ra.reasons, ',') as reasons, ra.commissions
            from run_affiliates ra join payout_runs r on r.id = ra.run_id
            where r.month = \(month) and ra.affiliate_id = \(affiliate)
            """).map { row in
            Entry(status: try row.decode(String.self, "status"), amount: try row.decode(String?.self, "amount"),
                  reasons: try row.decode(String.self, "reasons").split(separator: ",").map(String.init),
                  commissions: Int(try row.decode(Int32.self, "commissions")))
        }
    }

    /// Commission ids paid so far, in order.
    func paidCommissions() throws -> [Int64] {
        try conn.query("select commission_id from payout_items order by commission_id").map { try $0.decode(Int64.self, at: 0) }
    }

    func voided() throws -> [Int64: String] {
        var result: [Int64: String] = [:]
        for row in try conn.query("select commission_id, reason from voided_commissions") {
            result[try row.decode(Int64.self, at: 0)] = try row.decode(String.self, at: 1)
        }
        return result
    }

    /// Every file of a run folder ("2026-11", "2026-11-preview") by name, as bytes.
    func files(in folder: String) throws -> [String: Data] {
        let dir = out.appendingPathComponent(folder)
        var result: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: dir.path) {
            result[name] = try Data(contentsOf: dir.appendingPathComponent(name))
        }
        return result
    }

    func json(_ month: String, _ file: String) throws -> [String: Any] {
        let data = try Data(contentsOf: out.appendingPathComponent(month).appendingPathComponent(file))
        return try JSONSerialization.jsonObject(with: data) as! [String: Any]
    }

    /// A digest of every table's content, to prove a dry run or a failed run changed nothing.
    func databaseDigest() throws -> String {
        let tables = try conn.query("""
            select tablename from pg_tables where schemaname = 'public' order by tablename
            """).map { try $0.decode(String.self, at: 0) }
        var digest = ""
        for table in tables {
            // Table names come from the catalog, never from input; quoted as identifiers.
            let row = try conn.queryOne(Query(unsafeSQL: "select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) from \"\(table)\" t"))!
            digest += "\(table)=\(try row.decode(String.self, at: 0));"
        }
        // Sequences are left out on purpose: PostgreSQL never rolls back nextval(), and run
        // ids only need to be unique, not gapless.
        return digest
    }
}

extension Connection {
    /// The plan PostgreSQL makes for `query` (its `EXPLAIN` lines joined by newlines), in this
    /// connection's open transaction; `verbose` adds every node's output expressions.
    func plan(of query: Query, verbose: Bool = false) throws -> String {
        try self.query(Query(sql: "explain (\(verbose ? "verbose, " : "")costs off) " + query.sql, bindings: query.bindings))
            .map { try $0.decode(String.self, at: 0) }
            .joined(separator: "\n")
    }
}
