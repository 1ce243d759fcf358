import Postgres

/// The input tables as the upstream systems write them, for a test scenario that owns a
/// connection: the run's and the accrual's scenarios write commissions and rates alike.
/// Times are timestamptz literals, e.g. "2026-10-15 12:00:00+02"; amounts and rates numeric
/// literals.
public protocol UpstreamRows {
    var conn: Connection { get }
    /// The order reference upstream gives commission `id`.
    func orderRef(ofCommission id: Int64) -> String
}

extension UpstreamRows {
    /// A commission written directly by upstream (for the accrual: one with no order behind it).
    public func commission(_ id: Int64, affiliate: Int64, amount: String, currency: String = "CHF", orderedAt: String,
                           refundedAt: String? = nil, product: String = "ksuite") throws {
        try conn.execute("""
            insert into commissions (id, affiliate_id, order_ref, product, amount, currency, ordered_at, refunded_at)
            values (\(id), \(affiliate), \(orderRef(ofCommission: id)), \(product), \(amount)::numeric, \(currency),
                    \(orderedAt)::timestamptz, \(refundedAt)::timestamptz)
            """)
    }

    /// An exchange rate: 1 `base` = `rate` `quote`, from `validFrom` on.
    public func rate(_ base: String, _ quote: String, _ rate: String, validFrom: String) throws {
        try conn.execute("""
            insert into exchange_rates (base, quote, rate, valid_from)
            values (\(base), \(quote), \(rate)::numeric, \(validFrom)::timestamptz)
            """)
    }
}
