import PayoutSQL
import Postgres

/// The statements of `sql/queries/lifecycle.sql`, one typed function each, so that callers
/// never spell a statement name or a parameter order.
enum LifecycleStatements {
    private static func q(_ name: String, _ values: (any PostgresEncodable)?...) -> Query {
        Query(unsafeSQL: PayoutSQL.lifecycle[name], values: values)
    }

    static func runOfMonth(_ month: String) -> Query { q("run_of_month", month) }
    static func runChannels(runId: Int64) -> Query { q("run_channels", runId) }
    static func markSent(runId: Int64, channels: [String], currencies: [String], files: [String], by: String) -> Query {
        q("mark_sent", runId, channels, currencies, files, by)
    }
    static func sentFiles(runId: Int64) -> Query { q("sent_files", runId) }
    static func importBySHA256(_ sha256: String) -> Query { q("import_by_sha256", sha256) }
    static func createImport(sha256: String, file: String, kind: String, by: String, records: Int) -> Query {
        q("create_import", sha256, file, kind, by, Int64(records))
    }
    static func resolvePayouts(months: [String], affiliateIds: [Int64]) -> Query { q("resolve_payouts", months, affiliateIds) }
    static func messagePayouts(month: String, currency: String) -> Query { q("message_payouts", month, currency) }
    static func recordReturns(importId: Int64, runIds: [Int64], affiliateIds: [Int64], references: [String],
                              statuses: [String], reasonCodes: [String?], moneyBack: [Bool]) -> Query {
        q("record_returns", importId, runIds, affiliateIds, references, statuses, reasonCodes, moneyBack)
    }
    static func releaseAffiliate(_ affiliateId: Int64, by: String) -> Query { q("release_affiliate", affiliateId, by) }
    static func returnsOverview() -> Query { q("returns_overview") }
    static func reversedOverview() -> Query { q("reversed_overview") }
    static func runReturns(runId: Int64) -> Query { q("run_returns", runId) }
    static func countSentFiles(runId: Int64) -> Query { q("count_sent_files", runId) }
    static func archiveReversedRun(runId: Int64, by: String, folder: String?) -> Query { q("archive_reversed_run", runId, by, folder) }
    static func archiveReversedItems(runId: Int64) -> Query { q("archive_reversed_items", runId) }
    static func reopenRecredits(runId: Int64) -> Query { q("reopen_recredits", runId) }
    static func reopenCommissions(runId: Int64) -> Query { q("reopen_commissions", runId) }
    /// The rest of a reversed run's rows, in foreign-key order.
    static func removeReversedRun(runId: Int64) -> [Query] {
        ["remove_reversed_run_voided", "remove_reversed_run_conversions", "remove_reversed_run_debtors",
         "remove_reversed_run_affiliates", "remove_reversed_run"].map { q($0, runId) }
    }
    /// Run side: settles the open re-credits the run paid.
    static func settleRecredits(runId: Int64) -> Query { q("settle_recredits", runId) }
}
