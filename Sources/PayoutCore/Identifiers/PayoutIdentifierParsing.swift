/// Reading back the identifiers `PayoutIdentifiers` writes, for status files that quote them
/// (a bank's EndToEndId, PayPal's sender_item_id and sender_batch_id, pain.002 OrgnlMsgId).
///
/// ```swift
/// PayoutIdentifiers.parsePayoutReference("AP202612-7")   // (2026-12, 7)
/// PayoutIdentifiers.parseMessageId("AFP-202612-CHF-1A2B3C4D-1")
/// // (2026-12, "CHF", "1A2B3C4D")
/// ```
extension PayoutIdentifiers {
    /// The month and affiliate of a payout reference; nil when `text` is not one of ours.
    public static func parsePayoutReference(_ text: String) -> (month: RunMonth, affiliateId: Int64)? {
        guard text.hasPrefix("AP"), let dash = text.firstIndex(of: "-") else { return nil }
        let compact = text[text.index(text.startIndex, offsetBy: 2)..<dash]
        let id = text[text.index(after: dash)...]
        guard compact.count == 6, compact.allSatisfy(\.isASCIIDigit), !id.isEmpty, id.count <= 18, id.allSatisfy(\.isASCIIDigit),
              let year = Int(compact.prefix(4)), let month = Int(compact.suffix(2)), (1...9999).contains(year), (1...12).contains(month),
              let affiliateId = Int64(id) else { return nil }
        let parsed = RunMonth(year: year, month: month)
        // Only the canonical spelling (no leading zeros) is ours.
        guard payoutReference(month: parsed, affiliateId: affiliateId) == text else { return nil }
        return (parsed, affiliateId)
    }

    /// Month, currency and run prefix of a message id or PayPal sender_batch_id
    /// ("AFP-202612-CHF-1A2B3C4D", optionally followed by "-<part>" or "-PMT<n>").
    public static func parseMessageId(_ text: String) -> (month: RunMonth, currency: String, runPrefix: String)? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 4, parts[0] == "AFP", parts[1].count == 6, parts[1].allSatisfy(\.isASCIIDigit),
              let year = Int(parts[1].prefix(4)), let month = Int(parts[1].suffix(2)),
              (1...9999).contains(year), (1...12).contains(month),
              parts[2].count == 3, parts[2].allSatisfy({ $0.isASCII && $0.isUppercase }),
              parts[3].count == 8, parts[3].allSatisfy(\.isHexDigit) else { return nil }
        return (RunMonth(year: year, month: month), String(parts[2]), String(parts[3]))
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
