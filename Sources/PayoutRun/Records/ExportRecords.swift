import Foundation
import PayoutCore
import PayoutFiles
import PayoutSQL
import Postgres

// The rows of `sql/queries/export.sql`, each decoding itself (`RowDecodable`) into the
// values the file writers take.

/// The values every file of a run carries (`run_header`).
struct RunHeader: RowDecodable {
    var run: RunInfo
    var attentionCount: Int
    var newAttentionCount: Int

    init(row: Row) throws {
        run = RunInfo(id: try row["token"], month: try row["month"], asOf: try row["as_of"], createdAt: try row["created_at"],
                      executionDate: try row["execution_date"], dryRun: false)
        attentionCount = try row["attention_count"]
        newAttentionCount = try row["new_attention_count"]
    }
}

/// Count and total of the paid payouts of one channel and currency (`paid_channels`, `runs_totals`).
struct ChannelTotalRecord: RowDecodable {
    var runId: Int64?
    var total: ChannelTotal

    init(row: Row) throws {
        runId = row.index(of: "run_id") == nil ? nil : try row["run_id"]
        total = ChannelTotal(channel: try row["method"], count: try row["payouts"], sum: try row.money(amount: "total"))
    }
}

extension DebtorAccount: RowDecodable {
    public init(row: Row) throws {
        self.init(currency: try row["currency"], name: try row["name"], iban: try IBAN(try row["iban"]).electronic,
                  bic: try row["bic"], address: try row.postalAddress(), executionDate: try row["execution_date"])
    }
}

extension BankTransfer: RowDecodable {
    public init(row: Row) throws {
        self.init(affiliateId: try row["affiliate_id"], payout: try row.money(), creditorName: try row["creditor_name"],
                  iban: try IBAN(try row["iban"]).electronic, bic: try row["bic"], address: try row.postalAddress())
    }
}

/// One line of the end-of-run summary (`run_summary`).
extension SummaryLine: RowDecodable {
    public init(row: Row) throws {
        let amount: Decimal? = try row["amount"]
        let minorUnits: Int = try row["minor_units"]
        self.init(outcome: try row["outcome"], channel: try row["method"], currency: try row["currency"],
                  affiliates: try row["affiliates"],
                  amount: try amount.map { try AmountFormat.string($0, minorUnits: minorUnits) } ?? "n/a")
    }
}

extension VoidReason: PostgresTextEnum {}
