import Foundation
import PayoutCore
import PayoutSQL
import Postgres

/// What a computed run recorded.
struct ComputedRun: Sendable {
    var runId: Int64
    var counts: RunCounts
}

/// The phases of a run, each one set-based statement of `sql/queries/run.sql`, plus the payee
/// checks done in Swift on a second connection in the same snapshot (`PayeeChecks`). Runs
/// inside the caller's transaction; it neither commits nor rolls back.
struct RunComputation {
    let connection: Connection
    let log: JobLog
    /// Opens the second connection the payee checks run on (`PayeeChecks`).
    let connect: @Sendable () throws -> Connection

    func compute(month: RunMonth, asOf: Date, timeZone: String, executionDate: String?) throws -> ComputedRun {
        let conn = connection
        // One snapshot for every statement, or the ledger could settle what was not summed.
        guard conn.isInTransaction else { throw JobError.failed("a run must be computed inside its transaction") }
        let runId = try log.phase("start", {
            _ = try conn.query(RunStatements.prepareSession())
            _ = try conn.execute(RunStatements.analyzeOpenCommissions())
            return try conn.queryValue(RunStatements.createRun(month: month, asOf: asOf, timeZone: timeZone, executionDate: executionDate), as: Int64.self)
        }, summary: { "run \(month) (id \($0)), as-of \(month.firstDay) 00:00 \(timeZone)" })
        // The accruals this run sees (accrue takes the same lock): its report counts the
        // orders decided since the previous run's mark (SPEC §8).
        try conn.execute(AccrualStatements.recordRunAccrualMark(runId: runId))

        // The company's accounts that can debit a bank file, checked in this snapshot: the one
        // snapshot_debtor_accounts copies into the run, so no change between a check and the
        // copy can commit bank payouts without a usable account.
        let usableDebtorCurrencies = try DebtorAccounts(connection: conn, log: log).usableCurrencies()

        // The payee checks read this snapshot on their own connection (started below).
        let snapshot = try conn.exportSnapshot()

        // One pass over the open list (run_open, dropped at the commit): void, balances and
        // settle read it instead of `commissions`.
        try log.phase("collect", {
            let previous = try conn.queryValue(RunStatements.prepareCollect(), as: String.self)
            let collected = try conn.execute(RunStatements.collectOpenCommissions(asOf: asOf))
            _ = try conn.query(RunStatements.restoreParallelTupleCost(previous))
            _ = try conn.execute(RunStatements.analyzeRunOpen())
            return collected
        }, summary: { "\($0) open commissions to void or settle" })

        let voided = try log.phase("void", {
            Int64(try conn.execute(RunStatements.voidCommissions(runId: runId)))
        }, summary: { "\($0) commissions voided (refunded within 30 days or excluded product)" })

        // Started now, not before collect: collect reads with parallel workers, while the
        // balances below keep one core busy and leave the other to these checks.
        let payees = PayeeChecks(snapshot: snapshot, connect: connect)
        defer { payees.wait() }

        try log.phase("mature, convert, threshold", {
            let affiliates = try conn.execute(RunStatements.computeBalances(runId: runId, usableDebtorCurrencies: usableDebtorCurrencies))
            _ = try conn.execute(RunStatements.analyzeRunRecords())
            return affiliates
        }, summary: { "\($0) affiliates with matured unpaid commissions" })

        let invalid = try log.phase("check payees", {
            try payees.hold(runId: runId, on: conn)
        }, summary: { "\($0) payees held for an invalid IBAN, address, PayPal receiver or prepaid account" })

        // After the payee checks (only payouts that will be written count), before settling:
        // what the files cannot carry is held, so the commit never makes an unwritable run.
        let outOfRange = try log.phase("check file limits", {
            try conn.queryValue(LimitsStatements.holdAmountsOutOfRange(runId: runId), as: Int.self)
        }, summary: { "\($0) payouts held with amount_out_of_range (beyond 18 digits per payout or bank file, or a channel limit)" })
        if outOfRange > 0 {
            log.warning("\(outOfRange) payouts are held with amount_out_of_range: see report.json and docs/runbook.md")
        }

        let closed = try log.phase("settle", {
            let closed = Int64(try conn.execute(RunStatements.settlePaidCommissions(runId: runId)))
            _ = try conn.execute(RunStatements.analyzeLedger())
            return closed
        }, summary: { "\($0) open commissions closed, paid or voided" })

        // Returned payouts owed again (SPEC §9) that compute_balances added to paid amounts: settled once.
        let recredits = try conn.queryValue(RunStatements.settleRecredits(runId: runId), as: Int.self)
        if recredits > 0 { log.info("re-credits: \(recredits) returned payouts paid again") }

        _ = try conn.query(RunStatements.snapshotDebtorAccounts(runId: runId, usableDebtorCurrencies: usableDebtorCurrencies))
        _ = try conn.execute(RunStatements.snapshotCurrencies(runId: runId))

        // What foreign keys used to check row by row (dropped by 0009), once for the run.
        let check = try log.phase("check run", {
            try conn.queryFirst(RunStatements.checkRun(runId: runId, closedOpenRows: closed, voided: voided), as: RunCheck.self)
        }, summary: { $0.failed.isEmpty ? "integrity checks passed, \($0.ledgerRows) commissions paid" : "integrity checks failed" })
        guard check.failed.isEmpty else {
            throw JobError.failed("run \(month) failed its integrity checks (\(check.failed.joined(separator: ", "))); nothing was committed")
        }

        let counts = try log.phase("finish", {
            try conn.queryFirst(RunStatements.finishRun(runId: runId), as: RunCounts.self)
        }, summary: { _ in "summary counts and new attention recorded" })
        log.info("hold: \(counts.paid) paid, \(counts.held) held, \(counts.attention) need attention, \(counts.newAttention) of them new (\(invalid) for payee details), \(check.ledgerRows) commissions settled")
        return ComputedRun(runId: runId, counts: counts)
    }
}
