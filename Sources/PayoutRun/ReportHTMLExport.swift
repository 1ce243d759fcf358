import Foundation
import PayoutCore
import PayoutFiles
import PayoutSQL
import Postgres

/// Feeds report.html from the run's records (`sql/queries/report.sql`). Small lists (voided
/// by reason, rates, the last 12 runs, the re-credits paid) are read whole, the totals are the
/// exporter's (`paid_channels`); the held affiliates are streamed with COPY, those needing
/// attention first (the renderer's first pass), then the others.
struct ReportHTMLExport {
    let connection: Connection

    /// The session time zone and the export scope must already be the run's (`RunExporter.open`).
    /// `totals`: the paid payouts per channel and currency (`paid_channels`, as report.json's).
    func write(_ folder: RunFolder, runId: Int64, totals: [ChannelTotal]) throws -> [ManifestEntry] {
        let conn = connection
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
        var reasonArrays = HoldReasonArrays()
        return try folder.writeReportHTML(report, heldRows: { needingAttention, emit in
            _ = try conn.query(ReportStatements.setHeldPass(needingAttention: needingAttention))
            try conn.copyRows(ReportStatements.reportHeldFile()) { row in try emit(try Self.held(row, reasons: &reasonArrays)) }
        })
    }

    /// One row of `report_held_file` as the table lays it out: the amount stays `numeric` text.
    static func held(_ row: CopyRow, reasons arrays: inout HoldReasonArrays) throws -> HeldRow {
        let id = try row.int64(0)
        let reasonsText = try row.bytes(5)
        guard let reasons = arrays.reasons(reasonsText) else {
            throw JobError.failed("held affiliate \(id): hold reasons \(String(decoding: reasonsText, as: UTF8.self)) are not a list of known reasons")
        }
        return HeldRow(affiliateId: id, name: try row.bytes(1), currency: try row.bytes(2), minorUnits: Int(try row.int64(3)),
                       amount: try row.optionalBytes(4), reasons: reasons)
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
