import ArgumentParser
import PayoutFiles
import PayoutRun

struct Status: JobCommand {
    static let configuration = CommandConfiguration(abstract: "List the committed runs, newest first.")

    @OptionGroup var session: SessionOptions
    @OptionGroup var output: JSONOutputOptions

    func execute() throws -> ExitStatus {
        let runs = try session.maintenance().runs()
        if output.json {
            try printJSON(runs.map(RunListingJSON.init))
            return .done
        }
        if runs.isEmpty {
            print("no committed run yet")
            return .done
        }
        var rows = [["month", "as-of", "created", "files", "paid", "held", "attention", "new", "voided"]]
        for run in runs {
            rows.append([run.month, run.asOf, run.createdAt, run.exported ? "written" : "MISSING",
                         "\(run.paid)", "\(run.held)", "\(run.needingAttention)", "\(run.newAttention)", "\(run.voided)"])
            for total in run.totals {
                rows.append(["", "  paid \(total.channel) \(total.currency)", "\(total.count) payouts", total.amount, "", "", "", "", ""])
            }
            // Orders decided by the accruals since the previous run (SPEC §8).
            if !run.accrual.isEmpty {
                rows.append(["", "  orders accrued", "\(run.accrual.accruedOrders) of \(run.accrual.decidedOrders)", "", "", "", "", ""])
                for reason in run.accrual.unaccounted {
                    rows.append(["", "  unaccounted \(reason.outcome)", "\(reason.orders) orders", "", "", "", "", ""])
                }
            }
        }
        print(SummaryTable.grid(rows, rightAligned: [3]))
        printLifecycle(session.lifecycle())
        return .done
    }
}

/// Returns and reversed runs (SPEC §9), below the runs.
private func printLifecycle(_ lifecycle: PayoutLifecycle) {
    do {
        let returns = try lifecycle.returns()
        if !returns.isEmpty {
            var rows = [["returned", "affiliate", "reference", "from", "status", "code", "meaning", "amount", "owed again"]]
            for r in returns {
                let owed = !r.moneyBack ? "no" : r.repaidIn.map { "paid in \($0)" } ?? (r.held ? "held (payout_returned)" : "open")
                rows.append([r.month, "\(r.affiliateId)", r.reference, r.source, r.status, r.reasonCode ?? "",
                             r.meaning, "\(try r.amount.formatted()) \(r.amount.currency)", owed])
            }
            print("")
            print(SummaryTable.grid(rows, rightAligned: [7]))
        }
        for reversed in try lifecycle.reversedRuns() {
            print("reversed: \(reversed.month) at \(reversed.reversedAt) by \(reversed.by)\(reversed.folder.map { ", folder \($0)" } ?? "")")
        }
    } catch {
        print("(returns could not be listed: \(error))")
    }
}

/// One run of `status --json`. Field names are the interface scripts rely on.
struct RunListingJSON: Encodable {
    struct Total: Encodable {
        var channel, currency: String
        var count: Int
        var amount: String
    }
    var month, asOf, createdAt: String
    var filesWritten: Bool
    var paid, held, needsAttention, newAttention, voided: Int
    var totals: [Total]

    init(_ run: RunListing) {
        (month, asOf, createdAt, filesWritten) = (run.month, run.asOf, run.createdAt, run.exported)
        (paid, held, needsAttention, newAttention, voided) = (run.paid, run.held, run.needingAttention, run.newAttention, run.voided)
        totals = run.totals.map { Total(channel: $0.channel, currency: $0.currency, count: $0.count, amount: $0.amount) }
    }

    enum CodingKeys: String, CodingKey {
        case month, paid, held, voided, totals
        case asOf = "as_of", createdAt = "created_at", filesWritten = "files_written"
        case needsAttention = "needs_attention", newAttention = "new_attention"
    }
}
