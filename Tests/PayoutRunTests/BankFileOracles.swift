import Foundation
import Testing
import TestSupport

/// The independent judges of a pain.001 file, fetched at test time by scripts/lib/oracles.sh:
/// the official pain.001.001.09 XSD (xmllint), group header sums and unique end-to-end ids,
/// schwifty for every IBAN, and mock-bank, which
/// receives the file as a bank would and must accept every payment in it.
enum BankFileOracles {
    struct Missing: Error, CustomStringConvertible {
        var name: String
        var description: String { "\(name) is not set: run the tests through scripts/test, which installs the validators" }
    }

    static func environment(_ name: String) throws -> String {
        guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else { throw Missing(name: name) }
        return value
    }

    static let mockBankScript = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scripts/lib/mock_bank_check.py").path

    /// Problems the judges found in the pain.001 file at `path`; empty when all accept it.
    static func problems(pain001 path: String) throws -> [String] {
        let xsd = try environment("PAIN001_XSD")
        let python = try environment("ORACLE_PYTHON")
        var problems: [String] = []
        let schema = try ChildProcess.run("/usr/bin/xmllint", ["--noout", "--schema", xsd, path])
        if schema.status != 0 { problems.append("XSD: \(schema.output)") }
        let check = """
            import sys, xml.etree.ElementTree as ET, schwifty
            from decimal import Decimal
            ns = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"}
            root = ET.parse(sys.argv[1]).getroot()
            txs = root.findall(".//p:CdtTrfTxInf", ns)
            amounts = [Decimal(t.find("p:Amt/p:InstdAmt", ns).text) for t in txs]
            assert int(root.find(".//p:GrpHdr/p:NbOfTxs", ns).text) == len(txs)
            assert Decimal(root.find(".//p:GrpHdr/p:CtrlSum", ns).text) == sum(amounts)
            for iban in root.iter("{urn:iso:std:iso:20022:tech:xsd:pain.001.001.09}IBAN"):
                schwifty.IBAN(iban.text)
            ids = [t.find("p:PmtId/p:EndToEndId", ns).text for t in txs]
            assert len(set(ids)) == len(ids) and all(len(i) <= 35 for i in ids)
            """
        let ibans = try ChildProcess.run(python, ["-c", check, path])
        if ibans.status != 0 { problems.append("schwifty/sums: \(ibans.output)") }
        let bank = try ChildProcess.run(python, [mockBankScript, path])
        if bank.status != 0 { problems.append("mock-bank: \(bank.output.prefix(3000))") }
        return problems
    }
}
