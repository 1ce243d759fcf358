import Foundation
import PayoutCore

/// The one layout of the pain.001 blocks, appended as bytes: the writer lays out a transaction
/// per payout into a reused buffer instead of building Strings (a third of the channels lane's
/// client CPU went into those).
extension Pain001Writer {
    /// The parts of a structured address already reduced to the bank's texts: optional street,
    /// building number and postcode, and the town and country a bank transfer needs.
    struct AddressLines {
        var street, buildingNumber, postcode: String?
        var town: String
        var country: String

        /// Nil when town or country is missing (or nothing is left of the town).
        init?(_ address: PostalAddress) {
            guard let town = SEPAText.field(address.town, maxLength: PostalAddress.townLength),
                  let country = PostalAddress.countryCode(address.country) else { return nil }
            (self.town, self.country) = (town, country)
            street = SEPAText.field(address.street, maxLength: PostalAddress.streetLength)
            buildingNumber = SEPAText.field(address.buildingNumber, maxLength: PostalAddress.buildingNumberLength)
            postcode = SEPAText.field(address.postcode, maxLength: PostalAddress.postcodeLength)
        }
    }

    /// `<PstlAdr>` lines of a party at `indent` (one level deeper than the party's tag).
    static func appendAddress(_ address: AddressLines, indent: StaticString, to out: inout [UInt8]) {
        func element(_ open: StaticString, _ value: String?, _ close: StaticString) {
            guard let value else { return }
            out.append(indent)
            out.append(open)
            XMLText.append(value, to: &out)
            out.append(close)
        }
        out.append(indent)
        out.append("  <PstlAdr>\n")
        element("    <StrtNm>", address.street, "</StrtNm>\n")
        element("    <BldgNb>", address.buildingNumber, "</BldgNb>\n")
        element("    <PstCd>", address.postcode, "</PstCd>\n")
        element("    <TwnNm>", address.town, "</TwnNm>\n")
        out.append(indent)
        out.append("    <Ctry>")
        out.append(contentsOf: address.country.utf8)
        out.append("</Ctry>\n")
        out.append(indent)
        out.append("  </PstlAdr>\n")
    }

    /// A party of the transfer, debtor (`role` "Dbtr") or creditor ("Cdtr"): its name and
    /// address (one level deeper), then its account by IBAN.
    static func appendParty(_ role: StaticString, name: String, address: AddressLines, iban: String, indent: StaticString,
                            to out: inout [UInt8]) {
        func tag(_ open: StaticString, _ close: StaticString) {
            out.append(indent)
            out.append(open)
            out.append(role)
            out.append(close)
        }
        tag("<", ">\n")
        out.append(indent)
        out.append("  <Nm>")
        XMLText.append(name, to: &out)
        out.append("</Nm>\n")
        appendAddress(address, indent: indent, to: &out)
        tag("</", ">\n")
        tag("<", "Acct>\n")
        out.append(indent)
        out.append("  <Id>\n")
        out.append(indent)
        out.append("    <IBAN>")
        out.append(contentsOf: iban.utf8)
        out.append("</IBAN>\n")
        out.append(indent)
        out.append("  </Id>\n")
        tag("</", "Acct>\n")
    }

    /// The bank of a party (`<DbtrAgt>` or `<CdtrAgt>`), by its BIC.
    static func appendAgent(_ role: StaticString, bic: String, indent: StaticString, to out: inout [UInt8]) {
        out.append(indent)
        out.append("<")
        out.append(role)
        out.append("Agt>\n")
        out.append(indent)
        out.append("  <FinInstnId>\n")
        out.append(indent)
        out.append("    <BICFI>")
        out.append(contentsOf: bic.utf8)
        out.append("</BICFI>\n")
        out.append(indent)
        out.append("  </FinInstnId>\n")
        out.append(indent)
        out.append("</")
        out.append(role)
        out.append("Agt>\n")
    }

    /// What a transaction carries once every check has passed: texts reduced to the bank's
    /// set, the reference and the remittance line as bytes.
    struct Transaction {
        var reference: UnsafeRawBufferPointer
        var remittance: UnsafeRawBufferPointer
        var amount: String
        var currency: String
        /// Whether an EUR transfer goes to a SEPA country (service level SEPA, charges SLEV);
        /// nil for other currencies, which carry neither.
        var sepa: Bool?
        var bic: String?
        var name: String
        var address: AddressLines
        var iban: String
    }

    /// One `<CdtTrfTxInf>` block.
    static func appendTransaction(_ tx: Transaction, to out: inout [UInt8]) {
        out.append("      <CdtTrfTxInf>\n        <PmtId>\n          <InstrId>")
        XMLText.append(tx.reference, to: &out)
        out.append("</InstrId>\n          <EndToEndId>")
        XMLText.append(tx.reference, to: &out)
        out.append("</EndToEndId>\n        </PmtId>\n")
        if tx.sepa == true {
            out.append("        <PmtTpInf>\n          <SvcLvl>\n            <Cd>SEPA</Cd>\n          </SvcLvl>\n        </PmtTpInf>\n")
        }
        out.append("        <Amt>\n          <InstdAmt Ccy=\"")
        out.append(contentsOf: tx.currency.utf8)
        out.append("\">")
        out.append(contentsOf: tx.amount.utf8)
        out.append("</InstdAmt>\n        </Amt>\n")
        if let sepa = tx.sepa {
            out.append(sepa ? "        <ChrgBr>SLEV</ChrgBr>\n" : "        <ChrgBr>SHAR</ChrgBr>\n")
        }
        if let bic = tx.bic { appendAgent("Cdtr", bic: bic, indent: "        ", to: &out) }
        appendParty("Cdtr", name: tx.name, address: tx.address, iban: tx.iban, indent: "        ", to: &out)
        out.append("        <RmtInf>\n          <Ustrd>")
        XMLText.append(tx.remittance, to: &out)
        out.append("</Ustrd>\n        </RmtInf>\n      </CdtTrfTxInf>\n")
    }
}

extension [UInt8] {
    /// Appends a literal's UTF-8 bytes as they are (no String in between: the payment files
    /// lay out their fixed tags this way per payout).
    mutating func append(_ literal: StaticString) {
        literal.withUTF8Buffer { append(contentsOf: $0) }
    }
}
