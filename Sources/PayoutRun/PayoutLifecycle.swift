import Foundation
import PayoutCore
import Postgres
import Returns

/// A return as `payouts status` lists it.
public struct ReturnListing: Sendable {
    public var month: String
    public var affiliateId: Int64
    public var reference: String
    public var source: String
    public var status: String
    public var reasonCode: String?
    public var meaning: String
    public var moneyBack: Bool
    public var amount: String
    public var currency: String
    /// The run that paid the re-credit; nil while it is open (or never owed).
    public var repaidIn: String?
    /// The next run holds the affiliate with `payout_returned`.
    public var held: Bool
}

/// `payouts sent`, `release`, `reverse` and the lifecycle part of `status` (SPEC §9).
public struct PayoutLifecycle {
    let connection: LifecycleConnection

    public init(conninfo: String, timeZone: String = "Europe/Zurich") {
        connection = LifecycleConnection(conninfo: conninfo, timeZone: timeZone)
    }

    // MARK: sent

    /// Marks files of the run of `month` sent (all of them when `files` is empty). Returns
    /// the files newly marked and those marked before; marking again changes nothing.
    public func markSent(month: RunMonth, files: [String]) throws -> (newlyMarked: Int, files: [(file: String, sentAt: String, sentBy: String)]) {
        try connection.withLock(during: "sent") { conn in
            try conn.transaction { conn in
                let runId = try run(conn, month)
                let channels = try conn.query(LifecycleStatements.runChannels(runId: runId)).map {
                    (channel: try $0.decode(String.self, "channel"), currency: try $0.decode(String.self, "currency"))
                }
                var chosen: [(channel: String, currency: String, file: String)] = []
                if files.isEmpty {
                    chosen = channels.map { ($0.channel, $0.currency, Self.defaultFileName($0.channel, $0.currency)) }
                } else {
                    for path in files {
                        let name = URL(fileURLWithPath: path).lastPathComponent
                        guard let parsed = Self.payoutFile(name) else {
                            throw JobError.usage("\(name) is not a payout file name (iban-CHF.xml, paypal-EUR-001.csv, prepaid-CHF.csv)")
                        }
                        guard channels.contains(where: { $0.channel == parsed.channel && $0.currency == parsed.currency }) else {
                            throw JobError.usage("run \(month) has no \(parsed.channel) payouts in \(parsed.currency): \(name) is not one of its files")
                        }
                        chosen.append((parsed.channel, parsed.currency, name))
                    }
                }
                let marked = chosen.isEmpty ? 0 : Int(try conn.queryOne(LifecycleStatements.markSent(
                    runId: runId, channels: chosen.map(\.channel), currencies: chosen.map(\.currency),
                    files: chosen.map(\.file), by: LifecycleConnection.operatorName))?.decode(Int64.self, "marked") ?? 0)
                let sent = try conn.query(LifecycleStatements.sentFiles(runId: runId)).map {
                    (file: try $0.decode(String.self, "file"), sentAt: try $0.decode(String.self, "sent_at"), sentBy: try $0.decode(String.self, "sent_by"))
                }
                return (marked, sent)
            }
        }
    }

    static func defaultFileName(_ channel: String, _ currency: String) -> String {
        switch channel {
        case "iban": return "iban-\(currency).xml"
        case "paypal": return "paypal-\(currency)"
        default: return "prepaid-\(currency).csv"
        }
    }

    /// Channel and currency of a payout file name as the run folder writes them.
    static func payoutFile(_ name: String) -> (channel: String, currency: String)? {
        let parts = name.split(separator: ".", maxSplits: 1).first.map { $0.split(separator: "-").map(String.init) } ?? []
        guard parts.count >= 2, ["iban", "paypal", "prepaid"].contains(parts[0]), parts[1].count == 3,
              parts[1].allSatisfy({ $0.isASCII && $0.isUppercase }) else { return nil }
        return (parts[0], parts[1])
    }

    // MARK: release

    /// Lets the next run pay an affiliate whose payout came back although its details did not change.
    public func release(affiliateId: Int64) throws -> Bool {
        try connection.withLock(during: "release") { conn in
            try conn.queryOne(LifecycleStatements.releaseAffiliate(affiliateId, by: LifecycleConnection.operatorName)) != nil
        }
    }

    // MARK: reverse

    /// Reverses the committed run of `month` while none of its files is sent: its commissions
    /// and the re-credits it settled are open again, its rows are archived, and its folder is
    /// renamed `<month>-reversed-<UTC timestamp>` so nobody sends it.
    public func reverse(month: RunMonth, outputDirectory: URL, now: Date) throws -> (commissions: Int, recredits: Int, folder: String?) {
        try connection.withLock(during: "reverse") { conn in
            let folder = outputDirectory.appendingPathComponent(month.description, isDirectory: true)
            let stamp = Self.stamp(now)
            let renamed = outputDirectory.appendingPathComponent("\(month)-reversed-\(stamp)", isDirectory: true)
            let hasFolder = FileManager.default.fileExists(atPath: folder.path)
            var moved = false
            do {
                return try conn.transaction { conn in
                    let runId = try run(conn, month)
                    let sent = try conn.queryOne(LifecycleStatements.countSentFiles(runId: runId))?.decode(Int64.self, "sent") ?? 0
                    guard sent == 0 else {
                        throw JobError.usage("run \(month) has \(sent) file(s) marked sent: it cannot be reversed; import the bank's or PayPal's answers with `payouts returns` instead")
                    }
                    let by = LifecycleConnection.operatorName
                    _ = try conn.execute(LifecycleStatements.archiveReversedRun(runId: runId, by: by, folder: hasFolder ? renamed.lastPathComponent : nil))
                    _ = try conn.queryOne(LifecycleStatements.archiveReversedItems(runId: runId))
                    let recredits = Int(try conn.queryOne(LifecycleStatements.reopenRecredits(runId: runId))?.decode(Int64.self, "recredits") ?? 0)
                    let commissions = Int(try conn.queryOne(LifecycleStatements.reopenCommissions(runId: runId))?.decode(Int64.self, "commissions") ?? 0)
                    for statement in LifecycleStatements.removeReversedRun(runId: runId) { _ = try conn.execute(statement) }
                    // The folder goes out of reach before the commit; undone below if the commit fails.
                    if hasFolder {
                        do {
                            try FileManager.default.moveItem(at: folder, to: renamed)
                            moved = true
                        } catch {
                            throw JobError.failed("cannot rename \(folder.path) to \(renamed.lastPathComponent) (\(error.localizedDescription)); run \(month) was not reversed")
                        }
                    }
                    return (commissions, recredits, hasFolder ? renamed.lastPathComponent : nil)
                }
            } catch {
                if moved { try? FileManager.default.moveItem(at: renamed, to: folder) }
                throw error
            }
        }
    }

    private static func stamp(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter.string(from: date)
    }

    // MARK: status

    public func returns() throws -> [ReturnListing] {
        try connection.withLockFree { conn in
            try conn.query(LifecycleStatements.returnsOverview()).map { row in
                let code = try row.decode(String?.self, "reason_code")
                return ReturnListing(
                    month: try row.decode(String.self, "month"), affiliateId: try row.decode(Int64.self, "affiliate_id"),
                    reference: try row.decode(String.self, "reference"), source: try row.decode(String.self, "source"),
                    status: try row.decode(String.self, "status"), reasonCode: code, meaning: ReasonCodes.meaning(code),
                    moneyBack: try row.decode(Bool.self, "money_back"),
                    amount: try AmountFormat.string(try row.decode(Decimal.self, "amount"), minorUnits: Int(try row.decode(Int32.self, "minor_units"))),
                    currency: try row.decode(String.self, "currency"), repaidIn: try row.decode(String?.self, "repaid_in"),
                    held: try row.decode(Bool.self, "held"))
            }
        }
    }

    public func reversedRuns() throws -> [(month: String, reversedAt: String, by: String, folder: String?)] {
        try connection.withLockFree { conn in
            try conn.query(LifecycleStatements.reversedOverview()).map {
                (try $0.decode(String.self, "month"), try $0.decode(String.self, "reversed_at"),
                 try $0.decode(String.self, "reversed_by"), try $0.decode(String?.self, "folder"))
            }
        }
    }

    private func run(_ conn: Connection, _ month: RunMonth) throws -> Int64 {
        guard let row = try conn.queryOne(LifecycleStatements.runOfMonth(month.description)) else {
            throw JobError.usage("no committed run for \(month): see `payouts status`")
        }
        return try row.decode(Int64.self, "id")
    }
}

extension LifecycleConnection {
    /// For read-only listings: no lock needed.
    func withLockFree<T>(_ body: (Connection) throws -> T) throws -> T {
        let conn: Connection
        do { conn = try Connection(conninfo: conninfo) } catch { throw JobError.failed("cannot connect to PostgreSQL: \(error)") }
        defer { conn.close() }
        do {
            _ = try conn.query("select set_config('TimeZone', \(timeZone), false)")
            try Migrator(conn).requireCurrent()
            return try body(conn)
        } catch {
            throw JobError.wrap(error, during: "status")
        }
    }
}
