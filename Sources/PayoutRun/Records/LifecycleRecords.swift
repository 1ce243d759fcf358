import Foundation
import PayoutCore
import PayoutFiles
import PayoutSQL
import Postgres
import Returns

// The rows of `sql/queries/lifecycle.sql` (and the re-credit rows of export.sql and
// report.sql), each decoding itself.

/// A payout file of a run: one channel and currency with paid payouts (`run_channels`).
struct PayoutFileChannel: RowDecodable, Decodable, Equatable {
    var channel: PayoutMethod
    var currency: String
}

/// A payout file marked sent (`sent_files`).
public struct SentFile: RowDecodable, Decodable, Sendable {
    public var file: String
    public var sentAt: String
    public var sentBy: String
}

/// An earlier import of the same bytes (`import_by_sha256`).
struct EarlierImport: RowDecodable, Decodable {
    var kind: String
    var importedAt: String
    var records: Int
}

/// The paid payout a reference names (`resolve_payouts`); `position` counts from 1.
struct ResolvedPayout: RowDecodable, Decodable {
    var position: Int
    var runId: Int64
    var token: String
    var method: PayoutMethod
    var amount: Decimal
    var currency: String
    var sent: Bool

    enum CodingKeys: String, CodingKey {
        case position = "ord"
        case runId, token, method, amount, currency, sent
    }
}

/// A bank transfer of a run's pain.001 (`message_payouts`).
struct MessagePayout: RowDecodable, Decodable {
    var affiliateId: Int64
    var token: String
}

/// What `record_returns` recorded.
struct RecordedReturns: RowDecodable, Decodable {
    var recorded: Int
    var recredited: Int
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
        let rate: Decimal? = try row["rate"]
        let converted: Decimal? = try row["converted"]
        var conversion: RecreditLine.Conversion?
        if let rate, let converted {
            conversion = .init(rate: rate, converted: Money(converted, try row["account_currency"], minorUnits: try row["account_minor_units"]))
        }
        self.init(affiliateId: try row["affiliate_id"], returnedReference: try row["reference"],
                  returnedFrom: try row["returned_from"], status: try row["status"], reasonCode: code,
                  meaning: ReasonCodes.meaning(code), amount: try row.money(), conversion: conversion)
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
