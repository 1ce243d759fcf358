import Postgres

/// The figures of report.html (`sql/queries/report.sql`), one function per `-- name:`.
public enum ReportStatements {
    static let file = StatementFile(PackageResources.report_sql, file: "queries/report.sql")

    /// `report_counts`: paid, held, needing-attention and newly-needing-attention counts of the run.
    public static func reportCounts(runId: Int64) -> Query { file.query("report_counts", runId) }

    /// `set_held_pass`: which held affiliates `report_held_file` reads (true: those needing attention).
    public static func setHeldPass(needingAttention: Bool) -> Query { file.query("set_held_pass", needingAttention) }

    /// `report_held_file`: the held affiliates of the export scope's run and the held pass, largest amount first.
    public static func reportHeldFile() -> Query { file.query("report_held_file") }

    /// `report_voided`: voided commissions per reason and currency.
    public static func reportVoided(runId: Int64) -> Query { file.query("report_voided", runId) }

    /// `report_rates`: the exchange rates the run applied.
    public static func reportRates(runId: Int64) -> Query { file.query("report_rates", runId) }

    /// `report_history`: paid totals per currency of the last 12 runs up to this one.
    public static func reportHistory(runId: Int64) -> Query { file.query("report_history", runId) }

    /// `report_returns`: the returned payouts whose re-credits the run paid.
    public static func reportReturns(runId: Int64) -> Query { file.query("report_returns", runId) }
}
