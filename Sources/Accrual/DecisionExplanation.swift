import Foundation
import PayoutCore

/// What is known about one order's decision, as plain values (times already written in the
/// program's time zone). Built by `AccrualJob.explain`; rendered by `render()`.
public struct DecisionExplanation: Sendable, Equatable {
    public struct Click: Sendable, Equatable {
        public var id: Int64
        public var clickedAt: String
        public var affiliateId: Int64
        public var affiliateName: String
    }

    public struct Tier: Sendable, Equatable {
        public var accountCurrency: String
        /// Cumulative validated earnings, cut (not rounded) to 2 decimals for reading.
        public var earnings: Decimal
        public var minEarnings: Decimal
        public var rate: Decimal
        public var nextMinEarnings: Decimal?
        public var nextRate: Decimal?
    }

    public struct Commission: Sendable, Equatable {
        public var id: Int64
        public var amount: Decimal
        public var currency: String
        public var voidReason: String?
        public var paidInMonth: String?
        /// Its product is in `excluded_products` now: the next run voids it (if it has not yet).
        public var productExcluded: Bool = false
        /// Refunded within the 30-day guarantee: the next run voids it (if it has not yet).
        public var refundedWithinGuarantee: Bool = false
        /// The 30 days are over (at the time of the explanation).
        public var guaranteeOver: Bool = false
    }

    public var orderRef: String
    public var product: String
    public var amount: Decimal
    public var currency: String
    public var orderedAt: String
    public var refundedAt: String?
    public var guaranteeEndsAt: String
    public var accountCreatedAt: String
    public var clickWindowStartsAt: String
    public var oneYearEndsAt: String
    /// Nil while the order waits for the next accrual.
    public var decidedAt: String?
    public var reason: UnaccountedReason?
    public var click: Click?
    public var tier: Tier?
    public var commission: Commission?

    public init(orderRef: String, product: String, amount: Decimal, currency: String, orderedAt: String,
                refundedAt: String?, guaranteeEndsAt: String, accountCreatedAt: String, clickWindowStartsAt: String,
                oneYearEndsAt: String, decidedAt: String? = nil, reason: UnaccountedReason? = nil, click: Click? = nil,
                tier: Tier? = nil, commission: Commission? = nil) {
        self.orderRef = orderRef
        self.product = product
        self.amount = amount
        self.currency = currency
        self.orderedAt = orderedAt
        self.refundedAt = refundedAt
        self.guaranteeEndsAt = guaranteeEndsAt
        self.accountCreatedAt = accountCreatedAt
        self.clickWindowStartsAt = clickWindowStartsAt
        self.oneYearEndsAt = oneYearEndsAt
        self.decidedAt = decidedAt
        self.reason = reason
        self.click = click
        self.tier = tier
        self.commission = commission
    }

    /// The decision in plain words, one statement per line.
    public func render() -> String {
        var lines = ["Order \(orderRef): \(product), \(money(amount, currency)), placed \(orderedAt)."]
        guard let decidedAt else {
            lines.append("Not decided yet: the next accrual (`payouts accrue`) decides it. Nothing is final until then.")
            return lines.joined(separator: "\n")
        }
        lines.append("Decided \(decidedAt); decisions are final.")
        if let click {
            lines.append("Click: the customer's last click in the 30 days before the account was created (\(clickWindowStartsAt) to \(accountCreatedAt)) was click \(click.id) on \(click.clickedAt), for affiliate \(click.affiliateId) (\(click.affiliateName)).")
        } else {
            lines.append("Click: none found in the 30 days before the account was created (\(clickWindowStartsAt) to \(accountCreatedAt)).")
        }
        if let reason {
            lines.append("Not counted (\(reason.rawValue)): \(reason.words)")
            if reason == .outsideOneYear {
                lines.append("The account was created \(accountCreatedAt); commissions ran until \(oneYearEndsAt).")
            }
            return lines.joined(separator: "\n")
        }
        lines.append("Customer: a new account created \(accountCreatedAt), with products ordered at sign-up; this order is within its first year (until \(oneYearEndsAt)).")
        if let tier {
            let reached = tier.minEarnings == 0 ? "the base tier" : "the \(plain(tier.minEarnings)) tier"
            var text = "Tier: cumulative validated earnings when the order was placed were \(money(tier.earnings, tier.accountCurrency)) (commissions at least 30 days old and not refunded within them), which gives \(reached): rate \(percent(tier.rate))."
            if let next = tier.nextMinEarnings, let rate = tier.nextRate {
                text += " The next rate, \(percent(rate)), applies from \(plain(next)) of earnings."
            } else {
                text += " This is the highest rate."
            }
            lines.append(text)
        }
        if let commission {
            lines.append("Commission: \(money(amount, currency)) × \(percent(tier?.rate ?? 0)) = \(money(commission.amount, commission.currency)) (commission \(commission.id)).")
            if let refundedAt {
                lines.append("The order was refunded \(refundedAt); the 30-day guarantee ended \(guaranteeEndsAt).")
            }
            if let void = commission.voidReason {
                lines.append("Status: void (\(void)).")
            } else if let month = commission.paidInMonth {
                lines.append("Status: paid in the \(month) payout run.")
            } else if commission.productExcluded {
                lines.append("Status: its product (\(product)) is excluded from the program, so it will not be paid: the next monthly run voids it.")
            } else if commission.refundedWithinGuarantee {
                lines.append("Status: refunded within the 30-day guarantee, so it will not be paid: the next monthly run voids it.")
            } else if commission.guaranteeOver {
                lines.append("Status: validated (the 30-day guarantee ended \(guaranteeEndsAt)); the next monthly run pays it with the affiliate's balance once that reaches the payout threshold.")
            } else {
                lines.append("Status: pending; it can be paid once the 30-day guarantee ends (\(guaranteeEndsAt)) unless the order is refunded before then.")
            }
        }
        return lines.joined(separator: "\n")
    }

    private func money(_ value: Decimal, _ currency: String) -> String {
        "\(currency) \(DecimalText.exact(value, minFractionDigits: 2))"
    }

    private func plain(_ value: Decimal) -> String { DecimalText.exact(value) }

    private func percent(_ rate: Decimal) -> String { DecimalText.exact(rate * 100) + "%" }
}
