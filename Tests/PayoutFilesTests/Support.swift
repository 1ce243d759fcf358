import Foundation
import PayoutCore
import Testing
import TestSupport
@testable import PayoutFiles

/// Helpers shared by the PayoutFiles tests. The external oracles (the official pain.001 XSD
/// from the PyPI package sepaxml, and a Python with schwifty) come from the environment the
/// test script prepares; a missing oracle fails the test, it never skips it.
enum Oracle {
    static let setupHint = "run scripts/test, or: . scripts/lib/oracles.sh; ensure_oracles"

    static func xsd() throws -> String {
        let path = try #require(ProcessInfo.processInfo.environment["PAIN001_XSD"],
                                "PAIN001_XSD is not set (path of sepaxml's pain.001.001.09.xsd); \(setupHint)")
        #expect(FileManager.default.fileExists(atPath: path), "PAIN001_XSD=\(path) does not exist; \(setupHint)")
        return path
    }

    static func python() throws -> String {
        let path = try #require(ProcessInfo.processInfo.environment["ORACLE_PYTHON"],
                                "ORACLE_PYTHON is not set (a python with sepaxml and schwifty); \(setupHint)")
        #expect(FileManager.default.isExecutableFile(atPath: path), "ORACLE_PYTHON=\(path) is not executable; \(setupHint)")
        return path
    }

    /// Validates with xmllint against the ISO schema, and also against the Swiss variant
    /// when `PAIN001_CH_XSD` names a copy of it (optional: that schema is not redistributable).
    static func validate(_ file: URL, sourceLocation: SourceLocation = #_sourceLocation) throws {
        var schemas = [try xsd()]
        if let swiss = ProcessInfo.processInfo.environment["PAIN001_CH_XSD"], !swiss.isEmpty { schemas.append(swiss) }
        for schema in schemas {
            let result = try run("/usr/bin/env", ["xmllint", "--noout", "--schema", schema, file.path])
            #expect(result.status == 0, "xmllint (\(schema)) rejects \(file.lastPathComponent): \(result.stderr)",
                    sourceLocation: sourceLocation)
        }
    }

    /// Every IBAN must pass schwifty's validation.
    static func checkIBANs(_ ibans: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let script = "import schwifty,sys\nfor x in sys.argv[1:]: schwifty.IBAN(x)\n"
        let result = try run(try python(), ["-c", script] + ibans)
        #expect(result.status == 0, "schwifty rejects an IBAN: \(result.stderr)", sourceLocation: sourceLocation)
    }
}

func run(_ executable: String, _ arguments: [String], stdin: Data? = nil) throws -> ProcessResult {
    try ChildProcess.run(executable, arguments, stdin: stdin)
}

/// A fresh, empty folder under the temporary directory.
func scratchDirectory(_ label: String = #function) throws -> URL {
    let safe = label.filter { $0.isLetter || $0.isNumber }
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("payoutfiles-tests-\(safe)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// A run folder for the sample run in a new, empty scratch directory.
func emptyRunFolder(_ label: String = #function) throws -> (URL, RunFolder) {
    let directory = try scratchDirectory(label)
    return (directory, try RunFolder(directory: directory, run: Sample.run))
}

func fileNames(_ directory: URL) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
}

func mode(_ path: String) -> mode_t {
    var info = stat()
    guard stat(path, &info) == 0 else { return 0o7777 }
    return info.st_mode & 0o7777
}

func dec(_ s: String) -> Decimal { AmountFormat.parse(s)! }

enum Sample {
    static let month = RunMonth(year: 2026, month: 12)
    static let run = RunInfo(id: "1a2b3c4d-0000-4000-8000-000000000000", month: month,
                             asOf: "2026-12-01T00:00:00+01:00", createdAt: "2026-12-01T02:15:07+01:00",
                             executionDate: "2026-12-01", dryRun: false)

    static func debtor(_ currency: String) -> DebtorAccount {
        DebtorAccount(currency: currency, name: "Example Hosting AG", iban: "CH9300762011623852957", bic: "UBSWCHZH80A",
                      address: PostalAddress(street: "Rue de l'Exemple", buildingNumber: "24", postcode: "1227", town: "Carouge", country: "CH"))
    }

    /// A valid IBAN with computed check digits (ISO 13616 mod 97).
    static func iban(_ country: String, _ bban: String) -> String {
        var digits = ""
        for ch in (bban + country + "00").uppercased() {
            if let v = ch.wholeNumberValue { digits += String(v) } else {
                digits += String(Int(ch.asciiValue!) - 55)
            }
        }
        var remainder = 0
        for ch in digits { remainder = (remainder * 10 + ch.wholeNumberValue!) % 97 }
        let check = 98 - remainder
        return country + (check < 10 ? "0" : "") + String(check) + bban
    }

    static func transfer(_ id: Int64, amount: String = "57.10", currency: String = "CHF", name: String = "Anna Muster",
                         iban: String? = nil, bic: String? = nil, street: String? = "Bahnhofstrasse",
                         building: String? = "1", postcode: String? = "8001", town: String? = "Zuerich",
                         country: String? = "CH") -> BankTransfer {
        BankTransfer(affiliateId: id, payout: Money(dec(amount), currency, minorUnits: 2), creditorName: name,
                     iban: iban ?? Sample.iban("CH", "00762" + String(format: "%012d", id)), bic: bic,
                     address: PostalAddress(street: street, buildingNumber: building, postcode: postcode, town: town, country: country))
    }
}

/// Minimal XML reading via python's standard library (independent of our writer).
enum XMLFacts {
    struct Facts: Decodable {
        var grpNbOfTxs: String
        var grpCtrlSum: String
        var pmtNbOfTxs: String
        var pmtCtrlSum: String
        var endToEndIds: [String]
        var amounts: [String]
        var currencies: [String]
        var ibans: [String]
        var names: [String]
        var texts: [String]
        var chargeBearers: [String]
        var serviceLevels: [String]
    }

    static func read(_ file: URL) throws -> Facts {
        let script = """
        import json, sys, xml.etree.ElementTree as ET
        ns = {'p': 'urn:iso:std:iso:20022:tech:xsd:pain.001.001.09'}
        root = ET.parse(sys.argv[1]).getroot()
        def t(path, el=root): return el.find(path, ns).text
        txs = root.findall('.//p:CdtTrfTxInf', ns)
        out = {
          'grpNbOfTxs': t('p:CstmrCdtTrfInitn/p:GrpHdr/p:NbOfTxs'),
          'grpCtrlSum': t('p:CstmrCdtTrfInitn/p:GrpHdr/p:CtrlSum'),
          'pmtNbOfTxs': t('p:CstmrCdtTrfInitn/p:PmtInf/p:NbOfTxs'),
          'pmtCtrlSum': t('p:CstmrCdtTrfInitn/p:PmtInf/p:CtrlSum'),
          'endToEndIds': [t('p:PmtId/p:EndToEndId', x) for x in txs],
          'amounts': [t('p:Amt/p:InstdAmt', x) for x in txs],
          'currencies': [x.find('p:Amt/p:InstdAmt', ns).get('Ccy') for x in txs],
          'ibans': [e.text for e in root.iter('{urn:iso:std:iso:20022:tech:xsd:pain.001.001.09}IBAN')],
          'names': [t('p:Cdtr/p:Nm', x) for x in txs],
          'texts': [e.text for e in root.iter() if e.text and e.text.strip() and len(list(e)) == 0],
          'chargeBearers': [(x.find('p:ChrgBr', ns).text if x.find('p:ChrgBr', ns) is not None else '') for x in txs],
          'serviceLevels': [(x.find('p:PmtTpInf/p:SvcLvl/p:Cd', ns).text if x.find('p:PmtTpInf/p:SvcLvl/p:Cd', ns) is not None else '') for x in txs],
        }
        print(json.dumps(out))
        """
        let result = try run(try Oracle.python(), ["-c", script, file.path])
        try #require(result.status == 0, "python could not parse \(file.lastPathComponent): \(result.stderr)")
        return try JSONDecoder().decode(Facts.self, from: Data(result.stdout.utf8))
    }
}
