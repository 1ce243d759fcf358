import Foundation
import PayoutCore
import PayoutSQL
import Postgres
import Returns

/// What importing one status file did.
public struct ImportOutcome: Sendable {
    public var file: String
    public var kind: String
    /// True when the same bytes were imported before: nothing changed.
    public var alreadyImported: Bool
    public var importedAt: String?
    /// Payouts the file reports on (rejected, returned or pending).
    public var reported: Int
    /// New facts recorded (a payout already returned, or already reported the same way, is not recorded again).
    public var recorded: Int
    /// Payouts whose amount is owed again.
    public var recredited: Int
}

/// `payouts returns FILE…`: each file in one transaction, under the run lock. A file that
/// names an unknown payout, a payout not yet sent, another amount or currency, or is not a
/// status file at all, is refused whole.
public struct ReturnsImport {
    let lifecycle: PayoutLifecycle

    public init(conninfo: String, timeZone: String = ProgramTimeZone.defaultIdentifier) {
        lifecycle = PayoutLifecycle(conninfo: conninfo, timeZone: timeZone)
    }

    public func importFile(at url: URL) throws -> ImportOutcome {
        let name = url.lastPathComponent
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw JobError.usage("cannot read \(url.path): \(error.localizedDescription)")
        }
        let sha256 = StatusFiles.sha256(data)
        let parsed: StatusFile
        do {
            parsed = try StatusFiles.parse(data, file: name)
        } catch let error as StatusFileError {
            throw JobError.failed("refused \(error); nothing was imported")
        }
        return try lifecycle.withLock(during: "returns \(name)") { conn in
            try conn.transaction { conn in
                if let earlier = try conn.queryOne(LifecycleStatements.importBySHA256(sha256), as: EarlierImport.self) {
                    return ImportOutcome(file: name, kind: earlier.kind, alreadyImported: true, importedAt: earlier.importedAt,
                                         reported: earlier.records, recorded: 0, recredited: 0)
                }
                let records = try expandMessageRejections(conn, parsed, file: name)
                let matched = try match(conn, records, parsed: parsed, file: name)
                let importId = try conn.queryValue(LifecycleStatements.createImport(
                    sha256: sha256, file: name, kind: parsed.kind.rawValue, by: PayoutLifecycle.operatorName,
                    records: records.count), as: Int64.self)
                let counts = matched.isEmpty ? nil : try conn.queryFirst(
                    LifecycleStatements.recordReturns(importId: importId, returns: matched), as: RecordedReturns.self)
                return ImportOutcome(file: name, kind: parsed.kind.rawValue, alreadyImported: false, importedAt: nil,
                                     reported: records.count, recorded: counts?.recorded ?? 0, recredited: counts?.recredited ?? 0)
            }
        }
    }

    /// A rejected group (or payment block) rejects every payment of the original pain.001:
    /// one record per payout of that file. A report that lists transactions as well must list
    /// every payout of the file as rejected; one that lists only some is refused, since the
    /// bank may have executed the others (re-crediting them would pay twice) or not (leaving
    /// them would never pay them).
    private func expandMessageRejections(_ conn: Connection, _ parsed: StatusFile, file: String) throws -> [ReturnRecord] {
        var records = parsed.records
        let listed = Set(parsed.records.map(\.reference))
        for rejection in parsed.rejectedMessages {
            guard let id = PayoutIdentifiers.parseMessageId(rejection.originalMessageId) else {
                throw JobError.failed("refused \(file), \(rejection.location): OrgnlMsgId \(rejection.originalMessageId) is not a payment file of ours; nothing was imported")
            }
            let payouts = try conn.query(LifecycleStatements.messagePayouts(month: id.month, currency: id.currency), as: MessagePayout.self)
            let ours = payouts.filter { $0.token.uppercased().hasPrefix(id.runPrefix) }
            guard !ours.isEmpty else {
                throw JobError.failed("refused \(file), \(rejection.location): no committed run has the payment file \(rejection.originalMessageId); nothing was imported")
            }
            let references = ours.map { PayoutIdentifiers.payoutReference(month: id.month, affiliateId: $0.affiliateId) }
            if rejection.listsTransactions {
                let unlisted = references.filter { !listed.contains($0) }
                if let first = unlisted.first {
                    throw JobError.failed("""
                        refused \(file), \(rejection.location): the payment file \(rejection.originalMessageId) is rejected as a \
                        whole, but only \(references.count - unlisted.count) of its \(references.count) payouts are listed as \
                        rejected (\(first) is not); nothing was imported: ask the bank for a status report that lists every \
                        transaction, or one without transaction details
                        """)
                }
                continue
            }
            for reference in references {
                records.append(rejection.record(forPayout: reference))
            }
        }
        return records
    }

    /// Every record must name a paid, sent payout of the file's channel, with the same amount
    /// and currency, from the message the file is about. All problems are listed, none applied.
    private func match(_ conn: Connection, _ records: [ReturnRecord], parsed: StatusFile, file: String) throws -> [ReturnToRecord] {
        var problems: [String] = []
        var references: [(month: RunMonth, affiliateId: Int64)?] = []
        for record in records {
            let reference = PayoutIdentifiers.parsePayoutReference(record.reference)
            if reference == nil { problems.append("\(record.location): \(record.reference) is not a payout reference of ours") }
            references.append(reference)
        }
        let known = references.compactMap { $0 }
        var payouts: [Int: ResolvedPayout] = [:]
        if !known.isEmpty {
            let months = references.map { $0?.month.description ?? "" }
            let ids = references.map { $0?.affiliateId ?? -1 }
            for payout in try conn.query(LifecycleStatements.resolvePayouts(months: months, affiliateIds: ids), as: ResolvedPayout.self) {
                payouts[payout.position - 1] = payout
            }
        }
        let channel: PayoutMethod = parsed.kind == .payPal ? .paypal : parsed.kind == .prepaid ? .prepaid : .iban
        let message = parsed.originalMessageId.flatMap(PayoutIdentifiers.parseMessageId)
        var matched: [ReturnToRecord] = []
        for (index, record) in records.enumerated() {
            guard let reference = references[index] else { continue }
            let at = "\(record.location): \(record.reference)"
            guard let payout = payouts[index] else {
                problems.append("\(at) is not a paid payout of any committed run"); continue
            }
            let (method, currency, amount, token) = (payout.method, payout.currency, payout.amount, payout.token)
            if method != channel { problems.append("\(at) is a \(method.rawValue) payout, not one this \(parsed.kind.rawValue) file can report on"); continue }
            if !payout.sent {
                problems.append("\(at) was not sent yet (run `payouts sent --month \(reference.month)` once its file is handed over)"); continue
            }
            if let recordCurrency = record.currency, recordCurrency.uppercased() != currency {
                problems.append("\(at): currency \(recordCurrency), the payout was in \(currency)")
            }
            if let recordAmount = record.amount, recordAmount != amount {
                problems.append("\(at): amount \(recordAmount), the payout was \(amount) \(currency)")
            }
            if let original = parsed.originalMessageId, parsed.kind == .pain002 || parsed.kind == .payPal {
                let ours = message.map { $0.month == reference.month && $0.currency == currency && token.uppercased().hasPrefix($0.runPrefix) } ?? false
                if !ours { problems.append("\(at) is not a payment of \(original), the file this report is about") }
            }
            matched.append(ReturnToRecord(runId: payout.runId, affiliateId: reference.affiliateId, reference: record.reference,
                                          status: record.status, reasonCode: record.reasonCode, moneyBack: record.moneyBack))
        }
        if !problems.isEmpty {
            let shown = problems.prefix(10).joined(separator: "; ")
            let more = problems.count > 10 ? " (and \(problems.count - 10) more)" : ""
            throw JobError.failed("refused \(file) (\(parsed.kind.rawValue)): \(shown)\(more); nothing was imported")
        }
        return matched
    }
}
