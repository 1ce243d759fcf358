import ArgumentParser
import PayoutCore
import PayoutRun

struct Sent: JobCommand {
    static let configuration = CommandConfiguration(
        abstract: "Record that a run's payout files were handed to the bank, PayPal or the prepaid system.",
        discussion: """
            Without FILE, marks every payout file of the run. Marking a file again changes nothing: \
            the first time and person stay recorded. A run with a file marked sent can no longer be \
            reversed, and only payouts of sent files can be reported back by `payouts returns`.
            """)

    @Option(help: ArgumentHelp("The run's month (or as-of day).", valueName: "YYYY-MM"), transform: RunMonth.argument)
    var month: RunMonth

    @Argument(help: ArgumentHelp("Payout files of the run folder, e.g. iban-CHF.xml.", valueName: "FILE"))
    var files: [String] = []

    @OptionGroup var session: SessionOptions

    func execute() throws -> ExitStatus {
        let lifecycle = session.lifecycle()
        let result = try lifecycle.markSent(month: month, files: files)
        print(result.newlyMarked == 0 ? "nothing new marked sent" : "\(result.newlyMarked) file(s) marked sent")
        for file in result.files { print("  \(file.file)  sent \(file.sentAt) by \(file.sentBy)") }
        return .done
    }
}
