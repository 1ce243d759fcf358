import Foundation
import PayoutCore
import PayoutFiles
import PayoutSQL
import Postgres
import Returns

// The rows of `sql/queries/lifecycle.sql` (and the re-credit rows of export.sql and
// report.sql), each decoding itself.

/// A payout file of a run: one channel and currency with paid payouts (`run_channels`).
struct PayoutFileChannel: RowDecodable, Equatable {
    var channel: PayoutMethod
    var currency: String

    init(channel: PayoutMethod, currency: String) { (self.channel, self.currency) = (channel, currency) }
    init(row: Row) throws { (channel, currency) = (try row["channel"], try row["currency"]) }
}

/// A payout file marked sent (`sent_files`).
public struct SentFile: RowDecodable, Sendable {
    public var file: String
    public var sentAt: String
    public var sentBy: String

    public init(row: Row) throws {
        (file, sentAt, sentBy) = (try row["file"], try row["sent_at"], try row["sent_by"])
    }
}

/// An earlier import of the same bytes (`import_by_sha256`).
struct EarlierImport: RowDecodable {
    var kind: String
    var importedAt: String
    var records: Int

    init(row: Row) throws { (kind, importedAt, records) = (try row["kind"], try row["imported_at"], try row["records"]) }
}

/// The paid payout a reference names (`resolve_payouts`); `position` counts from 1.
struct ResolvedPayout: RowDecodable {
    var position: Int
    var runId: Int64
    var token: String
    var method: PayoutMethod
    var amount: Decimal
    var currency: String
    var sent: Bool

    init(row: Row) throws {
        (position, runId, token) = (try row["ord"], try row["run_id"], try row["token"])
        (method, amount, currency, sent) = (try row["method"], try row["amount"], try row["currency"], try row["sent"])
    }
}

/// A bank transfer of a run's pain.001 (`message_payouts`).
struct MessagePayout: RowDecodable {
    var affiliateId: Int64
    var token: String

    init(row: Row) throws { (affiliateId, token) = (try row["affiliate_id"], try row["token"]) }
}

/// What `record_returns` recorded.
struct RecordedReturns: RowDecodable {
    var recorded: Int
    var recredited: Int

    init(row: Row) throws { (recorded, recredited) = (try row["recorded"], try row["recredited"]) }
}

extension ReturnListing: RowDecodable {
    public init(row: Row) throws {
        let code: String? = try row["reason_code"]
        self.init(month: try row["month"], affiliateId: try row["affiliate_id"], reference: try row["reference"],
                  source: try row["source"], status: try row["status"], reasonCode: code, meaning: ReasonCodes.meaning(code),
                  moneyBack: try row["money_back"], amount: try row.money(), repaidIn: try row["repaid_in"], held: try row["held"])
    }
}

extension ReversedRunListing: RowDecodable {
    public init(row: Row) throws {
        self.init(month: try row["month"], reversedAt: try row["reversed_at"], by: try row["reversed_by"], folder: try row["folder"])
    }
}

/// `recredit_lines` (export.sql): statement lines and report.json `recredits`.
extension RecreditLine: RowDecodable {
    public init(row: Row) throws {
        let code: String? = try row["reason_code"]
        self.init(affiliateId: try row["affiliate_id"], returnedReference: try row["reference"],
                  returnedFrom: try row["returned_from"], status: try row["status"], reasonCode: code,
                  meaning: ReasonCodes.meaning(code), amount: try row.money())
    }
}

/// `report_returns` (report.sql): report.html's returns and re-credits.
extension ReturnedPayout: RowDecodable {
    public init(row: Row) throws {
        let code: String = try row["code"]
        self.init(affiliateId: try row["affiliate_id"], name: try row["name"], currency: try row["currency"],
                  minorUnits: try row["minor_units"], amount: try row["amount"], code: code,
                  explanation: ReasonCodes.meaning(code))
    }
}
