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

    public static func row(_ line: StatementLine, run: RunInfo) throws -> String {
        CSV.line([
            String(line.affiliateId),
            try run.reference(for: line.affiliateId, file: "statement.csv"),
            line.orderRef,
            DecimalText.exact(line.commission.amount, minFractionDigits: line.commission.minorUnits),
            line.commission.currency,
            line.rate.map { DecimalText.exact($0) } ?? "",
            DecimalText.rounded(line.converted.amount, maxFractionDigits: convertedDecimals, minFractionDigits: min(line.converted.minorUnits, convertedDecimals)),
            line.converted.currency,
        ])
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

    public static func affiliate(_ entry: ReportEntry, run: RunInfo) throws -> String {
        let amount: String
        if let value = entry.amount {
            do { amount = JSONText.string(try AmountFormat.string(value, minorUnits: entry.minorUnits)) } catch {
                throw PayoutFileError.inconsistentReport(
                    problem: "affiliate \(entry.affiliateId): amount \(value) is not rounded to \(entry.minorUnits) decimals")
            }
        } else {
            amount = "null"
        }
        var members: [(String, String)] = [
            ("affiliate_id", String(entry.affiliateId)),
            ("status", JSONText.string(entry.status.rawValue)),
            ("method", JSONText.string(entry.method.rawValue)),
            ("currency", JSONText.string(entry.currency)),
            ("amount", amount),
        ]
        if entry.status == .paid {
            members.append(("reference", JSONText.string(try run.reference(for: entry.affiliateId, file: "report.json"))))
        }
        members.append(("reasons", "[" + entry.reasons.map { JSONText.string($0.rawValue) }.joined(separator: ", ") + "]"))
        members.append(("commissions", String(entry.commissions)))
        if entry.needsAttention, let new = entry.newAttention {
            members.append(("new_attention", new ? "true" : "false"))
        }
        return JSONText.object(members)
    }

    public static func voided(_ entry: VoidedCommissions) -> String {
        JSONText.object([
            ("affiliate_id", String(entry.affiliateId)),
            ("reason", JSONText.string(entry.reason.rawValue)),
            ("currency", JSONText.string(entry.total.currency)),
            ("commissions", String(entry.commissions)),
            ("amount", JSONText.string(DecimalText.exact(entry.total.amount, minFractionDigits: entry.total.minorUnits))),
        ])
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
