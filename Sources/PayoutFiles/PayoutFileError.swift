import Foundation
import PayoutCore

/// Everything that stops a payout file from being written. No error leaves a partial file
/// under a final name: the writers render into a temporary file and only put it in place once
/// it is complete and consistent.
public enum PayoutFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A file of that name already exists with different content. Existing files are never
    /// overwritten: a run's files must not change once they may have been submitted.
    case conflict(path: String, existingSHA256: String, renderedSHA256: String)
    /// The payouts streamed do not add up to the count / control sum announced in the header.
    case countMismatch(file: String, declared: Int, actual: Int)
    case totalMismatch(file: String, declared: String, actual: String)
    /// A payout the writer cannot put into a valid file (the run should have held it).
    case invalidPayout(file: String, affiliateId: Int64, problem: String)
    /// Header values (run, debtor account, identifiers) that cannot make a valid file.
    case invalidHeader(file: String, problem: String)
    /// Report figures that contradict each other.
    case inconsistentReport(problem: String)
    /// Two manifest entries for one path.
    case duplicatePath(String)
    /// A system call failed.
    case io(operation: String, path: String, errno: Int32)

    public var description: String {
        switch self {
        case let .conflict(path, existing, rendered):
            return "\(path) already exists with different content (sha256 \(existing), newly rendered \(rendered)); not overwritten"
        case let .countMismatch(file, declared, actual):
            return "\(file): \(declared) payouts announced, \(actual) written; file discarded"
        case let .totalMismatch(file, declared, actual):
            return "\(file): control sum \(declared) announced, payouts add up to \(actual); file discarded"
        case let .invalidPayout(file, affiliateId, problem):
            return "\(file): payout of affiliate \(affiliateId) cannot be written: \(problem)"
        case let .invalidHeader(file, problem):
            return "\(file): \(problem)"
        case let .inconsistentReport(problem):
            return "report.json: \(problem)"
        case let .duplicatePath(path):
            return "manifest lists \(path) twice"
        case let .io(operation, path, code):
            return "\(operation) \(path): \(String(cString: strerror(code)))"
        }
    }
}

/// Why one payout cannot be written; the writers wrap it in `PayoutFileError.invalidPayout`.
struct PayoutProblem: Error {
    let text: String
    init(_ text: String) { self.text = text }
}

extension Money {
    /// The payout as every file writes it: in the file's currency and decimals, positive,
    /// exact (never rounded here).
    func payoutText(inFileOf currency: String, minorUnits: Int) throws(PayoutProblem) -> String {
        guard self.currency == currency, self.minorUnits == minorUnits else {
            throw PayoutProblem("\(self.currency)/\(self.minorUnits) decimals in a \(currency)/\(minorUnits) file")
        }
        guard amount > 0 else { throw PayoutProblem("amount \(amount) is not positive") }
        do { return try AmountFormat.string(amount, minorUnits: minorUnits) } catch {
            throw PayoutProblem("amount \(amount) is not representable with \(minorUnits) decimals")
        }
    }
}
