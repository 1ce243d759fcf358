import Foundation
import PayoutCore
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
    let connection: LifecycleConnection

    public init(conninfo: String, timeZone: String = "Europe/Zurich") {
        connection = LifecycleConnection(conninfo: conninfo, timeZone: timeZone)
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
        return try connection.withLock(during: "returns \(name)") { conn in
            try conn.transaction { conn in
                if let earlier = try conn.queryOne(LifecycleStatements.importBySHA256(sha256)) {
                    return ImportOutcome(
                        file: name, kind: try earlier.decode(String.self, "kind"), alreadyImported: true,
                        importedAt: try earlier.decode(String.self, "imported_at"),
                        reported: Int(try earlier.decode(Int32.self, "records")), recorded: 0, recredited: 0)
                }
                let records = try expandMessageRejections(conn, parsed, file: name)
                let matched = try match(conn, records, parsed: parsed, file: name)
                guard let importRow = try conn.queryOne(LifecycleStatements.createImport(
                    sha256: sha256, file: name, kind: parsed.kind.rawValue, by: LifecycleConnection.operatorName, records: records.count)) else {
                    throw JobError.failed("\(name): the import could not be recorded")
                }
                let importId = try importRow.decode(Int64.self, "id")
                var recorded = 0, recredited = 0
                if !matched.isEmpty, let counts = try conn.queryOne(LifecycleStatements.recordReturns(
                    importId: importId, runIds: matched.map(\.runId), affiliateIds: matched.map(\.affiliateId),
                    references: matched.map(\.record.reference), statuses: matched.map(\.record.status),
                    reasonCodes: matched.map(\.record.reasonCode), moneyBack: matched.map(\.record.moneyBack))) {
                    recorded = Int(try counts.decode(Int64.self, "recorded"))
                    recredited = Int(try counts.decode(Int64.self, "recredited"))
                }
                return ImportOutcome(file: name, kind: parsed.kind.rawValue, alreadyImported: false, importedAt: nil,
                                     reported: records.count, recorded: recorded, recredited: recredited)
            }
        }
    }

    /// A rejected group (or payment block) without transaction details rejects every
    /// payment of the original pain.001: one record per payout of that file.
    private func expandMessageRejections(_ conn: Connection, _ parsed: StatusFile, file: String) throws -> [ReturnRecord] {
        var records = parsed.records
        for rejection in parsed.rejectedMessages {
            guard let id = PayoutIdentifiers.parseMessageId(rejection.originalMessageId) else {
                throw JobError.failed("refused \(file), \(rejection.location): OrgnlMsgId \(rejection.originalMessageId) is not a payment file of ours; nothing was imported")
            }
            let payouts = try conn.query(LifecycleStatements.messagePayouts(month: id.month.description, currency: id.currency))
            let ours = try payouts.filter { try $0.decode(String.self, "token").uppercased().hasPrefix(id.runPrefix) }
            guard !ours.isEmpty else {
                throw JobError.failed("refused \(file), \(rejection.location): no committed run has the payment file \(rejection.originalMessageId); nothing was imported")
            }
            for row in ours {
                let affiliate = try row.decode(Int64.self, "affiliate_id")
                records.append(ReturnRecord(
                    reference: PayoutIdentifiers.payoutReference(month: id.month, affiliateId: affiliate),
                    status: rejection.status, reasonCode: rejection.reasonCode, moneyBack: rejection.moneyBack,
                    amount: nil, currency: nil, location: rejection.location))
            }
        }
        return records
    }

    private struct Matched {
        var record: ReturnRecord
        var runId: Int64
        var affiliateId: Int64
    }

    /// Every record must name a paid, sent payout of the file's channel, with the same amount
    /// and currency, from the message the file is about. All problems are listed, none applied.
    private func match(_ conn: Connection, _ records: [ReturnRecord], parsed: StatusFile, file: String) throws -> [Matched] {
        var problems: [String] = []
        var references: [(month: RunMonth, affiliateId: Int64)?] = []
        for record in records {
            let reference = PayoutIdentifiers.parsePayoutReference(record.reference)
            if reference == nil { problems.append("\(record.location): \(record.reference) is not a payout reference of ours") }
            references.append(reference)
        }
        let known = references.compactMap { $0 }
        var rows: [Int: Row] = [:]
        if !known.isEmpty {
            let months = references.map { $0?.month.description ?? "" }
            let ids = references.map { $0?.affiliateId ?? -1 }
            for row in try conn.query(LifecycleStatements.resolvePayouts(months: months, affiliateIds: ids)) {
                rows[Int(try row.decode(Int64.self, "ord")) - 1] = row
            }
        }
        let channel = parsed.kind == .payPal ? "paypal" : parsed.kind == .prepaid ? "prepaid" : "iban"
        let message = parsed.originalMessageId.flatMap(PayoutIdentifiers.parseMessageId)
        var matched: [Matched] = []
        for (index, record) in records.enumerated() {
            guard let reference = references[index] else { continue }
            let at = "\(record.location): \(record.reference)"
            guard let row = rows[index] else {
                problems.append("\(at) is not a paid payout of any committed run"); continue
            }
            let method = try row.decode(String.self, "method")
            let currency = try row.decode(String.self, "currency")
            let amount = try row.decode(Decimal.self, "amount")
            let token = try row.decode(String.self, "token")
            if method != channel { problems.append("\(at) is a \(method) payout, not one this \(parsed.kind.rawValue) file can report on"); continue }
            if !(try row.decode(Bool.self, "sent")) {
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
            matched.append(Matched(record: record, runId: try row.decode(Int64.self, "run_id"), affiliateId: reference.affiliateId))
        }
        if !problems.isEmpty {
            let shown = problems.prefix(10).joined(separator: "; ")
            let more = problems.count > 10 ? " (and \(problems.count - 10) more)" : ""
            throw JobError.failed("refused \(file) (\(parsed.kind.rawValue)): \(shown)\(more); nothing was imported")
        }
        return matched
    }
}
