import Testing
@testable import PayoutCore

@Suite struct PayoutIdentifiersTests {
    let december = RunMonth(year: 2026, month: 12)
    let run = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"

    /// [A-Z0-9-], no leading "/" (implied), no spaces.
    func isSafe(_ s: String) -> Bool {
        !s.isEmpty && s.allSatisfy { ($0.isASCII && ($0.isUppercase || $0.isNumber)) || $0 == "-" }
    }

    @Test func examples() {
        #expect(PayoutIdentifiers.payoutReference(month: december, affiliateId: 7) == "AP202612-7")
        #expect(PayoutIdentifiers.messageId(month: december, runId: run, currency: "CHF") == "AFP-202612-CHF-1A2B3C4D")
        #expect(PayoutIdentifiers.paymentInformationId(month: december, runId: run, currency: "CHF")
            == "AFP-202612-CHF-1A2B3C4D-PMT1")
        #expect(PayoutIdentifiers.paymentInformationId(month: december, runId: run, currency: "CHF", index: 2)
            == "AFP-202612-CHF-1A2B3C4D-PMT2")
        #expect(PayoutIdentifiers.senderBatchId(month: december, runId: run, currency: "EUR", part: 1)
            == "AFP-202612-EUR-1A2B3C4D-1")
    }

    @Test func normalisesCaseOfInputs() {
        let upper = run.uppercased()
        #expect(PayoutIdentifiers.messageId(month: december, runId: upper, currency: "chf")
            == PayoutIdentifiers.messageId(month: december, runId: run, currency: "CHF"))
    }

    @Test(arguments: [Int64(0), 1, 7, 999, 1_000_000, Int64(Int32.max), Int64.max])
    func payoutReferenceLimits(affiliateId: Int64) {
        let reference = PayoutIdentifiers.payoutReference(month: december, affiliateId: affiliateId)
        #expect(reference.count <= 30)
        #expect(reference.count <= PayoutIdentifiers.payoutReferenceMaxLength)
        #expect(isSafe(reference))
        #expect(reference.hasSuffix("-\(affiliateId)"))
    }

    @Test func longestInputsStayWithinLimits() {
        let latest = RunMonth(year: 9999, month: 12)
        #expect(PayoutIdentifiers.payoutReference(month: latest, affiliateId: .max) == "AP999912-9223372036854775807")
        let message = PayoutIdentifiers.messageId(month: latest, runId: "FFFFFFFF-FFFF", currency: "XAU")
        #expect(message.count <= 35 && isSafe(message))
        let pmt = PayoutIdentifiers.paymentInformationId(month: latest, runId: run, currency: "XAU", index: 99_999)
        #expect(pmt.count <= 35 && isSafe(pmt))
        let batch = PayoutIdentifiers.senderBatchId(month: latest, runId: run, currency: "XAU", part: .max)
        #expect(batch.count <= 127 && isSafe(batch))
    }

    @Test func uniqueAcrossMonthsAffiliatesAndCurrencies() {
        var months: [RunMonth] = []
        var month = RunMonth(year: 2025, month: 11)
        for _ in 0..<30 { months.append(month); month = month.next() }
        let affiliates: [Int64] = [0, 1, 2, 10, 11, 12, 20, 21, 110, 111, 1_212, 2_026_12, Int64.max]

        var references = Set<String>()
        for m in months {
            for a in affiliates {
                #expect(references.insert(PayoutIdentifiers.payoutReference(month: m, affiliateId: a)).inserted)
            }
        }

        var batchIds = Set<String>()
        var runIds = [run, "1a2b3c4e-0000-0000-0000-000000000000", "00000000-0000-0000-0000-000000000000"]
        runIds.append("A" + run.dropFirst()) // differs only in the first character
        for m in months {
            for r in runIds {
                for currency in ["CHF", "EUR", "USD", "GBP"] {
                    let ids = [
                        PayoutIdentifiers.messageId(month: m, runId: r, currency: currency),
                        PayoutIdentifiers.paymentInformationId(month: m, runId: r, currency: currency),
                    ] + (1...3).map { PayoutIdentifiers.senderBatchId(month: m, runId: r, currency: currency, part: $0) }
                    for id in ids {
                        #expect(id.count <= 35 && isSafe(id))
                        #expect(batchIds.insert(id).inserted, "duplicate \(id)")
                    }
                }
            }
        }
    }

    @Test func payoutReferenceIsDeterministicAndIndependentOfTheRun() {
        let first = PayoutIdentifiers.payoutReference(month: december, affiliateId: 42)
        let second = PayoutIdentifiers.payoutReference(month: RunMonth(year: 2026, month: 12), affiliateId: 42)
        #expect(first == second)
        #expect(first != PayoutIdentifiers.payoutReference(month: december.next(), affiliateId: 42))
        // Months and ids must not run together: 2026-12 / 1 vs 2026-01 / 21 and similar.
        #expect(PayoutIdentifiers.payoutReference(month: RunMonth(year: 2026, month: 12), affiliateId: 1)
            != PayoutIdentifiers.payoutReference(month: RunMonth(year: 2026, month: 1), affiliateId: 21))
    }
}
