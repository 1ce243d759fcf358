import Foundation
import Postgres
import TestSupport
@testable import PayoutRun

/// Shortcuts for the lifecycle tests: the CLI against the scenario's database and folder,
/// status files written to disk, and what the database recorded.
extension Scenario {
    @discardableResult
    func cli(_ arguments: [String]) throws -> ProcessResult {
        try PayoutsBinary.run(arguments, database: db.name, environment: ["PAYOUTS_OUT": out.path, "PAYOUTS_OPERATOR": "tester"])
    }

    func file(_ name: String, _ text: String) throws -> String {
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let url = out.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    /// The pain.001 MsgId of a run's bank file.
    func messageId(_ month: String, _ currency: String) throws -> String {
        let xml = try String(contentsOf: out.appendingPathComponent("\(month)/iban-\(currency).xml"), encoding: .utf8)
        guard let range = xml.range(of: "<MsgId>"), let end = xml.range(of: "</MsgId>") else { throw LifecycleTestError("no MsgId") }
        return String(xml[range.upperBound..<end.lowerBound])
    }

    func count(_ sql: Query) throws -> Int {
        Int(try conn.queryOne(sql)!.decode(Int64.self, at: 0))
    }

    /// How many times each re-credit was settled, and by which month.
    func recreditsSettled() throws -> [String] {
        try conn.query("""
            select c.affiliate_id || ':' || c.amount || ':' || coalesce(r.month, 'open') as line
            from recredits c left join recredit_settlements s on s.recredit_id = c.id
            left join payout_runs r on r.id = s.run_id order by c.affiliate_id, c.id
            """).map { try $0.decode(String.self, at: 0) }
    }
}

struct LifecycleTestError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A pain.002.001.10 as a bank writes it: group status and one TxInfAndSts per entry.
func pain002(original: String, group: String, groupReason: String? = nil, transactions: [(String, String, String?)]) -> String {
    let txs = transactions.map { tx in
        """
              <TxInfAndSts>
                <OrgnlEndToEndId>\(tx.0)</OrgnlEndToEndId>
                <TxSts>\(tx.1)</TxSts>\(tx.2.map { "\n        <StsRsnInf><Rsn><Cd>\($0)</Cd></Rsn></StsRsnInf>" } ?? "")
              </TxInfAndSts>
        """
    }.joined(separator: "\n")
    let block = transactions.isEmpty ? "" : """
            <OrgnlPmtInfAndSts>
              <OrgnlPmtInfId>\(original)-PMT1</OrgnlPmtInfId>
        \(txs)
            </OrgnlPmtInfAndSts>
        """
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.10">
          <CstmrPmtStsRpt>
            <GrpHdr><MsgId>BANK-STS-1</MsgId><CreDtTm>2026-12-02T09:00:00</CreDtTm></GrpHdr>
            <OrgnlGrpInfAndSts>
              <OrgnlMsgId>\(original)</OrgnlMsgId>
              <OrgnlMsgNmId>pain.001.001.09</OrgnlMsgNmId>
              <GrpSts>\(group)</GrpSts>\(groupReason.map { "\n      <StsRsnInf><Rsn><Cd>\($0)</Cd></Rsn></StsRsnInf>" } ?? "")
            </OrgnlGrpInfAndSts>
        \(block)
          </CstmrPmtStsRpt>
        </Document>
        """
}
