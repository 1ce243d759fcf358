import Foundation
import PayoutCore

/// Rules of the ISO 20022 pain.001.001.09 credit transfer files, in the subset that is valid
/// both against the ISO schema and against the Swiss Payment Standards variant
/// (pain.001.001.09.ch.03), which Swiss banks require.
///
/// What the schemas cannot check and this code guarantees:
/// - amounts and control sums with exactly the currency's decimals (2 for CHF and EUR);
/// - NbOfTxs / CtrlSum equal to the transactions actually written, at both levels;
/// - every text reduced to the SEPA basic Latin character set, cut to the schema length,
///   never empty, no leading '/' and no '//';
/// - identifiers (MsgId, PmtInfId, InstrId, EndToEndId) of 1-35 characters from the
///   Swiss restricted set, without leading/trailing '/' or '//';
/// - one transaction per affiliate: affiliate ids must arrive strictly ascending;
/// - structured addresses with at least town and country, never `AdrLine`.
public enum Pain001 {
    public static let namespace = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"
    public static let format = FileFormat.pain001

    /// Country codes of IBANs that belong to the SEPA scheme area. EUR transfers to these
    /// are sent as SEPA credit transfers (service level SEPA, charges SLEV); EUR transfers to
    /// other IBAN countries as ordinary foreign payments (charges shared). Countries whose
    /// admission is recent are deliberately left out: a SEPA flag on a non-SEPA account gets
    /// the payment rejected, the reverse only costs a fee.
    public static let sepaCountries: Set<String> = [
        "AD", "AT", "BE", "BG", "CH", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GB", "GI",
        "GR", "HR", "HU", "IE", "IS", "IT", "LI", "LT", "LU", "LV", "MC", "MT", "NL", "NO", "PL",
        "PT", "RO", "SE", "SI", "SK", "SM", "VA",
    ]

    /// Longest texts the writer emits, as the schemas allow them.
    public static let nameLength = SEPAText.nameLength
    public static let remittanceLength = 140

    /// Whether `iban` fits the schema pattern (the caller has already checked the checksum).
    static func ibanIsWellFormed(_ iban: String) -> Bool {
        func upper(_ c: UInt8) -> Bool { c >= 65 && c <= 90 }
        func digit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
        var count = 0
        for c in iban.utf8 {
            let fits = switch count {
            case 0, 1: upper(c)
            case 2, 3: digit(c)
            default: upper(c) || digit(c) || (c >= 97 && c <= 122)
            }
            guard fits else { return false }
            count += 1
        }
        return count >= 5 && count <= 34
    }

    /// Whether a well-formed IBAN's country is in `sepaCountries`.
    static func isSEPA(iban: String) -> Bool {
        var bytes = iban.utf8.makeIterator()
        guard let first = bytes.next(), let second = bytes.next(), let index = sepaIndex(first, second) else { return false }
        return sepaCountryTable[index]
    }

    /// `sepaCountries` as a table by the two capitals (a Set of Strings hashed twice per EUR
    /// transfer otherwise).
    private static let sepaCountryTable: [Bool] = {
        var table = [Bool](repeating: false, count: 26 * 26)
        for country in sepaCountries {
            let bytes = Array(country.utf8)
            if bytes.count == 2, let index = sepaIndex(bytes[0], bytes[1]) { table[index] = true }
        }
        return table
    }()

    private static func sepaIndex(_ first: UInt8, _ second: UInt8) -> Int? {
        guard (65...90).contains(first), (65...90).contains(second) else { return nil }
        return Int(first - 65) * 26 + Int(second - 65)
    }

    /// Checks an identifier against the Swiss restricted set and the '/' rules.
    static func checkIdentifier(_ id: String) -> Bool {
        var id = id
        return id.withUTF8 { checkIdentifier(UnsafeRawBufferPointer($0)) }
    }

    static func checkIdentifier(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let allowed = identifierBytes  // read once: a global's every read checks its initialisation
        guard (1...35).contains(bytes.count), bytes.allSatisfy({ allowed[Int($0)] }) else { return false }
        // All ASCII from here: "/" rules byte by byte (a Foundation search per transfer is slow).
        var previous: UInt8 = 0
        for byte in bytes {
            if byte == UInt8(ascii: "/"), previous == UInt8(ascii: "/") { return false }
            previous = byte
        }
        return bytes.first != UInt8(ascii: "/") && bytes.last != UInt8(ascii: "/")
    }

    /// The Swiss restricted set, as a table by byte (looked up for every byte of every id).
    private static let identifierBytes: [Bool] = {
        var table = [Bool](repeating: false, count: 256)
        for byte in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/-?:().,'+".utf8 { table[Int(byte)] = true }
        return table
    }()

    /// Number of digits of a formatted amount (the schemas allow 18).
    static func digitCount(_ formatted: String) -> Int {
        var count = 0
        for byte in formatted.utf8 where byte >= 48 && byte <= 57 { count += 1 }
        return count
    }

    /// Currencies whose decimals the bank rules fix, whatever the currency table says.
    static let requiredMinorUnits: [String: Int] = ["CHF": 2, "EUR": 2]
}

/// Streams one pain.001.001.09 document: header from the announced count and control sum,
/// then one `CdtTrfTxInf` per `add`, then `finish()` verifies the announcement.
///
/// Nothing is buffered beyond the sink's buffer; the writer keeps only a count, a running
/// sum and the last affiliate id.
public final class Pain001Writer {
    public let fileName: String
    public let run: RunInfo
    public let currency: String
    public let minorUnits: Int
    public let declaredCount: Int
    public let declaredTotal: Decimal
    private let sink: OutputSink
    private var paid = PaidMinorUnits()
    private var count: Int { paid.count }
    private var lastAffiliateId: Int64?
    private var finished = false
    /// "AP202612-" and "Affiliate commissions 2026-12 ": every transaction's reference and
    /// remittance line start with them.
    private var referencePrefix: [UInt8] = []
    private var remittancePrefix: [UInt8] = []
    /// Reused per transaction: reference, remittance line before and after the text rules,
    /// then the block itself.
    private var reference: [UInt8] = []
    private var remittanceLine: [UInt8] = []
    private var remittance: [UInt8] = []
    private var block: [UInt8] = []

    /// Validates the header values and writes everything up to the first transaction.
    public init(sink: OutputSink, fileName: String, run: RunInfo, debtor: DebtorAccount,
                currency: String, minorUnits: Int, count: Int, total: Decimal) throws {
        self.sink = sink
        self.fileName = fileName
        self.run = run
        self.currency = currency
        self.minorUnits = minorUnits
        self.declaredCount = count
        self.declaredTotal = total

        func bad(_ problem: String) -> PayoutFileError { .invalidHeader(file: fileName, problem: problem) }

        guard Money.isCurrencyCode(currency.utf8) else {
            throw bad("currency \(currency) is not an ISO 4217 code")
        }
        if let required = Pain001.requiredMinorUnits[currency], required != minorUnits {
            throw bad("\(currency) amounts need \(required) decimals, got \(minorUnits)")
        }
        guard (0...5).contains(minorUnits) else { throw bad("\(minorUnits) decimals is more than the schema allows") }
        guard debtor.currency == currency else { throw bad("debtor account is for \(debtor.currency), not \(currency)") }
        guard count >= 1 else { throw bad("a credit transfer file needs at least one payout") }
        guard total > 0 else { throw bad("control sum must be positive") }
        let ctrlSum: String
        do { ctrlSum = try AmountFormat.string(total, minorUnits: minorUnits) } catch {
            throw bad("control sum \(total) is not an amount with \(minorUnits) decimals")
        }
        guard Pain001.digitCount(ctrlSum) <= PayoutLimits.maxAmountDigits else { throw bad("control sum \(ctrlSum) has more than 18 digits") }
        let executionDate = debtor.executionDate ?? run.executionDate
        guard Self.isDate(executionDate) else { throw bad("execution date \(executionDate) is not YYYY-MM-DD") }
        guard Self.isDateTime(run.createdAt) else { throw bad("creation time \(run.createdAt) is not an ISO 8601 date-time") }

        let messageId = PayoutIdentifiers.messageId(month: run.month, runId: run.id, currency: currency)
        let paymentInformationId = PayoutIdentifiers.paymentInformationId(month: run.month, runId: run.id, currency: currency)
        guard Pain001.checkIdentifier(messageId) else { throw bad("message id \(messageId) is not a valid bank identifier") }
        guard Pain001.checkIdentifier(paymentInformationId) else {
            throw bad("payment information id \(paymentInformationId) is not a valid bank identifier")
        }
        guard let debtorName = SEPAText.field(debtor.name, maxLength: Pain001.nameLength) else {
            throw bad("debtor account name is empty in the bank character set")
        }
        guard Pain001.ibanIsWellFormed(debtor.iban) else { throw bad("debtor IBAN \(debtor.iban) is not well formed") }
        guard let debtorBIC = BIC.normalised(debtor.bic) else {
            // The Swiss variant allows only BIC or clearing member id for the debtor agent
            // (no "NOTPROVIDED"); a configuration without a valid BIC is refused loudly.
            throw bad("debtor account \(currency) needs a valid BIC (got \(debtor.bic ?? "none"))")
        }
        guard let debtorAddress = AddressLines(debtor.address) else {
            throw bad("debtor account \(currency) needs at least town and country for a structured address")
        }

        var head = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        if run.dryRun {
            head += "<!-- PREVIEW (dry run " + XMLText.escape(run.month.description) + "): not for submission to a bank. -->\n"
        }
        head += """
        <Document xmlns="\(Pain001.namespace)">
          <CstmrCdtTrfInitn>
            <GrpHdr>
              <MsgId>\(XMLText.escape(messageId))</MsgId>
              <CreDtTm>\(XMLText.escape(run.createdAt))</CreDtTm>
              <NbOfTxs>\(count)</NbOfTxs>
              <CtrlSum>\(ctrlSum)</CtrlSum>
              <InitgPty>
                <Nm>\(XMLText.escape(debtorName))</Nm>
              </InitgPty>
            </GrpHdr>
            <PmtInf>
              <PmtInfId>\(XMLText.escape(paymentInformationId))</PmtInfId>
              <PmtMtd>TRF</PmtMtd>
              <BtchBookg>true</BtchBookg>
              <NbOfTxs>\(count)</NbOfTxs>
              <CtrlSum>\(ctrlSum)</CtrlSum>
              <ReqdExctnDt>
                <Dt>\(executionDate)</Dt>
              </ReqdExctnDt>

        """
        var bytes = Array(head.utf8)
        Self.appendParty("Dbtr", name: debtorName, address: debtorAddress, iban: debtor.iban, indent: "      ", to: &bytes)
        Self.appendAgent("Dbtr", bic: debtorBIC, indent: "      ", to: &bytes)
        try bytes.withUnsafeBytes { try sink.write(bytes: $0) }
        referencePrefix = Array(PayoutIdentifiers.payoutReferencePrefix(month: run.month).utf8)
        remittancePrefix = Array("Affiliate commissions \(run.month.description) ".utf8)
    }

    /// Writes one transaction. Throws (and the file must be discarded) when the payout cannot
    /// be written correctly or breaks the announced count.
    public func add(_ transfer: BankTransfer) throws {
        let amount: String
        do { amount = try transfer.payout.payoutText(inFileOf: currency, minorUnits: minorUnits) } catch {
            throw PayoutFileError.invalidPayout(file: fileName, affiliateId: transfer.affiliateId, problem: error.text)
        }
        try add(transfer, amount: amount)
    }

    /// `add` with the payout's amount already written (exactly the currency's decimals, as
    /// `payoutText` writes it; checked again here), e.g. by the database.
    public func add(_ transfer: BankTransfer, amount: String) throws {
        func bad(_ problem: String) -> PayoutFileError {
            .invalidPayout(file: fileName, affiliateId: transfer.affiliateId, problem: problem)
        }
        guard !finished else { throw bad("file already finished") }
        if let last = lastAffiliateId, transfer.affiliateId <= last {
            throw bad("affiliate ids must be strictly ascending (previous \(last)): a payout twice, or out of order")
        }
        guard transfer.payout.currency == currency, transfer.payout.minorUnits == minorUnits else {
            throw bad("\(transfer.payout.currency)/\(transfer.payout.minorUnits) decimals in a \(currency)/\(minorUnits) file")
        }
        guard Pain001.digitCount(amount) <= PayoutLimits.maxAmountDigits else { throw bad("amount \(amount) has more than 18 digits") }
        var amountText = amount
        var added = paid
        guard amountText.withUTF8({ added.add(UnsafeRawBufferPointer($0), fractionDigits: minorUnits) }) else {
            throw bad("amount \(amount) is not a positive amount with \(minorUnits) decimals")
        }
        guard count < declaredCount else {
            throw PayoutFileError.countMismatch(file: fileName, declared: declaredCount, actual: count + 1)
        }
        guard Pain001.ibanIsWellFormed(transfer.iban) else { throw bad("IBAN \(transfer.iban) is not well formed") }
        reference.removeAll(keepingCapacity: true)
        try RunInfo.appendReference(for: transfer.affiliateId, prefix: referencePrefix, file: fileName, to: &reference)
        guard reference.withUnsafeBytes({ Pain001.checkIdentifier($0) }) else {
            throw bad("payout reference \(String(decoding: reference, as: UTF8.self)) is not a valid bank identifier")
        }
        let name = SEPAText.field(transfer.creditorName, maxLength: Pain001.nameLength) ?? "Affiliate \(transfer.affiliateId)"
        guard let address = AddressLines(transfer.address) else {
            throw bad("creditor address needs at least town and country (incomplete_address)")
        }
        remittanceLine.removeAll(keepingCapacity: true)
        remittanceLine.append(contentsOf: remittancePrefix)
        remittanceLine.append(contentsOf: reference)
        remittance.removeAll(keepingCapacity: true)
        guard remittanceLine.withUnsafeBytes({ SEPAText.appendField($0, maxLength: Pain001.remittanceLength, to: &remittance) }) else {
            throw bad("remittance text is empty")
        }

        block.removeAll(keepingCapacity: true)
        reference.withUnsafeBytes { reference in
            remittance.withUnsafeBytes { remittance in
                Self.appendTransaction(Transaction(
                    reference: reference, remittance: remittance, amount: amount, currency: currency,
                    sepa: currency == "EUR" ? Pain001.isSEPA(iban: transfer.iban) : nil, bic: BIC.normalised(transfer.bic),
                    name: name, address: address, iban: transfer.iban), to: &block)
            }
        }
        try block.withUnsafeBytes { try sink.write(bytes: $0) }
        paid = added
        lastAffiliateId = transfer.affiliateId
    }

    /// Closes the document after checking that the transactions match the header.
    public func finish() throws {
        guard !finished else { return }
        guard count == declaredCount else {
            throw PayoutFileError.countMismatch(file: fileName, declared: declaredCount, actual: count)
        }
        let sum = paid.total
        guard sum == declaredTotal else {
            let declared = (try? AmountFormat.string(declaredTotal, minorUnits: minorUnits)) ?? "\(declaredTotal)"
            let actual = (try? AmountFormat.string(sum, minorUnits: minorUnits)) ?? "\(sum)"
            throw PayoutFileError.totalMismatch(file: fileName, declared: declared, actual: actual)
        }
        try sink.write("    </PmtInf>\n  </CstmrCdtTrfInitn>\n</Document>\n")
        finished = true
    }

    static func isDate(_ s: String) -> Bool {
        let b = Array(s.utf8)
        guard b.count == 10, b[4] == 45, b[7] == 45 else { return false }
        return [0, 1, 2, 3, 5, 6, 8, 9].allSatisfy { b[$0] >= 48 && b[$0] <= 57 }
    }

    /// "YYYY-MM-DDThh:mm:ss" with optional fraction, and "Z" or "+hh:mm" / "-hh:mm".
    static func isDateTime(_ s: String) -> Bool {
        let b = Array(s.utf8)
        guard b.count >= 20, isDate(String(decoding: b[0..<10], as: UTF8.self)), b[10] == 84,
              b[13] == 58, b[16] == 58 else { return false }
        let digit: (UInt8) -> Bool = { $0 >= 48 && $0 <= 57 }
        guard [11, 12, 14, 15, 17, 18].allSatisfy({ digit(b[$0]) }) else { return false }
        var i = 19
        if b[i] == 46 {
            i += 1
            let start = i
            while i < b.count, digit(b[i]) { i += 1 }
            guard i > start else { return false }
        }
        guard i < b.count else { return false }
        if b[i] == 90 { return i == b.count - 1 }
        guard b[i] == 43 || b[i] == 45, b.count - i == 6, b[i + 3] == 58 else { return false }
        return [1, 2, 4, 5].allSatisfy { digit(b[i + $0]) }
    }
}
