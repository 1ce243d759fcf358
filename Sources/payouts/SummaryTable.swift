import PayoutRun

/// The human-readable end-of-run summary printed on standard output.
enum SummaryTable {
    static func render(_ outcome: RunOutcome) -> String {
        var lines: [String] = []
        let kind = outcome.dryRun ? "PREVIEW (dry run, nothing committed)"
            : outcome.newlyCommitted ? "committed" : "already committed earlier: nothing new paid"
        lines.append("Payout run \(outcome.month): \(kind)")
        lines.append("paid \(outcome.paid), held \(outcome.held) (\(outcome.needingAttention) need attention, \(outcome.newAttention) of them new), voided commissions \(outcome.voided)")
        if !outcome.summary.isEmpty {
            var rows = [["outcome", "channel", "currency", "affiliates", "amount"]]
            for line in outcome.summary {
                rows.append([line.outcome, line.channel, line.currency, "\(line.affiliates)", line.amount])
            }
            lines.append(grid(rows, rightAligned: [3, 4]))
        }
        lines.append("files: \(outcome.folder.path)")
        for file in outcome.files { lines.append("  \(file)") }
        if outcome.newAttention > 0 {
            lines.append("ATTENTION: \(outcome.newAttention) held affiliates newly need a person: see report.json (new_attention)")
        }
        if outcome.needingAttention > outcome.newAttention {
            lines.append("still held as in the previous run: \(outcome.needingAttention - outcome.newAttention) (reported, no alert)")
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

/// The end-of-run summary of `run --json` / `export --json`. Amounts are exact decimal strings.
struct RunOutcomeJSON: Encodable {
    struct Line: Encodable {
        var outcome, channel, currency: String
        var affiliates: Int
        var amount: String
    }
    var month: String
    var dryRun, newlyCommitted: Bool
    var paid, held, needsAttention, newAttention, voided: Int
    var exitStatus: Int32
    var folder: String
    var files: [String]
    var summary: [Line]

    init(_ outcome: RunOutcome) {
        month = outcome.month.description
        (dryRun, newlyCommitted) = (outcome.dryRun, outcome.newlyCommitted)
        (paid, held, voided) = (outcome.paid, outcome.held, outcome.voided)
        (needsAttention, newAttention) = (outcome.needingAttention, outcome.newAttention)
        exitStatus = outcome.exitStatus.rawValue
        (folder, files) = (outcome.folder.path, outcome.files)
        summary = outcome.summary.map {
            Line(outcome: $0.outcome, channel: $0.channel, currency: $0.currency, affiliates: $0.affiliates, amount: $0.amount)
        }
    }

    enum CodingKeys: String, CodingKey {
        case month, paid, held, voided, folder, files, summary
        case dryRun = "dry_run", newlyCommitted = "newly_committed", exitStatus = "exit_status"
        case needsAttention = "needs_attention", newAttention = "new_attention"
    }
}
