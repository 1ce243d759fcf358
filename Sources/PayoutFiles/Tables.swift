import Foundation
import PayoutCore

/// Rows of the prepaid credit CSV (with header row).
public enum PrepaidCSV {
    public static let header = ["prepaid_account", "amount", "currency", "payout_reference", "affiliate_id"]

    public static func row(_ credit: PrepaidCredit, run: RunInfo, file: String = "prepaid.csv") throws -> String {
        func bad(_ problem: String) -> PayoutFileError {
            .invalidPayout(file: file, affiliateId: credit.affiliateId, problem: problem)
        }
        guard credit.payout.amount > 0 else { throw bad("amount \(credit.payout.amount) is not positive") }
        let amount: String
        do { amount = try AmountFormat.string(credit.payout.amount, minorUnits: credit.payout.minorUnits) } catch {
            throw bad("amount \(credit.payout.amount) is not representable with \(credit.payout.minorUnits) decimals")
        }
        guard !credit.account.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw bad("prepaid account is empty")
        }
        let reference = try run.reference(for: credit.affiliateId, file: file)
        return CSV.line([credit.account, amount, credit.payout.currency, reference, String(credit.affiliateId)])
    }
}

/// Rows of the commission statement CSV (with header row). Order number is the only order
/// data written; no customer data.
public enum StatementCSV {
    public static let header = ["affiliate_id", "payout_reference", "order_ref", "commission_amount",
                                "commission_currency", "rate", "converted_amount", "account_currency"]
    /// The converted amount is informational and written with at most this many decimals
    /// (rounded half away from zero); the payout is the rounded sum of the exact values.
    public static let convertedDecimals = 6

    /// One paid commission as the export reads it from the ledger: the numbers as
    /// PostgreSQL's `numeric` text, every buffer valid only during the call it is passed to.
    public struct LedgerRow {
        public var affiliateId: Int64
        public var orderRef: UnsafeRawBufferPointer
        /// The commission as upstream recorded it ("62.0000"), and its currency's decimals.
        public var amount: UnsafeRawBufferPointer
        public var minorUnits: Int
        public var currency: UnsafeRawBufferPointer
        /// Account currency per commission currency; nil when no conversion.
        public var rate: UnsafeRawBufferPointer?
        /// The converted value already rounded half away from zero to `convertedDecimals`,
        /// and the account currency's decimals.
        public var converted: UnsafeRawBufferPointer
        public var accountMinorUnits: Int
        public var accountCurrency: UnsafeRawBufferPointer

        public init(affiliateId: Int64, orderRef: UnsafeRawBufferPointer, amount: UnsafeRawBufferPointer, minorUnits: Int,
                    currency: UnsafeRawBufferPointer, rate: UnsafeRawBufferPointer?, converted: UnsafeRawBufferPointer,
                    accountMinorUnits: Int, accountCurrency: UnsafeRawBufferPointer) {
            (self.affiliateId, self.orderRef, self.amount, self.minorUnits, self.currency) = (affiliateId, orderRef, amount, minorUnits, currency)
            (self.rate, self.converted, self.accountMinorUnits, self.accountCurrency) = (rate, converted, accountMinorUnits, accountCurrency)
        }
    }

    /// The one layout of a statement line, CRLF included, appended to `out`: affiliate id,
    /// payout reference (`referencePrefix` and the id), order number (the only free text:
    /// `CSV` neutralises and quotes it), the commission exact with at least its currency's
    /// decimals, its currency, the rate exact, the converted value with at least
    /// min(account decimals, 6) decimals, the account currency. Bytes, not Strings: the
    /// export writes a line per paid commission.
    public static func append(_ row: LedgerRow, referencePrefix: [UInt8], to out: inout [UInt8]) throws {
        func bad(_ problem: String) -> PayoutFileError {
            .invalidPayout(file: "statement.csv", affiliateId: row.affiliateId, problem: problem)
        }
        func number(_ text: UnsafeRawBufferPointer, minFractionDigits: Int, _ what: String) throws {
            guard DecimalText.appendExact(numericText: text, minFractionDigits: minFractionDigits, to: &out) else {
                throw bad("\(what) \(String(decoding: text, as: UTF8.self)) is not a plain decimal number")
            }
        }
        guard row.affiliateId >= 0 else { throw bad("negative affiliate id") }
        let comma = UInt8(ascii: ",")
        out.append(contentsOf: String(row.affiliateId).utf8)
        out.append(comma)
        out.append(contentsOf: referencePrefix)
        out.append(contentsOf: String(row.affiliateId).utf8)
        out.append(comma)
        CSV.appendField(row.orderRef, to: &out)
        out.append(comma)
        try number(row.amount, minFractionDigits: row.minorUnits, "commission amount")
        out.append(comma)
        CSV.appendField(row.currency, to: &out)
        out.append(comma)
        if let rate = row.rate { try number(rate, minFractionDigits: 0, "rate") }
        out.append(comma)
        try number(row.converted, minFractionDigits: min(row.accountMinorUnits, convertedDecimals), "converted amount")
        out.append(comma)
        CSV.appendField(row.accountCurrency, to: &out)
        out.append(contentsOf: [13, 10])
    }

    /// A line from Swift values (the re-credit lines, and the tests' oracle of the export):
    /// their exact text (the converted value rounded here), then `append`'s layout.
    public static func row(_ line: StatementLine, run: RunInfo) throws -> String {
        let texts = [line.orderRef, DecimalText.exact(line.commission.amount), line.commission.currency,
                     line.rate.map { DecimalText.exact($0) } ?? "",
                     DecimalText.rounded(line.converted.amount, maxFractionDigits: convertedDecimals), line.converted.currency]
        var storage: [UInt8] = []
        var ranges: [Range<Int>] = []
        for text in texts {
            let start = storage.count
            storage += text.utf8
            ranges.append(start..<storage.count)
        }
        let prefix = Array(PayoutIdentifiers.payoutReferencePrefix(month: run.month).utf8)
        return try storage.withUnsafeBytes { raw in
            let part = { (index: Int) in UnsafeRawBufferPointer(rebasing: raw[ranges[index]]) }
            var out: [UInt8] = []
            try append(LedgerRow(affiliateId: line.affiliateId, orderRef: part(0), amount: part(1), minorUnits: line.commission.minorUnits,
                                 currency: part(2), rate: line.rate == nil ? nil : part(3), converted: part(4),
                                 accountMinorUnits: line.converted.minorUnits, accountCurrency: part(5)),
                       referencePrefix: prefix, to: &out)
            return String(decoding: out, as: UTF8.self)
        }
    }
}

/// report.json and manifest.json pieces: fixed key order, one entry per line.
public enum RunJSON {
    public static func runObject(_ run: RunInfo) -> String {
        JSONText.object([
            ("id", JSONText.string(run.id)),
            ("as_of", JSONText.string(run.asOf)),
            ("created_at", JSONText.string(run.createdAt)),
            ("dry_run", run.dryRun ? "true" : "false"),
        ])
    }

    /// One affiliate member of report.json from the run's columns, the amount as PostgreSQL's
    /// `numeric` text. Buffers are valid only during the call they are passed to.
    public struct AffiliateMember {
        public var affiliateId: Int64
        public var paid: Bool
        public var method: PayoutMethod
        /// Three ASCII capitals (the only text written unescaped that is not a known code).
        public var currency: UnsafeRawBufferPointer
        public var minorUnits: Int
        /// The rounded balance; nil when it could not be computed.
        public var amount: UnsafeRawBufferPointer?
        public var reasons: [HoldReason]
        public var commissions: Int64
        /// Written when not nil: only for an entry that needs attention.
        public var newAttention: Bool?

        public init(affiliateId: Int64, paid: Bool, method: PayoutMethod, currency: UnsafeRawBufferPointer, minorUnits: Int,
                    amount: UnsafeRawBufferPointer?, reasons: [HoldReason], commissions: Int64, newAttention: Bool?) {
            (self.affiliateId, self.paid, self.method, self.currency, self.minorUnits) = (affiliateId, paid, method, currency, minorUnits)
            (self.amount, self.reasons, self.commissions, self.newAttention) = (amount, reasons, commissions, newAttention)
        }
    }

    /// The one layout of an affiliate member (no separator before it), appended to `out`:
    /// id, status, method, currency, the amount with exactly its currency's decimals (never
    /// rounded: more throws) or null, a paid entry's payout reference (`referencePrefix` and
    /// the id), the reasons, the commissions, and `new_attention` when given. Every value is a
    /// number, a known code or a checked currency code: nothing to escape. Returns where the
    /// amount's digits are in `out`, for the writer's totals.
    @discardableResult
    public static func appendAffiliate(_ member: AffiliateMember, referencePrefix: [UInt8], to out: inout [UInt8]) throws -> Range<Int>? {
        let id = member.affiliateId
        try requireCurrencyCode(member.currency, affiliateId: id)
        let quote = UInt8(ascii: "\"")
        out.append(contentsOf: "{\"affiliate_id\": ".utf8)
        out.append(contentsOf: String(id).utf8)
        out.append(contentsOf: (member.paid ? ", \"status\": \"paid\", \"method\": \"" : ", \"status\": \"held\", \"method\": \"").utf8)
        out.append(contentsOf: member.method.rawValue.utf8)
        out.append(contentsOf: "\", \"currency\": \"".utf8)
        out.append(contentsOf: member.currency)
        out.append(contentsOf: "\", \"amount\": ".utf8)
        var amountDigits: Range<Int>?
        if let amount = member.amount {
            out.append(quote)
            let start = out.count
            guard AmountFormat.append(numericText: amount, minorUnits: member.minorUnits, to: &out) else {
                throw PayoutFileError.inconsistentReport(
                    problem: "affiliate \(id): amount \(String(decoding: amount, as: UTF8.self)) is not rounded to \(member.minorUnits) decimals")
            }
            amountDigits = start..<out.count
            out.append(quote)
        } else {
            out.append(contentsOf: "null".utf8)
        }
        if member.paid {
            guard id >= 0 else { throw PayoutFileError.invalidPayout(file: "report.json", affiliateId: id, problem: "negative affiliate id") }
            out.append(contentsOf: ", \"reference\": \"".utf8)
            out.append(contentsOf: referencePrefix)
            out.append(contentsOf: String(id).utf8)
            out.append(quote)
        }
        out.append(contentsOf: ", \"reasons\": [".utf8)
        for (index, reason) in member.reasons.enumerated() {
            if index > 0 { out.append(contentsOf: ", ".utf8) }
            out.append(quote)
            out.append(contentsOf: reason.rawValue.utf8)
            out.append(quote)
        }
        out.append(contentsOf: "], \"commissions\": ".utf8)
        out.append(contentsOf: String(member.commissions).utf8)
        if let new = member.newAttention { out.append(contentsOf: (new ? ", \"new_attention\": true" : ", \"new_attention\": false").utf8) }
        out.append(UInt8(ascii: "}"))
        return amountDigits
    }

    /// An entry from Swift values (the model writer, and the tests' oracle of the export):
    /// its amount's exact text, then `appendAffiliate`'s layout.
    public static func affiliate(_ entry: ReportEntry, run: RunInfo) throws -> String {
        let amount = Array((entry.amount.map { DecimalText.exact($0) } ?? "").utf8)
        let prefix = Array(PayoutIdentifiers.payoutReferencePrefix(month: run.month).utf8)
        var out: [UInt8] = []
        _ = try Array(entry.currency.utf8).withUnsafeBytes { currency in
            try amount.withUnsafeBytes { amountText in
                try appendAffiliate(AffiliateMember(
                    affiliateId: entry.affiliateId, paid: entry.status == .paid, method: entry.method, currency: currency,
                    minorUnits: entry.minorUnits, amount: entry.amount == nil ? nil : amountText, reasons: entry.reasons,
                    commissions: Int64(entry.commissions), newAttention: entry.needsAttention ? entry.newAttention : nil),
                    referencePrefix: prefix, to: &out)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Three ASCII capitals, the only text the members write unescaped that is not a known code.
    private static func requireCurrencyCode(_ currency: UnsafeRawBufferPointer, affiliateId: Int64) throws {
        guard Money.isCurrencyCode(currency) else {
            throw PayoutFileError.inconsistentReport(problem: "affiliate \(affiliateId) has no ISO 4217 currency code")
        }
    }

    /// The commissions of one affiliate voided for one reason in one currency, from the run's
    /// columns, the amount as PostgreSQL's `numeric` text. Buffers are valid only during the call.
    public struct VoidedMember {
        public var affiliateId: Int64
        public var reason: VoidReason
        /// Three ASCII capitals.
        public var currency: UnsafeRawBufferPointer
        public var minorUnits: Int
        public var commissions: Int64
        public var amount: UnsafeRawBufferPointer

        public init(affiliateId: Int64, reason: VoidReason, currency: UnsafeRawBufferPointer, minorUnits: Int,
                    commissions: Int64, amount: UnsafeRawBufferPointer) {
            (self.affiliateId, self.reason, self.currency) = (affiliateId, reason, currency)
            (self.minorUnits, self.commissions, self.amount) = (minorUnits, commissions, amount)
        }
    }

    /// The one layout of a voided member (no separator before it), appended to `out`: id,
    /// reason, currency, commissions, the amount exact with at least its currency's decimals
    /// (a sum of commissions may carry more: it is not a payout).
    public static func appendVoided(_ member: VoidedMember, to out: inout [UInt8]) throws {
        try requireCurrencyCode(member.currency, affiliateId: member.affiliateId)
        out.append(contentsOf: "{\"affiliate_id\": ".utf8)
        out.append(contentsOf: String(member.affiliateId).utf8)
        out.append(contentsOf: ", \"reason\": \"".utf8)
        out.append(contentsOf: member.reason.rawValue.utf8)
        out.append(contentsOf: "\", \"currency\": \"".utf8)
        out.append(contentsOf: member.currency)
        out.append(contentsOf: "\", \"commissions\": ".utf8)
        out.append(contentsOf: String(member.commissions).utf8)
        out.append(contentsOf: ", \"amount\": \"".utf8)
        guard DecimalText.appendExact(numericText: member.amount, minFractionDigits: member.minorUnits, to: &out) else {
            throw PayoutFileError.inconsistentReport(
                problem: "voided commissions of affiliate \(member.affiliateId): amount \(String(decoding: member.amount, as: UTF8.self)) is not a plain decimal")
        }
        out.append(contentsOf: "\"}".utf8)
    }

    /// A voided member from Swift values (the model writer, and the tests' oracle of the
    /// export): its amount's exact text, then `appendVoided`'s layout.
    public static func voided(_ entry: VoidedCommissions) throws -> String {
        var out: [UInt8] = []
        try entry.withMember { try appendVoided($0, to: &out) }
        return String(decoding: out, as: UTF8.self)
    }

    public static func total(_ total: ChannelTotal) throws -> String {
        let amount: String
        do { amount = try AmountFormat.string(total.sum.amount, minorUnits: total.sum.minorUnits) } catch {
            throw PayoutFileError.inconsistentReport(problem: "total \(total.channel) \(total.sum.currency) \(total.sum.amount) is not rounded")
        }
        return JSONText.object([
            ("channel", JSONText.string(total.channel.rawValue)),
            ("currency", JSONText.string(total.sum.currency)),
            ("count", String(total.count)),
            ("amount", JSONText.string(amount)),
        ])
    }

    public static func file(_ entry: ManifestEntry) -> String {
        var members: [(String, String)] = [
            ("path", JSONText.string(entry.path)),
            ("channel", JSONText.string(entry.channel.rawValue)),
            ("format", JSONText.string(entry.format.rawValue)),
        ]
        if let currency = entry.currency { members.append(("currency", JSONText.string(currency))) }
        if let count = entry.count { members.append(("count", String(count))) }
        if let total = entry.total { members.append(("total", JSONText.string(total))) }
        members.append(("sha256", JSONText.string(entry.sha256)))
        return JSONText.object(members)
    }

    /// The whole manifest; entries sorted by path so the caller's order does not matter.
    public static func manifest(run: RunInfo, files: [ManifestEntry]) throws -> String {
        let sorted = files.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        for (a, b) in zip(sorted, sorted.dropFirst()) where a.path == b.path {
            throw PayoutFileError.duplicatePath(a.path)
        }
        var out = "{\"run\": " + runObject(run) + ",\n \"files\": ["
        out += sorted.map { "\n  " + file($0) }.joined(separator: ",")
        out += sorted.isEmpty ? "]}\n" : "\n ]}\n"
        return out
    }
}

extension VoidedCommissions {
    /// These commissions as a `RunJSON.VoidedMember` (the total's exact text).
    func withMember<T>(_ body: (RunJSON.VoidedMember) throws -> T) throws -> T {
        let amount = Array(DecimalText.exact(total.amount).utf8)
        return try Array(total.currency.utf8).withUnsafeBytes { currency in
            try amount.withUnsafeBytes { amount in
                try body(RunJSON.VoidedMember(affiliateId: affiliateId, reason: reason, currency: currency, minorUnits: total.minorUnits,
                                              commissions: Int64(commissions), amount: amount))
            }
        }
    }
}
