import Foundation
import PayoutCore

// Plain values report.html is rendered from. The run module fills them from the run's own
// records, so re-rendering a committed run gives the same bytes. Those that are one row of
// the run's records are `Decodable`: the run module decodes them from their rows by field
// name (`RowDecodable`), and no one else builds them.

/// Everything report.html shows except the held affiliates, which are streamed (there can
/// be many: every balance below the threshold is one).
public struct RunReportSummary: Sendable, Equatable {
    /// Month, as-of, created, execution date and the preview flag.
    public var run: RunInfo
    public var paid: Int
    public var held: Int
    /// Held affiliates with a reason other than `below_threshold`. The renderer checks it
    /// against the held affiliates it is given.
    public var needingAttention: Int
    /// Those of them whose reasons differ from the affiliate's previous committed run (report.json
    /// `new_attention`): the ones that make exit status 3.
    public var newAttention: Int
    /// Paid payouts per channel and currency, as in report.json.
    public var totals: [ChannelTotal]
    public var voided: [VoidedByReason]
    public var rates: [RateUsed]
    /// Up to the last 12 runs up to and including this one, oldest first.
    public var history: [RunHistoryMonth]
    /// Returned payouts whose re-credits this run paid (SPEC §9); none: the section says so.
    public var returns: [ReturnedPayout]
    /// Orders decided by the accruals since the previous run, per outcome (SPEC §8).
    public var accrual: [AccrualCount]

    public init(run: RunInfo, paid: Int, held: Int, needingAttention: Int, newAttention: Int,
                totals: [ChannelTotal],
                voided: [VoidedByReason] = [], rates: [RateUsed] = [], history: [RunHistoryMonth] = [],
                returns: [ReturnedPayout] = [], accrual: [AccrualCount] = []) {
        (self.run, self.paid, self.held, self.needingAttention, self.newAttention) = (run, paid, held, needingAttention, newAttention)
        (self.totals, self.voided, self.rates, self.history, self.returns, self.accrual) = (totals, voided, rates, history, returns, accrual)
    }
}

/// One held affiliate, with the name the run recorded for it.
public struct HeldAffiliate: Sendable, Equatable {
    public var affiliateId: Int64
    /// Hostile input: escaped, isolated for bidi and clipped visually when rendered.
    public var name: String
    public var method: String
    public var currency: String
    public var minorUnits: Int
    /// Rounded converted balance; nil when it cannot be computed (e.g. a missing rate).
    public var amount: Decimal?
    public var reasons: [HoldReason]
    public var commissions: Int

    /// The run module decodes these by hand: there can be as many as affiliates, and the
    /// field-name decoding (`Decodable`) costs about a fifth more per row.
    public init(affiliateId: Int64, name: String, method: String, currency: String, minorUnits: Int,
                amount: Decimal?, reasons: [HoldReason], commissions: Int) {
        (self.affiliateId, self.name, self.method, self.currency) = (affiliateId, name, method, currency)
        (self.minorUnits, self.amount, self.reasons, self.commissions) = (minorUnits, amount, reasons, commissions)
    }

    public var needsAttention: Bool { HoldReason.needsAttention(reasons) }
}

/// Commissions voided by the run, per reason and commission currency.
public struct VoidedByReason: Sendable, Equatable, Decodable {
    /// "refunded_within_30_days" or "excluded_product".
    public var reason: String
    public var currency: String
    public var minorUnits: Int?
    public var commissions: Int
    /// Exact sum (may carry the column's 4 decimals).
    public var amount: Decimal
}

/// One exchange rate the run used, as quoted in the rates table.
public struct RateUsed: Sendable, Equatable, Decodable {
    /// Currency of the commissions converted.
    public var sourceCurrency: String
    /// Currency of the affiliate accounts they were converted into.
    public var accountCurrency: String
    /// The quote as stored: 1 base = rate quote.
    public var rate: Decimal
    /// False: quoted source→account and multiplied; true: quoted account→source and divided.
    public var inverse: Bool
    /// When the quote became valid (ISO 8601 with offset); nil when it cannot be found.
    public var validFrom: String?
    /// Affiliates whose balance used it.
    public var affiliates: Int

    /// The quote's base and quote currency (`base` → `quote`).
    public var base: String { inverse ? accountCurrency : sourceCurrency }
    public var quote: String { inverse ? sourceCurrency : accountCurrency }
}

/// Paid total of one currency (count and sum).
public struct CurrencyAmount: Sendable, Equatable {
    public var count: Int
    public var sum: Money

    public init(currency: String, minorUnits: Int, count: Int, amount: Decimal) {
        self.count = count
        self.sum = Money(amount, currency, minorUnits: minorUnits)
    }
}

/// Paid totals of one run, for the month-over-month chart.
public struct RunHistoryMonth: Sendable, Equatable {
    public var month: RunMonth
    /// The run this report is about (drawn darker; a preview is labelled).
    public var isThisRun: Bool
    /// One entry per currency paid; empty when nothing was paid.
    public var paid: [CurrencyAmount]

    /// The chart's months from the runs' paid totals: one per run and currency paid (a run
    /// that paid nothing: one without a total), consecutive for a run, in the chart's order.
    public static func months(_ totals: [(month: RunMonth, isThisRun: Bool, paid: CurrencyAmount?)]) -> [RunHistoryMonth] {
        var months: [RunHistoryMonth] = []
        for total in totals {
            if months.last?.month != total.month {
                months.append(RunHistoryMonth(month: total.month, isThisRun: total.isThisRun, paid: []))
            }
            if let paid = total.paid { months[months.count - 1].paid.append(paid) }
        }
        return months
    }
}

/// A payout that came back and was paid again by this run, as a re-credit on the affiliate's
/// balance (SPEC §9).
public struct ReturnedPayout: Sendable, Equatable {
    public var affiliateId: Int64
    public var name: String
    /// The returned payout, credited to the balance again.
    public var payout: Money
    /// The bank's or PayPal's code (e.g. "AC04", "RETURNED").
    public var code: String
    /// The code in words.
    public var explanation: String

    public init(affiliateId: Int64, name: String, currency: String, minorUnits: Int, amount: Decimal, code: String, explanation: String) {
        self.affiliateId = affiliateId
        self.name = name
        self.payout = Money(amount, currency, minorUnits: minorUnits)
        self.code = code
        self.explanation = explanation
    }
}

/// A number of payouts and their sum (a paid total per channel, or per currency in the
/// history); the report reads it by its parts.
protocol PaidSum {
    var sum: Money { get }
}

extension PaidSum {
    var currency: String { sum.currency }
    var amount: Decimal { sum.amount }
    var minorUnits: Int { sum.minorUnits }
}

extension ChannelTotal: PaidSum {
    var channelName: String { channel.rawValue }
}

extension CurrencyAmount: PaidSum {}
