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

/// What settle wrote (`settle_paid_commissions`): ledger rows, and open rows closed with them.
struct SettledCommissions: RowDecodable {
    var paid, closed: Int64
    init(row: Row) throws { (paid, closed) = (try row["paid"], try row["closed"]) }
}

/// A run's month (`latest_committed_run`, `unexported_runs`).
struct RunMonthRecord: RowDecodable {
    var month: RunMonth
    init(row: Row) throws { month = try row["month"] }
}

/// The payout details the payee checks look at (`payees_to_validate`).
struct PayeeRecord: RowDecodable {
    var affiliateId: Int64
    var reasons: [HoldReason]
    var payee: PayeeCheck.Payee

    init(row: Row) throws {
        affiliateId = try row["affiliate_id"]
        reasons = try row["reasons"]
        payee = PayeeCheck.Payee(
            method: try row["method"], iban: try row["iban"],
            address: PostalAddress(town: try row["town"], country: try row["country"]),
            paypalEmail: try row["paypal_email"], prepaidAccount: try row["prepaid_account"])
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
