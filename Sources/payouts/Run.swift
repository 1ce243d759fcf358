import ArgumentParser
import Foundation
import PayoutRun

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compute, commit and export the monthly payout run.",
        discussion: """
            Without --as-of, pays the month that started on the first of the current month in the \
            program's time zone. Running a committed month again pays nothing new and re-creates any \
            missing file. A dry run computes the same files into <out>/<month>-preview and changes \
            nothing in the database.
            """)

    @Option(help: ArgumentHelp("The as-of day: the first day of a month, 00:00 in the program's time zone.", valueName: "YYYY-MM-DD"))
    var asOf: String?

    @Flag(help: "Preview: the same computation and files, nothing committed.")
    var dryRun = false

    @OptionGroup var output: OutputOptions
    @OptionGroup var connection: ConnectionOptions

    func validate() throws { _ = try parseMonth(asOf) }

    func run() throws {
        try perform {
            let job = PayoutJob(connection: connection, output: output)
            let outcome = try job.run(month: try parseMonth(asOf), dryRun: dryRun, now: Date())
            print(SummaryTable.render(outcome))
            return outcome.exitStatus
        }
    }
}

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Re-create the missing files of a committed run, byte-identical to the first time.")

    @Option(help: ArgumentHelp("The committed run's as-of day (or month).", valueName: "YYYY-MM-DD"))
    var asOf: String

    @OptionGroup var output: OutputOptions
    @OptionGroup var connection: ConnectionOptions

    func validate() throws { _ = try parseMonth(asOf) }

    func run() throws {
        try perform {
            let job = PayoutJob(connection: connection, output: output)
            let outcome = try job.export(month: try parseMonth(asOf)!)
            print(SummaryTable.render(outcome))
            return .done
        }
    }
}

extension PayoutJob {
    convenience init(connection: ConnectionOptions, output: OutputOptions) {
        self.init(settings: JobSettings(conninfo: connection.databaseURL, timeZone: connection.timeZone,
                                        outputDirectory: URL(fileURLWithPath: output.outputDirectory)),
                  log: JobLog())
    }
}
