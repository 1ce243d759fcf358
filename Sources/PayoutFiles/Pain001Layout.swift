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

    /// `<PstlAdr>` lines at `indent`, parts inside it one level deeper.
    static func appendAddress(_ address: AddressLines, indent: String, to out: inout [UInt8]) {
        func element(_ name: String, _ value: String?) {
            guard let value else { return }
            out.append(contentsOf: indent.utf8)
            out.append(contentsOf: "  <".utf8)
            out.append(contentsOf: name.utf8)
            out.append(UInt8(ascii: ">"))
            XMLText.append(value, to: &out)
            out.append(contentsOf: "</".utf8)
            out.append(contentsOf: name.utf8)
            out.append(contentsOf: ">\n".utf8)
        }
        out.append(contentsOf: indent.utf8)
        out.append(contentsOf: "<PstlAdr>\n".utf8)
        element("StrtNm", address.street)
        element("BldgNb", address.buildingNumber)
        element("PstCd", address.postcode)
        element("TwnNm", address.town)
        out.append(contentsOf: indent.utf8)
        out.append(contentsOf: "  <Ctry>".utf8)
        out.append(contentsOf: address.country.utf8)
        out.append(contentsOf: "</Ctry>\n".utf8)
        out.append(contentsOf: indent.utf8)
        out.append(contentsOf: "</PstlAdr>\n".utf8)
    }

    /// A party of the transfer, debtor (`role` "Dbtr") or creditor ("Cdtr"): its name and
    /// address (one level deeper), then its account by IBAN.
    static func appendParty(_ role: String, name: String, address: AddressLines, iban: String, indent: String,
                            to out: inout [UInt8]) {
        func open(_ tag: String, _ suffix: String = "", depth: String = "") {
            out.append(contentsOf: indent.utf8)
            out.append(contentsOf: depth.utf8)
            out.append(contentsOf: tag.utf8)
            out.append(contentsOf: role.utf8)
            out.append(contentsOf: suffix.utf8)
        }
        open("<", ">\n")
        out.append(contentsOf: indent.utf8)
        out.append(contentsOf: "  <Nm>".utf8)
        XMLText.append(name, to: &out)
        out.append(contentsOf: "</Nm>\n".utf8)
        appendAddress(address, indent: indent + "  ", to: &out)
        open("</", ">\n")
        open("<", "Acct>\n")
        out.append(contentsOf: indent.utf8)
        out.append(contentsOf: "  <Id>\n".utf8)
        out.append(contentsOf: indent.utf8)
        out.append(contentsOf: "    <IBAN>".utf8)
        out.append(contentsOf: iban.utf8)
        out.append(contentsOf: "</IBAN>\n".utf8)
        out.append(contentsOf: indent.utf8)
        out.append(contentsOf: "  </Id>\n".utf8)
        open("</", "Acct>\n")
    }

    /// The bank of a party (`<DbtrAgt>` or `<CdtrAgt>`), by its BIC.
    static func appendAgent(_ role: String, bic: String, indent: String, to out: inout [UInt8]) {
        out.append(contentsOf: indent.utf8)
        out.append(UInt8(ascii: "<"))
        out.append(contentsOf: role.utf8)
        out.append(contentsOf: "Agt>\n".utf8)
        out.append(contentsOf: indent.utf8)
        out.append(contentsOf: "  <FinInstnId>\n".utf8)
        out.append(contentsOf: indent.utf8)
        out.append(contentsOf: "    <BICFI>".utf8)
        out.append(contentsOf: bic.utf8)
        out.append(contentsOf: "</BICFI>\n".utf8)
        out.append(contentsOf: indent.utf8)
        out.append(contentsOf: "  </FinInstnId>\n".utf8)
        out.append(contentsOf: indent.utf8)
        out.append(contentsOf: "</".utf8)
        out.append(contentsOf: role.utf8)
        out.append(contentsOf: "Agt>\n".utf8)
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
        out.append(contentsOf: "      <CdtTrfTxInf>\n        <PmtId>\n          <InstrId>".utf8)
        XMLText.append(tx.reference, to: &out)
        out.append(contentsOf: "</InstrId>\n          <EndToEndId>".utf8)
        XMLText.append(tx.reference, to: &out)
        out.append(contentsOf: "</EndToEndId>\n        </PmtId>\n".utf8)
        if tx.sepa == true {
            out.append(contentsOf: "        <PmtTpInf>\n          <SvcLvl>\n            <Cd>SEPA</Cd>\n          </SvcLvl>\n        </PmtTpInf>\n".utf8)
        }
        out.append(contentsOf: "        <Amt>\n          <InstdAmt Ccy=\"".utf8)
        out.append(contentsOf: tx.currency.utf8)
        out.append(contentsOf: "\">".utf8)
        out.append(contentsOf: tx.amount.utf8)
        out.append(contentsOf: "</InstdAmt>\n        </Amt>\n".utf8)
        if let sepa = tx.sepa {
            out.append(contentsOf: (sepa ? "        <ChrgBr>SLEV</ChrgBr>\n" : "        <ChrgBr>SHAR</ChrgBr>\n").utf8)
        }
        if let bic = tx.bic { appendAgent("Cdtr", bic: bic, indent: "        ", to: &out) }
        appendParty("Cdtr", name: tx.name, address: tx.address, iban: tx.iban, indent: "        ", to: &out)
        out.append(contentsOf: "        <RmtInf>\n          <Ustrd>".utf8)
        XMLText.append(tx.remittance, to: &out)
        out.append(contentsOf: "</Ustrd>\n        </RmtInf>\n      </CdtTrfTxInf>\n".utf8)
    }
}
