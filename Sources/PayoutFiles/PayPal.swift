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

    /// "Affiliate commissions 2026-12 (": the note to the recipient is this, the payout
    /// reference and ")".
    static func notePrefix(month: RunMonth) -> String {
        "Affiliate commissions \(month.description) ("
    }

    /// Whether a payout reference can be PayPal's customer id (CSV) and `sender_item_id` (API):
    /// 1 to 30 bytes without whitespace. References are ASCII: their bytes are checked
    /// directly, anything else by Character.
    static func isCustomerId(_ reference: UnsafeRawBufferPointer) -> Bool {
        guard !reference.isEmpty, reference.count <= 30 else { return false }
        guard reference.allSatisfy({ $0 < 0x80 }) else {
            return !String(decoding: reference, as: UTF8.self).contains(where: { $0.isWhitespace })
        }
        return !reference.contains(where: \.isASCIIWhitespace)
    }

    /// One payout as the files carry it, every text as UTF-8 bytes valid during the call.
    struct Row {
        var receiver: UnsafeRawBufferPointer
        var amount: UnsafeRawBufferPointer
        var currency: UnsafeRawBufferPointer
        var reference: UnsafeRawBufferPointer
        var note: UnsafeRawBufferPointer
    }

    /// One web upload row (no header row in these files): receiver, amount, currency,
    /// customer id, note to recipient, recipient wallet; each cell as `CSV` writes it.
    static func appendCSVRow(_ row: Row, to out: inout [UInt8]) {
        let comma = UInt8(ascii: ",")
        CSV.appendField(row.receiver, to: &out)
        out.append(comma)
        CSV.appendField(row.amount, to: &out)
        out.append(comma)
        CSV.appendField(row.currency, to: &out)
        out.append(comma)
        CSV.appendField(row.reference, to: &out)
        out.append(comma)
        CSV.appendField(row.note, to: &out)
        // The wallet, a constant cell that CSV leaves as it is, and the record's end.
        out.append(contentsOf: ",PAYPAL\r\n".utf8)
    }

    /// One item of a create-batch request body.
    static func appendAPIItem(_ row: Row, to out: inout [UInt8]) {
        out.append(contentsOf: "{\"recipient_type\": \"EMAIL\", \"amount\": {\"value\": ".utf8)
        JSONText.appendString(row.amount, to: &out)
        out.append(contentsOf: ", \"currency\": ".utf8)
        JSONText.appendString(row.currency, to: &out)
        out.append(contentsOf: "}, \"receiver\": ".utf8)
        JSONText.appendString(row.receiver, to: &out)
        out.append(contentsOf: ", \"note\": ".utf8)
        JSONText.appendString(row.note, to: &out)
        out.append(contentsOf: ", \"sender_item_id\": ".utf8)
        JSONText.appendString(row.reference, to: &out)
        out.append(UInt8(ascii: "}"))
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
    /// "AP202612-", "Affiliate commissions 2026-12 (" and the currency, as bytes.
    private let referencePrefix: [UInt8]
    private let notePrefix: [UInt8]
    private let currencyBytes: [UInt8]
    /// Reused per payout: its reference, note, upload row and API item.
    private var reference: [UInt8] = []
    private var note: [UInt8] = []
    private var csvRow: [UInt8] = []
    private var jsonItem: [UInt8] = []

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
        referencePrefix = Array(PayoutIdentifiers.payoutReferencePrefix(month: run.month).utf8)
        notePrefix = Array(PayPal.notePrefix(month: run.month).utf8)
        currencyBytes = Array(currency.utf8)
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
        func bad(_ problem: String) -> PayoutFileError {
            .invalidPayout(file: csv!.file.name, affiliateId: affiliateId, problem: problem)
        }
        guard PayPalReceiver.isPayable(receiver) else { throw bad("receiver is not a payable e-mail address") }
        reference.removeAll(keepingCapacity: true)
        try RunInfo.appendReference(for: affiliateId, prefix: referencePrefix, file: csv!.file.name, to: &reference)
        guard reference.withUnsafeBytes(PayPal.isCustomerId) else {
            throw bad("payout reference \(String(decoding: reference, as: UTF8.self)) is not a valid PayPal customer id")
        }
        var amountText = amount
        var receiverText = receiver
        let added = amountText.withUTF8 { bytes in
            csv!.paid.add(UnsafeRawBufferPointer(bytes), fractionDigits: minorUnits)
                && json!.paid.add(UnsafeRawBufferPointer(bytes), fractionDigits: minorUnits)
        }
        guard added else { throw bad("amount \(amount) is not a positive amount with \(minorUnits) decimals") }
        note.removeAll(keepingCapacity: true)
        note.append(contentsOf: notePrefix)
        note.append(contentsOf: reference)
        note.append(UInt8(ascii: ")"))

        csvRow.removeAll(keepingCapacity: true)
        jsonItem.removeAll(keepingCapacity: true)
        jsonItem.append(contentsOf: (json!.count == 1 ? "\n  " : ",\n  ").utf8)
        amountText.withUTF8 { amount in
            receiverText.withUTF8 { receiver in
                currencyBytes.withUnsafeBytes { currency in
                    reference.withUnsafeBytes { reference in
                        note.withUnsafeBytes { note in
                            let row = PayPal.Row(receiver: UnsafeRawBufferPointer(receiver), amount: UnsafeRawBufferPointer(amount),
                                                 currency: currency, reference: reference, note: note)
                            PayPal.appendCSVRow(row, to: &csvRow)
                            PayPal.appendAPIItem(row, to: &jsonItem)
                        }
                    }
                }
            }
        }
        try csvRow.withUnsafeBytes { try csv!.file.write(bytes: $0) }
        try jsonItem.withUnsafeBytes { try json!.file.write(bytes: $0) }
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
