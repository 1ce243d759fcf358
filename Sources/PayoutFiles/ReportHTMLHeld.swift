import Foundation
import PayoutCore

/// One held affiliate as report.html's held table shows it, in the bytes the export reads
/// (the amount as PostgreSQL's `numeric` text). Buffers are valid only during the call they
/// are passed to.
public struct HeldRow {
    public var affiliateId: Int64
    /// Hostile input: escaped, isolated for bidi and clipped visually when rendered.
    public var name: UnsafeRawBufferPointer
    public var currency: UnsafeRawBufferPointer
    public var minorUnits: Int
    /// Rounded converted balance as a plain decimal; nil when it could not be computed.
    public var amount: UnsafeRawBufferPointer?
    public var reasons: [HoldReason]

    public init(affiliateId: Int64, name: UnsafeRawBufferPointer, currency: UnsafeRawBufferPointer, minorUnits: Int,
                amount: UnsafeRawBufferPointer?, reasons: [HoldReason]) {
        (self.affiliateId, self.name, self.currency, self.minorUnits) = (affiliateId, name, currency, minorUnits)
        (self.amount, self.reasons) = (amount, reasons)
    }

    public var needsAttention: Bool { HoldReason.needsAttention(reasons) }
}

extension HeldAffiliate {
    /// This affiliate as a `HeldRow` (its amount's exact text), for the table's one row layout.
    func withRow<T>(_ body: (HeldRow) throws -> T) throws -> T {
        let texts = [name, currency, amount.map { DecimalText.exact($0) } ?? ""].map { Array($0.utf8) }
        return try texts[0].withUnsafeBytes { name in
            try texts[1].withUnsafeBytes { currency in
                try texts[2].withUnsafeBytes { amountText in
                    try body(HeldRow(affiliateId: affiliateId, name: name, currency: currency, minorUnits: minorUnits,
                                     amount: amount == nil ? nil : amountText, reasons: reasons))
                }
            }
        }
    }
}

extension ReportHTML {
    /// The held affiliates of one pass (true: those needing attention) through `emit`.
    public typealias HeldRowsByPass = (_ needingAttention: Bool, _ emit: (HeldRow) throws -> Void) throws -> Void

    /// The rows go to the sink in chunks of about this many bytes: a write per row piece cost
    /// more than laying the row out.
    static let heldChunk = 32 * 1024

    static func writeHeld(_ report: RunReportSummary, held: HeldRowsByPass, into sink: OutputSink) throws {
        let emptyNote = report.held > 0 ? nil : "No affiliate was held in this run."
        try writeSection("held", "Held", emptyNote: emptyNote, whenEmpty: { try checkNoneHeld(held) }, into: sink) {
            try writeHeldTable(report, held: held, into: sink)
        }
    }

    private static func writeHeldTable(_ report: RunReportSummary, held: HeldRowsByPass, into sink: OutputSink) throws {
        try sink.write("<p class=\"muted\">Those needing attention first, then by amount. Balances below the threshold carry forward on their own.</p>\n")
        try writeTableHead("held", caption: "Held affiliates and why", columns: affiliateColumns(last: "Reasons"), into: sink)
        var out: [UInt8] = []
        out.reserveCapacity(heldChunk + 4096)
        func flush() throws {
            try out.withUnsafeBytes { try sink.write(bytes: $0) }
            out.removeAll(keepingCapacity: true)
        }
        for attentionPass in [true, false] {
            let expected = attentionPass ? report.needingAttention : report.held - report.needingAttention
            let heading = attentionPass ? "Needs attention" : "Below the threshold: carried forward"
            if expected > 0 {
                try sink.write("<tbody\(attentionPass ? " class=\"attention\"" : "")><tr><th scope=\"rowgroup\" colspan=\"5\">\(heading) (\(ReportWords.count(expected)))</th></tr>\n")
            }
            var count = 0
            // The previous row's amount text (reused: no allocation per row), if it had one.
            var previousAmount: [UInt8] = []
            var previousHadAmount = false
            try held(attentionPass) { row in
                guard row.needsAttention == attentionPass else { return }
                if count > 0, previousHadAmount, !inAmountOrder(previousAmount, row.amount) {
                    throw PayoutFileError.invalidHeader(file: "report.html", problem: "held affiliates out of amount order at affiliate \(row.affiliateId)")
                }
                try appendHeldRow(row, to: &out)
                if out.count >= heldChunk { try flush() }
                previousAmount.removeAll(keepingCapacity: true)
                if let amount = row.amount { previousAmount.append(contentsOf: amount) }
                previousHadAmount = row.amount != nil
                count += 1
            }
            try flush()
            guard count == expected else {
                throw PayoutFileError.invalidHeader(file: "report.html", problem: "\(expected) held affiliates \(attentionPass ? "needing attention" : "below the threshold") announced, \(count) given")
            }
            if expected > 0 { try sink.write("</tbody>\n") }
        }
        try sink.write("</table>\n")
    }

    /// The one layout of a held affiliate's row, appended to `out`: id, name (escaped, isolated
    /// for bidi), currency, amount with exactly its currency's decimals and "," between
    /// thousands (never rounded: an amount with more decimals throws), the reasons in words.
    static func appendHeldRow(_ row: HeldRow, to out: inout [UInt8]) throws {
        out.append(contentsOf: "<tr><td class=\"num\">".utf8)
        out.append(contentsOf: String(row.affiliateId).utf8)
        out.append(contentsOf: "</td><td class=\"name\"><bdi>".utf8)
        HTMLText.append(row.name, to: &out)
        out.append(contentsOf: "</bdi></td><td>".utf8)
        HTMLText.append(row.currency, to: &out)
        out.append(contentsOf: "</td><td class=\"num\">".utf8)
        if let amount = row.amount {
            // Digits, "-", "." and ",": nothing to escape.
            guard ReportWords.appendAmount(numericText: amount, minorUnits: row.minorUnits, to: &out) else {
                throw PayoutFileError.invalidPayout(file: "report.html", affiliateId: row.affiliateId,
                                                    problem: "amount \(String(decoding: amount, as: UTF8.self)) cannot be written with \(row.minorUnits) decimal(s) without rounding")
            }
        } else {
            out.append(contentsOf: "<span class=\"muted\">not computed</span>".utf8)
        }
        out.append(contentsOf: "</td><td><ul class=\"reasons\">".utf8)
        for reason in row.reasons { out.append(contentsOf: reasonItems[reason] ?? []) }
        out.append(contentsOf: "</ul></td></tr>\n".utf8)
    }

    /// Each reason's list item (its words and code, escaped), made once.
    private static let reasonItems = Dictionary(uniqueKeysWithValues: HoldReason.allCases.map { reason in
        (reason, Array("<li>\(HTMLText.escape(reason.explanation)) <span class=\"code\">\(HTMLText.escape(reason.rawValue))</span></li>".utf8))
    })

    /// Largest amount first; an unknown amount (it could not be computed) before any amount,
    /// so none may follow the `previous` amount. Compared as `numeric` text, exactly (no
    /// `Decimal` per row); text that is no number is out of order.
    private static func inAmountOrder(_ previous: [UInt8], _ amount: UnsafeRawBufferPointer?) -> Bool {
        guard let amount else { return false }
        return previous.withUnsafeBytes { DecimalText.compare(numericText: $0, amount) }.map { $0 >= 0 } ?? false
    }

    private static func checkNoneHeld(_ held: HeldRowsByPass) throws {
        for pass in [true, false] {
            try held(pass) { row in
                throw PayoutFileError.invalidHeader(file: "report.html", problem: "no held affiliates announced, affiliate \(row.affiliateId) given")
            }
        }
    }
}
