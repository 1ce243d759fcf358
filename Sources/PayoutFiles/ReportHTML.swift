import Foundation
import PayoutCore

/// report.html: the run at a glance for finance, opened by double-click, offline, printed on
/// A4. One self-contained file: inline CSS and SVG, no script, no external resource (a
/// Content-Security-Policy forbids loading anything, should a value ever slip through).
///
/// Every value goes through `HTMLText.escape`. Names are hostile input: they are isolated
/// with `<bdi>` (an RTL override stays inside its cell) and clipped to three lines on screen
/// and paper, while the whole name stays in the document's text.
///
/// Deterministic: the same input gives the same bytes (no clock, no dictionary order).
public enum ReportHTML {
    /// Renders into `sink`. `held` streams the held affiliates ordered by amount, largest
    /// first (no amount first), and is called twice: the first pass writes those needing
    /// attention, the second those only below the threshold. So the file streams in
    /// constant memory however many balances are carried forward.
    public static func render(_ report: RunReportSummary,
                              held: (_ emit: (HeldAffiliate) throws -> Void) throws -> Void,
                              into sink: OutputSink) throws {
        try render(report, heldByPass: { _, emit in try withoutActuallyEscaping(emit) { try held($0) } }, into: sink)
    }

    /// Same; `held` is told which pass it feeds (true: those needing attention), so it may
    /// give only that pass's affiliates (the others are skipped either way).
    public static func render(_ report: RunReportSummary,
                              heldByPass held: HeldByPass,
                              into sink: OutputSink) throws {
        try render(report, heldRows: { pass, emit in
            try withoutActuallyEscaping(emit) { emit in try held(pass) { try $0.withRow(emit) } }
        }, into: sink)
    }

    /// Same, from rows in the bytes the export reads (`HeldRow`).
    public static func render(_ report: RunReportSummary,
                              heldRows held: HeldRowsByPass,
                              into sink: OutputSink) throws {
        let run = report.run
        let month = ReportWords.month(run.month)
        let title = (run.dryRun ? "PREVIEW – " : "") + "Affiliate payouts \(month)"
        let pageLabel = (run.dryRun ? "PREVIEW " : "") + "Affiliate payouts \(run.month.description)"
        try sink.write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        try sink.write("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n")
        try sink.write("<meta name=\"referrer\" content=\"no-referrer\">\n")
        try sink.write("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        try sink.write("<title>\(HTMLText.escape(title))</title>\n")
        try sink.write("<style>\n\(ReportHTMLStyle.css(pageLabel: pageLabel, preview: run.dryRun))\n</style>\n</head>\n")
        try sink.write("<body\(run.dryRun ? " class=\"preview\"" : "")>\n<header>\n")
        if run.dryRun {
            try sink.write("<p class=\"preview-banner\" role=\"note\">PREVIEW – a dry run: nothing was paid and nothing was recorded. Do not send these files.</p>\n")
        }
        try sink.write("<h1>\(HTMLText.escape(title))</h1>\n")
        try writeFacts(run, into: sink)
        try writeCounts(report, into: sink)
        try sink.write("</header>\n<main>\n")
        try writeTotals(report, into: sink)
        try writeHistory(report, into: sink)
        try writeHeld(report, held: held, into: sink)
        try writeVoided(report, into: sink)
        try writeRates(report, into: sink)
        try writeReturns(report, into: sink)
        try sink.write("</main>\n<footer><p>Written by <span class=\"code\">payouts</span> from the records of run ")
        try sink.write("<span class=\"code\">\(HTMLText.escape(run.id))</span>; the same run always gives the same page. ")
        try sink.write("Machine-readable figures: <span class=\"code\">report.json</span> in the same folder.</p></footer>\n</body>\n</html>\n")
    }

    private static func writeFacts(_ run: RunInfo, into sink: OutputSink) throws {
        let facts: [(String, String)] = [
            ("Month", ReportWords.month(run.month)),
            ("As of", ReportWords.instant(run.asOf)),
            ("Execution date", run.executionDate),
            ("Run recorded", ReportWords.instant(run.createdAt)),
            ("Run", run.dryRun ? "Preview (dry run), not recorded" : run.id),
        ]
        try sink.write("<dl class=\"facts\">")
        for (term, value) in facts {
            try sink.write("<dt>\(HTMLText.escape(term))</dt><dd>\(HTMLText.escape(value))</dd>")
        }
        try sink.write("</dl>\n")
    }

    private static func writeCounts(_ report: RunReportSummary, into sink: OutputSink) throws {
        let attention = report.needingAttention > 0 ? " class=\"attention\"" : ""
        try sink.write("<ul class=\"kpis\" aria-label=\"Affiliates in this run\">")
        try sink.write("<li><span class=\"n\">\(ReportWords.count(report.paid))</span> paid</li>")
        try sink.write("<li><span class=\"n\">\(ReportWords.count(report.held))</span> held</li>")
        try sink.write("<li\(attention)><span class=\"n\">\(ReportWords.count(report.needingAttention))</span> need attention</li>")
        let newAttention = report.newAttention > 0 ? " class=\"attention\"" : ""
        try sink.write("<li\(newAttention)><span class=\"n\">\(ReportWords.count(report.newAttention))</span> of them new since the previous run</li>")
        try sink.write("</ul>\n")
        // The headline of accrual (SPEC §8): orders decided since the previous run.
        guard !report.accrual.isEmpty else { return }
        let reasons = report.accrual.unaccounted.map { "\($0.outcome) \(ReportWords.count($0.orders))" }
        try sink.write("<p class=\"accrual\">Orders decided since the previous run: \(ReportWords.count(report.accrual.decidedOrders)), ")
        try sink.write("\(ReportWords.count(report.accrual.accruedOrders)) accrued")
        if !reasons.isEmpty { try sink.write(", unaccounted: " + HTMLText.escape(reasons.joined(separator: ", "))) }
        try sink.write(".</p>\n")
    }

    private static func writeTotals(_ report: RunReportSummary, into sink: OutputSink) throws {
        let totals = report.totals.sorted { ($0.currency, $0.channelName) < ($1.currency, $1.channelName) }
        try writeSection("paid", "Paid", emptyNote: totals.isEmpty ? "Nothing was paid in this run." : nil, into: sink) {
            try writeTotalsTable(totals, into: sink)
        }
    }

    private static func writeTotalsTable(_ totals: [ChannelTotal], into sink: OutputSink) throws {
        try sink.write("<figure>\(try ReportHTMLCharts.paidTotals(totals, id: "chart-paid"))</figure>\n")
        try writeTableHead("totals", caption: "Paid totals per channel and currency",
                           columns: [.text("Channel"), .text("Currency", "c-cur"), .number("Payouts", "c-n"), .number("Amount", "c-amt")], into: sink)
        try sink.write("<tbody>\n")
        for total in totals {
            try sink.write("<tr data-channel=\"\(HTMLText.escape(total.channelName))\"><th scope=\"row\">\(HTMLText.escape(ReportWords.channel(total.channelName)))</th>")
            try sink.write("<td>\(HTMLText.escape(total.currency))</td><td class=\"num\">\(ReportWords.count(total.count))</td>")
            try sink.write("<td class=\"num\">\(HTMLText.escape(try ReportWords.amount(total.amount, minorUnits: total.minorUnits)))</td></tr>\n")
        }
        try sink.write("</tbody>\n<tfoot>\n")
        for currency in distinct(totals.map(\.currency)) {
            let rows = totals.filter { $0.currency == currency }
            let sum = rows.reduce(Decimal(0)) { $0 + $1.amount }
            let count = rows.reduce(0) { $0 + $1.count }
            let amount = try ReportWords.amount(sum, minorUnits: rows[0].minorUnits)
            try sink.write("<tr><th scope=\"row\">All channels</th><td>\(HTMLText.escape(currency))</td><td class=\"num\">\(ReportWords.count(count))</td>")
            try sink.write("<td class=\"num\">\(HTMLText.escape(amount))</td></tr>\n")
        }
        try sink.write("</tfoot></table>\n")
    }

    private static func writeHistory(_ report: RunReportSummary, into sink: OutputSink) throws {
        let months = Array(report.history.sorted { $0.month < $1.month }.suffix(12))
        let currencies = distinct(months.flatMap { $0.paid.map(\.currency) }.sorted())
        try writeSection("history", "Month over month", emptyNote: currencies.isEmpty ? "No paid totals in the last 12 runs." : nil, into: sink) {
            try writeHistoryTable(months, currencies: currencies, preview: report.run.dryRun, into: sink)
        }
    }

    private static func writeHistoryTable(_ months: [RunHistoryMonth], currencies: [String], preview: Bool, into sink: OutputSink) throws {
        try sink.write("<p class=\"muted\">Paid totals of the last \(months.count) run\(months.count == 1 ? "" : "s") up to this one, one chart per currency.</p>\n")
        for currency in currencies {
            let minorUnits = months.lazy.flatMap(\.paid).first { $0.currency == currency }?.minorUnits ?? 2
            let id = "chart-history-" + currency.filter { $0.isLetter || $0.isNumber }
            try sink.write("<figure>\(try ReportHTMLCharts.history(months, currency: currency, minorUnits: minorUnits, preview: preview, id: id))</figure>\n")
        }
        try writeTableHead("history", caption: "Paid per run and currency",
                           columns: [.text("Run")] + currencies.map { .number($0) }, widths: false, into: sink)
        try sink.write("<tbody>\n")
        for month in months.reversed() {
            let marker = month.isThisRun ? (preview ? " (this preview)" : " (this run)") : ""
            try sink.write("<tr><th scope=\"row\">\(HTMLText.escape(month.month.description + marker))</th>")
            for currency in currencies {
                let cell = try month.paid.first { $0.currency == currency }.map { try ReportWords.amount($0.amount, minorUnits: $0.minorUnits) } ?? "–"
                try sink.write("<td class=\"num\">\(HTMLText.escape(cell))</td>")
            }
            try sink.write("</tr>\n")
        }
        try sink.write("</tbody></table>\n")
    }

    /// The held affiliates of one pass (true: those needing attention) through `emit`.
    public typealias HeldByPass = (_ needingAttention: Bool, _ emit: (HeldAffiliate) throws -> Void) throws -> Void

    private static func writeVoided(_ report: RunReportSummary, into sink: OutputSink) throws {
        let rows = report.voided.sorted { ($0.reason, $0.currency) < ($1.reason, $1.currency) }
        try writeTableSection("voided", "Voided commissions", emptyNote: "No commission was voided in this run.",
                              caption: "Commissions that will never be paid, by reason",
                              columns: [.text("Reason"), .text("Currency", "c-cur"), .number("Commissions", "c-n"), .number("Amount", "c-amt")],
                              rows: rows, into: sink) { row in
            let amount = DecimalText.exact(row.amount, minFractionDigits: row.minorUnits ?? 0)
            try sink.write("<tr><th scope=\"row\">\(HTMLText.escape(ReportWords.voidReason(row.reason))) <span class=\"code\">\(HTMLText.escape(row.reason))</span></th>")
            try sink.write("<td>\(HTMLText.escape(row.currency))</td><td class=\"num\">\(ReportWords.count(row.commissions))</td>")
            try sink.write("<td class=\"num\">\(HTMLText.escape(ReportWords.grouped(amount)))</td></tr>\n")
        }
    }

    private static func writeRates(_ report: RunReportSummary, into sink: OutputSink) throws {
        let rows = report.rates.sorted {
            ($0.sourceCurrency, $0.accountCurrency, $0.inverse ? 1 : 0, DecimalText.exact($0.rate)) <
            ($1.sourceCurrency, $1.accountCurrency, $1.inverse ? 1 : 0, DecimalText.exact($1.rate))
        }
        try writeTableSection("rates", "Exchange rates used", emptyNote: "No conversion was needed in this run.",
                              caption: "Rates as quoted in the rates table, and how they were applied",
                              columns: [.text("Pair", "c-n"), .text("Rate"), .text("Valid from", "c-date"), .text("Direction"), .number("Affiliates", "c-n")],
                              rows: rows, into: sink) { rate in
            let value = DecimalText.exact(rate.rate)
            let quote = "1 \(rate.base) = \(value) \(rate.quote)"
            let direction = rate.inverse
                ? "\(rate.sourceCurrency) → \(rate.accountCurrency): divided by the rate (quoted the other way)"
                : "\(rate.sourceCurrency) → \(rate.accountCurrency): multiplied by the rate"
            try sink.write("<tr><th scope=\"row\">\(HTMLText.escape(rate.base + "/" + rate.quote))</th><td>\(HTMLText.escape(quote))</td>")
            try sink.write("<td>\(HTMLText.escape(rate.validFrom.map(ReportWords.instant) ?? "not found"))</td><td>\(HTMLText.escape(direction))</td>")
            try sink.write("<td class=\"num\">\(ReportWords.count(rate.affiliates))</td></tr>\n")
        }
    }

    private static func writeReturns(_ report: RunReportSummary, into sink: OutputSink) throws {
        try writeTableSection("returns", "Returns and re-credits", emptyNote: "No returned payouts or re-credits in this run.",
                              caption: "Payouts that came back and were credited to the balance again",
                              columns: affiliateColumns(last: "Reason"), rows: report.returns, into: sink) { line in
            try sink.write("<tr><td class=\"num\">\(line.affiliateId)</td><td class=\"name\"><bdi>\(HTMLText.escape(line.name))</bdi></td>")
            try sink.write("<td>\(HTMLText.escape(line.payout.currency))</td><td class=\"num\">\(HTMLText.escape(try ReportWords.amount(line.payout)))</td>")
            try sink.write("<td>\(HTMLText.escape(line.explanation)) <span class=\"code\">\(HTMLText.escape(line.code))</span></td></tr>\n")
        }
    }

    /// Order-preserving removal of repeats (input already sorted where it matters).
    private static func distinct(_ values: [String]) -> [String] {
        var out: [String] = []
        for value in values where out.last != value && !out.contains(value) { out.append(value) }
        return out
    }
}
