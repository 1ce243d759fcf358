import Foundation
import PayoutCore
import PayoutSQL
import Postgres

// The rows of `sql/queries/run.sql`, each decoding itself (`RowDecodable`).

/// A recorded run with its summary counts (`run_by_month`, `finish_run`).
struct RunRecord: RowDecodable {
    var id: Int64
    var month: RunMonth
    var counts: RunCounts

    init(id: Int64, month: RunMonth, counts: RunCounts) {
        self.id = id
        self.month = month
        self.counts = counts
    }

    init(row: Row) throws {
        id = try row["id"]
        month = try row["month"]
        counts = try RunCounts(row: row)
    }
}

/// The summary counts kept on a run. `newAttention` ⊆ `attention`: the holds whose reasons
/// changed since the affiliate's previous committed run (`needs_new_attention`).
struct RunCounts: RowDecodable, Sendable {
    var paid, held, attention, newAttention, voided: Int

    init(row: Row) throws {
        (paid, held) = (try row["paid_count"], try row["held_count"])
        (attention, voided) = (try row["attention_count"], try row["voided_count"])
        newAttention = try row["new_attention_count"]
    }
}

/// What `check_run` found: the checks that failed (empty: the run may commit), and the
/// ledger rows settle wrote (the commissions paid).
struct RunCheck: RowDecodable {
    var failed: [String]
    var ledgerRows: Int64
    init(row: Row) throws { (failed, ledgerRows) = (try row["failed"], try row["ledger_rows"]) }
}

/// A run's month (`latest_committed_run`, `unexported_runs`).
struct RunMonthRecord: RowDecodable {
    var month: RunMonth
    init(row: Row) throws { month = try row["month"] }
}

/// The payout details the payee checks look at (`payees_in_snapshot`, one COPY row: affiliate
/// id, method, IBAN, town, country, PayPal e-mail, prepaid account).
struct PayeeRecord {
    var affiliateId: Int64
    var payee: PayeeCheck.Payee

    init(copyRow row: CopyRow) throws {
        let affiliateId = try row.int64(0)
        self.affiliateId = affiliateId
        guard let methodName = try row.string(1), let method = PayoutMethod(rawValue: methodName) else {
            throw JobError.failed("affiliate \(affiliateId): unknown payout method \(try row.string(1) ?? "null")")
        }
        // Only the details of the payee's own method: the checks look at nothing else.
        switch method {
        case .iban:
            payee = PayeeCheck.Payee(method: method, iban: try row.string(2),
                                     address: PostalAddress(town: try row.string(3), country: try row.string(4)))
        case .paypal:
            payee = PayeeCheck.Payee(method: method, paypalEmail: try row.string(5))
        case .prepaid:
            payee = PayeeCheck.Payee(method: method, prepaidAccount: try row.string(6))
        }
    }
}

/// The hold reasons the run recorded for an affiliate (`run_reasons_of`), in HoldReason order.
struct RecordedReasons: RowDecodable {
    var affiliateId: Int64
    var reasons: [HoldReason]

    init(row: Row) throws {
        let affiliateId: Int64 = try row["affiliate_id"]
        self.affiliateId = affiliateId
        let names: [String] = try row["reasons"]
        reasons = try names.map { name in
            guard let reason = HoldReason(rawValue: name) else {
                throw JobError.failed("affiliate \(affiliateId): unknown hold reason \(name) in the run's records")
            }
            return reason
        }
    }
}

/// A company account as configured (`debtor_accounts`).
struct DebtorAccountRecord: RowDecodable {
    var currency: String
    var name, iban, bic: String?
    var address: PostalAddress

    init(row: Row) throws {
        (currency, name, iban, bic) = (try row["currency"], try row["name"], try row["iban"], try row["bic"])
        address = PostalAddress(town: try row["town"], country: try row["country"])
    }
}
