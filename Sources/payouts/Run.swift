import ArgumentParser
import Foundation
import PayoutCore
import PayoutRun

struct Run: JobCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compute, commit and export the monthly payout run.",
        discussion: """
            Without --as-of, pays the month that started on the first of the current month in the \
            program's time zone. Running a committed month again pays nothing new and re-creates any \
            missing file. A dry run computes the same files into <out>/<month>-preview (payment files \
            named PREVIEW-…) and changes nothing in the database. Bank transfers are requested for the \
            next bank business day of their currency on or after the run (or --execution-date).
            """)

    @Option(help: ArgumentHelp("The as-of day: the first day of a month, 00:00 in the program's time zone.", valueName: "YYYY-MM-DD"),
            transform: RunMonth.argument)
    var asOf: RunMonth?

    @Option(help: ArgumentHelp("Request the bank transfers for this day at the earliest (moved to the next bank business day of each currency); default: the run's day. Stored with the run.",
                               valueName: "YYYY-MM-DD"))
    var executionDate: String?

    @Flag(help: "Preview: the same computation and files, nothing committed.")
    var dryRun = false

    @OptionGroup var options: JobOptions
    @OptionGroup var output: JSONOutputOptions

    func execute() throws -> ExitStatus {
        let outcome = try options.job().run(month: asOf, dryRun: dryRun, now: Date(), executionDate: executionDate)
        if output.json { try printJSON(RunOutcomeJSON(outcome)) } else { print(SummaryTable.render(outcome)) }
        for message in outcome.earlierRunsMissingFiles {
            FileHandle.standardError.write(Data("payouts: error: \(message)\n".utf8))
        }
        return outcome.exitStatus
    }
}

struct Export: JobCommand {
    static let configuration = CommandConfiguration(
        abstract: "Re-create the missing files of a committed run, byte-identical to the first time.",
        discussion: "Writes into <out>/<month>, the folder of the committed run.")

    @Option(help: ArgumentHelp("The committed run's as-of day (or month).", valueName: "YYYY-MM-DD"),
            transform: RunMonth.argument)
    var asOf: RunMonth

    @OptionGroup var options: JobOptions
    @OptionGroup var output: JSONOutputOptions

    func execute() throws -> ExitStatus {
        let outcome = try options.job().export(month: asOf)
        if output.json { try printJSON(RunOutcomeJSON(outcome)) } else { print(SummaryTable.render(outcome)) }
        return .done
    }
}

/// What `run` and `export` share: the output folder, the database and the time zone.
struct JobOptions: ParsableArguments {
    @OptionGroup var output: OutputOptions
    @OptionGroup var session: SessionOptions

    func job() -> PayoutJob {
        PayoutJob(settings: JobSettings(conninfo: session.conninfo, timeZone: session.timeZone,
                                        outputDirectory: URL(fileURLWithPath: output.outputDirectory)),
                  log: JobLog())
    }
}
