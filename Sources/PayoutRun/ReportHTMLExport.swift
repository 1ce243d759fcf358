import Foundation
import PayoutCore
import PayoutFiles
import PayoutSQL
import Postgres

/// Feeds report.html from the run's records (`sql/queries/report.sql`). Small lists (totals,
/// voided by reason, rates, the last 12 runs, the re-credits paid) are read whole; the held affiliates are
/// streamed, twice (the renderer writes those needing attention first).
struct ReportHTMLExport {
    let connection: Connection

    /// The session time zone must already be the run's (RunExporter sets it).
    func write(_ folder: RunFolder, runId: Int64) throws -> [ManifestEntry] {
        let conn = connection
        let totals = try conn.query(ReportStatements.reportTotals(runId: runId), as: ChannelTotalRecord.self).map(\.total)
        let counts = try conn.queryFirst(ReportStatements.reportCounts(runId: runId), as: ReportCounts.self)
        let report = RunReportSummary(
            run: folder.run, paid: counts.paid, held: counts.held, needingAttention: counts.attention,
            newAttention: counts.newAttention,
            totals: totals,
            voided: try conn.query(ReportStatements.reportVoided(runId: runId), as: VoidedByReason.self),
            rates: try conn.query(ReportStatements.reportRates(runId: runId), as: RateUsed.self),
            history: try history(runId: runId),
            returns: try conn.query(ReportStatements.reportReturns(runId: runId), as: ReturnedPayout.self),
            accrual: try conn.query(AccrualStatements.runAccrualCounts(runId: runId), as: AccrualCount.self))
        return try folder.writeReportHTML(report) { emit in
            try conn.fetchInBatches(ReportStatements.reportHeld(runId: runId), as: HeldAffiliate.self, emit)
        }
    }

    private func history(runId: Int64) throws -> [RunHistoryMonth] {
        let totals = try connection.query(ReportStatements.reportHistory(runId: runId), as: HistoryRow.self)
        return RunHistoryMonth.months(totals.map { ($0.month, $0.isThisRun, $0.paid) })
    }
}

/// `report_counts`.
private struct ReportCounts: RowDecodable {
    var paid, held, attention, newAttention: Int

    init(row: Row) throws {
        (paid, held) = (try row["paid"], try row["held"])
        (attention, newAttention) = (try row["attention"] as Int? ?? 0, try row["new_attention"] as Int? ?? 0)
    }
}

/// One row of `report_history`: a run's paid total in one currency, or none.
private struct HistoryRow: RowDecodable {
    var month: RunMonth
    var isThisRun: Bool
    var paid: CurrencyAmount?

    init(row: Row) throws {
        month = try row["month"]
        isThisRun = try row["this_run"]
        guard let currency: String = try row["currency"] else { paid = nil; return }
        guard let minorUnits: Int = try row["minor_units"], let total: Decimal = try row["total"] else {
            throw JobError.failed("run \(month): paid \(currency) payouts without a total or a known currency")
        }
        paid = CurrencyAmount(currency: currency, minorUnits: minorUnits, count: try row["payouts"], amount: total)
    }
}

// One row each: decoded by field name (`Decodable`).
extension VoidedByReason: RowDecodable {}
extension RateUsed: RowDecodable {}

/// Streamed (one per held affiliate, twice): decoded by hand, the faster way.
extension HeldAffiliate: RowDecodable {
    public init(row: Row) throws {
        self.init(affiliateId: try row["affiliate_id"], name: try row["name"], method: try row["method"],
                  currency: try row["currency"], minorUnits: try row["minor_units"], amount: try row["amount"],
                  reasons: try row["reasons"], commissions: try row["commissions"])
    }
}
