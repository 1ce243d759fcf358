import PayoutCore
import Postgres

/// The statements that read a run back for its files and for `status`
/// (`sql/queries/export.sql`), one function per `-- name:`.
public enum ExportStatements {
    static let file = StatementFile(PackageResources.export_sql, file: "queries/export.sql")

    /// `use_run_time_zone`: the session time zone becomes the run's own.
    public static func useRunTimeZone(runId: Int64) -> Query { file.query("use_run_time_zone", runId) }

    /// `run_header`: the values every file of the run carries.
    public static func runHeader(runId: Int64) -> Query { file.query("run_header", runId) }

    /// `paid_channels`: count and total per method and currency with paid payouts.
    public static func paidChannels(runId: Int64) -> Query { file.query("paid_channels", runId) }

    /// `debtor_account`: the run's debtor account of `currency`.
    public static func debtorAccount(runId: Int64, currency: String) -> Query {
        file.query("debtor_account", runId, currency)
    }

    /// `bank_transfers_file`: the paid IBAN payouts of the export scope's currency, by
    /// affiliate, amounts as text (COPY).
    public static func bankTransfersFile() -> Query { file.query("bank_transfers_file") }

    /// `paypal_file`: receiver and amount text of the paid PayPal payouts of the export
    /// scope's currency, by affiliate (COPY).
    public static func paypalFile() -> Query { file.query("paypal_file") }

    /// `prepaid_file`: the prepaid CSV lines of the export scope's currency, by affiliate (COPY).
    public static func prepaidFile() -> Query { file.query("prepaid_file") }

    /// `prepare_export_lane`: an export lane's transaction reads without parallel workers.
    public static func prepareExportLane() -> Query { file.query("prepare_export_lane") }

    /// `set_export_scope`: the run, currency and reference prefix the `*_file` statements read
    /// (COPY takes no parameters). Local to the transaction.
    public static func setExportScope(runId: Int64, currency: String, referencePrefix: String) -> Query {
        file.query("set_export_scope", runId, currency, referencePrefix)
    }

    /// `statement_file`: every paid commission in statement.csv order, as `StatementCSV.LedgerRow` reads it (COPY).
    public static func statementFile() -> Query { file.query("statement_file") }

    /// `currency_decimals`: every currency code with its decimals, as run `runId` rounded with them.
    public static func currencyDecimals(runId: Int64) -> Query { file.query("currency_decimals", runId) }

    /// `recredit_lines`: the returned payouts whose re-credits the run paid.
    public static func recreditLines(runId: Int64) -> Query { file.query("recredit_lines", runId) }

    /// `report_affiliates_file`: every affiliate of the run as report.json lists it (COPY).
    public static func reportAffiliatesFile() -> Query { file.query("report_affiliates_file") }

    /// `report_voided_file`: voided commissions per affiliate, reason and currency, as
    /// report.json lists them (COPY).
    public static func reportVoidedFile() -> Query { file.query("report_voided_file") }

    /// `runs_overview`: every run, newest first.
    public static func runsOverview() -> Query { file.query("runs_overview") }

    /// `runs_totals`: paid totals per run, channel and currency.
    public static func runsTotals() -> Query { file.query("runs_totals") }

    /// `run_summary`: paid, held and carried forward per channel and currency.
    public static func runSummary(runId: Int64) -> Query { file.query("run_summary", runId) }
}
