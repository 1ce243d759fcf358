import ArgumentParser
import Foundation
import PayoutCore
import PayoutRun

struct Reverse: JobCommand {
    static let configuration = CommandConfiguration(
        abstract: "Undo a committed run none of whose files was sent.",
        discussion: """
            Its commissions and the re-credits it paid are open again for the next run (or for \
            running the same month again), what it decided is archived, and its folder is renamed \
            <month>-reversed-<timestamp> so nobody sends it. Refused once any of its files is \
            marked sent, and when its folder is not under --out (unless --no-folder).
            """)

    @Option(help: ArgumentHelp("The run's month (or as-of day).", valueName: "YYYY-MM"), transform: RunMonth.argument)
    var month: RunMonth

    @OptionGroup var output: OutputOptions

    @Flag(name: .customLong("no-folder"),
          help: "Reverse although the run's folder is not under --out: its files were deleted or never written, and no copy can be sent.")
    var withoutFolder = false

    @OptionGroup var session: SessionOptions

    func execute() throws -> ExitStatus {
        let lifecycle = session.lifecycle()
        let result = try lifecycle.reverse(month: month, outputDirectory: URL(fileURLWithPath: output.outputDirectory),
                                           withoutFolder: withoutFolder, now: Date())
        print("run \(month) reversed: \(result.commissions) commissions and \(result.recredits) re-credits are open again")
        print(result.folder.map { "its folder is now \($0)" } ?? "it had no folder under \(output.outputDirectory)")
        return .done
    }
}
