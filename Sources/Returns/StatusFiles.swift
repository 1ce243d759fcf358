import Foundation

/// Tells which kind of status file `data` is, by its content, and parses it.
///
/// ```swift
/// let parsed = try StatusFiles.parse(Data(contentsOf: url), file: url.lastPathComponent)
/// ```
public enum StatusFiles {
    public static func kind(of data: Data) -> StatusFileKind? {
        let head = String(decoding: data.prefix(4096), as: UTF8.self)
        let trimmed = head.drop { $0.isWhitespace || $0 == "\u{FEFF}" }
        if trimmed.hasPrefix("<") {
            if head.contains(Pain002.namespace) { return .pain002 }
            if head.contains(Camt054.namespace) { return .camt054 }
            return nil
        }
        if trimmed.hasPrefix("{") { return .payPal }
        if let firstLine = trimmed.split(separator: "\n").first?.lowercased(),
           firstLine.contains("reference"), firstLine.contains("reason") { return .prepaid }
        return nil
    }

    public static func parse(_ data: Data, file: String) throws -> StatusFile {
        switch kind(of: data) {
        case .pain002: return try Pain002.parse(data, file: file)
        case .camt054: return try Camt054.parse(data, file: file)
        case .payPal: return try PayPalBatchDetails.parse(data, file: file)
        case .prepaid: return try PrepaidRejections.parse(data, file: file)
        case nil:
            throw StatusFileError(file: file, location: nil, "not a status file payouts can import: expected pain.002.001.10 or camt.054.001.08 XML, PayPal Payouts batch details JSON, or a prepaid rejections CSV with a payout_reference,reason header")
        }
    }
}

import Crypto

extension StatusFiles {
    /// The file's identity for idempotent re-import: lower-case hex SHA-256 of its bytes.
    public static func sha256(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }
}
