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
    public static let nameLength = 70
    public static let remittanceLength = 140

    /// Whether `iban` fits the schema pattern (the caller has already checked the checksum).
    static func ibanIsWellFormed(_ iban: String) -> Bool {
        let b = Array(iban.utf8)
        guard b.count >= 5, b.count <= 34 else { return false }
        func upper(_ c: UInt8) -> Bool { c >= 65 && c <= 90 }
        func digit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
        return upper(b[0]) && upper(b[1]) && digit(b[2]) && digit(b[3])
            && b[4...].allSatisfy { upper($0) || digit($0) || ($0 >= 97 && $0 <= 122) }
    }

    /// Checks an identifier against the Swiss restricted set and the '/' rules.
    static func checkIdentifier(_ id: String) -> Bool {
        let bytes = id.utf8
        guard (1...35).contains(bytes.count), bytes.allSatisfy({ identifierBytes.contains($0) }) else { return false }
        // All ASCII from here: "/" rules byte by byte (a Foundation search per transfer is slow).
        var previous: UInt8 = 0
        for byte in bytes {
            if byte == UInt8(ascii: "/"), previous == UInt8(ascii: "/") { return false }
            previous = byte
        }
        return bytes.first != UInt8(ascii: "/") && bytes.last != UInt8(ascii: "/")
    }

    private static let identifierBytes = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/-?:().,'+".utf8)

    /// Number of digits of a formatted amount (the schemas allow 18).
    static func digitCount(_ formatted: String) -> Int {
        formatted.utf8.filter { $0 >= 48 && $0 <= 57 }.count
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
        guard let debtorAddress = Self.address(street: debtor.address.street, buildingNumber: debtor.address.buildingNumber,
                                               postcode: debtor.address.postcode, town: debtor.address.town,
                                               country: debtor.address.country, indent: "        ") else {
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
        head += Self.party("Dbtr", name: debtorName, address: debtorAddress, iban: debtor.iban, indent: "      ")
        head += Self.agent("Dbtr", bic: debtorBIC, indent: "      ")
        try sink.write(head)
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
        let reference = try run.reference(for: transfer.affiliateId, file: fileName)
        guard Pain001.checkIdentifier(reference) else { throw bad("payout reference \(reference) is not a valid bank identifier") }
        let name = SEPAText.field(transfer.creditorName, maxLength: Pain001.nameLength) ?? "Affiliate \(transfer.affiliateId)"
        guard let address = Self.address(street: transfer.address.street, buildingNumber: transfer.address.buildingNumber,
                                         postcode: transfer.address.postcode, town: transfer.address.town,
                                         country: transfer.address.country, indent: "          ") else {
            throw bad("creditor address needs at least town and country (incomplete_address)")
        }
        guard let remittance = SEPAText.field("Affiliate commissions \(run.month.description) \(reference)",
                                            maxLength: Pain001.remittanceLength) else {
            throw bad("remittance text is empty")
        }

        var tx = """
              <CdtTrfTxInf>
                <PmtId>
                  <InstrId>\(XMLText.escape(reference))</InstrId>
                  <EndToEndId>\(XMLText.escape(reference))</EndToEndId>
                </PmtId>

        """
        if currency == "EUR" {
            let country = String(transfer.iban.prefix(2))
            if Pain001.sepaCountries.contains(country) {
                tx += """
                        <PmtTpInf>
                          <SvcLvl>
                            <Cd>SEPA</Cd>
                          </SvcLvl>
                        </PmtTpInf>

                """
            }
        }
        tx += """
                <Amt>
                  <InstdAmt Ccy="\(currency)">\(amount)</InstdAmt>
                </Amt>

        """
        if currency == "EUR" {
            let sepa = Pain001.sepaCountries.contains(String(transfer.iban.prefix(2)))
            tx += "        <ChrgBr>\(sepa ? "SLEV" : "SHAR")</ChrgBr>\n"
        }
        if let bic = BIC.normalised(transfer.bic) {
            tx += Self.agent("Cdtr", bic: bic, indent: "        ")
        }
        tx += Self.party("Cdtr", name: name, address: address, iban: transfer.iban, indent: "        ")
        tx += """
                <RmtInf>
                  <Ustrd>\(XMLText.escape(remittance))</Ustrd>
                </RmtInf>
              </CdtTrfTxInf>

        """
        try sink.write(tx)
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

    /// A party of the transfer, debtor (`role` "Dbtr") or creditor ("Cdtr"): its name and
    /// `address` (the `<PstlAdr>` lines, one level deeper), then its account by IBAN.
    static func party(_ role: String, name: String, address: String, iban: String, indent: String) -> String {
        """
        \(indent)<\(role)>
        \(indent)  <Nm>\(XMLText.escape(name))</Nm>
        \(address)\(indent)</\(role)>
        \(indent)<\(role)Acct>
        \(indent)  <Id>
        \(indent)    <IBAN>\(iban)</IBAN>
        \(indent)  </Id>
        \(indent)</\(role)Acct>

        """
    }

    /// The bank of a party (`<DbtrAgt>` or `<CdtrAgt>`), by its BIC.
    static func agent(_ role: String, bic: String, indent: String) -> String {
        """
        \(indent)<\(role)Agt>
        \(indent)  <FinInstnId>
        \(indent)    <BICFI>\(bic)</BICFI>
        \(indent)  </FinInstnId>
        \(indent)</\(role)Agt>

        """
    }

    /// `<PstlAdr>` lines for a structured address, or nil when town or country is missing.
    static func address(street: String?, buildingNumber: String?, postcode: String?, town: String?,
                        country: String?, indent: String) -> String? {
        guard let townName = SEPAText.field(town, maxLength: 35), let countryCode = PostalAddress.countryCode(country) else {
            return nil
        }
        var out = indent + "<PstlAdr>\n"
        let inner = indent + "  "
        if let value = SEPAText.field(street, maxLength: 70) { out += inner + "<StrtNm>\(XMLText.escape(value))</StrtNm>\n" }
        if let value = SEPAText.field(buildingNumber, maxLength: 16) { out += inner + "<BldgNb>\(XMLText.escape(value))</BldgNb>\n" }
        if let value = SEPAText.field(postcode, maxLength: 16) { out += inner + "<PstCd>\(XMLText.escape(value))</PstCd>\n" }
        out += inner + "<TwnNm>\(XMLText.escape(townName))</TwnNm>\n"
        out += inner + "<Ctry>\(countryCode)</Ctry>\n"
        out += indent + "</PstlAdr>\n"
        return out
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
