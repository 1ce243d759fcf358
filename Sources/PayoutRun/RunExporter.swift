import Foundation
import PayoutCore
import PayoutFiles
import PayoutSQL
import Postgres

/// Writes the files of one run from its records (`sql/queries/export.sql`): the channel
/// files per currency, the statement, the report and, last, the manifest. Rows are streamed
/// from PostgreSQL into the renderers, so memory stays constant whatever the run's size.
struct RunExporter {
    let connection: Connection
    let log: JobLog

    private func statement(_ name: String, _ values: (any PostgresEncodable)?...) -> Query {
        Query(unsafeSQL: PayoutSQL.export[name], values: values)
    }

    /// Returns the names of the files of the run folder.
    func write(runId: Int64, into directory: URL, dryRun: Bool) throws -> [String] {
        let conn = connection
        // Timestamps in files are formatted in the run's own time zone.
        _ = try conn.query("select set_config('TimeZone', time_zone, false) from payout_runs where id = \(runId)")
        guard let header = try conn.queryOne(statement("run_header", runId)) else {
            throw JobError.failed("run \(runId) not found")
        }
        let run = RunInfo(
            id: try header.decode(String.self, "token"),
            month: try RunMonth.parseAsOf(try header.decode(String.self, "month")),
            asOf: try header.decode(String.self, "as_of"),
            createdAt: try header.decode(String.self, "created_at"),
            executionDate: try header.decode(String.self, "execution_date"),
            dryRun: dryRun)

        return try log.phase("files", {
            let folder = try RunFolder(directory: directory, run: run)
            var entries: [ManifestEntry] = []
            for channel in try conn.query(statement("paid_channels", runId)) {
                let method = try channel.decode(String.self, "method")
                let currency = try channel.decode(String.self, "currency")
                let minorUnits = Int(try channel.decode(Int32.self, "minor_units"))
                switch method {
                case PayoutMethod.iban.rawValue:
                    entries += try writeBankTransfers(folder, runId: runId, currency: currency, minorUnits: minorUnits,
                                                      count: Int(try channel.decode(Int64.self, "payouts")),
                                                      total: try channel.decode(Decimal.self, "total"))
                case PayoutMethod.paypal.rawValue:
                    entries += try folder.writePayPal(currency: currency, minorUnits: minorUnits) { emit in
                        try conn.stream(statement("paypal_payments", runId, currency)) { row in
                            try emit(PayPalPayment(
                                affiliateId: try row.decode(Int64.self, "affiliate_id"), amount: try row.decode(Decimal.self, "amount"),
                                currency: currency, minorUnits: minorUnits, receiver: try row.decode(String.self, "paypal_email")))
                        }
                    }
                default:
                    entries += try folder.writePrepaid(currency: currency, minorUnits: minorUnits) { emit in
                        try conn.stream(statement("prepaid_credits", runId, currency)) { row in
                            try emit(PrepaidCredit(
                                affiliateId: try row.decode(Int64.self, "affiliate_id"), amount: try row.decode(Decimal.self, "amount"),
                                currency: currency, minorUnits: minorUnits, account: try row.decode(String.self, "prepaid_account")))
                        }
                    }
                }
            }
            let recredits = try recreditLines(runId: runId)  // SPEC §9: returned payouts paid again
            entries += try folder.writeStatement { emit in
                try RecreditLine.merging(recredits, into: { emit in try conn.stream(statement("statement_lines", runId)) { row in
                    try emit(StatementLine(
                        affiliateId: try row.decode(Int64.self, "affiliate_id"), orderRef: try row.decode(String.self, "order_ref"),
                        commissionAmount: try row.decode(Decimal.self, "amount"), commissionCurrency: try row.decode(String.self, "currency"),
                        rate: try row.decode(Decimal?.self, "rate"), convertedAmount: try row.decode(Decimal.self, "converted_amount"),
                        accountCurrency: try row.decode(String.self, "account_currency"),
                        commissionMinorUnits: Int(try row.decode(Int32.self, "commission_minor_units")),
                        accountMinorUnits: Int(try row.decode(Int32.self, "account_minor_units"))))
                } }, emit: emit)
            }
            entries += try writeReport(folder, runId: runId, header: header, recredits: recredits)
            try folder.writeManifest(entries)
            return entries.map(\.path) + ["manifest.json"]
        }, summary: { "\($0.count) files in \(directory.path)" })
    }

    private func writeBankTransfers(_ folder: RunFolder, runId: Int64, currency: String, minorUnits: Int, count: Int, total: Decimal) throws -> [ManifestEntry] {
        guard let row = try connection.queryOne(statement("debtor_account", runId, currency)) else {
            throw JobError.failed("run \(runId) has \(currency) bank transfers but no debtor account recorded")
        }
        let debtor = DebtorAccount(
            currency: currency, name: try row.decode(String.self, "name"), iban: try IBAN(try row.decode(String.self, "iban")).electronic,
            bic: try row.decode(String?.self, "bic"), street: try row.decode(String?.self, "street"),
            buildingNumber: try row.decode(String?.self, "building_number"), postcode: try row.decode(String?.self, "postcode"),
            town: try row.decode(String?.self, "town"), country: try row.decode(String?.self, "country"))
        return try folder.writeBankTransfers(currency: currency, minorUnits: minorUnits, debtor: debtor, count: count, total: total) { emit in
            try connection.stream(statement("bank_transfers", runId, currency)) { row in
                try emit(BankTransfer(
                    affiliateId: try row.decode(Int64.self, "affiliate_id"), amount: try row.decode(Decimal.self, "amount"),
                    currency: currency, minorUnits: minorUnits, creditorName: try row.decode(String.self, "creditor_name"),
                    iban: try IBAN(try row.decode(String.self, "iban")).electronic, bic: try row.decode(String?.self, "bic"),
                    street: try row.decode(String?.self, "street"), buildingNumber: try row.decode(String?.self, "building_number"),
                    postcode: try row.decode(String?.self, "postcode"), town: try row.decode(String?.self, "town"),
                    country: try row.decode(String?.self, "country")))
            }
        }
    }

    private func writeReport(_ folder: RunFolder, runId: Int64, header: Row, recredits: [RecreditLine]) throws -> [ManifestEntry] {
        let conn = connection
        let totals = try conn.query(statement("paid_channels", runId)).map { row in
            ChannelTotal(
                channel: try row.decode(String.self, "method"), currency: try row.decode(String.self, "currency"),
                minorUnits: Int(try row.decode(Int32.self, "minor_units")), count: Int(try row.decode(Int64.self, "payouts")),
                amount: try row.decode(Decimal.self, "total"))
        }
        return try folder.writeReport(
            needsAttention: Int(try header.decode(Int32.self, "attention_count")),
            entries: { emit in
                try conn.stream(statement("report_entries", runId)) { row in
                    try emit(ReportEntry(
                        affiliateId: try row.decode(Int64.self, "affiliate_id"),
                        status: try row.decode(String.self, "status") == "paid" ? .paid : .held,
                        method: try row.decode(String.self, "method"), currency: try row.decode(String.self, "currency"),
                        minorUnits: Int(try row.decode(Int32.self, "minor_units")), amount: try row.decode(Decimal?.self, "amount"),
                        reasons: try row.decode(String.self, "reasons").split(separator: ",").compactMap { HoldReason(rawValue: String($0)) },
                        commissions: Int(try row.decode(Int32.self, "commissions"))))
                }
            },
            voided: { emit in
                try conn.stream(statement("voided_summary", runId)) { row in
                    try emit(VoidedCommissions(
                        affiliateId: try row.decode(Int64.self, "affiliate_id"), reason: try row.decode(String.self, "reason"),
                        currency: try row.decode(String.self, "currency"), minorUnits: Int(try row.decode(Int32.self, "minor_units")),
                        commissions: Int(try row.decode(Int64.self, "commissions")), amount: try row.decode(Decimal.self, "amount")))
                }
            },
            totals: totals, recredits: recredits)
    }
}
