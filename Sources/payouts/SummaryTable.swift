import PayoutRun

/// The human-readable end-of-run summary printed on standard output.
enum SummaryTable {
    static func render(_ outcome: RunOutcome) -> String {
        var lines: [String] = []
        let kind = outcome.dryRun ? "PREVIEW (dry run, nothing committed)"
            : outcome.newlyCommitted ? "committed" : "already committed earlier: nothing new paid"
        lines.append("Payout run \(outcome.month): \(kind)")
        lines.append("paid \(outcome.paid), held \(outcome.held) (\(outcome.needingAttention) need attention), voided commissions \(outcome.voided)")
        if !outcome.summary.isEmpty {
            var rows = [["outcome", "channel", "currency", "affiliates", "amount"]]
            for line in outcome.summary {
                rows.append([line.outcome, line.channel, line.currency, "\(line.affiliates)", line.amount])
            }
            lines.append(grid(rows, rightAligned: [3, 4]))
        }
        lines.append("files: \(outcome.folder.path)")
        for file in outcome.files { lines.append("  \(file)") }
        if outcome.needingAttention > 0 {
            lines.append("ATTENTION: \(outcome.needingAttention) held affiliates need a person: see report.json (reasons other than below_threshold)")
        }
        return lines.joined(separator: "\n")
    }

    static func grid(_ rows: [[String]], rightAligned: Set<Int> = []) -> String {
        let widths = rows.reduce(into: [Int](repeating: 0, count: rows.first?.count ?? 0)) { widths, row in
            for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) }
        }
        return rows.map { row in
            row.enumerated().map { i, cell in
                let pad = String(repeating: " ", count: widths[i] - cell.count)
                return rightAligned.contains(i) ? pad + cell : cell + pad
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
