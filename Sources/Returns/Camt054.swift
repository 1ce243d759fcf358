import Foundation

/// Reads the returns in an ISO 20022 bank-to-customer debit/credit notification,
/// `camt.054.001.08`: each entry whose transaction details carry return information
/// (`RtrInf/Rsn/Cd`) is a payout coming back, matched by its original end-to-end id
/// (`Refs/EndToEndId`). Entries without return information (the settlement debits) are
/// not returns and are left alone.
///
/// ```swift
/// let notification = try Camt054.parse(data, file: "camt054.xml")
/// notification.records   // one per returned transaction
/// ```
public enum Camt054 {
    public static let namespace = "urn:iso:std:iso:20022:tech:xsd:camt.054.001.08"

    public static func parse(_ data: Data, file: String) throws -> StatusFile {
        var result = StatusFile(kind: .camt054)
        struct Details {
            var endToEndId: String?
            var amount: String?
            var currency: String?
            var returned = false
            var reason: String?
            var line = 0
        }
        var entryAmount: (String, String?)?
        var details = Details()

        let namespace = try XMLEvents.walk(data, file: file, start: { element in
            switch element.path.last {
            case "Ntry": entryAmount = nil
            case "TxDtls": details = Details(line: element.line)
            default: break
            }
        }, end: { element in
            let path = element.path
            guard path.count >= 2, path[1] == "BkToCstmrDbtCdtNtfctn" else { return }
            let inDetails = path.contains("TxDtls")
            switch path.last {
            case "Amt" where path.suffix(2) == ["Ntry", "Amt"]:
                entryAmount = (element.text, element.attributes["Ccy"])
            case "Amt" where path.suffix(2) == ["TxDtls", "Amt"]:
                details.amount = element.text; details.currency = element.attributes["Ccy"]
            case "EndToEndId" where inDetails && path.suffix(2) == ["Refs", "EndToEndId"]:
                details.endToEndId = element.text
            case "RtrInf" where inDetails:
                details.returned = true
            case "Cd" where inDetails && path.suffix(3) == ["RtrInf", "Rsn", "Cd"]:
                details.reason = element.text
            case "TxDtls":
                guard details.returned else { return }
                let location = "line \(details.line)"
                guard let reference = details.endToEndId, !reference.isEmpty, reference != "NOTPROVIDED" else {
                    throw StatusFileError(file: file, location: location, "a return without its original EndToEndId cannot be matched to a payout")
                }
                let text = details.amount ?? entryAmount?.0
                guard let text, let amount = Decimal.exactAmount(text) else {
                    throw StatusFileError(file: file, location: location, "return of \(reference) has no decimal amount")
                }
                result.records.append(ReturnRecord(
                    reference: reference, status: "RTRN", reasonCode: details.reason,
                    moneyBack: ReturnStatus.bankRejectionIsMoneyBack(reason: details.reason),
                    amount: amount, currency: details.amount == nil ? entryAmount?.1 : details.currency, location: location))
            default: break
            }
        })
        guard namespace == Self.namespace else {
            throw StatusFileError(file: file, location: "line 1", "not a camt.054.001.08 notification (namespace \(namespace ?? "none"))")
        }
        return result
    }
}
