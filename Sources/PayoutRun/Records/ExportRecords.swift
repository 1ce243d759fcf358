import Foundation
import PayoutCore
import PayoutFiles
import PayoutSQL
import Postgres

// The rows of `sql/queries/export.sql`, each decoding itself (`RowDecodable`) into the
// values the file writers take.

/// The values every file of a run carries (`run_header`).
struct RunHeader: RowDecodable {
    var token: String
    var month: RunMonth
    var asOf: String
    var createdAt: String
    var executionDate: String
    var attentionCount: Int

    init(row: Row) throws {
        token = try row["token"]
        month = try row["month"]
        asOf = try row["as_of"]
        createdAt = try row["created_at"]
        executionDate = try row["execution_date"]
        attentionCount = try row["attention_count"]
    }

    func runInfo(dryRun: Bool) -> RunInfo {
        RunInfo(id: token, month: month, asOf: asOf, createdAt: createdAt, executionDate: executionDate, dryRun: dryRun)
    }
}

/// Count and total of the paid payouts of one channel and currency (`paid_channels`, `runs_totals`).
struct ChannelTotalRecord: RowDecodable {
    var runId: Int64?
    var method: PayoutMethod
    var total: ChannelTotal

    init(row: Row) throws {
        runId = row.index(of: "run_id") == nil ? nil : try row["run_id"]
        method = try row["method"]
        total = ChannelTotal(channel: method.rawValue, currency: try row["currency"], minorUnits: try row["minor_units"],
                             count: try row["payouts"], amount: try row["total"])
    }
}

extension DebtorAccount: RowDecodable {
    public init(row: Row) throws {
        self.init(currency: try row["currency"], name: try row["name"], iban: try IBAN(try row["iban"]).electronic,
                  bic: try row["bic"], street: try row["street"], buildingNumber: try row["building_number"],
                  postcode: try row["postcode"], town: try row["town"], country: try row["country"])
    }
}

extension BankTransfer: RowDecodable {
    public init(row: Row) throws {
        self.init(affiliateId: try row["affiliate_id"], amount: try row["amount"], currency: try row["currency"],
                  minorUnits: try row["minor_units"], creditorName: try row["creditor_name"],
                  iban: try IBAN(try row["iban"]).electronic, bic: try row["bic"], street: try row["street"],
                  buildingNumber: try row["building_number"], postcode: try row["postcode"],
                  town: try row["town"], country: try row["country"])
    }
}

extension PayPalPayment: RowDecodable {
    public init(row: Row) throws {
        self.init(affiliateId: try row["affiliate_id"], amount: try row["amount"], currency: try row["currency"],
                  minorUnits: try row["minor_units"], receiver: try row["paypal_email"])
    }
}

extension PrepaidCredit: RowDecodable {
    public init(row: Row) throws {
        self.init(affiliateId: try row["affiliate_id"], amount: try row["amount"], currency: try row["currency"],
                  minorUnits: try row["minor_units"], account: try row["prepaid_account"])
    }
}

extension StatementLine: RowDecodable {
    public init(row: Row) throws {
        self.init(affiliateId: try row["affiliate_id"], orderRef: try row["order_ref"],
                  commissionAmount: try row["amount"], commissionCurrency: try row["currency"],
                  rate: try row["rate"], convertedAmount: try row["converted_amount"],
                  accountCurrency: try row["account_currency"],
                  commissionMinorUnits: try row["commission_minor_units"], accountMinorUnits: try row["account_minor_units"])
    }
}

extension ReportEntry: RowDecodable {
    public init(row: Row) throws {
        let status: String = try row["status"]
        self.init(affiliateId: try row["affiliate_id"], status: status == "paid" ? .paid : .held,
                  method: try row["method"], currency: try row["currency"], minorUnits: try row["minor_units"],
                  amount: try row["amount"], reasons: try row["reasons"], commissions: try row["commissions"])
    }
}

extension VoidedCommissions: RowDecodable {
    public init(row: Row) throws {
        self.init(affiliateId: try row["affiliate_id"], reason: try row["reason"], currency: try row["currency"],
                  minorUnits: try row["minor_units"], commissions: try row["commissions"], amount: try row["amount"])
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
