import Postgres

/// One `sql/queries/*.sql` file, split into its statements, each introduced by a line
/// `-- name: some_name`. Only the typed enums of this module look statements up by name
/// (`RunStatements`, `ExportStatements`, …): everyone else calls a typed function, so a
/// statement that does not exist, or a wrong parameter list, does not compile. A test checks
/// every named statement against its function (names and `$n` count).
struct StatementFile: Sendable {
    let file: String
    private let statements: [String: String]

    init(_ bytes: [UInt8], file: String) {
        self.file = file
        var statements: [String: String] = [:]
        var name: String?
        var body: [Substring] = []
        func flush() {
            if let name { statements[name] = trimmed(body.joined(separator: "\n")) }
        }
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("-- name:") {
                flush()
                name = trimmed(String(line.dropFirst("-- name:".count)))
                body = []
            } else if name != nil {
                body.append(line)
            }
        }
        flush()
        self.statements = statements
    }

    /// The statement `name` with `values` bound to `$1…$n`. Called only by the typed
    /// functions; the statements test calls every one of them, so a misspelt name fails there.
    func query(_ name: String, _ values: (any PostgresEncodable)?...) -> Query {
        guard let sql = statements[name] else {
            preconditionFailure("no statement named \(name) in sql/\(file)")
        }
        return Query(unsafeSQL: sql, values: values)
    }
}

/// Whitespace and trailing semicolons removed.
private func trimmed(_ text: String) -> String {
    var s = Substring(text)
    func trim() {
        while let c = s.first, c.isWhitespace { s.removeFirst() }
        while let c = s.last, c.isWhitespace || c == ";" { s.removeLast() }
    }
    trim()
    return String(s)
}
