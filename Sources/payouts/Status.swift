import ArgumentParser
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
            }
            print(SummaryTable.grid(rows, rightAligned: [3]))
            return .done
        }
    }
}
