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
            // The `*_file` statements read run and reference prefix from the transaction's
            // settings (COPY takes no parameters): the prefix is PayoutIdentifiers' own.
            _ = try conn.query(ExportStatements.setExportScope(runId: runId, currency: "", referencePrefix: Self.referencePrefix(run.month)))
            // Returned payouts this run paid again (SPEC §9): statement lines and report.json.
            let recredits = try conn.query(ExportStatements.recreditLines(runId: runId), as: RecreditLine.self)
            entries += try folder.writeStatement(recredits: recredits) { emit in
                try conn.copyRows(ExportStatements.statementFile()) { row in try emit(try row.int64(0), try row.bytes(1)) }
            }
            entries += try folder.writeReport(
                needsAttention: header.attentionCount, newAttention: header.newAttentionCount,
                formattedEntries: { emit in
                    try conn.copyRows(ExportStatements.reportAffiliatesFile()) { row in
                        try emit(FormattedReportEntry(
                            affiliateId: try row.int64(0), paid: try row.bool(1), method: try row.bytes(2), currency: try row.bytes(3),
                            amount: try row.optionalBytes(4), amountExact: try row.bool(5), reasons: try row.bytes(6),
                            needsAttention: try row.bool(7), newAttention: try row.bool(8), line: try row.bytes(9)))
                    }
                },
                formattedVoided: { emit in
                    try conn.copyRows(ExportStatements.reportVoidedFile()) { row in
                        try emit(FormattedVoided(affiliateId: try row.int64(0), reason: try row.bytes(1), currency: try row.bytes(2),
                                                 line: try row.bytes(3)))
                    }
                },
                totals: channels.map(\.total), recredits: recredits,
                accrual: try conn.query(AccrualStatements.runAccrualCounts(runId: runId), as: AccrualCount.self))
            entries += try ReportHTMLExport(connection: conn).write(folder, runId: runId)
            try folder.writeManifest(entries)
            return entries.map(\.path) + ["manifest.json"]
        }, summary: { "\($0.count) files in \(directory.path)" })
    }

    private func writeChannel(_ folder: RunFolder, runId: Int64, channel: ChannelTotalRecord) throws -> [ManifestEntry] {
        let conn = connection
        let referencePrefix = Self.referencePrefix(folder.run.month)
        let total = channel.total
        let currency = total.sum.currency
        let minorUnits = total.sum.minorUnits
        switch total.channel {
        case .iban:
            guard let debtor = try conn.queryOne(ExportStatements.debtorAccount(runId: runId, currency: currency), as: DebtorAccount.self) else {
                throw JobError.failed("run \(runId) has \(currency) bank transfers but no debtor account recorded")
            }
            _ = try conn.query(ExportStatements.setExportScope(runId: runId, currency: currency, referencePrefix: referencePrefix))
            return try folder.writeBankTransfers(currency: currency, minorUnits: minorUnits, debtor: debtor,
                                                 count: total.count, total: total.sum.amount, amountsAsText: { emit in
                try conn.copyRows(ExportStatements.bankTransfersFile()) { row in
                    let affiliateId = try row.int64(0)
                    let amountText = try Self.text(row, 1)
                    guard let amount = PayoutAmountText.decimal(amountText, minorUnits: minorUnits) else {
                        throw JobError.failed("affiliate \(affiliateId): amount \(amountText) is not a positive \(currency) amount")
                    }
                    let address = PostalAddress(street: try row.string(5), buildingNumber: try row.string(6), postcode: try row.string(7),
                                                town: try row.string(8), country: try row.string(9))
                    try emit(BankTransfer(affiliateId: affiliateId, payout: Money(amount, currency, minorUnits: minorUnits),
                                          creditorName: try Self.text(row, 2), iban: try IBAN(try Self.text(row, 3)).electronic,
                                          bic: try row.string(4), address: address), amountText)
                }
            })
        case .paypal:
            _ = try conn.query(ExportStatements.setExportScope(runId: runId, currency: currency, referencePrefix: referencePrefix))
            return try folder.writeFormattedPayPal(currency: currency, minorUnits: minorUnits) { emit in
                try conn.copyRows(ExportStatements.paypalFile()) { row in
                    try emit(try row.int64(0), try Self.text(row, 1), try Self.text(row, 2))
                }
            }
        case .prepaid:
            _ = try conn.query(ExportStatements.setExportScope(runId: runId, currency: currency, referencePrefix: referencePrefix))
            return try folder.writeFormattedPrepaid(currency: currency, minorUnits: minorUnits) { emit in
                try conn.copyRows(ExportStatements.prepaidFile()) { row in
                    try emit(try row.int64(0), try row.bytes(1), try row.bytes(2), try row.bytes(3))
                }
            }
        }
    }

    /// A text column that must not be NULL.
    static func text(_ row: CopyRow, _ index: Int) throws -> String {
        String(decoding: try row.bytes(index), as: UTF8.self)
    }

    /// The payout reference without the affiliate id ("AP202612-"), from its one home.
    static func referencePrefix(_ month: RunMonth) -> String {
        String(PayoutIdentifiers.payoutReference(month: month, affiliateId: 0).dropLast())
    }
}
