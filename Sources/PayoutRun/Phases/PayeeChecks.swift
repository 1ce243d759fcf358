import PayoutCore
import PayoutSQL
import Postgres

/// The run's payee checks (`PayeeCheck`: IBAN, creditor address, PayPal receiver, prepaid
/// account). They need no balance, so they start right after the run's transaction begins, on
/// a second connection that imports its snapshot, and read and validate every affiliate's
/// details (`payees_in_snapshot`, one COPY) while the run collects and converts on its own
/// connection; `hold` then merges what they found into the holds compute_balances recorded.
struct PayeeChecks {
    /// The affiliates whose details failed a check, with what failed.
    typealias Findings = [Int64: Set<HoldReason>]

    private let work: BackgroundWork<Findings>

    /// Starts the checks on a new connection of `connect`, reading in `snapshot`.
    init(snapshot: Connection.Snapshot, connect: @escaping @Sendable () throws -> Connection) {
        work = BackgroundWork(name: "payouts payee checks") {
            let conn = try connect()
            defer { conn.close() }
            // Only reads: nothing to commit.
            return try conn.transaction(isolation: .repeatableRead, ending: .rollback, snapshot: snapshot) { conn in
                var findings: Findings = [:]
                try conn.copyRows(PayeeStatements.payeesInSnapshot()) { row in
                    let record = try PayeeRecord(copyRow: row)
                    let found = PayeeCheck.reasons(for: record.payee)
                    if !found.isEmpty { findings[record.affiliateId] = found }
                }
                return findings
            }
        }
    }

    /// Waits until the checks have ended, whatever they found: a run that stops early leaves
    /// nothing reading behind it.
    func wait() { _ = work.join() }

    /// What the checks found (waits for them), or the error that stopped them.
    func findings() throws -> Findings { try work.join().get() }

    /// Holds the run's affiliates whose details failed, each with its complete reason list in
    /// HoldReason order (one bulk update), and returns how many.
    func hold(runId: Int64, on connection: Connection) throws -> Int {
        let findings = try findings()
        guard !findings.isEmpty else { return 0 }
        var holds: [(affiliateId: Int64, reason: HoldReason)] = []
        let recorded = try connection.query(PayeeStatements.runReasonsOf(runId: runId, affiliateIds: Array(findings.keys)),
                                            as: RecordedReasons.self)
        for entry in recorded {
            guard let found = findings[entry.affiliateId] else { continue }
            let reasons = found.union(entry.reasons).sorted()
            if reasons != entry.reasons { holds += reasons.map { (entry.affiliateId, $0) } }
        }
        guard !holds.isEmpty else { return 0 }
        return try connection.queryValue(RunStatements.holdInvalidPayees(runId: runId, holds: holds), as: Int.self)
    }
}
