import Foundation
import PayoutCore

// The files written from rows the export streams (sql/queries/export.sql, `*_file`
// statements): statement.csv and report.json's members laid out here from the records'
// columns, the prepaid CSV as the database formatted it (its `csv_cell` and `decimal_text`
// are the tested twins of `CSV.field` and `DecimalText`). The writers keep the checks the
// Swift renderers make: file order, counts and totals, attention counts, known codes.

/// One affiliate of report.json as the run's records give it (`report_affiliates_file`): the
/// columns `RunJSON.appendAffiliate` lays out, and what the writer checks. Byte buffers are
/// valid only during the `emit` call.
public struct ReportEntryColumns {
    public var affiliateId: Int64
    public var paid: Bool
    public var method: UnsafeRawBufferPointer
    public var currency: UnsafeRawBufferPointer
    public var minorUnits: Int
    /// PostgreSQL's `numeric` text of the amount; nil when it could not be computed.
    public var amount: UnsafeRawBufferPointer?
    /// The hold reasons as PostgreSQL writes a text array: `{}`, `{below_threshold,partner}`.
    public var reasons: UnsafeRawBufferPointer
    public var commissions: Int64
    public var needsAttention: Bool
    public var newAttention: Bool

    public init(affiliateId: Int64, paid: Bool, method: UnsafeRawBufferPointer, currency: UnsafeRawBufferPointer, minorUnits: Int,
                amount: UnsafeRawBufferPointer?, reasons: UnsafeRawBufferPointer, commissions: Int64,
                needsAttention: Bool, newAttention: Bool) {
        (self.affiliateId, self.paid, self.method, self.currency, self.minorUnits) = (affiliateId, paid, method, currency, minorUnits)
        (self.amount, self.reasons, self.commissions) = (amount, reasons, commissions)
        (self.needsAttention, self.newAttention) = (needsAttention, newAttention)
    }
}

/// What report.json's affiliate members add up to, checked against totals and counts.
struct ReportTally {
    var attention = 0
    var new = 0
    var paid: [String: (count: Int, amount: Decimal)] = [:]

    mutating func addPaid(key: String, amount: Decimal) {
        let sofar = paid[key] ?? (0, 0)
        paid[key] = (sofar.count + 1, sofar.amount + amount)
    }
}

extension RunFolder {
    /// `statement.csv` from the ledger's rows (`StatementCSV.LedgerRow`, laid out by
    /// `StatementCSV.append`), in ascending affiliate id; each affiliate's re-credits
    /// (`recredits`, ascending) are rendered here and written right after its commissions, as
    /// `writeStatement` does.
    public func writeStatement(recredits: [RecreditLine],
                               ledger produce: (_ emit: (StatementCSV.LedgerRow) throws -> Void) throws -> Void)
        throws -> [ManifestEntry]
    {
        let name = "statement.csv"
        var count = 0
        let (digest, disposition) = try AtomicFile.write(directory: directory, name: name) { file in
            try file.write(CSV.line(StatementCSV.header))
            var last: Int64?
            var pending = recredits[...]
            func check(_ affiliateId: Int64) throws {
                if let last, affiliateId < last {
                    throw PayoutFileError.invalidPayout(file: name, affiliateId: affiliateId,
                                                        problem: "statement lines must come in ascending affiliate id (previous \(last))")
                }
                last = affiliateId
                count += 1
            }
            func writeRecredits(before affiliateId: Int64?) throws {
                while let next = pending.first, affiliateId.map({ next.affiliateId < $0 }) ?? true {
                    try check(next.affiliateId)
                    try file.write(StatementCSV.row(next.statementLine, run: run))
                    pending = pending.dropFirst()
                }
            }
            let prefix = Array(PayoutIdentifiers.payoutReferencePrefix(month: run.month).utf8)
            var line: [UInt8] = []
            line.reserveCapacity(256)
            try produce { row in
                try writeRecredits(before: row.affiliateId)
                try check(row.affiliateId)
                line.removeAll(keepingCapacity: true)
                try StatementCSV.append(row, referencePrefix: prefix, to: &line)
                try line.withUnsafeBytes { try file.write(bytes: $0) }
            }
            try writeRecredits(before: nil)
        }
        return [ManifestEntry(path: name, channel: .statement, format: .csv, count: count, sha256: digest,
                              disposition: disposition)]
    }

    /// `report.json` with the affiliate and voided members laid out from their columns
    /// (`RunJSON.appendAffiliate`, `RunJSON.appendVoided`); the same checks as `writeReport`
    /// (order, paid entries against `totals`, attention counts), and every code written is one
    /// the program knows.
    public func writeReport(needsAttention: Int, newAttention: Int?,
                            entryColumns entries: (_ emit: (ReportEntryColumns) throws -> Void) throws -> Void,
                            voidedMembers voided: (_ emit: (RunJSON.VoidedMember) throws -> Void) throws -> Void,
                            totals: [ChannelTotal], recredits: [RecreditLine] = [],
                            accrual: [AccrualCount] = []) throws -> [ManifestEntry] {
        try writeReportFile(needsAttention: needsAttention, newAttention: newAttention, totals: totals, recredits: recredits,
                            accrual: accrual, affiliates: { file in
            var tally = ReportTally()
            // Per method and currency met (a handful): checked once, paid amounts summed; found
            // by comparing bytes, so a row costs no String and no hashing.
            var channels: [(method: [UInt8], currency: [UInt8], payoutMethod: PayoutMethod, minorUnits: Int?, paid: PaidMinorUnits)] = []
            var reasonArrays = HoldReasonArrays()
            let prefix = Array(PayoutIdentifiers.payoutReferencePrefix(month: run.month).utf8)
            var line: [UInt8] = []
            line.reserveCapacity(256)
            var first = true
            var last: Int64?
            try entries { entry in
                let id = entry.affiliateId
                func bad(_ problem: String) -> PayoutFileError { .inconsistentReport(problem: "affiliate \(id) \(problem)") }
                if let last, id <= last { throw bad("listed twice or out of order (previous \(last))") }
                guard id >= 0 else { throw bad("has a negative id") }
                let channel: Int
                if let known = channels.firstIndex(where: { $0.method.elementsEqual(entry.method) && $0.currency.elementsEqual(entry.currency) }) {
                    channel = known
                } else {
                    guard let method = PayoutMethod(rawValue: String(decoding: entry.method, as: UTF8.self)) else { throw bad("has an unknown method") }
                    guard Money.isCurrencyCode(entry.currency) else { throw bad("has no ISO 4217 currency code") }
                    // Paid amounts have their total's decimals (a channel without a total fails below).
                    let total = totals.first { $0.channel == method && $0.sum.currency.utf8.elementsEqual(entry.currency) }
                    channels.append((Array(entry.method), Array(entry.currency), method, total?.sum.minorUnits, PaidMinorUnits()))
                    channel = channels.count - 1
                }
                guard let reasons = reasonArrays.reasons(entry.reasons) else {
                    throw bad("has unknown hold reasons \(String(decoding: entry.reasons, as: UTF8.self))")
                }
                if entry.paid {
                    guard reasons.isEmpty, entry.amount != nil else { throw bad("is paid but has hold reasons or no amount") }
                } else if reasons.isEmpty {
                    throw bad("is held without a reason")
                }
                if entry.needsAttention {
                    guard !entry.paid else { throw bad("is paid and needs attention") }
                    tally.attention += 1
                    if entry.newAttention { tally.new += 1 }
                }
                line.removeAll(keepingCapacity: true)
                line.append(contentsOf: (first ? "\n  " : ",\n  ").utf8)
                // A paid amount has its channel's decimals, those of the totals it adds up to
                // (fewer for PayPal in HUF, JPY and TWD: `payout_decimals`, 0025); a held one its
                // currency's, which also fit a held amount of more decimals than its channel carries.
                let minorUnits = entry.paid ? channels[channel].minorUnits ?? entry.minorUnits : entry.minorUnits
                let amount = try RunJSON.appendAffiliate(RunJSON.AffiliateMember(
                    affiliateId: id, paid: entry.paid, method: channels[channel].payoutMethod, currency: entry.currency,
                    minorUnits: minorUnits, amount: entry.amount, reasons: reasons, commissions: entry.commissions,
                    newAttention: entry.needsAttention ? entry.newAttention : nil), referencePrefix: prefix, to: &line)
                if entry.paid, let amount {
                    let added = line.withUnsafeBytes { channels[channel].paid.add(UnsafeRawBufferPointer(rebasing: $0[amount]), fractionDigits: channels[channel].minorUnits) }
                    guard added else { throw bad("has a paid amount that is not a positive amount with its currency's decimals") }
                }
                try line.withUnsafeBytes { try file.write(bytes: $0) }
                first = false
                last = id
            }
            for channel in channels where channel.paid.count > 0 {
                let key = String(decoding: channel.method, as: UTF8.self) + " " + String(decoding: channel.currency, as: UTF8.self)
                tally.paid[key] = (channel.paid.count, channel.paid.total)
            }
            return (tally, !first)
        }, voided: { file in try Self.writeVoidedMembers(file, voided) })
    }

    /// The voided members of report.json, each after its separator, in affiliate order (the
    /// reason is a `VoidReason`, the currency checked by the layout). Returns whether it wrote any.
    static func writeVoidedMembers(_ file: AtomicFile,
                                   _ voided: (_ emit: (RunJSON.VoidedMember) throws -> Void) throws -> Void) throws -> Bool {
        var first = true
        var last: Int64?
        var line: [UInt8] = []
        try voided { member in
            if let last, member.affiliateId < last {
                throw PayoutFileError.inconsistentReport(problem: "voided commissions out of affiliate order")
            }
            line.removeAll(keepingCapacity: true)
            line.append(contentsOf: (first ? "\n  " : ",\n  ").utf8)
            try RunJSON.appendVoided(member, to: &line)
            try line.withUnsafeBytes { try file.write(bytes: $0) }
            first = false
            last = member.affiliateId
        }
        return !first
    }

    /// `paypal-<currency>-001.csv`, … and `paypal-<currency>-001.json`, … as `writePayPal`
    /// writes them, from receiver and amount text (exactly the currency's decimals), which the
    /// writer checks as it does a `PayPalPayment`.
    public func writeFormattedPayPal(currency: String, minorUnits: Int,
                                     _ produce: (_ emit: (_ affiliateId: Int64, _ receiver: String, _ amount: String) throws -> Void) throws -> Void)
        throws -> [ManifestEntry]
    {
        let writer = try PayPalWriter(directory: directory, run: run, currency: currency, minorUnits: minorUnits)
        defer { writer.discard() }
        try produce { try writer.add(affiliateId: $0, receiver: $1, amount: $2) }
        return try writer.commit()
    }

    /// `prepaid-<currency>.csv` from lines the database formatted (`prepaid_file`), with the
    /// checks `writePrepaid` makes: ascending affiliate ids, a positive amount with exactly the
    /// currency's decimals, an account that is not blank.
    public func writeFormattedPrepaid(currency: String, minorUnits: Int,
                                      _ produce: (_ emit: (_ affiliateId: Int64, _ account: UnsafeRawBufferPointer,
                                                          _ amount: UnsafeRawBufferPointer, _ line: UnsafeRawBufferPointer) throws -> Void) throws -> Void)
        throws -> [ManifestEntry]
    {
        let name = Self.paymentFileName("prepaid-\(currency).csv", run: run)
        var paid = PaidMinorUnits()
        let (digest, disposition) = try AtomicFile.write(directory: directory, name: name) { file in
            try file.write(CSV.line(PrepaidCSV.header))
            var last: Int64?
            try produce { affiliateId, account, amount, line in
                func bad(_ problem: String) -> PayoutFileError {
                    .invalidPayout(file: name, affiliateId: affiliateId, problem: problem)
                }
                if let last, affiliateId <= last {
                    throw bad("affiliate ids must be strictly ascending (previous \(last)): a payout twice, or out of order")
                }
                guard affiliateId >= 0 else { throw bad("negative affiliate id") }
                guard paid.add(amount, fractionDigits: minorUnits) else {
                    throw bad("amount \(String(decoding: amount, as: UTF8.self)) is not a positive amount with \(minorUnits) decimals")
                }
                guard !Self.isBlank(account) else { throw bad("prepaid account is empty") }
                guard line.count >= 2, line[line.count - 2] == 13, line[line.count - 1] == 10 else { throw bad("not a CSV line") }
                try file.write(bytes: line)
                last = affiliateId
            }
        }
        return [ManifestEntry(path: name, channel: .prepaid, format: .csv, currency: currency, count: paid.count,
                              total: try AmountFormat.string(paid.total, minorUnits: minorUnits), sha256: digest,
                              disposition: disposition)]
    }

    /// Empty or only white space and line breaks, as `PrepaidCSV.row` trims it; ASCII without
    /// building a String.
    static func isBlank(_ bytes: UnsafeRawBufferPointer) -> Bool {
        for byte in bytes {
            if byte >= 0x80 {
                return String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
            }
            if !byte.isASCIIWhitespace { return false }
        }
        return true
    }
}
