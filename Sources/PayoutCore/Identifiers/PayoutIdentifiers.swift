/// Deterministic identifiers for payout files and PayPal batches.
///
/// All consist of `A-Z`, `0-9` and `-` only (never a leading "/", no spaces), so they pass
/// the SEPA character set, Swiss bank rules and PayPal unchanged, and stay within the
/// field limits: pain.001 MsgId/PmtInfId/EndToEndId ≤ 35, PayPal sender_batch_id ≤ 127.
/// Re-running the same month yields the same payout references, which is what lets banks
/// and PayPal detect duplicates.
///
/// ```swift
/// let month = RunMonth(year: 2026, month: 12)
/// let run = "1a2b3c4d-0000-4000-8000-000000000000"
/// PayoutIdentifiers.payoutReference(month: month, affiliateId: 7)          // "AP202612-7"
/// PayoutIdentifiers.messageId(month: month, runId: run, currency: "CHF")   // "AFP-202612-CHF-1A2B3C4D"
/// PayoutIdentifiers.paymentInformationId(month: month, runId: run, currency: "CHF")
/// // "AFP-202612-CHF-1A2B3C4D-PMT1"
/// PayoutIdentifiers.senderBatchId(month: month, runId: run, currency: "EUR", part: 1)
/// // "AFP-202612-EUR-1A2B3C4D-1"
/// ```
public enum PayoutIdentifiers {
    /// pain.001 MsgId, PmtInfId and EndToEndId limit.
    public static let sepaMaxLength = 35
    /// PayPal `sender_batch_id` limit.
    public static let payPalBatchMaxLength = 127
    /// Limit kept by `payoutReference` (PayPal sender_item_id, prepaid reference, EndToEndId).
    public static let payoutReferenceMaxLength = 30

    /// "AP" + yyyyMM + "-" + affiliate id; at most 28 characters.
    /// Per affiliate and month, independent of the run, so a repeated run reuses it.
    /// - Precondition: `affiliateId` ≥ 0.
    public static func payoutReference(month: RunMonth, affiliateId: Int64) -> String {
        precondition(affiliateId >= 0, "affiliate id must not be negative: \(affiliateId)")
        return payoutReferencePrefix(month: month) + String(affiliateId)
    }

    /// The payout reference without the affiliate id ("AP202612-"): writers that stream
    /// many lines append the id's digits to it.
    public static func payoutReferencePrefix(month: RunMonth) -> String {
        "AP\(month.compact)-"
    }

    /// pain.001 group header MsgId, e.g. "AFP-202612-CHF-1A2B3C4D" (23 characters).
    /// - Precondition: `currency` is three ASCII letters; `runId` starts with 8 hex digits
    ///   (a UUID string, either case).
    public static func messageId(month: RunMonth, runId: String, currency: String) -> String {
        "AFP-\(month.compact)-\(currencyCode(currency))-\(runPrefix(runId))"
    }

    /// pain.001 PmtInfId: the message id + "-PMT" + `index` (≤ 35 characters).
    /// - Precondition: as `messageId`; `index` in 1...99999.
    public static func paymentInformationId(month: RunMonth, runId: String, currency: String, index: Int = 1) -> String {
        precondition((1...99_999).contains(index), "payment information index out of range: \(index)")
        return messageId(month: month, runId: runId, currency: currency) + "-PMT\(index)"
    }

    /// PayPal sender_batch_id for one part of a split batch: the message id + "-" + `part`.
    /// - Precondition: as `messageId`; `part` ≥ 1.
    public static func senderBatchId(month: RunMonth, runId: String, currency: String, part: Int) -> String {
        precondition(part >= 1, "batch part must be 1 or more: \(part)")
        return messageId(month: month, runId: runId, currency: currency) + "-\(part)"
    }

    /// Upper-cased ISO 4217 code; anything else is a programming error upstream.
    private static func currencyCode(_ currency: String) -> String {
        let code = currency.uppercased()
        precondition(Money.isCurrencyCode(code.utf8),
                     "currency must be a three-letter ISO 4217 code: \(currency)")
        return code
    }

    /// First 8 hex digits of the run id, upper-cased.
    private static func runPrefix(_ runId: String) -> String {
        let prefix = Array(runId.utf8.prefix(8))
        let isHex: (UInt8) -> Bool = { byte in
            (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                || ((byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "f"))
        }
        precondition(prefix.count == 8 && prefix.allSatisfy(isHex), "run id must start with 8 hex digits: \(runId)")
        return String(decoding: prefix, as: UTF8.self).uppercased()
    }
}
