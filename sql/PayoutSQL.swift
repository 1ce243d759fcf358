// The project's SQL, compiled into the binary so that an installed `payouts` needs no
// files beside it. The text itself lives in the .sql files of this folder, where a reader
// (or finance) finds all of it in one place.

/// One schema migration: applied once, in order, recorded by name in `schema_migrations`.
public struct Migration: Sendable {
    public let name: String
    public let sql: String
}

public enum PayoutSQL {
    /// Every migration of this version of the program, oldest first. Never edit or reorder
    /// a released migration: add a new one.
    public static let migrations: [Migration] = [
        // SwiftPM names an embedded file after its file name, with the leading digit
        // replaced by "_" ("0001_x.sql" → `_001_x_sql`).
        Migration(name: "0001_input_and_configuration", sql: text(PackageResources._001_input_and_configuration_sql)),
        Migration(name: "0002_processor_state", sql: text(PackageResources._002_processor_state_sql)),
        Migration(name: "0003_accrual", sql: text(PackageResources._003_accrual_sql)),
    ]

    /// The named statements of a run (`queries/run.sql`).
    public static let run = NamedQueries(text(PackageResources.run_sql), file: "queries/run.sql")
    /// The named statements that read a committed run back for its files and for `status`.
    public static let export = NamedQueries(text(PackageResources.export_sql), file: "queries/export.sql")

    /// The named statements of `payouts accrue` and `payouts explain`.
    public static let accrual = NamedQueries(text(PackageResources.accrual_sql), file: "queries/accrual.sql")

    private static func text(_ bytes: [UInt8]) -> String {
        String(decoding: bytes, as: UTF8.self)
    }
}

/// A file of statements, each introduced by a line `-- name: some_name`.
///
/// ```swift
/// let sql = PayoutSQL.run["void_commissions"]   // the statement text, with $1…$n placeholders
/// ```
public struct NamedQueries: Sendable {
    public let file: String
    private let statements: [String: String]

    init(_ text: String, file: String) {
        self.file = file
        var statements: [String: String] = [:]
        var name: String?
        var body: [Substring] = []
        func flush() {
            if let name {
                statements[name] = body.joined(separator: "\n").trimmingTrailingSemicolon()
            }
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("-- name:") {
                flush()
                name = String(line.dropFirst("-- name:".count)).trimmingWhitespace()
                body = []
            } else if name != nil {
                body.append(line)
            }
        }
        flush()
        self.statements = statements
    }

    public var names: [String] { statements.keys.sorted() }

    /// The statement called `name`. A missing name is a programming error caught by the tests.
    public subscript(name: String) -> String {
        guard let sql = statements[name] else {
            preconditionFailure("no statement named \(name) in sql/\(file)")
        }
        return sql
    }
}

extension StringProtocol {
    fileprivate func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let c = s.first, c.isWhitespace { s.removeFirst() }
        while let c = s.last, c.isWhitespace { s.removeLast() }
        return String(s)
    }

    fileprivate func trimmingTrailingSemicolon() -> String {
        var s = trimmingWhitespace()
        while s.hasSuffix(";") { s.removeLast(); s = s.trimmingWhitespace() }
        return s
    }
}
