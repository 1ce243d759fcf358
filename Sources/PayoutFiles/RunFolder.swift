import Foundation
import PayoutCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The folder of one run (`2026-12`, or `2026-12-preview` for a dry run) and the writers of
/// its files.
///
/// Every `write…` method streams: the caller pushes rows one at a time through `emit`, in
/// ascending affiliate id, and nothing is kept beyond counters. Each file is rendered into a
/// temporary file in this folder and put in place only when complete and consistent; an
/// error thrown anywhere (by the producer too) leaves no final file and no temporary file.
///
/// A file that already exists is never overwritten: identical bytes → the entry is returned
/// with `disposition == .alreadyPresent` (re-export after a crash); different bytes →
/// `PayoutFileError.conflict`. Write `manifest.json` last with `writeManifest`.
public final class RunFolder {
    public let directory: URL
    public let run: RunInfo

    /// Creates the folder (mode 0700; missing parents as `OutputDirectory` does) if needed,
    /// takes away any group-write and other permissions of an existing one, and removes
    /// temporary files left by dead processes.
    public init(directory: URL, run: RunInfo) throws {
        self.directory = directory.standardizedFileURL
        self.run = run
        try OutputDirectory.create(self.directory.path, mode: OutputDirectory.runFolderMode, tightenExisting: true)
        Self.removeStaleTemporaryFiles(in: self.directory.path)
    }

    /// `iban-<currency>.xml`: pain.001.001.09 for the debtor account of that currency.
    /// `count` and `total` are announced in the header; the payouts streamed must match them
    /// exactly, otherwise this throws and writes nothing.
    public func writeBankTransfers(currency: String, minorUnits: Int, debtor: DebtorAccount, count: Int, total: Decimal,
                                   _ produce: (_ emit: (BankTransfer) throws -> Void) throws -> Void) throws -> [ManifestEntry] {
        try writeBankTransfers(currency: currency, minorUnits: minorUnits, debtor: debtor, count: count, total: total,
                               amountsAsText: { emit in try withoutActuallyEscaping(emit) { emit in try produce { try emit($0, nil) } } })
    }

    /// Same, each transfer with its amount already written (exactly the currency's decimals;
    /// checked again by the writer), or nil to write it from the transfer's `payout`.
    public func writeBankTransfers(currency: String, minorUnits: Int, debtor: DebtorAccount, count: Int, total: Decimal,
                                   amountsAsText produce: (_ emit: (BankTransfer, String?) throws -> Void) throws -> Void) throws -> [ManifestEntry] {
        let name = Self.paymentFileName("iban-\(currency).xml", run: run)
        let (digest, disposition) = try AtomicFile.write(directory: directory, name: name) { file in
            let writer = try Pain001Writer(sink: file, fileName: name, run: run, debtor: debtor, currency: currency,
                                           minorUnits: minorUnits, count: count, total: total)
            try produce { transfer, amount in
                if let amount { try writer.add(transfer, amount: amount) } else { try writer.add(transfer) }
            }
            try writer.finish()
        }
        return [ManifestEntry(path: name, channel: .iban, format: .pain001, currency: currency, count: count,
                              total: try AmountFormat.string(total, minorUnits: minorUnits), sha256: digest,
                              disposition: disposition)]
    }

    /// `paypal-<currency>-001.csv`, … (web upload, ≤ 5,000 rows each, no header) and
    /// `paypal-<currency>-001.json`, … (API create-batch bodies, ≤ 15,000 items each).
    /// No payouts → no files.
    public func writePayPal(currency: String, minorUnits: Int,
                            _ produce: (_ emit: (PayPalPayment) throws -> Void) throws -> Void) throws -> [ManifestEntry] {
        try writePayPal(currency: currency, minorUnits: minorUnits, csvRowsPerFile: PayPal.maxCSVRows,
                        jsonItemsPerBody: PayPal.maxAPIItems, produce)
    }

    /// Same, with smaller parts (for tests, or an account with lower limits).
    public func writePayPal(currency: String, minorUnits: Int, csvRowsPerFile: Int, jsonItemsPerBody: Int,
                            _ produce: (_ emit: (PayPalPayment) throws -> Void) throws -> Void) throws -> [ManifestEntry] {
        let writer = try PayPalWriter(directory: directory, run: run, currency: currency, minorUnits: minorUnits,
                                      csvRowsPerFile: csvRowsPerFile, jsonItemsPerBody: jsonItemsPerBody)
        defer { writer.discard() }
        try produce { try writer.add($0) }
        return try writer.commit()
    }

    /// `prepaid-<currency>.csv`, header row then one credit per affiliate.
    public func writePrepaid(currency: String, minorUnits: Int,
                             _ produce: (_ emit: (PrepaidCredit) throws -> Void) throws -> Void) throws -> [ManifestEntry] {
        let name = Self.paymentFileName("prepaid-\(currency).csv", run: run)
        var count = 0
        var total = Decimal(0)
        let (digest, disposition) = try AtomicFile.write(directory: directory, name: name) { file in
            try file.write(CSV.line(PrepaidCSV.header))
            var last: Int64?
            try produce { credit in
                guard credit.payout.currency == currency, credit.payout.minorUnits == minorUnits else {
                    throw PayoutFileError.invalidPayout(file: name, affiliateId: credit.affiliateId,
                                                        problem: "\(credit.payout.currency)/\(credit.payout.minorUnits) decimals in a \(currency)/\(minorUnits) file")
                }
                if let last, credit.affiliateId <= last {
                    throw PayoutFileError.invalidPayout(file: name, affiliateId: credit.affiliateId,
                                                        problem: "affiliate ids must be strictly ascending (previous \(last)): a payout twice, or out of order")
                }
                try file.write(PrepaidCSV.row(credit, run: run, file: name))
                last = credit.affiliateId
                count += 1
                total += credit.payout.amount
            }
        }
        return [ManifestEntry(path: name, channel: .prepaid, format: .csv, currency: currency, count: count,
                              total: try AmountFormat.string(total, minorUnits: minorUnits), sha256: digest,
                              disposition: disposition)]
    }

    /// `statement.csv`: one line per paid commission, grouped by affiliate (ascending).
    public func writeStatement(_ produce: (_ emit: (StatementLine) throws -> Void) throws -> Void) throws -> [ManifestEntry] {
        let name = "statement.csv"
        var count = 0
        let (digest, disposition) = try AtomicFile.write(directory: directory, name: name) { file in
            try file.write(CSV.line(StatementCSV.header))
            var last: Int64?
            try produce { line in
                if let last, line.affiliateId < last {
                    throw PayoutFileError.invalidPayout(file: name, affiliateId: line.affiliateId,
                                                        problem: "statement lines must come in ascending affiliate id (previous \(last))")
                }
                try file.write(StatementCSV.row(line, run: run))
                last = line.affiliateId
                count += 1
            }
        }
        return [ManifestEntry(path: name, channel: .statement, format: .csv, count: count, sha256: digest,
                              disposition: disposition)]
    }

    /// `report.json`. Checks while streaming that `needsAttention` is the number of held
    /// entries needing a person, and that `totals` are the count and sum of the paid entries
    /// per method and currency; throws `inconsistentReport` otherwise. `accrual`: the orders
    /// decided since the previous run, per outcome.
    public func writeReport(needsAttention: Int, newAttention: Int? = nil,
                            entries: (_ emit: (ReportEntry) throws -> Void) throws -> Void,
                            voided: (_ emit: (VoidedCommissions) throws -> Void) throws -> Void,
                            totals: [ChannelTotal], recredits: [RecreditLine] = [],
                            accrual: [AccrualCount] = []) throws -> [ManifestEntry] {
        try writeReportFile(needsAttention: needsAttention, newAttention: newAttention, totals: totals, recredits: recredits,
                            accrual: accrual, affiliates: { file in
            var tally = ReportTally()
            var first = true
            var last: Int64?
            try entries { entry in
                if let last, entry.affiliateId <= last {
                    throw PayoutFileError.inconsistentReport(
                        problem: "affiliate \(entry.affiliateId) listed twice or out of order (previous \(last))")
                }
                if entry.status == .paid {
                    guard entry.reasons.isEmpty, let amount = entry.amount else {
                        throw PayoutFileError.inconsistentReport(
                            problem: "affiliate \(entry.affiliateId) is paid but has hold reasons or no amount")
                    }
                    tally.addPaid(key: entry.method.rawValue + " " + entry.currency, amount: amount)
                } else if entry.reasons.isEmpty {
                    throw PayoutFileError.inconsistentReport(problem: "affiliate \(entry.affiliateId) is held without a reason")
                }
                if entry.needsAttention { tally.attention += 1 }
                if entry.needsAttention, entry.newAttention == true { tally.new += 1 }
                try file.write((first ? "\n  " : ",\n  ") + RunJSON.affiliate(entry, run: run))
                first = false
                last = entry.affiliateId
            }
            return (tally, !first)
        }, voided: { file in
            // The same checks and layout as the export's rows.
            try Self.writeVoidedMembers(file) { emit in
                try withoutActuallyEscaping(emit) { emit in
                    try voided { entry in try entry.withMember(emit) }
                }
            }
        })
    }

    /// report.json around its two long lists: `affiliates` writes the affiliate members (each
    /// with its separator) and returns what it counted and whether it wrote any; `voided` the
    /// voided members, likewise. Then the totals and counts are checked against the tally.
    func writeReportFile(needsAttention: Int, newAttention: Int?, totals: [ChannelTotal], recredits: [RecreditLine],
                         accrual: [AccrualCount], affiliates: (AtomicFile) throws -> (ReportTally, Bool),
                         voided: (AtomicFile) throws -> Bool) throws -> [ManifestEntry] {
        let name = "report.json"
        let (digest, disposition) = try AtomicFile.write(directory: directory, name: name) { file in
            try file.write("{\"run\": " + RunJSON.runObject(run) + ",\n \"affiliates\": [")
            let (tally, anyAffiliate) = try affiliates(file)
            try file.write(anyAffiliate ? "\n ],\n \"voided\": [" : "],\n \"voided\": [")
            let anyVoided = try voided(file)
            // Returned payouts paid again by this run (SPEC §9); the key only when there are any.
            let recreditLines = try recredits.map { "\n  " + (try RunJSON.recredit($0)) }
            let afterVoided = recreditLines.isEmpty ? "" : "],\n \"recredits\": [" + recreditLines.joined(separator: ",") + "\n "
            try file.write(anyVoided ? "\n " + afterVoided + "],\n \"totals\": [" : afterVoided + "],\n \"totals\": [")
            let paid = tally.paid
            var seen = Set<String>()
            for total in totals {
                let key = total.channel.rawValue + " " + total.sum.currency
                guard seen.insert(key).inserted else {
                    throw PayoutFileError.inconsistentReport(problem: "total \(key) listed twice")
                }
                let expected = paid[key] ?? (0, 0)
                guard expected.count == total.count, expected.amount == total.sum.amount else {
                    throw PayoutFileError.inconsistentReport(
                        problem: "total \(key) says \(total.count) / \(total.sum.amount), paid entries add up to \(expected.count) / \(expected.amount)")
                }
            }
            if let missing = paid.keys.sorted().first(where: { !seen.contains($0) }) {
                throw PayoutFileError.inconsistentReport(problem: "paid entries \(missing) have no total")
            }
            guard tally.attention == needsAttention else {
                throw PayoutFileError.inconsistentReport(
                    problem: "needs_attention \(needsAttention) announced, \(tally.attention) entries need attention")
            }
            try file.write(totals.map { "\n  " + (try RunJSON.total($0)) }.joined(separator: ","))
            try file.write(totals.isEmpty ? "],\n" : "\n ],\n")
            // Orders decided since the previous run (SPEC §8); the key only when there are any.
            if !accrual.isEmpty { try file.write(" \"accrual\": " + RunJSON.accrual(accrual) + ",\n") }
            if let newAttention {
                guard tally.new == newAttention else {
                    throw PayoutFileError.inconsistentReport(
                        problem: "new_attention \(newAttention) announced, \(tally.new) entries need new attention")
                }
                try file.write(" \"needs_attention\": \(needsAttention),\n \"new_attention\": \(newAttention)}\n")
            } else {
                try file.write(" \"needs_attention\": \(needsAttention)}\n")
            }
        }
        return [ManifestEntry(path: name, channel: .report, format: .json, sha256: digest, disposition: disposition)]
    }

    /// `manifest.json`, listing `entries` (sorted by path). Write it last: its presence says
    /// the folder is complete. Same no-overwrite policy as every other file.
    @discardableResult
    public func writeManifest(_ entries: [ManifestEntry]) throws -> ManifestEntry {
        let name = "manifest.json"
        let text = try RunJSON.manifest(run: run, files: entries)
        let (digest, disposition) = try AtomicFile.write(directory: directory, name: name) { try $0.write(text) }
        return ManifestEntry(path: name, channel: .manifest, format: .json, sha256: digest, disposition: disposition)
    }

    /// The name of a file that moves money (pain.001, PayPal, prepaid): in a preview it
    /// starts with `PREVIEW-`, so that nobody uploads it for the real one.
    public static func paymentFileName(_ name: String, run: RunInfo) -> String {
        run.dryRun ? "PREVIEW-" + name : name
    }

    // MARK: folder housekeeping

    /// Removes `.<name>.<pid>.<hex>.tmp` files whose process no longer exists (or, with
    /// `anyProcess`, every one: the caller holds the run lock, so no other writer exists; a
    /// process id alone can mislead, e.g. in a container the job is always process 1).
    /// Returns how many were removed.
    @discardableResult
    static func removeStaleTemporaryFiles(in path: String, anyProcess: Bool = false) -> Int {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return 0 }
        var removed = 0
        for name in names where name.hasPrefix(".") && name.hasSuffix(".tmp") {
            let parts = name.dropLast(4).split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count >= 4, let pid = Int32(parts[parts.count - 2]),
                  parts[parts.count - 1].allSatisfy(\.isHexDigit) else { continue }
            if anyProcess || (pid != getpid() && kill(pid, 0) != 0 && errno == ESRCH), unlink(path + "/" + name) == 0 {
                removed += 1
            }
        }
        return removed
    }

    /// Removes every temporary file left in the run folders under `outputDirectory` (a job
    /// killed while writing). Call only while holding the run lock. Returns how many.
    @discardableResult
    public static func removeTemporaryFiles(inRunFoldersOf outputDirectory: URL) -> Int {
        let root = outputDirectory.standardizedFileURL.path
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: root) else { return 0 }
        var removed = 0
        for name in names where !name.hasPrefix(".") {
            var isFolder: ObjCBool = false
            let path = root + "/" + name
            if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
                removed += removeStaleTemporaryFiles(in: path, anyProcess: true)
            }
        }
        return removed
    }
}
