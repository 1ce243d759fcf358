import Foundation

/// The kinds of status files `payouts returns` imports (SPEC §9).
public enum StatusFileKind: String, Sendable, CaseIterable {
    case pain002 = "pain.002"
    case camt054 = "camt.054"
    case payPal = "paypal"
    case prepaid = "prepaid"
}

/// What a status file says about one payout, before it is matched against the database.
/// The readers of this module make them from the file; a whole-message rejection makes one
/// per payout of the rejected file (`MessageRejection.record(forPayout:)`).
public struct ReturnRecord: Sendable, Equatable {
    /// The payout reference: the pain.001 EndToEndId, PayPal sender_item_id or prepaid reference.
    public var reference: String
    /// The status as the counterparty wrote it: `RJCT`, `RTRN`, `RETURNED`, `UNCLAIMED`, …
    public var status: String
    public var reasonCode: String?
    /// Whether the money did not reach the affiliate and is owed again (`ReturnStatus`).
    public var moneyBack: Bool
    /// The amount and currency the file states for the payout, when it states one.
    public var amount: Decimal?
    public var currency: String?
    /// Where in the file: "line 31", "items[2]".
    public var location: String
}

/// A whole-message rejection: every payout of the original file is rejected (pain.002 group
/// or payment-information status `RJCT`; our files have one payment block).
public struct MessageRejection: Sendable, Equatable {
    public var originalMessageId: String
    public var status: String
    public var reasonCode: String?
    public var moneyBack: Bool
    public var location: String
    /// The report also lists transactions (`TxInfAndSts`): then it must list every payout of
    /// the file, or the import is refused (which payouts the bank executed is not certain).
    public var listsTransactions: Bool = false

    /// What the rejection says about one payout of the rejected file (its payout reference):
    /// the message's status and reason, no amount of its own.
    ///
    /// ```swift
    /// let record = rejection.record(forPayout: "AP202612-7")   // status RJCT, reason AC04, line 31
    /// ```
    public func record(forPayout reference: String) -> ReturnRecord {
        ReturnRecord(reference: reference, status: status, reasonCode: reasonCode, moneyBack: moneyBack,
                     amount: nil, currency: nil, location: location)
    }
}

/// A parsed status file: per-payout records, plus message-level rejections, plus the
/// original message ids the file refers to (to check they belong to our runs).
public struct StatusFile: Sendable, Equatable {
    public var kind: StatusFileKind
    public var records: [ReturnRecord] = []
    public var rejectedMessages: [MessageRejection] = []
    /// pain.002 OrgnlMsgId, PayPal sender_batch_id; nil when the file names none.
    public var originalMessageId: String?

    public init(kind: StatusFileKind) { self.kind = kind }
}

/// Why a status file is refused. The message names the file, where in it, and the reference.
public struct StatusFileError: Error, CustomStringConvertible, Sendable, Equatable {
    public let file: String
    public let location: String?
    public let problem: String

    public init(file: String, location: String?, _ problem: String) {
        self.file = file
        self.location = location
        self.problem = problem
    }

    public var description: String {
        "\(file)\(location.map { ", \($0)" } ?? ""): \(problem)"
    }
}
