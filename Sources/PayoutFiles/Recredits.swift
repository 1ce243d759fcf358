import Foundation
import PayoutCore

/// A returned payout's amount paid once more by this run (SPEC §9): shown in report.json
/// (`recredits`) and as a statement line beside the commissions.
public struct RecreditLine: Sendable, Equatable {
    public var affiliateId: Int64
    /// The payout that came back, e.g. "AP202612-7", and the month of its run.
    public var returnedReference: String
    public var returnedFrom: String
    public var status: String
    public var reasonCode: String?
    /// Plain-language meaning of the code ("account closed").
    public var meaning: String
    /// The returned payout's amount, in its currency: a payout amount, never rounded again.
    public var amount: Money
    /// When the affiliate's account currency changed since the return, how the run converted
    /// the amount; nil when the re-credit is in the account currency.
    public var conversion: Conversion?

    /// The rate (account currency per re-credit currency) and the exact converted amount.
    public struct Conversion: Sendable, Equatable {
        public var rate: Decimal
        public var converted: Money

        public init(rate: Decimal, converted: Money) { (self.rate, self.converted) = (rate, converted) }
    }

    public init(affiliateId: Int64, returnedReference: String, returnedFrom: String, status: String, reasonCode: String?,
                meaning: String, amount: Money, conversion: Conversion? = nil) {
        (self.affiliateId, self.returnedReference, self.returnedFrom) = (affiliateId, returnedReference, returnedFrom)
        (self.status, self.reasonCode, self.meaning, self.amount) = (status, reasonCode, meaning, amount)
        self.conversion = conversion
    }

    /// The statement line: the order column says what the amount is; converted as a
    /// commission would be when it is in another currency than the account's.
    public var statementLine: StatementLine {
        StatementLine(
            affiliateId: affiliateId,
            orderRef: "re-credit of \(returnedReference) (\(reasonCode ?? status): \(meaning))",
            commission: amount, rate: conversion?.rate, converted: conversion?.converted ?? amount)
    }

    /// Interleaves `recredits` (ascending affiliate id) with a stream of statement lines in
    /// ascending affiliate id: each affiliate's re-credits come right after its commissions.
    public static func merging(_ recredits: [RecreditLine], into produce: (_ emit: (StatementLine) throws -> Void) throws -> Void,
                               emit: (StatementLine) throws -> Void) throws {
        try withoutActuallyEscaping(emit) { emit in
            var pending = recredits[...]
            try produce { line in
                while let next = pending.first, next.affiliateId < line.affiliateId {
                    try emit(next.statementLine)
                    pending = pending.dropFirst()
                }
                try emit(line)
            }
            for rest in pending { try emit(rest.statementLine) }
        }
    }
}

extension RunJSON {
    public static func recredit(_ line: RecreditLine) throws -> String {
        JSONText.object([
            ("affiliate_id", String(line.affiliateId)),
            ("returned_payout", JSONText.string(line.returnedReference)),
            ("returned_from", JSONText.string(line.returnedFrom)),
            ("status", JSONText.string(line.status)),
            ("reason_code", line.reasonCode.map(JSONText.string) ?? "null"),
            ("meaning", JSONText.string(line.meaning)),
            ("amount", JSONText.string(try line.amount.formatted())),
            ("currency", JSONText.string(line.amount.currency)),
        ])
    }
}
