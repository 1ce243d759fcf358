/// Orders the accruals since the previous run decided, for one outcome: `accrued` (a
/// commission) or the reason the order is unaccounted (SPEC §8). Shown by report.json
/// (`accrual`), report.html and `payouts status`.
public struct AccrualCount: Sendable, Equatable, Decodable {
    public static let accrued = "accrued"

    public var outcome: String
    public var orders: Int
}

extension [AccrualCount] {
    /// Orders decided since the previous run, whatever the outcome.
    public var decidedOrders: Int { reduce(0) { $0 + $1.orders } }
    /// Orders that earned a commission.
    public var accruedOrders: Int { first { $0.outcome == AccrualCount.accrued }?.orders ?? 0 }
    /// The unaccounted ones, per reason, in the program's order.
    public var unaccounted: [AccrualCount] { filter { $0.outcome != AccrualCount.accrued } }
}

extension RunJSON {
    /// report.json `accrual`: `{"orders": 7, "accrued": 4, "unaccounted": {"no_click": 2, "partner": 1}}`.
    static func accrual(_ counts: [AccrualCount]) -> String {
        let reasons = counts.unaccounted.map { JSONText.string($0.outcome) + ": \($0.orders)" }
        return JSONText.object([
            ("orders", "\(counts.decidedOrders)"),
            ("accrued", "\(counts.accruedOrders)"),
            ("unaccounted", "{" + reasons.joined(separator: ", ") + "}"),
        ])
    }
}
