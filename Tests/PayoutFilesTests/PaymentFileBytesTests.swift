import Foundation
import PayoutCore
import Testing
@testable import PayoutFiles

/// The bytes of the pain.001 and PayPal files over hostile corpora (`PaymentFileCorpus`), pinned
/// by digests recorded from the String-built writers before they were laid out as bytes: any
/// change of a byte in any transaction, row or item fails these tests.
@Suite struct PaymentFileBytesTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var currency: String
        var minorUnits: Int
        var dryRun = false
        var digest: String
        var testDescription: String { "\(currency)/\(minorUnits)\(dryRun ? " dry run" : "")" }
    }

    static let pain001Cases = [
        Case(currency: "CHF", minorUnits: 2, digest: "ce3f7cfd14defb83ee7c648bd257bbe373f4d5ce50ab4eb8b410237074f51a51"),
        Case(currency: "EUR", minorUnits: 2, digest: "b44a873097a42273f6fec2355864765c062c65b355d0a8a1bd3bae55730e9ec6"),
        Case(currency: "EUR", minorUnits: 2, dryRun: true, digest: "60d785ebb81991f0279397e63be9dada525cd3a1d7d64e330f00ebe65c76dacd"),
        Case(currency: "JPY", minorUnits: 0, digest: "93bc708b1f02073e1384aa713bfdda4d4aa7567548de925dd61f9f46f08e84d7"),
        Case(currency: "BHD", minorUnits: 3, digest: "4e8d55fa7da8d7d9c2976daa09cc3ecaca402efcb9f93e6ed4b4d7c6ee906b96"),
    ]

    static func run(dryRun: Bool) -> RunInfo {
        var run = Sample.run
        run.dryRun = dryRun
        return run
    }

    @Test("pain.001 over the hostile corpus: the recorded bytes, amounts given as text or as Decimal", arguments: pain001Cases)
    func pain001(_ c: Case) throws {
        let list = PaymentFileCorpus.transfers(count: 161, currency: c.currency, minorUnits: c.minorUnits)
        let directory = try scratchDirectory("pain\(c.currency)\(c.dryRun)")
        let folder = try RunFolder(directory: directory, run: Self.run(dryRun: c.dryRun))
        var debtor = Sample.debtor(c.currency)
        debtor.name = "Example & <Hosting> AG ‘Zürich’"
        _ = try folder.writeBankTransfers(currency: c.currency, minorUnits: c.minorUnits, debtor: debtor, count: list.count,
                                          total: list.reduce(Decimal(0)) { $0 + $1.payout.amount }, amountsAsText: { emit in
            for (index, transfer) in list.enumerated() {
                // The export hands the database's text; other callers the Decimal.
                try emit(transfer, index % 2 == 0 ? try AmountFormat.string(transfer.payout.amount, minorUnits: c.minorUnits) : nil)
            }
        })
        let digest = try PaymentFileCorpus.digest(directory)
        #expect(digest == c.digest, "digest \(c.testDescription) \(digest)")
    }

    static let payPalCases = [
        Case(currency: "EUR", minorUnits: 2, digest: "0a35d8899a689b3624b742ddef5b11e6a67c7705b7f87cabb5aa00c4c22223cb"),
        Case(currency: "EUR", minorUnits: 2, dryRun: true, digest: "d5702c3b3cf6a25acae98a39c65f0ca2b0297acf117fd9f55051aa77c3ae6deb"),
        Case(currency: "JPY", minorUnits: 0, digest: "b89ea5d7d40fdf45b307b34a403e5bab4fdf8d75f4cbba9225b1c737abea9702"),
        Case(currency: "BHD", minorUnits: 3, digest: "717f860d5f02880724a31b32561659a0b70d800f51ee588888d73b5649cdb51a"),
    ]

    @Test("PayPal CSV parts and API bodies over the hostile corpus: the recorded bytes, from payments and from text",
          arguments: payPalCases)
    func payPal(_ c: Case) throws {
        let list = PaymentFileCorpus.payments(count: 47, currency: c.currency, minorUnits: c.minorUnits)
        let run = Self.run(dryRun: c.dryRun)
        let fromPayments = try scratchDirectory("paypal\(c.currency)\(c.dryRun)")
        _ = try RunFolder(directory: fromPayments, run: run).writePayPal(
            currency: c.currency, minorUnits: c.minorUnits, csvRowsPerFile: 10, jsonItemsPerBody: 13) { emit in
            for payment in list { try emit(payment) }
        }
        let digest = try PaymentFileCorpus.digest(fromPayments)
        #expect(digest == c.digest, "paypal digest \(c.testDescription) \(digest)")

        // The export's path (receiver and amount text), with PayPal's real part sizes.
        let fromText = try scratchDirectory("paypaltext\(c.currency)\(c.dryRun)")
        let sameWay = try scratchDirectory("paypalsame\(c.currency)\(c.dryRun)")
        _ = try RunFolder(directory: fromText, run: run).writeFormattedPayPal(currency: c.currency, minorUnits: c.minorUnits) { emit in
            for payment in list {
                try emit(payment.affiliateId, payment.receiver, try AmountFormat.string(payment.payout.amount, minorUnits: c.minorUnits))
            }
        }
        _ = try RunFolder(directory: sameWay, run: run).writePayPal(currency: c.currency, minorUnits: c.minorUnits) { emit in
            for payment in list { try emit(payment) }
        }
        #expect(try fileNames(fromText) == fileNames(sameWay))
        #expect(try PaymentFileCorpus.digest(fromText) == PaymentFileCorpus.digest(sameWay))
    }
}

/// One hostile transfer and one PayPal payment spelled out, byte for byte.
@Suite struct PaymentFileExampleTests {
    @Test func oneTransactionAsWritten() throws {
        let transfer = BankTransfer(
            affiliateId: 42, payout: Money(dec("0.01"), "EUR", minorUnits: 2), creditorName: "  Müller & Söhne <GmbH> 'x' \u{1F389}",
            iban: "DE89370400440532013000", bic: "cobadeffxxx",
            address: PostalAddress(street: "Grand'Rue <&>", buildingNumber: nil, postcode: "", town: "Zürich", country: "de"))
        let sink = StringSink()
        let writer = try Pain001Writer(sink: sink, fileName: "iban-EUR.xml", run: Sample.run, debtor: Sample.debtor("EUR"),
                                       currency: "EUR", minorUnits: 2, count: 1, total: dec("0.01"))
        try writer.add(transfer)
        let text = sink.text
        let start = try #require(text.range(of: "      <CdtTrfTxInf>"))
        #expect(String(text[start.lowerBound...]) == """
              <CdtTrfTxInf>
                <PmtId>
                  <InstrId>AP202612-42</InstrId>
                  <EndToEndId>AP202612-42</EndToEndId>
                </PmtId>
                <PmtTpInf>
                  <SvcLvl>
                    <Cd>SEPA</Cd>
                  </SvcLvl>
                </PmtTpInf>
                <Amt>
                  <InstdAmt Ccy="EUR">0.01</InstdAmt>
                </Amt>
                <ChrgBr>SLEV</ChrgBr>
                <CdtrAgt>
                  <FinInstnId>
                    <BICFI>COBADEFFXXX</BICFI>
                  </FinInstnId>
                </CdtrAgt>
                <Cdtr>
                  <Nm>Mueller + Soehne GmbH &apos;x&apos;</Nm>
                  <PstlAdr>
                    <StrtNm>Grand&apos;Rue +</StrtNm>
                    <TwnNm>Zuerich</TwnNm>
                    <Ctry>DE</Ctry>
                  </PstlAdr>
                </Cdtr>
                <CdtrAcct>
                  <Id>
                    <IBAN>DE89370400440532013000</IBAN>
                  </Id>
                </CdtrAcct>
                <RmtInf>
                  <Ustrd>Affiliate commissions 2026-12 AP202612-42</Ustrd>
                </RmtInf>
              </CdtTrfTxInf>

        """)
    }

    @Test func onePayPalRowAndItemAsWritten() throws {
        let (directory, folder) = try emptyRunFolder()
        _ = try folder.writeFormattedPayPal(currency: "BHD", minorUnits: 3) { emit in
            try emit(7, "o'brien&co{x}@example.com", "1.250")
        }
        #expect(try String(contentsOf: directory.appendingPathComponent("paypal-BHD-001.csv"), encoding: .utf8)
            == "o'brien&co{x}@example.com,1.250,BHD,AP202612-7,Affiliate commissions 2026-12 (AP202612-7),PAYPAL\r\n")
        #expect(try String(contentsOf: directory.appendingPathComponent("paypal-BHD-001.json"), encoding: .utf8) == """
            {"sender_batch_header": {"sender_batch_id": "AFP-202612-BHD-1A2B3C4D-1", "email_subject": "Your affiliate commissions for 2026-12", \
            "email_message": "We have sent you the affiliate commissions for 2026-12. Thank you for your partnership.", "recipient_type": "EMAIL"},
             "items": [
              {"recipient_type": "EMAIL", "amount": {"value": "1.250", "currency": "BHD"}, "receiver": "o'brien&co{x}@example.com", \
            "note": "Affiliate commissions 2026-12 (AP202612-7)", "sender_item_id": "AP202612-7"}
             ]}

            """)
        for (receiver, amount) in [("=cmd@example.com", "1.250"), ("+x@example.com", "1.250"), ("-x@example.com", "1.250"),
                                   ("@example.com", "1.250"), ("a@example.com", "1.25"), ("a@example.com", "1.2500"),
                                   ("a@example.com", "0.000"), ("a@example.com", "-1.250")] {
            let (refused, refusing) = try emptyRunFolder("refused")
            #expect(throws: PayoutFileError.self, "\(receiver) \(amount)") {
                try refusing.writeFormattedPayPal(currency: "BHD", minorUnits: 3) { emit in try emit(7, receiver, amount) }
            }
            #expect(try fileNames(refused) == [])
        }
    }
}
