import Foundation
import PayoutCore
import PayoutSQL
import Postgres

extension PayoutLifecycle {
    /// Reverses the committed run of `month` while none of its files is sent: its commissions
    /// and the re-credits it settled are open again, its rows are archived, and its folder is
    /// renamed `<month>-reversed-<UTC timestamp>` so nobody sends it. Without that folder
    /// under `outputDirectory` (another `--out`, a copy elsewhere) the reversal is refused
    /// unless `withoutFolder` says its files are nowhere they could be sent from: reopened
    /// commissions with a sendable file left in place would be paid twice.
    public func reverse(month: RunMonth, outputDirectory: URL, withoutFolder: Bool = false,
                        now: Date) throws -> (commissions: Int, recredits: Int, folder: String?) {
        try withLock(during: "reverse") { conn in
            let folder = outputDirectory.appendingPathComponent(month.description, isDirectory: true)
            let renamed = outputDirectory.appendingPathComponent("\(month)-reversed-\(Self.stamp(now))", isDirectory: true)
            let hasFolder = FileManager.default.fileExists(atPath: folder.path)
            guard hasFolder || withoutFolder else {
                throw JobError.usage("""
                    no folder \(folder.path): give --out (or PAYOUTS_OUT) where run \(month)'s files are, so that \
                    reversing renames them; if its files are nowhere they could be sent from, add --no-folder. \
                    Run \(month) was not reversed
                    """)
            }
            var moved = false
            do {
                return try conn.transaction { conn in
                    let runId = try Self.run(conn, month)
                    let sent = try conn.queryValue(LifecycleStatements.countSentFiles(runId: runId), as: Int.self)
                    guard sent == 0 else {
                        throw JobError.usage("run \(month) has \(sent) file(s) marked sent: it cannot be reversed; import the bank's or PayPal's answers with `payouts returns` instead")
                    }
                    _ = try conn.execute(LifecycleStatements.archiveReversedRun(
                        runId: runId, by: Self.operatorName, folder: hasFolder ? renamed.lastPathComponent : nil))
                    _ = try conn.queryValue(LifecycleStatements.archiveReversedItems(runId: runId), as: Int.self)
                    let recredits = try conn.queryValue(LifecycleStatements.reopenRecredits(runId: runId), as: Int.self)
                    let commissions = try conn.queryValue(LifecycleStatements.reopenCommissions(runId: runId), as: Int.self)
                    for statement in LifecycleStatements.removeReversedRun(runId: runId) { _ = try conn.execute(statement) }
                    // The folder goes out of reach before the commit; undone below if the commit fails.
                    if hasFolder {
                        do {
                            try FileManager.default.moveItem(at: folder, to: renamed)
                            moved = true
                        } catch {
                            throw JobError.failed("cannot rename \(folder.path) to \(renamed.lastPathComponent) (\(error.localizedDescription)); run \(month) was not reversed")
                        }
                    }
                    return (commissions, recredits, hasFolder ? renamed.lastPathComponent : nil)
                }
            } catch let error as PostgresError where error.kind == .commitOutcomeUnknown {
                // Maybe reversed: its commissions may be open again, so its files stay out of reach.
                throw JobError.failed("""
                    lost the connection to PostgreSQL while committing the reversal of run \(month): it may or may not \
                    be reversed. Its folder stays \(moved ? renamed.lastPathComponent : "as it was") so nobody sends it; \
                    `payouts status` shows whether run \(month) still stands: if it does, rename the folder back to \
                    \(month) and reverse again
                    """)
            } catch {
                if moved { try? FileManager.default.moveItem(at: renamed, to: folder) }
                throw error
            }
        }
    }

    private static func stamp(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter.string(from: date)
    }
}
