import Foundation
import PayoutCore
import PayoutSQL
import Postgres

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
    public var amount: Money
    /// The run that paid the re-credit; nil while it is open (or never owed).
    public var repaidIn: String?
    /// The next run holds the affiliate with `payout_returned`.
    public var held: Bool
}

/// A reversed run as `payouts status` lists it.
public struct ReversedRunListing: Sendable {
    public var month: String
    public var reversedAt: String
    public var by: String
    public var folder: String?
}

/// `payouts sent`, `release`, `reverse` and the lifecycle part of `status` (SPEC §9). Each
/// command holds the run lock (`JobSession`) and changes the database in one transaction.
public struct PayoutLifecycle {
    let conninfo: String
    let timeZone: String

    public init(conninfo: String, timeZone: String = ProgramTimeZone.defaultIdentifier) {
        (self.conninfo, self.timeZone) = (conninfo, timeZone)
    }

    func withLock<T>(during what: String, _ body: (Connection) throws -> T) throws -> T {
        try JobSession.withLock(conninfo: conninfo, timeZone: timeZone, during: what) { try body($0.connection) }
    }

    /// Who acts, for the record: the operating-system user running the command.
    static var operatorName: String {
        let env = ProcessInfo.processInfo.environment
        return env["PAYOUTS_OPERATOR"] ?? env["USER"] ?? env["LOGNAME"] ?? "unknown"
    }

    // MARK: sent

    /// Marks files of the run of `month` sent (all of them when `files` is empty). Returns
    /// the files newly marked and those marked before; marking again changes nothing.
    public func markSent(month: RunMonth, files: [String]) throws -> (newlyMarked: Int, files: [SentFile]) {
        try withLock(during: "sent") { conn in
            try conn.transaction { conn in
                let runId = try Self.run(conn, month)
                let channels = try conn.query(LifecycleStatements.runChannels(runId: runId), as: PayoutFileChannel.self)
                var chosen: [(channel: PayoutMethod, currency: String, file: String)] = []
                if files.isEmpty {
                    chosen = channels.map { ($0.channel, $0.currency, Self.defaultFileName($0)) }
                } else {
                    for path in files {
                        let name = URL(fileURLWithPath: path).lastPathComponent
                        guard let parsed = Self.payoutFile(name) else {
                            throw JobError.usage("\(name) is not a payout file name (iban-CHF.xml, paypal-EUR-001.csv, prepaid-CHF.csv)")
                        }
                        guard channels.contains(parsed) else {
                            throw JobError.usage("run \(month) has no \(parsed.channel.rawValue) payouts in \(parsed.currency): \(name) is not one of its files")
                        }
                        chosen.append((parsed.channel, parsed.currency, name))
                    }
                }
                let marked = chosen.isEmpty ? 0 : try conn.queryValue(LifecycleStatements.markSent(
                    runId: runId, files: chosen, by: Self.operatorName), as: Int.self)
                return (marked, try conn.query(LifecycleStatements.sentFiles(runId: runId), as: SentFile.self))
            }
        }
    }

    /// What `sent` records for a whole channel and currency (PayPal files may be split in parts).
    static func defaultFileName(_ file: PayoutFileChannel) -> String {
        switch file.channel {
        case .iban: "iban-\(file.currency).xml"
        case .paypal: "paypal-\(file.currency)"
        case .prepaid: "prepaid-\(file.currency).csv"
        }
    }

    /// Channel and currency of a payout file name as the run folder writes them.
    static func payoutFile(_ name: String) -> PayoutFileChannel? {
        let parts = name.split(separator: ".", maxSplits: 1).first.map { $0.split(separator: "-").map(String.init) } ?? []
        guard parts.count >= 2, let channel = PayoutMethod(rawValue: parts[0]), parts[1].count == 3,
              parts[1].allSatisfy({ $0.isASCII && $0.isUppercase }) else { return nil }
        return PayoutFileChannel(channel: channel, currency: parts[1])
    }

    // MARK: release

    /// Lets the next run pay an affiliate whose payout came back although its details did not change.
    public func release(affiliateId: Int64) throws -> Bool {
        try withLock(during: "release") { conn in
            try conn.queryOne(LifecycleStatements.releaseAffiliate(affiliateId, by: Self.operatorName), as: SingleValue<Int64>.self) != nil
        }
    }

    // MARK: status

    public func returns() throws -> [ReturnListing] {
        try JobSession.withoutLock(conninfo: conninfo, timeZone: timeZone, during: "status") { conn in
            try conn.query(LifecycleStatements.returnsOverview(), as: ReturnListing.self)
        }
    }

    public func reversedRuns() throws -> [ReversedRunListing] {
        try JobSession.withoutLock(conninfo: conninfo, timeZone: timeZone, during: "status") { conn in
            try conn.query(LifecycleStatements.reversedOverview(), as: ReversedRunListing.self)
        }
    }

    static func run(_ conn: Connection, _ month: RunMonth) throws -> Int64 {
        guard let run = try conn.queryOne(LifecycleStatements.runOfMonth(month), as: SingleValue<Int64>.self) else {
            throw JobError.usage("no committed run for \(month): see `payouts status`")
        }
        return run.value
    }
}
