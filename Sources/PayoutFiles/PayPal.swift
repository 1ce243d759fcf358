import Foundation
import PayoutCore

/// PayPal Payouts files: the web upload CSV and the create-batch API request body.
///
/// Both carry the payout reference (`AP202612-7`) as the per-payout id (CSV "customer id",
/// API `sender_item_id`), and the API bodies a `sender_batch_id` derived from run, currency
/// and part, so PayPal refuses a body sent twice.
public enum PayPal {
    /// Largest number of rows PayPal accepts in one web upload file.
    public static let maxCSVRows = 5_000
    /// Largest number of items PayPal accepts in one create-batch request.
    public static let maxAPIItems = 15_000
    public static let csvFormat = FileFormat.paypalCSV
    public static let apiFormat = FileFormat.paypalAPIJSON

    static func note(month: RunMonth, reference: String) -> String {
        "Affiliate commissions \(month.description) (\(reference))"
    }

    /// The payout reference, after checking the receiver and the reference themselves.
    static func checkedReference(affiliateId: Int64, receiver: String, file: String, run: RunInfo) throws -> String {
        func bad(_ problem: String) -> PayoutFileError {
            .invalidPayout(file: file, affiliateId: affiliateId, problem: problem)
        }
        guard PayPalReceiver.isPayable(receiver) else { throw bad("receiver is not a payable e-mail address") }
        let reference = try run.reference(for: affiliateId, file: file)
        // Identifiers are ASCII: their bytes are checked directly, anything else by Character.
        let hasWhitespace = reference.utf8.allSatisfy({ $0 < 0x80 })
            ? reference.utf8.contains(where: \.isASCIIWhitespace)
            : reference.contains(where: { $0.isWhitespace })
        guard !reference.isEmpty, reference.utf8.count <= 30, !hasWhitespace else {
            throw bad("payout reference \(reference) is not a valid PayPal customer id")
        }
        return reference
    }

    /// One web upload row (no header row in these files): receiver, amount, currency,
    /// customer id, note to recipient, recipient wallet.
    static func csvRow(receiver: String, amount: String, currency: String, reference: String, run: RunInfo,
                       note: String? = nil) -> String {
        CSV.line([receiver, amount, currency, reference, note ?? Self.note(month: run.month, reference: reference), "PAYPAL"])
    }

    /// Beginning of a create-batch request body, up to the opening of `items`.
    public static func apiHeader(run: RunInfo, currency: String, part: Int) -> String {
        let batchId = PayoutIdentifiers.senderBatchId(month: run.month, runId: run.id, currency: currency, part: part)
        let month = run.month.description
        // A preview keeps the real run's sender_batch_id (PayPal accepts an id once) and says
        // PREVIEW where the body has room.
        let header = JSONText.object([
            ("sender_batch_id", JSONText.string(batchId)),
            ("email_subject", JSONText.string((run.dryRun ? "PREVIEW - " : "") + "Your affiliate commissions for \(month)")),
            ("email_message", JSONText.string("We have sent you the affiliate commissions for \(month). Thank you for your partnership.")),
            ("recipient_type", JSONText.string("EMAIL")),
        ])
        return "{\"sender_batch_header\": " + header + ",\n \"items\": ["
    }

    /// One item of a create-batch request body.
    static func apiItem(receiver: String, amount: String, currency: String, reference: String, run: RunInfo,
                        note: String? = nil) -> String {
        JSONText.object([
            ("recipient_type", JSONText.string("EMAIL")),
            ("amount", JSONText.object([("value", JSONText.string(amount)), ("currency", JSONText.string(currency))])),
            ("receiver", JSONText.string(receiver)),
            ("note", JSONText.string(note ?? Self.note(month: run.month, reference: reference))),
            ("sender_item_id", JSONText.string(reference)),
        ])
    }

    public static let apiFooter = "\n ]}\n"

    /// The first row of a preview CSV: no receiver and a zero amount, which PayPal's upload
    /// refuses, so an uploaded preview is rejected as a whole instead of paying (the web
    /// upload has no batch id that could collide with the real file's).
    public static func previewGuardRow(run: RunInfo, currency: String) -> String {
        CSV.line(["PREVIEW-NOT-A-PAYMENT", "0.00", currency, "PREVIEW",
                  "PREVIEW of \(run.month.description): not for upload, upload the real run's file", "PAYPAL"])
    }
}

/// Streams PayPal payouts of one currency into numbered parts: `paypal-EUR-001.csv`, ...
/// (at most `maxCSVRows` rows each) and `paypal-EUR-001.json`, ... (at most `maxAPIItems`
/// items each), counting and summing per part.
///
/// Finished parts stay under their temporary names until `commit()`: a failure anywhere in
/// the stream leaves no part of the set in place.
final class PayPalWriter {
    private let directory: URL
    private let run: RunInfo
    private let currency: String
    private let minorUnits: Int
    private let csvLimit: Int
    private let jsonLimit: Int

    private struct Part {
        let file: AtomicFile
        let format: FileFormat
        var paid = PaidMinorUnits()
        var count: Int { paid.count }
    }

    private var csv: Part?
    private var json: Part?
    private var done: [Part] = []
    private var csvParts = 0
    private var jsonParts = 0
    private var lastAffiliateId: Int64?

    init(directory: URL, run: RunInfo, currency: String, minorUnits: Int,
         csvRowsPerFile: Int = PayPal.maxCSVRows, jsonItemsPerBody: Int = PayPal.maxAPIItems) throws {
        guard Money.isCurrencyCode(currency.utf8) else {
            throw PayoutFileError.invalidHeader(file: "paypal-\(currency)", problem: "currency is not an ISO 4217 code")
        }
        guard (1...PayPal.maxCSVRows).contains(csvRowsPerFile), (1...PayPal.maxAPIItems).contains(jsonItemsPerBody) else {
            throw PayoutFileError.invalidHeader(file: "paypal-\(currency)", problem: "part sizes beyond PayPal's limits")
        }
        self.directory = directory
        self.run = run
        self.currency = currency
        self.minorUnits = minorUnits
        self.csvLimit = csvRowsPerFile
        self.jsonLimit = jsonItemsPerBody
    }

    static func name(currency: String, part: Int, ext: String) -> String {
        let number = String(part)
        return "paypal-\(currency)-" + String(repeating: "0", count: max(0, 3 - number.count)) + number + "." + ext
    }

    func add(_ payment: PayPalPayment) throws {
        guard payment.payout.currency == currency, payment.payout.minorUnits == minorUnits else {
            throw PayoutFileError.invalidPayout(file: "paypal-\(currency)", affiliateId: payment.affiliateId,
                                                problem: "\(payment.payout.currency)/\(payment.payout.minorUnits) decimals in a \(currency)/\(minorUnits) file")
        }
        let amount: String
        do { amount = try payment.payout.payoutText(inFileOf: currency, minorUnits: minorUnits) } catch {
            throw PayoutFileError.invalidPayout(file: "paypal-\(currency)", affiliateId: payment.affiliateId, problem: error.text)
        }
        try add(affiliateId: payment.affiliateId, receiver: payment.receiver, amount: amount)
    }

    /// One payout whose amount is already its text with exactly the currency's decimals
    /// (checked again here: positive, plain, those decimals).
    func add(affiliateId: Int64, receiver: String, amount: String) throws {
        if let last = lastAffiliateId, affiliateId <= last {
            throw PayoutFileError.invalidPayout(file: "paypal-\(currency)", affiliateId: affiliateId,
                                                problem: "affiliate ids must be strictly ascending (previous \(last)): a payout twice, or out of order")
        }
        if csv == nil || csv!.count == csvLimit {
            try close(&csv)
            csvParts += 1
            let file = try AtomicFile(directory: directory,
                                      name: RunFolder.paymentFileName(Self.name(currency: currency, part: csvParts, ext: "csv"), run: run))
            if run.dryRun { try file.write(PayPal.previewGuardRow(run: run, currency: currency)) }
            csv = Part(file: file, format: PayPal.csvFormat)
        }
        if json == nil || json!.count == jsonLimit {
            try close(&json)
            jsonParts += 1
            let file = try AtomicFile(directory: directory,
                                      name: RunFolder.paymentFileName(Self.name(currency: currency, part: jsonParts, ext: "json"), run: run))
            try file.write(PayPal.apiHeader(run: run, currency: currency, part: jsonParts))
            json = Part(file: file, format: PayPal.apiFormat)
        }
        let reference = try PayPal.checkedReference(affiliateId: affiliateId, receiver: receiver, file: csv!.file.name, run: run)
        var amountText = amount
        let added = amountText.withUTF8 { bytes in
            csv!.paid.add(UnsafeRawBufferPointer(bytes), fractionDigits: minorUnits)
                && json!.paid.add(UnsafeRawBufferPointer(bytes), fractionDigits: minorUnits)
        }
        guard added else {
            throw PayoutFileError.invalidPayout(file: csv!.file.name, affiliateId: affiliateId,
                                                problem: "amount \(amount) is not a positive amount with \(minorUnits) decimals")
        }
        let note = PayPal.note(month: run.month, reference: reference)
        try csv!.file.write(PayPal.csvRow(receiver: receiver, amount: amount, currency: currency, reference: reference, run: run, note: note))
        try json!.file.write((json!.count == 1 ? "\n  " : ",\n  ")
            + PayPal.apiItem(receiver: receiver, amount: amount, currency: currency, reference: reference, run: run, note: note))
        lastAffiliateId = affiliateId
    }

    private func close(_ part: inout Part?) throws {
        guard let current = part else { return }
        if current.format == PayPal.apiFormat {
            try current.file.write(PayPal.apiFooter)
        }
        try current.file.finish()
        done.append(current)
        part = nil
    }

    /// Finishes the open parts, checks none conflicts with an existing file, then puts all in
    /// place. Returns the manifest entries, CSV parts first, then JSON parts. No payouts → no files.
    func commit() throws -> [ManifestEntry] {
        try close(&csv)
        try close(&json)
        for part in done { try part.file.checkNoConflict() }
        var entries: [ManifestEntry] = []
        let ordered = done.filter { $0.format == PayPal.csvFormat } + done.filter { $0.format == PayPal.apiFormat }
        for part in ordered {
            let digest = try part.file.finish()
            let disposition = try part.file.commit()
            entries.append(ManifestEntry(path: part.file.name, channel: .paypal, format: part.format,
                                         currency: currency, count: part.count,
                                         total: try AmountFormat.string(part.paid.total, minorUnits: minorUnits),
                                         sha256: digest, disposition: disposition))
        }
        return entries
    }

    func discard() {
        csv?.file.discard()
        json?.file.discard()
        for part in done { part.file.discard() }
    }
}
