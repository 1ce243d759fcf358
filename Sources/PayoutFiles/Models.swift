import Foundation
import PayoutCore

// Plain values the run module hands to the writers. They carry what is needed to render the
// files and nothing more; references (end-to-end id, PayPal sender_item_id, customer id,
// prepaid reference) are derived from run month and affiliate id, never stored here.

/// The run a folder of files belongs to. Every value is fixed when the run is recorded, so
/// re-rendering a committed run gives byte-identical files (no clock is read here).
public struct RunInfo: Sendable, Equatable {
    /// Run id (a UUID in text form).
    public var id: String
    public var month: RunMonth
    /// The as-of instant, ISO 8601 with offset, e.g. "2026-12-01T00:00:00+01:00".
    public var asOf: String
    /// When the run was recorded, ISO 8601 with offset and seconds. Used as the pain.001
    /// creation time, so it must come from the run record, not from the clock at export time.
    public var createdAt: String
    /// Requested execution date of the bank transfers, "YYYY-MM-DD".
    public var executionDate: String
    public var dryRun: Bool

    public init(id: String, month: RunMonth, asOf: String, createdAt: String, executionDate: String, dryRun: Bool) {
        (self.id, self.month, self.asOf, self.createdAt, self.executionDate, self.dryRun) = (id, month, asOf, createdAt, executionDate, dryRun)
    }
}

/// The company account a pain.001 file debits (one per currency, from `debtor_accounts`).
public struct DebtorAccount: Sendable, Equatable {
    public var currency: String
    public var name: String
    /// Normalised IBAN (upper case, no spaces).
    public var iban: String
    public var bic: String?
    public var address: PostalAddress
    /// The bank business day its transfers are requested for ("YYYY-MM-DD"), as stored with
    /// the run; nil: the run's `executionDate`.
    public var executionDate: String?

    public init(currency: String, name: String, iban: String, bic: String? = nil, address: PostalAddress = PostalAddress(),
                executionDate: String? = nil) {
        (self.currency, self.name, self.iban, self.bic, self.address) = (currency, name, iban, bic, address)
        self.executionDate = executionDate
    }
}

/// One bank transfer to an affiliate.
public struct BankTransfer: Sendable, Equatable {
    public var affiliateId: Int64
    /// Rounded payout, exactly representable with its currency's decimals, > 0.
    public var payout: Money
    /// Account holder (or name); transliterated and cut to the bank's limits when written.
    public var creditorName: String
    /// Already normalised (upper case, no spaces) and validated by the caller.
    public var iban: String
    /// Optional; a value that is not a well-formed BIC is left out (the IBAN suffices).
    public var bic: String?
    /// Needs at least town and country (`PostalAddress.isUsableForBankTransfer`): Swiss banks
    /// accept only structured creditor addresses.
    public var address: PostalAddress

    public init(affiliateId: Int64, payout: Money, creditorName: String, iban: String, bic: String? = nil,
                address: PostalAddress) {
        (self.affiliateId, self.payout, self.creditorName, self.iban, self.bic, self.address) = (affiliateId, payout, creditorName, iban, bic, address)
    }
}

/// One PayPal payout; the receiver is an e-mail address the caller validated (`PayPalReceiver`).
public struct PayPalPayment: Sendable, Equatable {
    public var affiliateId: Int64, payout: Money, receiver: String

    public init(affiliateId: Int64, payout: Money, receiver: String) {
        (self.affiliateId, self.payout, self.receiver) = (affiliateId, payout, receiver)
    }
}

/// One credit to an affiliate's prepaid customer account (`PrepaidAccount`).
public struct PrepaidCredit: Sendable, Equatable {
    public var affiliateId: Int64, payout: Money, account: String

    public init(affiliateId: Int64, payout: Money, account: String) {
        (self.affiliateId, self.payout, self.account) = (affiliateId, payout, account)
    }
}

/// One paid commission, for the statement.
public struct StatementLine: Sendable, Equatable {
    public var affiliateId: Int64
    public var orderRef: String
    /// The commission as upstream recorded it; padded to its currency's decimals ("62.00").
    public var commission: Money
    /// Rate applied (account currency per commission currency); nil when no conversion.
    public var rate: Decimal?
    /// Exact converted value in the account currency (may have many decimals). Written with
    /// at most 6 decimals: informational only; the payout is the rounded sum of exact values.
    public var converted: Money

    public init(affiliateId: Int64, orderRef: String, commission: Money, rate: Decimal?, converted: Money) {
        (self.affiliateId, self.orderRef, self.commission, self.rate, self.converted) = (affiliateId, orderRef, commission, rate, converted)
    }
}

/// One affiliate line of report.json.
public struct ReportEntry: Sendable, Equatable {
    public enum Status: String, Sendable, Equatable {
        case paid
        case held
    }

    public var affiliateId: Int64
    public var status: Status
    public var method: PayoutMethod
    public var currency: String
    public var minorUnits: Int
    /// Rounded converted balance; nil when it cannot be computed (e.g. a missing rate).
    public var amount: Decimal?
    public var reasons: [HoldReason]
    /// Number of commissions in the balance.
    public var commissions: Int
    /// Needs attention, and its reasons differ from the affiliate's previous committed run
    /// (decided by SQL's `needs_new_attention`); nil when not known (then not written).
    public var newAttention: Bool?

    public init(affiliateId: Int64, status: Status, method: PayoutMethod, currency: String, minorUnits: Int,
                amount: Decimal?, reasons: [HoldReason], commissions: Int, newAttention: Bool? = nil) {
        (self.affiliateId, self.status, self.method, self.currency, self.minorUnits) = (affiliateId, status, method, currency, minorUnits)
        (self.amount, self.reasons, self.commissions, self.newAttention) = (amount, reasons, commissions, newAttention)
    }

    /// A held entry with any reason other than `below_threshold`.
    public var needsAttention: Bool {
        status == .held && HoldReason.needsAttention(reasons)
    }
}

/// Why a commission is voided (`void_commissions`). Raw values are stored in the database.
public enum VoidReason: String, CaseIterable, Sendable, Equatable {
    case refundedWithin30Days = "refunded_within_30_days"
    case excludedProduct = "excluded_product"

    /// The reason of a code's UTF-8 bytes, nil for any other text; compared byte by byte (a
    /// report reads one per affiliate and reason).
    public init?(bytes: UnsafeRawBufferPointer) {
        guard let known = Self.allCases.first(where: { $0.rawValue.utf8.elementsEqual(bytes) }) else { return nil }
        self = known
    }
}

/// Commissions voided in this run, per affiliate, reason and commission currency.
public struct VoidedCommissions: Sendable, Equatable {
    public var affiliateId: Int64
    public var reason: VoidReason
    /// Exact sum of the voided commissions (may carry up to the column's 4 decimals), written
    /// with at least its currency's decimals.
    public var total: Money
    public var commissions: Int

    public init(affiliateId: Int64, reason: VoidReason, total: Money, commissions: Int) {
        (self.affiliateId, self.reason, self.total, self.commissions) = (affiliateId, reason, total, commissions)
    }
}

/// Number and sum of the payouts of one channel (payout method) in one currency.
public struct ChannelTotal: Sendable, Equatable {
    public var channel: PayoutMethod
    public var count: Int
    public var sum: Money

    public init(channel: PayoutMethod, count: Int, sum: Money) {
        (self.channel, self.count, self.sum) = (channel, count, sum)
    }
}

/// What a file of a run folder is for (`channel` in manifest.json).
public enum FileChannel: String, Sendable, Equatable {
    case iban, paypal, prepaid, statement, report, manifest
}

/// The format of a file of a run folder (`format` in manifest.json).
public enum FileFormat: String, Sendable, Equatable {
    case pain001 = "pain.001.001.09"
    case paypalCSV = "paypal-csv"
    case paypalAPIJSON = "paypal-api-json"
    case csv
    case json
    case html
}

/// One file of a run folder, as listed in manifest.json.
public struct ManifestEntry: Sendable, Equatable {
    /// File name inside the run folder.
    public var path: String
    public var channel: FileChannel
    public var format: FileFormat
    public var currency: String?
    public var count: Int?
    /// Decimal string with the currency's decimals.
    public var total: String?
    /// Lower-case hex SHA-256 of the file's bytes.
    public var sha256: String
    /// Whether this call created the file or found an identical one already in place.
    /// Not written to the manifest.
    public var disposition: FileDisposition
}

/// Outcome of putting a rendered file in place.
public enum FileDisposition: String, Sendable, Equatable {
    /// The file did not exist and was created.
    case created
    /// A file with exactly the same bytes was already there (re-export after a crash).
    case alreadyPresent
}

extension RunInfo {
    /// The payout reference of an affiliate in this run's month ("AP202612-7"); throws for a
    /// negative id instead of trapping.
    func reference(for affiliateId: Int64, file: String) throws -> String {
        var out: [UInt8] = []
        try Self.appendReference(for: affiliateId, prefix: Array(PayoutIdentifiers.payoutReferencePrefix(month: month).utf8),
                                 file: file, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// The payout reference appended to `out`: `prefix` (`payoutReferencePrefix` of the run's
    /// month, kept by writers that lay out a reference per payout) and the id's digits.
    static func appendReference(for affiliateId: Int64, prefix: [UInt8], file: String, to out: inout [UInt8]) throws {
        guard affiliateId >= 0 else {
            throw PayoutFileError.invalidPayout(file: file, affiliateId: affiliateId, problem: "negative affiliate id")
        }
        out.append(contentsOf: prefix)
        out.append(contentsOf: String(affiliateId).utf8)
    }
}
