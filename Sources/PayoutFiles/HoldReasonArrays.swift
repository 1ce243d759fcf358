import PayoutCore

/// Hold reasons as PostgreSQL writes a `text[]` of them (`{}`, `{below_threshold,partner}`),
/// read once per distinct text: a run has a handful of combinations, and the report files read
/// one per affiliate. Found again by comparing bytes, so a row costs no String and no hashing.
public struct HoldReasonArrays {
    private var known: [(text: [UInt8], reasons: [HoldReason])] = []

    public init() {}

    /// The reasons of `text`, nil when it is not such an array or names a reason that is not a
    /// `HoldReason` (a reason PostgreSQL would quote, with characters to escape, never is one).
    public mutating func reasons(_ text: UnsafeRawBufferPointer) -> [HoldReason]? {
        if let hit = known.first(where: { $0.text.elementsEqual(text) }) { return hit.reasons }
        guard let reasons = Self.parse(String(decoding: text, as: UTF8.self)) else { return nil }
        known.append((Array(text), reasons))
        return reasons
    }

    static func parse(_ text: String) -> [HoldReason]? {
        guard text.hasPrefix("{"), text.hasSuffix("}"), text.count >= 2 else { return nil }
        let inner = text.dropFirst().dropLast()
        if inner.isEmpty { return [] }
        var reasons: [HoldReason] = []
        for name in inner.split(separator: ",", omittingEmptySubsequences: false) {
            guard let reason = HoldReason(rawValue: String(name)) else { return nil }
            reasons.append(reason)
        }
        return reasons
    }
}
