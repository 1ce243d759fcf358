import Foundation
import PayoutCore
import Testing
@testable import PayoutFiles

@Suite("pain.001 bank transfer files")
struct Pain001Tests {
    /// Names that try to break XML, the character set, the lengths and the '/' rules.
    static let adversarialNames: [String] = [
        "Müller & Söhne <GmbH> \"quoted\" 'single'",
        "Zoë Ødegård-Łukasiewicz, Straße 5",
        "東京 株式会社 ACME",
        "Emoji 🎉💸 Party",
        String(repeating: "Ab", count: 100),          // 200 characters
        "東京株式会社",                                  // nothing left after transliteration
        "🎉🎉",                                          // nothing left either
        "/Leading slash // double",
        "//",
        "Tab\tNew\nLine\r\u{0}Ctrl\u{7}",
        "]]> <![CDATA[ x ]]> &amp; &#x41;",
        "   ",
    ]

    func transfers(currency: String) -> [BankTransfer] {
        var list: [BankTransfer] = []
        for (offset, name) in Self.adversarialNames.enumerated() {
            let id = Int64(offset + 1)
            let withBIC = offset % 2 == 0
            let fullAddress = offset % 3 != 0
            list.append(Sample.transfer(
                id, amount: offset % 4 == 0 ? "50" : "\(offset + 50).0\(offset % 10)", currency: currency, name: name,
                iban: currency == "EUR" ? Sample.iban("DE", "37040044" + String(format: "%010d", id)) : nil,
                bic: withBIC ? "cobadeffxxx" : nil,
                street: fullAddress ? "Grand'Rue <&> 東京" : nil, building: fullAddress ? "12a" : nil,
                postcode: fullAddress ? "1204" : nil, town: offset == 3 ? "Genève 東京" : "Zürich",
                country: offset == 5 ? "de" : "CH"))
        }
        return list
    }

    func write(_ list: [BankTransfer], currency: String, in directory: URL, run: RunInfo = Sample.run) throws -> [ManifestEntry] {
        let folder = try RunFolder(directory: directory, run: run)
        let total = list.reduce(Decimal(0)) { $0 + $1.payout.amount }
        return try folder.writeBankTransfers(currency: currency, minorUnits: 2, debtor: Sample.debtor(currency),
                                             count: list.count, total: total) { emit in
            for transfer in list { try emit(transfer) }
        }
    }

    @Test("valid against the ISO schema, consistent sums, unique short ids, IBANs pass schwifty", arguments: ["CHF", "EUR"])
    func validAndConsistent(currency: String) throws {
        let directory = try scratchDirectory("\(currency)valid")
        let list = transfers(currency: currency)
        let entries = try write(list, currency: currency, in: directory)
        let file = directory.appendingPathComponent("iban-\(currency).xml")
        #expect(entries.map(\.path) == ["iban-\(currency).xml"])
        try Oracle.validate(file)

        let facts = try XMLFacts.read(file)
        let expectedTotal = try AmountFormat.string(list.reduce(Decimal(0)) { $0 + $1.payout.amount }, minorUnits: 2)
        #expect(facts.grpNbOfTxs == String(list.count))
        #expect(facts.pmtNbOfTxs == String(list.count))
        #expect(facts.endToEndIds.count == list.count)
        #expect(facts.grpCtrlSum == expectedTotal)
        #expect(facts.pmtCtrlSum == expectedTotal)
        // The sum of what the file says equals the control sums (independent arithmetic).
        let sum = facts.amounts.reduce(Decimal(0)) { $0 + dec($1) }
        #expect(try AmountFormat.string(sum, minorUnits: 2) == facts.grpCtrlSum)
        #expect(entries.first?.total == expectedTotal)
        #expect(entries.first?.count == list.count)

        #expect(Set(facts.endToEndIds).count == facts.endToEndIds.count, "EndToEndIds must be unique")
        #expect(facts.endToEndIds.allSatisfy { $0.count <= 35 && !$0.hasPrefix("/") && !$0.contains("//") })
        #expect(facts.endToEndIds.first == "AP202612-1")
        for amount in facts.amounts + [facts.grpCtrlSum, facts.pmtCtrlSum] {
            let parts = amount.split(separator: ".")
            #expect(parts.count == 2 && parts[1].count == 2, "\(amount) must have exactly 2 decimals")
        }
        #expect(facts.currencies.allSatisfy { $0 == currency })
        try Oracle.checkIBANs(facts.ibans)

        // Texts: SEPA character set only, names ≤ 70 and never empty, no leading '/' or '//'.
        let sepa = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/-?:().,'+ ".unicodeScalars)
        for text in facts.texts {
            #expect(text.unicodeScalars.allSatisfy { sepa.contains($0) }, "not SEPA text: \(text)")
        }
        for name in facts.names {
            #expect(!name.isEmpty && name.count <= 70 && !name.hasPrefix("/") && !name.contains("//"), "bad name \(name)")
        }
        #expect(facts.names[5] == "Affiliate 6", "a name empty after transliteration falls back")
        #expect(facts.names[0] == "Mueller + Soehne GmbH 'quoted' 'single'")
        #expect(facts.names[4].count == 70)

        if currency == "EUR" {
            #expect(facts.chargeBearers.allSatisfy { $0 == "SLEV" })
            #expect(facts.serviceLevels.allSatisfy { $0 == "SEPA" })
        } else {
            #expect(facts.chargeBearers.allSatisfy { $0.isEmpty })
            #expect(facts.serviceLevels.allSatisfy { $0.isEmpty })
        }
        let xml = try String(contentsOf: file, encoding: .utf8)
        #expect(!xml.contains("AdrLine"))
        #expect(xml.contains("<CdtrAgt>") && xml.contains("<BICFI>COBADEFFXXX</BICFI>"))
    }

    @Test("EUR to a non-SEPA IBAN is not flagged SEPA; minimal address and no BIC are valid")
    func eurNonSEPA() throws {
        let directory = try scratchDirectory()
        let list = [
            Sample.transfer(1, currency: "EUR", iban: "TR330006100519786457841326", street: nil, building: nil,
                            postcode: nil, town: "Istanbul", country: "TR"),
            Sample.transfer(2, currency: "EUR", iban: "FR1420041010050500013M02606", bic: "not a bic", town: "Paris", country: "FR"),
        ]
        _ = try write(list, currency: "EUR", in: directory)
        let file = directory.appendingPathComponent("iban-EUR.xml")
        try Oracle.validate(file)
        let facts = try XMLFacts.read(file)
        #expect(facts.serviceLevels == ["", "SEPA"])
        #expect(facts.chargeBearers == ["SHAR", "SLEV"])
        let xml = try String(contentsOf: file, encoding: .utf8)
        #expect(!xml.contains("<CdtrAgt>"), "a malformed BIC is left out, the IBAN suffices")
        try Oracle.checkIBANs(facts.ibans)
    }

    @Test("announced count or total that the payouts do not match: throws, leaves no file")
    func mismatch() throws {
        let list = [Sample.transfer(1), Sample.transfer(2, amount: "60.00")]
        for (count, total) in [(3, "117.10"), (1, "117.10"), (2, "117.11"), (2, "117.09")] {
            let directory = try scratchDirectory()
            let folder = try RunFolder(directory: directory, run: Sample.run)
            #expect(throws: PayoutFileError.self) {
                try folder.writeBankTransfers(currency: "CHF", minorUnits: 2, debtor: Sample.debtor("CHF"),
                                              count: count, total: dec(total)) { emit in
                    for transfer in list { try emit(transfer) }
                }
            }
            #expect(try fileNames(directory) == [], "no final and no temporary file after count \(count) total \(total)")
        }
    }

    @Test("payouts the file cannot carry are refused, nothing is written")
    func refusals() throws {
        let cases: [(String, [BankTransfer])] = [
            ("duplicate affiliate", [Sample.transfer(1), Sample.transfer(1)]),
            ("descending affiliate", [Sample.transfer(2), Sample.transfer(1)]),
            ("no town", [Sample.transfer(1, town: nil)]),
            ("town empty after transliteration", [Sample.transfer(1, town: "東京")]),
            ("no country", [Sample.transfer(1, country: nil)]),
            ("sub-cent amount", [Sample.transfer(1, amount: "57.105")]),
            ("zero amount", [Sample.transfer(1, amount: "0")]),
            ("wrong currency", [Sample.transfer(1, currency: "EUR")]),
            ("malformed IBAN", [Sample.transfer(1, iban: "CH93 0076 2011")]),
            ("negative affiliate id", [Sample.transfer(-1, iban: "CH9300762011623852957")]),
        ]
        for (label, list) in cases {
            let directory = try scratchDirectory()
            let folder = try RunFolder(directory: directory, run: Sample.run)
            let total = list.reduce(Decimal(0)) { $0 + $1.payout.amount }
            #expect(throws: PayoutFileError.self, "\(label)") {
                try folder.writeBankTransfers(currency: "CHF", minorUnits: 2, debtor: Sample.debtor("CHF"),
                                              count: list.count, total: total > 0 ? total : 1) { emit in
                    for transfer in list { try emit(transfer) }
                }
            }
            #expect(try fileNames(directory) == [], "\(label): nothing left behind")
        }
    }

    @Test("header problems are refused before anything is written")
    func headerRefusals() throws {
        var noBIC = Sample.debtor("CHF")
        noBIC.bic = nil
        var noTown = Sample.debtor("CHF")
        noTown.address.town = nil
        var badDate = Sample.run
        badDate.executionDate = "1.12.2026"
        let cases: [(String, DebtorAccount, RunInfo, Int)] = [
            ("debtor without BIC", noBIC, Sample.run, 2),
            ("debtor without town", noTown, Sample.run, 2),
            ("debtor of another currency", Sample.debtor("EUR"), Sample.run, 2),
            ("bad execution date", Sample.debtor("CHF"), badDate, 2),
        ]
        for (label, debtor, run, minorUnits) in cases {
            let directory = try scratchDirectory()
            let folder = try RunFolder(directory: directory, run: run)
            #expect(throws: PayoutFileError.self, "\(label)") {
                try folder.writeBankTransfers(currency: "CHF", minorUnits: minorUnits, debtor: debtor, count: 1,
                                              total: dec("57.10")) { emit in try emit(Sample.transfer(1)) }
            }
            #expect(try fileNames(directory) == [])
        }
        let directory = try scratchDirectory()
        let folder = try RunFolder(directory: directory, run: Sample.run)
        #expect(throws: PayoutFileError.self, "CHF needs 2 decimals") {
            try folder.writeBankTransfers(currency: "CHF", minorUnits: 3, debtor: Sample.debtor("CHF"), count: 1,
                                          total: dec("57.10")) { emit in try emit(Sample.transfer(1)) }
        }
    }

    @Test("a dry run's file is named and marked as a preview and still valid")
    func preview() throws {
        var run = Sample.run
        run.dryRun = true
        let directory = try scratchDirectory()
        _ = try write([Sample.transfer(7)], currency: "CHF", in: directory, run: run)
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("iban-CHF.xml").path))
        let file = directory.appendingPathComponent("PREVIEW-iban-CHF.xml")
        try Oracle.validate(file)
        #expect(try String(contentsOf: file, encoding: .utf8).contains("PREVIEW"))
    }
}
