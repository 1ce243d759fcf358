import ArgumentParser
import Foundation
import PayoutRun

struct Returns: JobCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import status files: bank pain.002 and camt.054, PayPal batch details, prepaid rejections.",
        discussion: """
            Each file is imported in one transaction: all of it or nothing. A file naming an unknown \
            payout, a payout not marked sent, another amount or currency, or that is not a status \
            file is refused whole. Importing the same file again changes nothing. A payout that came \
            back is owed again: the next run pays it once more, after its payout details change or \
            `payouts release` lets it.
            """)

    @Argument(help: ArgumentHelp("Status files to import, in order.", valueName: "FILE"))
    var files: [String]

    @OptionGroup var session: SessionOptions

    func validate() throws {
        if files.isEmpty { throw ValidationError("name at least one status file") }
    }

    func execute() throws -> ExitStatus {
        let importer = session.returnsImport()
        for file in files {
            let outcome = try importer.importFile(at: URL(fileURLWithPath: file))
            if outcome.alreadyImported {
                print("\(outcome.file): already imported at \(outcome.importedAt ?? "?"); nothing changed")
            } else {
                print("\(outcome.file) (\(outcome.kind)): \(outcome.reported) payout(s) reported, \(outcome.recorded) recorded, \(outcome.recredited) re-credited")
            }
        }
        return .done
    }
}
