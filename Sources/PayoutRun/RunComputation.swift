import PayoutCore
import PayoutFiles
import PayoutSQL
import Postgres

/// What a computed run recorded.
struct RunCounts: Sendable {
    var runId: Int64
    var voided: Int
    var affiliates: Int
    var paid: Int
    var held: Int
    var attention: Int
}

/// The phases of a run, each one set-based statement of `sql/queries/run.sql` (plus one
/// streamed read and one bulk update for the payee checks done in Swift). Runs inside the
/// caller's transaction; it neither commits nor rolls back.
struct RunComputation {
    let connection: Connection
    let log: JobLog

    private func statement(_ name: String, _ values: (any PostgresEncodable)?...) -> Query {
        Query(unsafeSQL: PayoutSQL.run[name], values: values)
    }

    func compute(month: RunMonth, timeZone: String, usableDebtorCurrencies: [String]) throws -> RunCounts {
        let conn = connection
        let runId = try log.phase("start", {
            try conn.queryOne(statement("create_run", month.description, month.firstDay, timeZone))!.decode(Int64.self, "id")
        }, summary: { "run \(month) (id \($0)), as-of \(month.firstDay) 00:00 \(timeZone)" })

        let voided = try log.phase("void", {
            try count(statement("void_commissions", runId))
        }, summary: { "\($0) commissions voided (refunded within 30 days or excluded product)" })

        let affiliates = try log.phase("mature, convert, threshold", {
            try conn.queryOne(statement("compute_balances", runId, usableDebtorCurrencies))!.decode(Int64.self, at: 0)
        }, summary: { "\($0) affiliates with matured unpaid commissions" })

        let invalid = try log.phase("check payees", {
            try holdInvalidPayees(runId: runId)
        }, summary: { "\($0) payees held for an invalid IBAN, address, PayPal receiver or prepaid account" })

        let settled = try log.phase("settle", {
            // run_affiliates and run_conversions were filled in this transaction and have no
            // statistics yet, so the planner would join millions of commissions to them with
            // nested loops; hash joins settled 10M commissions 15% faster (docs/benchmarks.md).
            // Only here: the balance phase is three times slower without nested loops.
            try conn.execute("set local enable_nestloop = off")
            defer { _ = try? conn.execute("set local enable_nestloop = on") }
            return try count(statement("settle_paid_commissions", runId))
        }, summary: { "\($0) commissions paid" })

        // Lifecycle (SPEC §9): the re-credits included in the paid amounts are settled, once.
        _ = try conn.queryOne(LifecycleStatements.settleRecredits(runId: runId))
        _ = try conn.query(statement("snapshot_debtor_accounts", runId, usableDebtorCurrencies))

        let totals = try conn.queryOne(statement("finish_run", runId))!
        let counts = RunCounts(
            runId: runId, voided: voided, affiliates: Int(affiliates),
            paid: Int(try totals.decode(Int32.self, "paid_count")),
            held: Int(try totals.decode(Int32.self, "held_count")),
            attention: Int(try totals.decode(Int32.self, "attention_count")))
        log.info("hold: \(counts.paid) paid, \(counts.held) held, \(counts.attention) need attention (\(invalid) for payee details), \(settled) commissions settled")
        return counts
    }

    private func count(_ query: Query) throws -> Int {
        Int(try connection.queryOne(query)!.decode(Int64.self, at: 0))
    }

    /// Checks every payee of the run (one streamed read) and holds the invalid ones with their
    /// complete, ordered reason list (one bulk update). Everything a file renderer would refuse
    /// after the commit is refused here, before it.
    private func holdInvalidPayees(runId: Int64) throws -> Int {
        var ids: [Int64] = []
        var reasonLists: [String] = []
        try connection.stream(statement("payees_to_validate", runId)) { row in
            var reasons = Set(try row.decode(String.self, "reasons").split(separator: ",").compactMap { HoldReason(rawValue: String($0)) })
            switch PayoutMethod(rawValue: try row.decode(String.self, "method")) {
            case .iban:
                // A missing IBAN is already `missing_payout_details`.
                if let iban = try row.decode(String?.self, "iban"), (try? IBAN(iban)) == nil {
                    reasons.insert(.invalidIBAN)
                }
                // The bank file needs a town and a country that survive transliteration.
                if !Pain001.addressIsUsable(town: try row.decode(String?.self, "town"), country: try row.decode(String?.self, "country")) {
                    reasons.insert(.incompleteAddress)
                }
            case .paypal:
                if let email = try row.decode(String?.self, "paypal_email"),
                   !PayPalReceiver.isPlausibleEmail(email) || !PayPal.receiverIsWritable(email) {
                    reasons.insert(.invalidPayPalReceiver)
                }
            case .prepaid:
                if let account = try row.decode(String?.self, "prepaid_account"), !PrepaidAccount.isWritable(account) {
                    reasons.insert(.invalidPrepaidAccount)
                }
            case nil:
                break
            }
            let before = try row.decode(String.self, "reasons")
            let after = reasons.sorted().map(\.rawValue).joined(separator: ",")
            if after != before {
                ids.append(try row.decode(Int64.self, "affiliate_id"))
                reasonLists.append("{\(after)}")
            }
        }
        guard !ids.isEmpty else { return 0 }
        return try count(statement("hold_invalid_payees", runId, ids, reasonLists))
    }
}
