import ArgumentParser
import PayoutFiles
import PayoutRun

struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the committed runs, newest first.")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var calendar: TimeZoneOptions

    func run() throws {
        try perform {
            let runs = try PayoutMaintenance(conninfo: connection.databaseURL, timeZone: calendar.timeZone).runs()
            if runs.isEmpty {
                print("no committed run yet")
                return .done
            }
            var rows = [["month", "as-of", "created", "files", "paid", "held", "attention", "voided"]]
            for run in runs {
                rows.append([run.month, run.asOf, run.createdAt, run.exported ? "written" : "MISSING",
                             "\(run.paid)", "\(run.held)", "\(run.needingAttention)", "\(run.voided)"])
                for total in run.totals {
                    rows.append(["", "  paid \(total.channel) \(total.currency)", "\(total.count) payouts", total.amount, "", "", "", ""])
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
            printLifecycle(PayoutLifecycle(conninfo: connection.databaseURL, timeZone: calendar.timeZone))
            return .done
        }
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
