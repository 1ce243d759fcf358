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

    /// Returns the names of the files of the run folder.
    func write(runId: Int64, into directory: URL, dryRun: Bool) throws -> [String] {
        // Rows come through cursors (fetchInBatches), which live in a transaction: a committed
        // run is read in one read-only snapshot; a dry run is already inside its own.
        if connection.isInTransaction { return try writeFiles(runId: runId, into: directory, dryRun: dryRun) }
        return try connection.transaction(isolation: .repeatableRead) { conn in
            // The statement sorts the run's ledger rows: in memory (local to this transaction).
            _ = try conn.query(RunStatements.prepareSession())
            return try writeFiles(runId: runId, into: directory, dryRun: dryRun)
        }
    }

    private func writeFiles(runId: Int64, into directory: URL, dryRun: Bool) throws -> [String] {
        let conn = connection
        _ = try conn.query(ExportStatements.useRunTimeZone(runId: runId))
        guard let header = try conn.queryOne(ExportStatements.runHeader(runId: runId), as: RunHeader.self) else {
            throw JobError.failed("run \(runId) not found")
        }
        var run = header.run
        run.dryRun = dryRun
        return try log.phase("files", {
            let folder = try RunFolder(directory: directory, run: run)
            let channels = try conn.query(ExportStatements.paidChannels(runId: runId), as: ChannelTotalRecord.self)
            var entries: [ManifestEntry] = []
            for channel in channels {
                entries += try writeChannel(folder, runId: runId, channel: channel)
            }
            // Returned payouts this run paid again (SPEC §9): statement lines and report.json.
            let recredits = try conn.query(ExportStatements.recreditLines(runId: runId), as: RecreditLine.self)
            entries += try folder.writeStatement { emit in
                try RecreditLine.merging(recredits, into: { emit in
                    try conn.fetchInBatches(ExportStatements.statementLines(runId: runId), as: StatementLine.self, emit)
                }, emit: emit)
            }
            entries += try folder.writeReport(
                needsAttention: header.attentionCount, newAttention: header.newAttentionCount,
                entries: { emit in try conn.fetchInBatches(ExportStatements.reportEntries(runId: runId), as: ReportEntry.self, emit) },
                voided: { emit in try conn.fetchInBatches(ExportStatements.voidedSummary(runId: runId), as: VoidedCommissions.self, emit) },
                totals: channels.map(\.total), recredits: recredits,
                accrual: try conn.query(AccrualStatements.runAccrualCounts(runId: runId), as: AccrualCount.self))
            entries += try ReportHTMLExport(connection: conn).write(folder, runId: runId)
            try folder.writeManifest(entries)
            return entries.map(\.path) + ["manifest.json"]
        }, summary: { "\($0.count) files in \(directory.path)" })
    }

    private func writeChannel(_ folder: RunFolder, runId: Int64, channel: ChannelTotalRecord) throws -> [ManifestEntry] {
        let conn = connection
        let total = channel.total
        let currency = total.sum.currency
        let minorUnits = total.sum.minorUnits
        switch total.channel {
        case .iban:
            guard let debtor = try conn.queryOne(ExportStatements.debtorAccount(runId: runId, currency: currency), as: DebtorAccount.self) else {
                throw JobError.failed("run \(runId) has \(currency) bank transfers but no debtor account recorded")
            }
            return try folder.writeBankTransfers(currency: currency, minorUnits: minorUnits, debtor: debtor,
                                                 count: total.count, total: total.sum.amount) { emit in
                try conn.fetchInBatches(ExportStatements.bankTransfers(runId: runId, currency: currency), as: BankTransfer.self, emit)
            }
        case .paypal:
            return try folder.writePayPal(currency: currency, minorUnits: minorUnits) { emit in
                try conn.fetchInBatches(ExportStatements.paypalPayments(runId: runId, currency: currency), as: PayPalPayment.self, emit)
            }
        case .prepaid:
            return try folder.writePrepaid(currency: currency, minorUnits: minorUnits) { emit in
                try conn.fetchInBatches(ExportStatements.prepaidCredits(runId: runId, currency: currency), as: PrepaidCredit.self, emit)
            }
        }
    }
}
