import Foundation
import Testing
@testable import Returns

/// The readers alone, on hand-written files: what each keeps, what each refuses and how the
/// refusal names the place.
@Suite struct StatusFileReaderTests {
    private let ns = "urn:iso:std:iso:20022:tech:xsd:pain.002.001.10"

    @Test func pain002KeepsRejectionsWithReasonsAndDuplicatesAreNotMoneyBack() throws {
        let xml = """
            <Document xmlns="\(ns)"><CstmrPmtStsRpt>
            <GrpHdr><MsgId>S1</MsgId><CreDtTm>2026-12-02T09:00:00</CreDtTm></GrpHdr>
            <OrgnlGrpInfAndSts><OrgnlMsgId>AFP-202612-CHF-1A2B3C4D</OrgnlMsgId><OrgnlMsgNmId>pain.001.001.09</OrgnlMsgNmId><GrpSts>PART</GrpSts></OrgnlGrpInfAndSts>
            <OrgnlPmtInfAndSts><OrgnlPmtInfId>P</OrgnlPmtInfId>
            <TxInfAndSts><OrgnlEndToEndId>AP202612-1</OrgnlEndToEndId><TxSts>RJCT</TxSts><StsRsnInf><Rsn><Cd>AC01</Cd></Rsn></StsRsnInf></TxInfAndSts>
            <TxInfAndSts><OrgnlEndToEndId>AP202612-2</OrgnlEndToEndId><TxSts>ACCP</TxSts></TxInfAndSts>
            <TxInfAndSts><OrgnlEndToEndId>AP202612-3</OrgnlEndToEndId><TxSts>RJCT</TxSts><StsRsnInf><Rsn><Cd>AM05</Cd></Rsn></StsRsnInf></TxInfAndSts>
            </OrgnlPmtInfAndSts></CstmrPmtStsRpt></Document>
            """
        let report = try StatusFiles.parse(Data(xml.utf8), file: "s.xml")
        #expect(report.kind == .pain002 && report.originalMessageId == "AFP-202612-CHF-1A2B3C4D")
        #expect(report.records.map(\.reference) == ["AP202612-1", "AP202612-3"])
        #expect(report.records.map(\.moneyBack) == [true, false])
        #expect(report.records.map(\.reasonCode) == ["AC01", "AM05"])
        #expect(report.rejectedMessages.isEmpty)
    }

    @Test func pain002GroupRejectionWithoutTransactionsRejectsTheMessage() throws {
        let xml = """
            <Document xmlns="\(ns)"><CstmrPmtStsRpt><GrpHdr><MsgId>S1</MsgId></GrpHdr>
            <OrgnlGrpInfAndSts><OrgnlMsgId>AFP-202612-CHF-1A2B3C4D</OrgnlMsgId><GrpSts>RJCT</GrpSts>
            <StsRsnInf><Rsn><Cd>DUPL</Cd></Rsn></StsRsnInf></OrgnlGrpInfAndSts></CstmrPmtStsRpt></Document>
            """
        let report = try Pain002.parse(Data(xml.utf8), file: "g.xml")
        #expect(report.rejectedMessages.count == 1)
        #expect(report.rejectedMessages.first?.reasonCode == "DUPL" && report.rejectedMessages.first?.moneyBack == false)
        #expect(report.rejectedMessages.first?.listsTransactions == false)
    }

    @Test func pain002TransactionsTakeTheGroupsReasonAndDuplicateIdentifiersAreNotMoneyBack() throws {
        let xml = """
            <Document xmlns="\(ns)"><CstmrPmtStsRpt><GrpHdr><MsgId>S1</MsgId></GrpHdr>
            <OrgnlGrpInfAndSts><OrgnlMsgId>AFP-202612-CHF-1A2B3C4D</OrgnlMsgId><GrpSts>RJCT</GrpSts>
            <StsRsnInf><Rsn><Cd>AM05</Cd></Rsn></StsRsnInf></OrgnlGrpInfAndSts>
            <OrgnlPmtInfAndSts><OrgnlPmtInfId>P</OrgnlPmtInfId>
            <TxInfAndSts><OrgnlEndToEndId>AP202612-1</OrgnlEndToEndId><TxSts>RJCT</TxSts></TxInfAndSts>
            <TxInfAndSts><OrgnlEndToEndId>AP202612-2</OrgnlEndToEndId><TxSts>RJCT</TxSts><StsRsnInf><Rsn><Cd>DU04</Cd></Rsn></StsRsnInf></TxInfAndSts>
            </OrgnlPmtInfAndSts></CstmrPmtStsRpt></Document>
            """
        let report = try Pain002.parse(Data(xml.utf8), file: "d.xml")
        #expect(report.records.map(\.reasonCode) == ["AM05", "DU04"])
        #expect(report.records.map(\.moneyBack) == [false, false])
        #expect(report.rejectedMessages.map(\.listsTransactions) == [true], "the importer checks every payout is listed")
        for code in ["DU01", "DU02", "DU03", "DU05", "dupl"] {
            #expect(!ReturnStatus.bankRejectionIsMoneyBack(reason: code), "\(code)")
        }
        #expect(ReturnStatus.bankRejectionIsMoneyBack(reason: "AC04") && ReturnStatus.bankRejectionIsMoneyBack(reason: nil))
    }

    @Test func camt054KeepsOnlyEntriesWithReturnInformation() throws {
        let xml = """
            <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.08"><BkToCstmrDbtCdtNtfctn>
            <Ntfctn><Ntry><Amt Ccy="EUR">10.00</Amt><CdtDbtInd>DBIT</CdtDbtInd>
              <NtryDtls><TxDtls><Refs><EndToEndId>AP202612-1</EndToEndId></Refs></TxDtls></NtryDtls></Ntry>
            <Ntry><Amt Ccy="EUR">53.50</Amt><CdtDbtInd>CRDT</CdtDbtInd>
              <NtryDtls><TxDtls><Refs><EndToEndId>AP202612-3</EndToEndId></Refs><Amt Ccy="EUR">53.50</Amt>
              <RtrInf><Rsn><Cd>AC04</Cd></Rsn></RtrInf></TxDtls></NtryDtls></Ntry></Ntfctn>
            </BkToCstmrDbtCdtNtfctn></Document>
            """
        let report = try Camt054.parse(Data(xml.utf8), file: "c.xml")
        #expect(report.records == [ReturnRecord(reference: "AP202612-3", status: "RTRN", reasonCode: "AC04", moneyBack: true,
                                                amount: Decimal(string: "53.50"), currency: "EUR", location: "line 5")])
    }

    @Test func payPalStatusesSplitIntoMoneyBackRecordedOnlyAndPaid() throws {
        let json = """
            {"batch_header": {"sender_batch_header": {"sender_batch_id": "AFP-202612-EUR-1A2B3C4D-1"}},
             "items": [
               {"transaction_status": "SUCCESS", "payout_item": {"sender_item_id": "AP202612-1"}},
               {"transaction_status": "UNCLAIMED", "payout_item": {"sender_item_id": "AP202612-2", "amount": {"value": "60.00", "currency": "EUR"}}},
               {"transaction_status": "RETURNED", "payout_item": {"sender_item_id": "AP202612-3"}, "errors": {"name": "RECEIVER_UNREGISTERED"}}]}
            """
        let report = try StatusFiles.parse(Data(json.utf8), file: "b.json")
        #expect(report.records.map(\.reference) == ["AP202612-2", "AP202612-3"])
        #expect(report.records.map(\.moneyBack) == [false, true])
        #expect(report.records.last?.reasonCode == "RECEIVER_UNREGISTERED")
        #expect(ReturnStatus.payPal("BLOCKED") == .moneyBack && ReturnStatus.payPal("ONHOLD") == .recordedOnly && ReturnStatus.payPal("NEW") == nil)
    }

    @Test func prepaidRejectionsNeedTheirHeaderAndNameTheLine() throws {
        let ok = try StatusFiles.parse(Data("payout_reference,reason\r\nAP202612-7,\"account closed, by customer\"\r\n".utf8), file: "p.csv")
        #expect(ok.records.first?.reasonCode == "account closed, by customer" && ok.records.first?.moneyBack == true)
        #expect(throws: StatusFileError(file: "p.csv", location: "line 3", "AP202612-8: amount 1,5 is not a decimal amount")) {
            try PrepaidRejections.parse(Data("payout_reference,reason,amount\nAP202612-7,x,1.50\nAP202612-8,y,\"1,5\"\n".utf8), file: "p.csv")
        }
    }

    @Test func wrongKindsAndBrokenFilesAreRefused() {
        #expect(throws: StatusFileError.self) { try StatusFiles.parse(Data("<Document xmlns=\"urn:other\"/>".utf8), file: "x.xml") }
        #expect(throws: StatusFileError.self) { try StatusFiles.parse(Data("{\"items\": [".utf8), file: "x.json") }
        #expect(throws: StatusFileError.self) { try Pain002.parse(Data("<Document xmlns=\"\(ns)\"><CstmrPmtStsRpt>".utf8), file: "x.xml") }
        #expect(ReasonCodes.meaning("AC04") == "account closed" && ReasonCodes.meaning("ZZ99") == "code ZZ99")
    }
}
