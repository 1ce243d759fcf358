import ArgumentParser
import PayoutRun

struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the committed runs, newest first.")

    @OptionGroup var connection: ConnectionOptions

    func run() throws {
        try perform {
            let runs = try PayoutMaintenance(conninfo: connection.databaseURL).runs()
            if runs.isEmpty {
                print("no committed run yet")
                return .done
            }
            var rows = [["month", "as-of", "created", "files", "paid", "held", "attention", "voided", "paid totals"]]
            for run in runs {
                let totals = run.totals.map { "\($0.channel) \($0.currency) \($0.count)× \($0.amount)" }.joined(separator: "; ")
                rows.append([run.month, run.asOf, run.createdAt, run.exported ? "written" : "MISSING",
                             "\(run.paid)", "\(run.held)", "\(run.needingAttention)", "\(run.voided)", totals])
            }
            print(SummaryTable.grid(rows))
            return .done
        }
    }
}
