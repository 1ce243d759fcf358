import Foundation
import PayoutCore
import Testing
@testable import PayoutFiles

@Suite("PayPal files")
struct PayPalTests {
    static func payment(_ id: Int64, currency: String = "EUR", minorUnits: Int = 2) -> PayPalPayment {
        let cents = 5000 + Int(id % 997)
        let amount = minorUnits == 0 ? Decimal(cents) : Decimal(cents) / 100
        return PayPalPayment(affiliateId: id, payout: Money(amount, currency, minorUnits: minorUnits),
                             receiver: "affiliate\(id)@example.com")
    }

    func write(count: Int, currency: String = "EUR", minorUnits: Int = 2, in directory: URL) throws -> [ManifestEntry] {
        let folder = try RunFolder(directory: directory, run: Sample.run)
        return try folder.writePayPal(currency: currency, minorUnits: minorUnits) { emit in
            for id in 1...count { try emit(Self.payment(Int64(id), currency: currency, minorUnits: minorUnits)) }
        }
    }

    func lines(_ url: URL) throws -> [String] {
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(text.hasSuffix("\r\n"))
        return text.components(separatedBy: "\r\n").dropLast()
    }

    @Test("5,001 payouts make two upload files (5,000 + 1) and one API body")
    func csvSplit() throws {
        let directory = try scratchDirectory()
        let entries = try write(count: 5_001, in: directory)
        #expect(entries.map(\.path) == ["paypal-EUR-001.csv", "paypal-EUR-002.csv", "paypal-EUR-001.json"])
        #expect(entries.map(\.count) == [5_000, 1, 5_001])
        let first = try lines(directory.appendingPathComponent("paypal-EUR-001.csv"))
        let second = try lines(directory.appendingPathComponent("paypal-EUR-002.csv"))
        #expect(first.count == 5_000)
        #expect(second == ["affiliate5001@example.com,50.16,EUR,AP202612-5001,Affiliate commissions 2026-12 (AP202612-5001),PAYPAL"])
        #expect(first[0] == "affiliate1@example.com,50.01,EUR,AP202612-1,Affiliate commissions 2026-12 (AP202612-1),PAYPAL",
                "no header row; receiver, amount, currency, customer id, note, wallet")
        // Totals per file add up to the sum of all payouts.
        let all = (1...5_001).reduce(Decimal(0)) { $0 + Self.payment(Int64($1)).payout.amount }
        #expect(entries[0].total.map(dec)! + entries[1].total.map(dec)! == all)
        #expect(entries[2].total == (try AmountFormat.string(all, minorUnits: 2)))
        for line in first + second {
            let customerId = line.split(separator: ",")[3]
            #expect(customerId.count <= 30 && !customerId.contains(" "))
        }
        #expect(try fileNames(directory) == ["paypal-EUR-001.csv", "paypal-EUR-001.json", "paypal-EUR-002.csv"])
    }

    @Test("15,001 payouts make two API bodies with the documented fields")
    func jsonSplit() throws {
        let directory = try scratchDirectory()
        let entries = try write(count: 15_001, in: directory)
        let json = entries.filter { $0.format.rawValue == "paypal-api-json" }
        #expect(json.map(\.path) == ["paypal-EUR-001.json", "paypal-EUR-002.json"])
        #expect(json.map(\.count) == [15_000, 1])
        #expect(entries.filter { $0.format.rawValue == "paypal-csv" }.count == 4)

        var seenItemIds = Set<String>()
        var batchIds: [String] = []
        for (index, entry) in json.enumerated() {
            let data = try Data(contentsOf: directory.appendingPathComponent(entry.path))
            let body = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            #expect(Set(body.keys) == ["sender_batch_header", "items"])
            let header = try #require(body["sender_batch_header"] as? [String: Any])
            #expect(header["recipient_type"] as? String == "EMAIL")
            #expect((header["email_subject"] as? String)?.isEmpty == false)
            #expect((header["email_message"] as? String)?.isEmpty == false)
            let batchId = try #require(header["sender_batch_id"] as? String)
            #expect(batchId == PayoutIdentifiers.senderBatchId(month: Sample.month, runId: Sample.run.id, currency: "EUR", part: index + 1))
            batchIds.append(batchId)
            let items = try #require(body["items"] as? [[String: Any]])
            #expect(items.count == entry.count)
            var sum = Decimal(0)
            for item in items {
                #expect(Set(item.keys) == ["recipient_type", "amount", "receiver", "note", "sender_item_id"])
                #expect(item["recipient_type"] as? String == "EMAIL")
                let amount = try #require(item["amount"] as? [String: Any])
                let value = try #require(amount["value"] as? String, "amount value is a string")
                #expect(amount["currency"] as? String == "EUR")
                #expect(value.split(separator: ".").last?.count == 2, "\(value) has the currency's 2 decimals")
                sum += dec(value)
                let itemId = try #require(item["sender_item_id"] as? String)
                #expect(seenItemIds.insert(itemId).inserted, "sender_item_id \(itemId) twice")
                #expect((item["receiver"] as? String)?.hasSuffix("@example.com") == true)
            }
            #expect(try AmountFormat.string(sum, minorUnits: 2) == entry.total)
        }
        #expect(Set(batchIds).count == 2)
        #expect(seenItemIds.count == 15_001)
    }

    @Test("zero-decimal currency amounts have no decimals")
    func yen() throws {
        let directory = try scratchDirectory()
        let entries = try write(count: 3, currency: "JPY", minorUnits: 0, in: directory)
        let data = try Data(contentsOf: directory.appendingPathComponent("paypal-JPY-001.json"))
        let body = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let items = try #require(body["items"] as? [[String: Any]])
        #expect(items.compactMap { ($0["amount"] as? [String: Any])?["value"] as? String } == ["5001", "5002", "5003"])
        #expect(entries.first?.total == "15006")
    }

    @Test("no payouts, no files")
    func empty() throws {
        let directory = try scratchDirectory()
        let folder = try RunFolder(directory: directory, run: Sample.run)
        let entries = try folder.writePayPal(currency: "EUR", minorUnits: 2) { _ in }
        #expect(entries.isEmpty)
        #expect(try fileNames(directory) == [])
    }

    @Test("a failure mid-stream leaves none of the parts, even finished ones")
    func failureMidStream() throws {
        struct Boom: Error {}
        let (directory, folder) = try emptyRunFolder()
        #expect(throws: Boom.self) {
            try folder.writePayPal(currency: "EUR", minorUnits: 2, csvRowsPerFile: 2, jsonItemsPerBody: 3) { emit in
                for id in 1...7 { try emit(Self.payment(Int64(id))) }
                throw Boom()
            }
        }
        #expect(try fileNames(directory) == [])
    }

    @Test("receivers that a CSV would have to alter, or that are not e-mails, are refused")
    func receivers() throws {
        for receiver in ["=cmd@example.com", "+x@example.com", "-x@example.com", "@example.com", "a b@example.com",
                         "no-at-sign", "x@", "line\nbreak@example.com"] {
            let directory = try scratchDirectory()
            let folder = try RunFolder(directory: directory, run: Sample.run)
            #expect(throws: PayoutFileError.self, "\(receiver)") {
                try folder.writePayPal(currency: "EUR", minorUnits: 2) { emit in
                    try emit(PayPalPayment(affiliateId: 1, payout: Money(dec("50.00"), "EUR", minorUnits: 2), receiver: receiver))
                }
            }
            #expect(try fileNames(directory) == [])
        }
        #expect(PayPalReceiver.isPayable("first.last+tag@example.co.uk"))
    }
}
