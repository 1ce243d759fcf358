import Foundation
import PayoutCore
import PayoutFiles
import PayoutSQL
import Postgres

/// Writes the files of one run from its records (`sql/queries/export.sql`): the channel
/// files per currency, the statement, the report and, last, the manifest. Rows are streamed
/// from PostgreSQL into the renderers, so memory stays constant whatever the run's size.
///
/// A committed run's records no longer change (and the run lock keeps lifecycle commands
/// out), so with `connect` its files are written on several connections at once, each in its
/// own REPEATABLE READ transaction (`ExportLanes`). A dry run's records exist only in its own uncommitted transaction:
/// its files are written one after the other on that one connection.
struct RunExporter {
    let connection: Connection
    let log: JobLog
    /// Opens one more connection like the session's, for a committed run; nil: one connection.
    var connect: (@Sendable () throws -> Connection)? = nil

    /// The files of a run, in the order their names are listed.
    enum Part: CaseIterable, Sendable {
        case channels, statement, reportJSON, reportHTML
    }

    /// Returns the names of the files of the run folder. `alongside` runs on this connection
    /// once its own files are written (see `ExportLanes.write`).
    func write(runId: Int64, into directory: URL, dryRun: Bool, alongside: (Connection) -> Void = { _ in }) throws -> [String] {
        // A dry run's records exist only in its own open transaction: every file on it, in turn.
        if connection.isInTransaction {
            return try log.phase("files", {
                let (folder, scope) = try Self.open(connection, runId: runId, directory: directory, dryRun: dryRun, parts: Part.allCases)
                var entries: [ManifestEntry] = []
                for part in Part.allCases { entries += try Self.writePart(part, connection, folder: folder, scope: scope) }
                alongside(connection)
                try folder.writeManifest(entries)
                return entries.map(\.path) + ["manifest.json"]
            }, summary: { "\($0.count) files in \(directory.path)" })
        }
        let connect = self.connect
        return try log.phase("files", {
            let written = try ExportLanes(connect: connect).write(on: connection, alongside: alongside) { conn, parts in
                try Self.inSnapshot(conn) {
                    let (folder, scope) = try Self.open(conn, runId: runId, directory: directory, dryRun: false, parts: parts)
                    return ExportLanes.Written(run: folder.run, entries: try parts.map { ($0, try Self.writePart($0, conn, folder: folder, scope: scope)) })
                }
            }
            try RunFolder(directory: directory, run: written.run).writeManifest(written.entries)
            return written.entries.map(\.path) + ["manifest.json"]
        }, summary: { "\($0.count) files in \(directory.path)" })
    }

    /// A committed run is read in a REPEATABLE READ transaction of its own.
    static func inSnapshot<T>(_ conn: Connection, _ body: () throws -> T) throws -> T {
        try conn.transaction(isolation: .repeatableRead) { conn in
            // The statement sorts the run's ledger rows: in memory (local to this transaction).
            _ = try conn.query(RunStatements.prepareSession())
            _ = try conn.query(ExportStatements.prepareExportLane())
            return try body()
        }
    }

    /// The run's folder and what every file of it needs, read on `conn`: the session switched
    /// to the run's time zone, the run's header and paid channels (when `parts` need them), the
    /// export scope set.
    static func open(_ conn: Connection, runId: Int64, directory: URL, dryRun: Bool, parts: [Part]) throws -> (RunFolder, ExportScope) {
        _ = try conn.query(ExportStatements.useRunTimeZone(runId: runId))
        guard let header = try conn.queryOne(ExportStatements.runHeader(runId: runId), as: RunHeader.self) else {
            throw JobError.failed("run \(runId) not found")
        }
        var run = header.run
        run.dryRun = dryRun
        let folder = try RunFolder(directory: directory, run: run)
        let channels = parts == [.statement] ? [] : try conn.query(ExportStatements.paidChannels(runId: runId), as: ChannelTotalRecord.self)
        // The `*_file` statements read run and reference prefix from the transaction's
        // settings (COPY takes no parameters): the prefix is PayoutIdentifiers' own.
        _ = try conn.query(ExportStatements.setExportScope(runId: runId, currency: "", referencePrefix: referencePrefix(run.month)))
        return (folder, ExportScope(runId: runId, header: header, channels: channels))
    }

    private static func writePart(_ part: Part, _ conn: Connection, folder: RunFolder, scope: ExportScope) throws -> [ManifestEntry] {
        let runId = scope.runId
        switch part {
        case .channels:
            var entries: [ManifestEntry] = []
            for channel in scope.channels {
                entries += try writeChannel(conn, folder, runId: runId, channel: channel)
            }
            // Back to the run's scope for the files that follow on this connection.
            _ = try conn.query(ExportStatements.setExportScope(runId: runId, currency: "", referencePrefix: Self.referencePrefix(folder.run.month)))
            return entries
        case .statement:
            // Returned payouts this run paid again (SPEC §9): statement lines and report.json.
            let recredits = try conn.query(ExportStatements.recreditLines(runId: runId), as: RecreditLine.self)
            let decimals = try CurrencyDecimals(conn, runId: runId)
            return try folder.writeStatement(recredits: recredits) { emit in
                try conn.copyRows(ExportStatements.statementFile()) { row in
                    let affiliateId = try row.int64(0)
                    let currency = try row.bytes(3), accountCurrency = try row.bytes(6)
                    try emit(StatementCSV.LedgerRow(
                        affiliateId: affiliateId, orderRef: try row.bytes(1), amount: try row.bytes(2),
                        minorUnits: try decimals.of(currency, affiliateId: affiliateId), currency: currency,
                        rate: try row.optionalBytes(4), converted: try row.bytes(5),
                        accountMinorUnits: try decimals.of(accountCurrency, affiliateId: affiliateId), accountCurrency: accountCurrency))
                }
            }
        case .reportJSON:
            let recredits = try conn.query(ExportStatements.recreditLines(runId: runId), as: RecreditLine.self)
            let decimals = try CurrencyDecimals(conn, runId: runId)
            return try folder.writeReport(
                needsAttention: scope.header.attentionCount, newAttention: scope.header.newAttentionCount,
                entryColumns: { emit in
                    try conn.copyRows(ExportStatements.reportAffiliatesFile()) { row in
                        let affiliateId = try row.int64(0), currency = try row.bytes(3)
                        try emit(ReportEntryColumns(
                            affiliateId: affiliateId, paid: try row.bool(1), method: try row.bytes(2), currency: currency,
                            minorUnits: try decimals.of(currency, affiliateId: affiliateId), amount: try row.optionalBytes(4),
                            reasons: try row.bytes(5), commissions: try row.int64(6), needsAttention: try row.bool(7),
                            newAttention: try row.bool(8)))
                    }
                },
                voidedMembers: { emit in
                    try conn.copyRows(ExportStatements.reportVoidedFile()) { row in
                        let affiliateId = try row.int64(0), reasonCode = try row.bytes(1), currency = try row.bytes(2)
                        guard let reason = VoidReason(bytes: reasonCode) else {
                            throw JobError.failed("affiliate \(affiliateId): unknown void reason \(String(decoding: reasonCode, as: UTF8.self))")
                        }
                        try emit(RunJSON.VoidedMember(affiliateId: affiliateId, reason: reason, currency: currency,
                                                      minorUnits: try decimals.of(currency, affiliateId: affiliateId),
                                                      commissions: try row.int64(3), amount: try row.bytes(4)))
                    }
                },
                totals: scope.channels.map(\.total), recredits: recredits,
                accrual: try conn.query(AccrualStatements.runAccrualCounts(runId: runId), as: AccrualCount.self))
        case .reportHTML:
            return try ReportHTMLExport(connection: conn).write(folder, runId: runId, totals: scope.channels.map(\.total))
        }
    }

    private static func writeChannel(_ conn: Connection, _ folder: RunFolder, runId: Int64, channel: ChannelTotalRecord) throws -> [ManifestEntry] {
        let prefix = referencePrefix(folder.run.month)
        let total = channel.total
        let currency = total.sum.currency
        let minorUnits = total.sum.minorUnits
        switch total.channel {
        case .iban:
            guard let debtor = try conn.queryOne(ExportStatements.debtorAccount(runId: runId, currency: currency), as: DebtorAccount.self) else {
                throw JobError.failed("run \(runId) has \(currency) bank transfers but no debtor account recorded")
            }
            _ = try conn.query(ExportStatements.setExportScope(runId: runId, currency: currency, referencePrefix: prefix))
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
            _ = try conn.query(ExportStatements.setExportScope(runId: runId, currency: currency, referencePrefix: prefix))
            return try folder.writeFormattedPayPal(currency: currency, minorUnits: minorUnits) { emit in
                try conn.copyRows(ExportStatements.paypalFile()) { row in
                    try emit(try row.int64(0), try Self.text(row, 1), try Self.text(row, 2))
                }
            }
        case .prepaid:
            _ = try conn.query(ExportStatements.setExportScope(runId: runId, currency: currency, referencePrefix: prefix))
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
        PayoutIdentifiers.payoutReferencePrefix(month: month)
    }
}

/// Each currency's decimals by its code's three bytes: the statement's and report.json's rows
/// carry codes, and this lookup costs less than joining `currencies` per commission or affiliate.
struct CurrencyDecimals {
    private var byCode: [UInt32: Int] = [:]

    /// Every currency as run `runId` rounded with it (`currency_decimals`, 0022).
    init(_ conn: Connection, runId: Int64) throws {
        self.init(try conn.query(ExportStatements.currencyDecimals(runId: runId)).map {
            (try $0.decode(String.self, at: 0), try $0.decode(Int.self, at: 1))
        })
    }

    init(_ currencies: [(code: String, decimals: Int)]) {
        for (code, decimals) in currencies {
            if let key = Self.key(Array(code.utf8)) { byCode[key] = decimals }
        }
    }

    func of(_ code: UnsafeRawBufferPointer, affiliateId: Int64) throws -> Int {
        guard let key = Self.key(code), let decimals = byCode[key] else {
            throw JobError.failed("affiliate \(affiliateId): currency \(String(decoding: code, as: UTF8.self)) is not in currencies")
        }
        return decimals
    }

    private static func key<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> UInt32? {
        guard bytes.count == 3 else { return nil }
        return bytes.reduce(0) { $0 << 8 | UInt32($1) }
    }
}

/// What every file of a run needs, read once per connection.
struct ExportScope {
    var runId: Int64
    var header: RunHeader
    var channels: [ChannelTotalRecord]
}
