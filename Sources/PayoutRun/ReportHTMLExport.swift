import Foundation
import PayoutCore
import PayoutFiles
import PayoutSQL
import Postgres

/// Feeds report.html from the run's records (`sql/queries/report.sql`). Small lists (totals,
/// voided by reason, rates, the last 12 runs) are read whole; the held affiliates are
/// streamed, twice (the renderer writes those needing attention first).
struct ReportHTMLExport {
    let connection: Connection

    private func statement(_ name: String, _ values: (any PostgresEncodable)?...) -> Query {
        Query(unsafeSQL: PayoutSQL.report[name], values: values)
    }

    /// The session time zone must already be the run's (RunExporter sets it).
    func write(_ folder: RunFolder, runId: Int64) throws -> [ManifestEntry] {
        let conn = connection
        let totals = try conn.query(statement("report_totals", runId)).map { row in
            ChannelTotal(
                channel: try row.decode(String.self, "method"), currency: try row.decode(String.self, "currency"),
                minorUnits: Int(try row.decode(Int32.self, "minor_units")), count: Int(try row.decode(Int64.self, "payouts")),
                amount: try row.decode(Decimal.self, "total"))
        }
        guard let counts = try conn.queryOne(statement("report_counts", runId)) else {
            throw JobError.failed("run \(runId): no counts for report.html")
        }
        let voided = try conn.query(statement("report_voided", runId)).map { row in
            VoidedByReason(
                reason: try row.decode(String.self, "reason"), currency: try row.decode(String.self, "currency"),
                minorUnits: try row.decode(Int32?.self, "minor_units").map(Int.init),
                commissions: Int(try row.decode(Int64.self, "commissions")), amount: try row.decode(Decimal.self, "amount"))
        }
        let rates = try conn.query(statement("report_rates", runId)).map { row in
            RateUsed(
                sourceCurrency: try row.decode(String.self, "source_currency"),
                accountCurrency: try row.decode(String.self, "account_currency"),
                rate: try row.decode(Decimal.self, "rate"), inverse: try row.decode(Bool.self, "inverse"),
                validFrom: try row.decode(String?.self, "valid_from"), affiliates: Int(try row.decode(Int64.self, "affiliates")))
        }
        let report = RunReportSummary(
            run: folder.run,
            paid: Int(try counts.decode(Int64.self, "paid")), held: Int(try counts.decode(Int64.self, "held")),
            needingAttention: Int(try counts.decode(Int32?.self, "attention") ?? 0),
            totals: totals, voided: voided, rates: rates, history: try history(runId: runId))
        return try folder.writeReportHTML(report) { emit in
            try conn.stream(statement("report_held", runId)) { row in
                let id = try row.decode(Int64.self, "affiliate_id")
                try emit(HeldAffiliate(
                    affiliateId: id, name: try row.decode(String.self, "name"),
                    method: try row.decode(String.self, "method"), currency: try row.decode(String.self, "currency"),
                    minorUnits: Int(try row.decode(Int32.self, "minor_units")), amount: try row.decode(Decimal?.self, "amount"),
                    reasons: try reasons(try row.decode(String.self, "reasons"), affiliateId: id),
                    commissions: Int(try row.decode(Int32.self, "commissions"))))
            }
        }
    }

    /// Every recorded code must be known: an unknown one is an error, never dropped.
    private func reasons(_ text: String, affiliateId: Int64) throws -> [HoldReason] {
        try text.split(separator: ",").map { code in
            guard let reason = HoldReason(rawValue: String(code)) else {
                throw JobError.failed("affiliate \(affiliateId): unknown hold reason \"\(code)\" in the run record")
            }
            return reason
        }
    }

    private func history(runId: Int64) throws -> [RunHistoryMonth] {
        var months: [RunHistoryMonth] = []
        for row in try connection.query(statement("report_history", runId)) {
            let month = try RunMonth.parseAsOf(try row.decode(String.self, "month"))
            if months.last?.month != month {
                months.append(RunHistoryMonth(month: month, isThisRun: try row.decode(Bool.self, "this_run"), paid: []))
            }
            guard let currency = try row.decode(String?.self, "currency") else { continue }
            guard let minorUnits = try row.decode(Int32?.self, "minor_units"), let total = try row.decode(Decimal?.self, "total") else {
                throw JobError.failed("run \(month): paid \(currency) payouts without a total or a known currency")
            }
            months[months.count - 1].paid.append(CurrencyAmount(
                currency: currency, minorUnits: Int(minorUnits), count: Int(try row.decode(Int64.self, "payouts")), amount: total))
        }
        return months
    }
}
