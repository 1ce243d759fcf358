import Foundation

/// Reads an ISO 20022 customer payment status report, `pain.002.001.10`: the group status
/// of the original message (`OrgnlGrpInfAndSts`), each payment block's status and each
/// transaction's (`TxInfAndSts`), with `StsRsnInf/Rsn/Cd`. Only rejections (`RJCT`) become
/// records; accepted statuses say nothing the processor acts on.
///
/// ```swift
/// let report = try Pain002.parse(data, file: "status.xml")
/// report.records            // one per rejected transaction
/// report.rejectedMessages   // a group or payment block rejected without transaction details
/// ```
public enum Pain002 {
    public static let namespace = "urn:iso:std:iso:20022:tech:xsd:pain.002.001.10"

    public static func parse(_ data: Data, file: String) throws -> StatusFile {
        var result = StatusFile(kind: .pain002)
        var groupStatus: (status: String, line: Int)?
        var groupReason: String?
        var blockRejections: [(reason: String?, line: Int, listsTransactions: Bool)] = []
        var listsTransactions = false
        var blockHasTransactions = false
        var blockStatus: String?
        var blockReason: String?
        var blockLine = 0
        var tx = Transaction()
        struct Transaction {
            var endToEndId: String?
            var status: String?
            var reason: String?
            var amount: String?
            var currency: String?
            var line = 0
        }

        let namespace = try XMLEvents.walk(data, file: file, start: { element in
            switch element.path.last {
            case "OrgnlPmtInfAndSts":
                blockHasTransactions = false; blockStatus = nil; blockReason = nil; blockLine = element.line
            case "TxInfAndSts":
                tx = Transaction(line: element.line)
            default: break
            }
        }, end: { element in
            let path = element.path
            guard path.count >= 2, path[1] == "CstmrPmtStsRpt" else { return }
            let inTx = path.contains("TxInfAndSts")
            let inBlock = path.contains("OrgnlPmtInfAndSts")
            switch path.last {
            case "OrgnlMsgId" where path.contains("OrgnlGrpInfAndSts"):
                result.originalMessageId = element.text
            case "GrpSts":
                groupStatus = (element.text, element.line)
            case "Cd" where path.suffix(3) == ["StsRsnInf", "Rsn", "Cd"]:
                if inTx { tx.reason = tx.reason ?? element.text }
                else if inBlock { blockReason = blockReason ?? element.text }
                else if path.contains("OrgnlGrpInfAndSts") { groupReason = groupReason ?? element.text }
            case "PmtInfSts":
                blockStatus = element.text
            case "OrgnlEndToEndId" where inTx:
                tx.endToEndId = element.text
            case "TxSts" where inTx:
                tx.status = element.text
            case "InstdAmt" where inTx && path.contains("OrgnlTxRef"):
                tx.amount = element.text; tx.currency = element.attributes["Ccy"]
            case "TxInfAndSts":
                blockHasTransactions = true
                listsTransactions = true
                guard let status = tx.status else {
                    throw StatusFileError(file: file, location: "line \(tx.line)", "TxInfAndSts for \(tx.endToEndId ?? "?") has no TxSts")
                }
                guard status == "RJCT" else { return }
                guard let reference = tx.endToEndId, !reference.isEmpty else {
                    throw StatusFileError(file: file, location: "line \(tx.line)", "rejected transaction without OrgnlEndToEndId")
                }
                var amount: Decimal?
                if let text = tx.amount {
                    guard let value = Decimal.exactAmount(text) else {
                        throw StatusFileError(file: file, location: "line \(tx.line)", "amount \(text) of \(reference) is not a decimal amount")
                    }
                    amount = value
                }
                // A transaction without a reason of its own has its block's, or the group's
                // (a duplicate file rejected with AM05 at group level lists its transactions bare).
                let reason = tx.reason ?? blockReason ?? groupReason
                result.records.append(ReturnRecord(
                    reference: reference, status: status, reasonCode: reason,
                    moneyBack: ReturnStatus.bankRejectionIsMoneyBack(reason: reason),
                    amount: amount, currency: tx.currency, location: "line \(tx.line)"))
            case "OrgnlPmtInfAndSts":
                if blockStatus == "RJCT" { blockRejections.append((blockReason, blockLine, blockHasTransactions)) }
            default: break
            }
        })
        guard namespace == Self.namespace else {
            throw StatusFileError(file: file, location: "line 1", "not a pain.002.001.10 status report (namespace \(namespace ?? "none"))")
        }
        guard let messageId = result.originalMessageId, !messageId.isEmpty else {
            throw StatusFileError(file: file, location: nil, "no OrgnlGrpInfAndSts/OrgnlMsgId: cannot tell which payment file this report is about")
        }
        // A rejected group, or a rejected payment block (our files have one), rejects every
        // payment of the original file, whether or not the report lists transactions too: the
        // importer refuses a report that lists some of the file's payouts and not the others.
        if let group = groupStatus, group.status == "RJCT" {
            result.rejectedMessages.append(MessageRejection(
                originalMessageId: messageId, status: "RJCT", reasonCode: groupReason,
                moneyBack: ReturnStatus.bankRejectionIsMoneyBack(reason: groupReason), location: "line \(group.line)",
                listsTransactions: listsTransactions))
        } else if let block = blockRejections.first {
            result.rejectedMessages.append(MessageRejection(
                originalMessageId: messageId, status: "RJCT", reasonCode: block.reason ?? groupReason,
                moneyBack: ReturnStatus.bankRejectionIsMoneyBack(reason: block.reason ?? groupReason), location: "line \(block.line)",
                listsTransactions: block.listsTransactions))
        }
        return result
    }
}
