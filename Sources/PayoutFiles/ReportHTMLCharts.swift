import Foundation
import PayoutCore

/// The inline SVG charts of report.html. Each is an image with a text alternative (`<title>`
/// and `<desc>` naming every value) and sits beside a table with the same figures. Bars are
/// scaled within one currency: amounts in different currencies are never compared.
enum ReportHTMLCharts {
    private static let width = 660

    static func channelColour(_ channel: String) -> String {
        switch PayoutMethod(rawValue: channel) {
        case .iban: "#1f5f99"
        case .paypal: "#5b3f8c"
        case .prepaid: "#1e6b3a"
        case nil: "#4a5560"
        }
    }

    /// Horizontal bars: one per channel and currency, grouped by currency.
    static func paidTotals(_ totals: [ChannelTotal], id: String) throws -> String {
        let rows = totals.sorted { ($0.currency, $0.channelName) < ($1.currency, $1.channelName) }
        let labelWidth = 190, barLength = 300, rowHeight = 30, top = 10
        var groups = 0
        var previous: String?
        for row in rows where row.currency != previous {
            groups += 1
            previous = row.currency
        }
        let height = top * 2 + rows.count * rowHeight + max(0, groups - 1) * 10
        var descriptions: [String] = []
        var body = ""
        var y = top
        previous = nil
        for row in rows {
            if let previous, previous != row.currency {
                body += "<line x1=\"0\" x2=\"\(width)\" y1=\"\(y + 4)\" y2=\"\(y + 4)\" stroke=\"#c9d1d9\"/>"
                y += 10
            }
            previous = row.currency
            let maximum = rows.filter { $0.currency == row.currency }.map(\.amount).max() ?? 0
            let length = ReportWords.scaled(row.amount, of: maximum, length: barLength)
            let amount = try ReportWords.amount(row.amount, minorUnits: row.minorUnits)
            let label = ReportWords.channel(row.channelName) + " · " + row.currency
            let value = row.currency + " " + amount
            descriptions.append("\(label): \(value) in \(ReportWords.count(row.count)) payouts")
            body += "<text x=\"0\" y=\"\(y + 19)\">\(HTMLText.escape(label))</text>"
            body += "<rect x=\"\(labelWidth)\" y=\"\(y + 5)\" width=\"\(length)\" height=\"18\" rx=\"2\" fill=\"\(channelColour(row.channelName))\"/>"
            body += "<text x=\"\(labelWidth + length + 6)\" y=\"\(y + 19)\" class=\"v\">\(HTMLText.escape(value))</text>"
            y += rowHeight
        }
        return svg(id: id, height: height, title: "Paid totals per channel and currency",
                   description: descriptions.joined(separator: "; ") + ". Bars are scaled within each currency.",
                   body: body)
    }

    /// Vertical bars: the paid total in `currency` of each of the given runs, oldest first.
    static func history(_ months: [RunHistoryMonth], currency: String, minorUnits: Int, preview: Bool, id: String) throws -> String {
        let slot = 52, left = 8, top = 28, chartHeight = 130, barWidth = 34
        let height = top + chartHeight + 40
        let amounts = months.map { month in month.paid.first { $0.currency == currency }?.amount }
        let maximum = amounts.compactMap { $0 }.max() ?? 0
        var descriptions: [String] = []
        var body = "<line x1=\"\(left)\" x2=\"\(left + slot * 12)\" y1=\"\(top + chartHeight)\" y2=\"\(top + chartHeight)\" stroke=\"#1b1f24\"/>"
        for (index, month) in months.enumerated() {
            let x = left + index * slot + (slot - barWidth) / 2
            let label = ReportWords.shortMonth(month.month)
            let amount = amounts[index]
            let value = try amount.map { currency + " " + (try ReportWords.amount($0, minorUnits: minorUnits)) } ?? "nothing paid"
            let marker = month.isThisRun ? (preview ? " (this preview)" : " (this run)") : ""
            descriptions.append("\(ReportWords.month(month.month))\(marker): \(value)")
            if let amount, amount > 0 {
                let barHeight = ReportWords.scaled(amount, of: maximum, length: chartHeight)
                let fill = month.isThisRun ? "#1f5f99" : "#6a8aa8"
                body += "<rect x=\"\(x)\" y=\"\(top + chartHeight - barHeight)\" width=\"\(barWidth)\" height=\"\(barHeight)\" fill=\"\(fill)\"/>"
                if month.isThisRun || amount == maximum {
                    // Labels at the edges grow inwards so they are not cut off.
                    let (anchorX, anchor) = index == 0 ? (x, "start") : index == 11 ? (x + barWidth, "end") : (x + barWidth / 2, "middle")
                    body += "<text x=\"\(anchorX)\" y=\"\(top + chartHeight - barHeight - 6)\" text-anchor=\"\(anchor)\" class=\"v\">\(HTMLText.escape(value))</text>"
                }
            }
            let weight = month.isThisRun ? " font-weight=\"700\"" : ""
            body += "<text x=\"\(x + barWidth / 2)\" y=\"\(top + chartHeight + 16)\" text-anchor=\"middle\"\(weight)>\(HTMLText.escape(label))</text>"
            if month.isThisRun {
                body += "<text x=\"\(x + barWidth / 2)\" y=\"\(top + chartHeight + 31)\" text-anchor=\"middle\" class=\"s\">\(preview ? "preview" : "this run")</text>"
            }
        }
        return svg(id: id, height: height, title: "Paid in \(currency), last \(months.count) runs",
                   description: descriptions.joined(separator: "; ") + ".", body: body)
    }

    private static func svg(id: String, height: Int, title: String, description: String, body: String) -> String {
        let t = HTMLText.escape(id + "-title"), d = HTMLText.escape(id + "-desc")
        return "<svg viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" role=\"img\" aria-labelledby=\"\(t)\" aria-describedby=\"\(d)\">"
            + "<title id=\"\(t)\">\(HTMLText.escape(title))</title><desc id=\"\(d)\">\(HTMLText.escape(description))</desc>"
            + "<style>text{font:13px system-ui,-apple-system,\"Segoe UI\",Roboto,Arial,sans-serif;fill:#1b1f24}"
            + ".v{font-weight:600;font-variant-numeric:tabular-nums}.s{font-size:11px;fill:#4a5560}</style>"
            + body + "</svg>"
    }
}
