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

    /// `bank_transfers`: the paid IBAN payouts of `currency`, by affiliate.
    public static func bankTransfers(runId: Int64, currency: String) -> Query {
        file.query("bank_transfers", runId, currency)
    }

    /// `paypal_payments`: the paid PayPal payouts of `currency`, by affiliate.
    public static func paypalPayments(runId: Int64, currency: String) -> Query {
        file.query("paypal_payments", runId, currency)
    }

    /// `prepaid_credits`: the paid prepaid credits of `currency`, by affiliate.
    public static func prepaidCredits(runId: Int64, currency: String) -> Query {
        file.query("prepaid_credits", runId, currency)
    }

    /// `statement_lines`: one line per paid commission.
    public static func statementLines(runId: Int64) -> Query { file.query("statement_lines", runId) }

    /// `recredit_lines`: the returned payouts whose re-credits the run paid.
    public static func recreditLines(runId: Int64) -> Query { file.query("recredit_lines", runId) }

    /// `report_entries`: every affiliate of the run, paid or held.
    public static func reportEntries(runId: Int64) -> Query { file.query("report_entries", runId) }

    /// `voided_summary`: voided commissions per affiliate, reason and currency.
    public static func voidedSummary(runId: Int64) -> Query { file.query("voided_summary", runId) }

    /// `runs_overview`: every run, newest first.
    public static func runsOverview() -> Query { file.query("runs_overview") }

    /// `runs_totals`: paid totals per run, channel and currency.
    public static func runsTotals() -> Query { file.query("runs_totals") }

    /// `run_summary`: paid, held and carried forward per channel and currency.
    public static func runSummary(runId: Int64) -> Query { file.query("run_summary", runId) }
}
