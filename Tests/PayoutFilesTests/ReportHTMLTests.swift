import Foundation
import PayoutCore
import Testing
@testable import PayoutFiles

/// report.html rendered from plain values: escaping, order, determinism, preview marking.
/// (The same page in a real browser, from a real run: PayoutRunTests/ReportHTMLRunTests.)
@Suite struct ReportHTMLTests {
    static let hostile = ["<script>alert(1)</script>", "</td></tr></table><h1>owned</h1>", "]]> & \"quotes\" 'single'",
                          "\u{202E}evil.exe", "😀👩‍👩‍👧 Emoji", String(repeating: "W", count: 10_000)]

    private func run(preview: Bool = false) -> RunInfo {
        RunInfo(id: "11111111-2222-3333-4444-555555555555", month: RunMonth(year: 2026, month: 12),
                asOf: "2026-12-01T00:00:00+01:00", createdAt: "2026-12-01T06:00:03+01:00", executionDate: "2026-12-01",
                dryRun: preview)
    }

    private func held(_ id: Int64, _ name: String, _ amount: String?, _ reasons: [HoldReason], currency: String = "CHF") -> HeldAffiliate {
        HeldAffiliate(affiliateId: id, name: name, method: "iban", currency: currency, minorUnits: 2,
                      amount: amount.map { Decimal(string: $0)! }, reasons: reasons, commissions: 1)
    }

    /// Hostile names, in the order the SQL gives them (amount, largest first; none first).
    private var heldAffiliates: [HeldAffiliate] {
        [held(9, "No rate", nil, [.missingRate], currency: "EUR")]
            + Self.hostile.enumerated().map { index, name in
                held(Int64(index + 1), name, "\(90 - index * 10).00", index % 2 == 0 ? [.suspended] : [.belowThreshold])
            }
    }

    private func summary(preview: Bool = false, totals: [ChannelTotal]? = nil) -> RunReportSummary {
        RunReportSummary(
            run: run(preview: preview), paid: 3, held: 7, needingAttention: 4, newAttention: 2,
            totals: totals ?? [
                ChannelTotal(channel: .iban, count: 2, sum: Money(Decimal(string: "1234.50")!, "CHF", minorUnits: 2)),
                ChannelTotal(channel: .paypal, count: 1, sum: Money(Decimal(string: "60.05")!, "EUR", minorUnits: 2)),
            ],
            voided: [VoidedByReason(reason: "excluded_product", currency: "CHF", minorUnits: 2, commissions: 2, amount: Decimal(string: "12.3456")!)],
            rates: [RateUsed(sourceCurrency: "EUR", accountCurrency: "CHF", rate: Decimal(string: "0.93")!, inverse: false,
                             validFrom: "2026-10-01T00:00:00+02:00", affiliates: 2)],
            history: (1...14).map { n in
                let month = RunMonth(year: 2025 + (n - 1 + 10) / 12, month: (n - 1 + 10) % 12 + 1)
                return RunHistoryMonth(month: month, isThisRun: n == 14,
                                       paid: [CurrencyAmount(currency: "CHF", minorUnits: 2, count: n, amount: Decimal(n * 100))])
            })
    }

    private func render(_ report: RunReportSummary, _ affiliates: [HeldAffiliate]? = nil) throws -> String {
        let sink = StringSink()
        try ReportHTML.render(report, held: { emit in for a in affiliates ?? heldAffiliates { try emit(a) } }, into: sink)
        return sink.text
    }

    @Test func escapingCoversTextAndAttributesAndReplacesControlCharacters() {
        #expect(HTMLText.escape("a&b<c>d\"e'f") == "a&amp;b&lt;c&gt;d&quot;e&#39;f")
        #expect(HTMLText.escape("tab\there\nline\u{0}\u{7}\u{1B}\u{7F}\u{85}") == "tab\there\nline\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}")
        #expect(HTMLText.escape("\u{202E}evil 😀") == "\u{202E}evil 😀")
        #expect(HTMLText.escape("]]>") == "]]&gt;")
    }

    @Test func hostileNamesAreEscapedAndIsolatedNeverMarkup() throws {
        let html = try render(summary())
        for name in Self.hostile {
            #expect(html.contains("<td class=\"name\"><bdi>\(HTMLText.escape(name))</bdi></td>"), "\(name.prefix(40))")
        }
        #expect(!html.contains("<script"))
        #expect(!html.contains("<h1>owned"))
        #expect(html.contains("&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;&lt;h1&gt;owned"))
        #expect(html.contains("]]&gt; &amp; &quot;quotes&quot; &#39;single&#39;"))
        // Every element the page opens is one the renderer wrote: the counts of cells match.
        #expect(html.components(separatedBy: "<td class=\"name\">").count - 1 == heldAffiliates.count)
    }

    @Test func nothingExternalAndNoScript() throws {
        let html = try render(summary(preview: true)).lowercased()
        for forbidden in ["<script", "http:", "https:", "src=", "href=", "url(", "@import", "<link", "<img", "//"] {
            #expect(!html.contains(forbidden), "\(forbidden)")
        }
        #expect(html.contains("content-security-policy"))
    }

    @Test func heldNeedingAttentionComeFirstThenByAmount() throws {
        let html = try render(summary())
        let attention = try #require(html.range(of: "Needs attention (4)"))
        let carried = try #require(html.range(of: "Below the threshold: carried forward (3)"))
        #expect(attention.upperBound < carried.lowerBound)
        func position(_ id: Int64) throws -> String.Index {
            try #require(html.range(of: "<tr><td class=\"num\">\(id)</td>")).lowerBound
        }
        // Attention (no amount first, then 90, 70, 50), then carried forward (80, 60, 40).
        let order: [Int64] = [9, 1, 3, 5, 2, 4, 6]
        for (a, b) in zip(order, order.dropFirst()) { #expect(try position(a) < position(b), "\(a) before \(b)") }
        #expect(try position(5) < carried.lowerBound && carried.lowerBound < position(2))
        #expect(html.contains("Account suspended (fraud review or closed account). <span class=\"code\">suspended</span>"))
    }

    /// A producer told the pass gives only that pass's affiliates (the run reads each pass with
    /// its own query): the same bytes as one stream of them all; a wrong pass's row is not written.
    @Test func heldByPassRendersTheSamePage() throws {
        let byPass = StringSink()
        try ReportHTML.render(summary(), heldByPass: { needingAttention, emit in
            for a in heldAffiliates where a.needsAttention == needingAttention { try emit(a) }
        }, into: byPass)
        #expect(byPass.text == (try render(summary())))
        let wrongPass = StringSink()
        #expect(throws: PayoutFileError.self) {
            try ReportHTML.render(self.summary(), heldByPass: { needingAttention, emit in
                for a in self.heldAffiliates where a.needsAttention != needingAttention { try emit(a) }
            }, into: wrongPass)
        }
    }

    @Test func heldOutOfAmountOrderOrMiscountedIsAnErrorNotAWrongPage() throws {
        var shuffled = heldAffiliates
        shuffled.swapAt(1, 3)
        #expect(throws: PayoutFileError.self) { try render(summary(), shuffled) }
        #expect(throws: PayoutFileError.self) { try render(summary(), Array(heldAffiliates.dropLast())) }
        var wrongCount = summary()
        wrongCount.needingAttention = 3
        #expect(throws: PayoutFileError.self) { try render(wrongCount) }
    }

    @Test func sameInputSameBytesWhateverTheOrderOfTheLists() throws {
        let first = try render(summary())
        #expect(try render(summary()) == first)
        let reversed = summary(totals: summary().totals.reversed())
        #expect(try render(reversed) == first)
    }

    @Test func previewIsMarkedInTheTitleTheBannerAndEveryPrintedPage() throws {
        let preview = try render(summary(preview: true))
        #expect(preview.contains("<title>PREVIEW – Affiliate payouts December 2026</title>"))
        #expect(preview.contains("class=\"preview-banner\""))
        #expect(preview.contains("@top-center { content: \"PREVIEW"))
        let real = try render(summary())
        #expect(!real.contains("PREVIEW"))
        #expect(real.contains("<title>Affiliate payouts December 2026</title>"))
    }

    @Test func totalsAreExactWithGroupingAndChartsHaveATextAlternative() throws {
        let html = try render(summary())
        #expect(html.contains("<td class=\"num\">1,234.50</td>"))
        #expect(html.contains("role=\"img\" aria-labelledby=\"chart-paid-title\""))
        #expect(html.contains("Bank transfer (IBAN) · CHF: CHF 1,234.50 in 2 payouts"))
        #expect(html.contains("<th scope=\"col\">Channel</th>"))
        #expect(html.contains("<td class=\"num\">12.3456</td>"), "voided amounts exact, never rounded")
        #expect(html.contains("1 EUR = 0.93 CHF"))
        var tooPrecise = summary()
        tooPrecise.totals[0].sum.amount = Decimal(string: "1.005")!
        #expect(throws: (any Error).self) { try render(tooPrecise) }
    }

    @Test func historyShowsTheLastTwelveRunsAndMarksThisOne() throws {
        let html = try render(summary())
        #expect(html.contains("Paid in CHF, last 12 runs"))
        #expect(!html.contains("<th scope=\"row\">2025-11"), "the 13th and 14th runs back are left out")
        #expect(html.contains("<th scope=\"row\">2026-12 (this run)</th>"))
    }

    @Test func everyHoldReasonHasItsOwnWords() {
        let words = HoldReason.allCases.map(\.explanation)
        #expect(words.allSatisfy { $0.count > 10 })
        #expect(Set(words).count == words.count)
    }

    @Test func chartGeometryIsDecimalAndBounded() {
        #expect(ReportWords.scaled(50, of: 100, length: 300) == 150)
        #expect(ReportWords.scaled(Decimal(string: "0.01")!, of: 1_000_000, length: 300) == 1)
        #expect(ReportWords.scaled(0, of: 100, length: 300) == 0)
        #expect(ReportWords.grouped("-1234567.50") == "-1,234,567.50")
        #expect(ReportWords.grouped("999") == "999")
    }
}
