import Foundation
import PayoutCore
import Testing
@testable import PayoutFiles

@Suite("streaming")
struct StreamingTests {
    /// 200,000 payouts generated on the fly, never collected: the writers keep only counters.
    @Test("200,000 bank transfers and PayPal payouts stream through")
    func twoHundredThousand() throws {
        let n = 200_000
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let folder = try RunFolder(directory: directory, run: Sample.run)

        func amount(_ id: Int) -> Decimal { Decimal(5_000 + id % 10_000) / 100 }
        var total = Decimal(0)
        for id in 1...n { total += amount(id) }

        let bank = try folder.writeBankTransfers(currency: "CHF", minorUnits: 2, debtor: Sample.debtor("CHF"), count: n,
                                                 total: total) { emit in
            for id in 1...n {
                try emit(BankTransfer(affiliateId: Int64(id), payout: Money(amount(id), "CHF", minorUnits: 2),
                                      creditorName: "Affiliate Nr \(id)", iban: "CH9300762011623852957",
                                      address: PostalAddress(town: "Bern", country: "CH")))
            }
        }
        #expect(bank.first?.count == n)
        #expect(bank.first?.total == (try AmountFormat.string(total, minorUnits: 2)))

        // One transaction element per line: count them without loading the file.
        let grep = try run("/usr/bin/env", ["grep", "-c", "<CdtTrfTxInf>", directory.appendingPathComponent("iban-CHF.xml").path])
        let found = Int(grep.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(found == n)
        try FileManager.default.removeItem(at: directory.appendingPathComponent("iban-CHF.xml"))

        let paypal = try folder.writePayPal(currency: "EUR", minorUnits: 2) { emit in
            for id in 1...n {
                try emit(PayPalPayment(affiliateId: Int64(id), payout: Money(amount(id), "EUR", minorUnits: 2),
                                       receiver: "a\(id)@example.com"))
            }
        }
        #expect(paypal.filter { $0.format.rawValue == "paypal-csv" }.count == 40)
        #expect(paypal.filter { $0.format.rawValue == "paypal-api-json" }.count == 14)
        #expect(paypal.filter { $0.format.rawValue == "paypal-csv" }.reduce(0) { $0 + ($1.count ?? 0) } == n)
        #expect(paypal.filter { $0.format.rawValue == "paypal-api-json" }.reduce(0) { $0 + ($1.count ?? 0) } == n)
    }
}
