import Foundation
import Postgres

/// Reasons are stored as their code; an unknown code is a decoding error, never dropped.
extension UnaccountedReason: PostgresTextEnum {}

/// One row of `explain_order` (sql/queries/accrual.sql).
extension DecisionExplanation: RowDecodable {
    public init(row: Row) throws {
        self.init(orderRef: try row["order_ref"], product: try row["product"], amount: try row["amount"],
                  currency: try row["currency"], orderedAt: try row["ordered_at"], refundedAt: try row["refunded_at"],
                  guaranteeEndsAt: try row["guarantee_ends_at"], accountCreatedAt: try row["account_created_at"],
                  clickWindowStartsAt: try row["click_window_starts_at"], oneYearEndsAt: try row["one_year_ends_at"])
        let decided: Bool = try row["decided"]
        guard decided else { return }
        decidedAt = try row["decided_at"]
        reason = try row["reason"]
        let clickId: Int64? = try row["click_id"], affiliateId: Int64? = try row["affiliate_id"]
        if let clickId, let affiliateId {
            let clickedAt: String? = try row["clicked_at"], name: String? = try row["affiliate_name"]
            click = .init(id: clickId, clickedAt: clickedAt ?? "?", affiliateId: affiliateId, affiliateName: name ?? "")
        }
        let rate: Decimal? = try row["rate"], accountCurrency: String? = try row["account_currency"]
        let earnings: Decimal? = try row["tier_earnings_shown"], minimum: Decimal? = try row["tier_min_earnings"]
        if let rate, let accountCurrency, let earnings, let minimum {
            tier = .init(accountCurrency: accountCurrency, earnings: earnings, minEarnings: minimum, rate: rate,
                         nextMinEarnings: try row["next_tier_min_earnings"], nextRate: try row["next_tier_rate"])
        }
        let commissionId: Int64? = try row["commission_id"], commissionAmount: Decimal? = try row["commission_amount"]
        let commissionCurrency: String? = try row["commission_currency"]
        if let commissionId, let commissionAmount, let commissionCurrency {
            let refunded: Bool? = try row["refunded_within_guarantee"]
            commission = .init(id: commissionId, amount: commissionAmount, currency: commissionCurrency,
                               voidReason: try row["void_reason"], paidInMonth: try row["paid_in_month"],
                               productExcluded: try row["product_excluded"], refundedWithinGuarantee: refunded ?? false,
                               guaranteeOver: try row["guarantee_over"])
        }
    }
}
