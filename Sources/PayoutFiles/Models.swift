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
        self.id = id
        self.month = month
        self.asOf = asOf
        self.createdAt = createdAt
        self.executionDate = executionDate
        self.dryRun = dryRun
    }
}

/// The company account a pain.001 file debits (one per currency, from `debtor_accounts`).
public struct DebtorAccount: Sendable, Equatable {
    public var currency: String
    public var name: String
    /// Normalised IBAN (upper case, no spaces).
    public var iban: String
    public var bic: String?
    public var street: String?
    public var buildingNumber: String?
    public var postcode: String?
    public var town: String?
    /// ISO 3166 alpha-2.
    public var country: String?

    public init(currency: String, name: String, iban: String, bic: String? = nil,
                street: String? = nil, buildingNumber: String? = nil, postcode: String? = nil,
                town: String? = nil, country: String? = nil) {
        self.currency = currency
        self.name = name
        self.iban = iban
        self.bic = bic
        self.street = street
        self.buildingNumber = buildingNumber
        self.postcode = postcode
        self.town = town
        self.country = country
    }
}

/// One bank transfer to an affiliate.
public struct BankTransfer: Sendable, Equatable {
    public var affiliateId: Int64
    /// Rounded payout amount, exactly representable with `minorUnits` decimals, > 0.
    public var amount: Decimal
    public var currency: String
    public var minorUnits: Int
    /// Account holder (or name); transliterated and cut to the bank's limits when written.
    public var creditorName: String
    /// Already normalised (upper case, no spaces) and validated by the caller.
    public var iban: String
    /// Optional; a value that is not a well-formed BIC is left out (the IBAN suffices).
    public var bic: String?
    public var street: String?
    public var buildingNumber: String?
    public var postcode: String?
    /// Required (with `country`): Swiss banks accept only structured creditor addresses
    /// with at least town and country. See `Pain001.addressIsUsable(town:country:)`.
    public var town: String?
    public var country: String?

    public init(affiliateId: Int64, amount: Decimal, currency: String, minorUnits: Int,
                creditorName: String, iban: String, bic: String? = nil,
                street: String? = nil, buildingNumber: String? = nil, postcode: String? = nil,
                town: String? = nil, country: String? = nil) {
        self.affiliateId = affiliateId
        self.amount = amount
        self.currency = currency
        self.minorUnits = minorUnits
        self.creditorName = creditorName
        self.iban = iban
        self.bic = bic
        self.street = street
        self.buildingNumber = buildingNumber
        self.postcode = postcode
        self.town = town
        self.country = country
    }
}

/// One PayPal payout.
public struct PayPalPayment: Sendable, Equatable {
    public var affiliateId: Int64
    public var amount: Decimal
    public var currency: String
    public var minorUnits: Int
    /// Receiver e-mail address, validated by the caller.
    public var receiver: String

    public init(affiliateId: Int64, amount: Decimal, currency: String, minorUnits: Int, receiver: String) {
        self.affiliateId = affiliateId
        self.amount = amount
        self.currency = currency
        self.minorUnits = minorUnits
        self.receiver = receiver
    }
}

/// One credit to an affiliate's prepaid customer account.
public struct PrepaidCredit: Sendable, Equatable {
    public var affiliateId: Int64
    public var amount: Decimal
    public var currency: String
    public var minorUnits: Int
    public var account: String

    public init(affiliateId: Int64, amount: Decimal, currency: String, minorUnits: Int, account: String) {
        self.affiliateId = affiliateId
        self.amount = amount
        self.currency = currency
        self.minorUnits = minorUnits
        self.account = account
    }
}

/// One paid commission, for the statement.
public struct StatementLine: Sendable, Equatable {
    public var affiliateId: Int64
    public var orderRef: String
    public var commissionAmount: Decimal
    public var commissionCurrency: String
    /// Rate applied (account currency per commission currency); nil when no conversion.
    public var rate: Decimal?
    /// Exact converted value (may have many decimals). Written with at most 6 decimals:
    /// informational only; the payout is the rounded sum of the exact values.
    public var convertedAmount: Decimal
    public var accountCurrency: String
    /// Decimals the amounts are padded to (never cut): "62.00", not "62".
    public var commissionMinorUnits: Int
    public var accountMinorUnits: Int

    public init(affiliateId: Int64, orderRef: String, commissionAmount: Decimal, commissionCurrency: String,
                rate: Decimal?, convertedAmount: Decimal, accountCurrency: String,
                commissionMinorUnits: Int = 0, accountMinorUnits: Int = 0) {
        self.commissionMinorUnits = commissionMinorUnits
        self.accountMinorUnits = accountMinorUnits
        self.affiliateId = affiliateId
        self.orderRef = orderRef
        self.commissionAmount = commissionAmount
        self.commissionCurrency = commissionCurrency
        self.rate = rate
        self.convertedAmount = convertedAmount
        self.accountCurrency = accountCurrency
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
    /// Payout method as stored ("prepaid", "paypal", "iban", or whatever upstream wrote).
    public var method: String
    public var currency: String
    public var minorUnits: Int
    /// Rounded converted balance; nil when it cannot be computed (e.g. a missing rate).
    public var amount: Decimal?
    public var reasons: [HoldReason]
    /// Number of commissions in the balance.
    public var commissions: Int

    public init(affiliateId: Int64, status: Status, method: String, currency: String, minorUnits: Int,
                amount: Decimal?, reasons: [HoldReason], commissions: Int) {
        self.affiliateId = affiliateId
        self.status = status
        self.method = method
        self.currency = currency
        self.minorUnits = minorUnits
        self.amount = amount
        self.reasons = reasons
        self.commissions = commissions
    }

    /// A held entry with any reason other than `below_threshold`.
    public var needsAttention: Bool {
        status == .held && HoldReason.needsAttention(reasons)
    }
}

/// Commissions voided in this run, per affiliate, reason and commission currency.
public struct VoidedCommissions: Sendable, Equatable {
    public var affiliateId: Int64
    /// "refunded_within_30_days" or "excluded_product".
    public var reason: String
    public var currency: String
    /// When known, the amount is written with at least this many decimals.
    public var minorUnits: Int?
    public var commissions: Int
    /// Exact sum of the voided commissions (may carry up to the column's 4 decimals).
    public var amount: Decimal

    public init(affiliateId: Int64, reason: String, currency: String, minorUnits: Int?, commissions: Int, amount: Decimal) {
        self.affiliateId = affiliateId
        self.reason = reason
        self.currency = currency
        self.minorUnits = minorUnits
        self.commissions = commissions
        self.amount = amount
    }
}

/// Number and sum of the payouts of one channel in one currency.
public struct ChannelTotal: Sendable, Equatable {
    /// "iban", "paypal" or "prepaid" (the payout method).
    public var channel: String
    public var currency: String
    public var minorUnits: Int
    public var count: Int
    public var amount: Decimal

    public init(channel: String, currency: String, minorUnits: Int, count: Int, amount: Decimal) {
        self.channel = channel
        self.currency = currency
        self.minorUnits = minorUnits
        self.count = count
        self.amount = amount
    }
}

/// One file of a run folder, as listed in manifest.json.
public struct ManifestEntry: Sendable, Equatable {
    /// File name inside the run folder.
    public var path: String
    /// "iban", "paypal", "prepaid", "report", "statement" (more may come).
    public var channel: String
    /// "pain.001.001.09", "paypal-csv", "paypal-api-json", "csv", "json".
    public var format: String
    public var currency: String?
    public var count: Int?
    /// Decimal string with the currency's decimals.
    public var total: String?
    /// Lower-case hex SHA-256 of the file's bytes.
    public var sha256: String
    /// Whether this call created the file or found an identical one already in place.
    /// Not written to the manifest.
    public var disposition: FileDisposition

    public init(path: String, channel: String, format: String, currency: String? = nil, count: Int? = nil,
                total: String? = nil, sha256: String, disposition: FileDisposition = .created) {
        self.path = path
        self.channel = channel
        self.format = format
        self.currency = currency
        self.count = count
        self.total = total
        self.sha256 = sha256
        self.disposition = disposition
    }
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
        guard affiliateId >= 0 else {
            throw PayoutFileError.invalidPayout(file: file, affiliateId: affiliateId, problem: "negative affiliate id")
        }
        return PayoutIdentifiers.payoutReference(month: month, affiliateId: affiliateId)
    }
}
