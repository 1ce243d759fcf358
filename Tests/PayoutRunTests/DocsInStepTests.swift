import Foundation
import Testing

/// Item 6: the names in scheduler files and docs stay in step with `sql/roles.sql` and the CLI.
@Suite struct DocsInStepTests {
    /// Every text file of scheduler/ and docs/, and the README.
    static func documents() throws -> [(path: String, text: String)] {
        var paths = ["README.md"]
        for folder in ["scheduler", "docs"] {
            let base = repositoryRoot.appendingPathComponent(folder)
            guard let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else { continue }
            for case let url as URL in walker where !url.hasDirectoryPath {
                paths.append(folder + url.path.dropFirst(base.path.count))
            }
        }
        return paths.sorted().compactMap { path in
            guard let text = try? repositoryText(path) else { return nil }  // not text
            return (path, text)
        }
    }

    static func roles() throws -> Set<String> {
        Set(try repositoryText("sql/roles.sql").matches(of: #/create role (\w+)/#).map { String($0.1) })
    }

    @Test func databaseUsersNamedInSchedulerFilesAndDocsAreRolesOfRolesSQL() throws {
        let roles = try Self.roles()
        #expect(roles.contains("payouts_job"))
        var checked = 0
        for (path, text) in try Self.documents() {
            let users = text.matches(of: #/PGUSER[=:]\s*"?([A-Za-z_][A-Za-z0-9_]*)/#).map { String($0.1) }
                + text.matches(of: #/(?:--from-literal=user=|\buser=|^\s*user:\s*)([A-Za-z_][A-Za-z0-9_]*)/#.anchorsMatchLineEndings()).map { String($0.1) }
            for user in users {
                checked += 1
                #expect(roles.contains(user), "\(path) names the database user \(user); sql/roles.sql creates \(roles.sorted())")
            }
        }
        #expect(checked >= 3, "the scheduler files name the job's user")
    }

    /// `payouts <subcommand> --option` in commands of the docs and scheduler files exist.
    @Test func commandsInSchedulerFilesAndDocsExist() throws {
        let subcommands = Set(try registeredSubcommands() + ["help"])
        var helps: [String: String] = [:]
        var checked = 0
        for (path, text) in try Self.documents() {
            // A command: after a backtick, a path, `exec ` or at the start of a line.
            for match in text.matches(of: #/(?:^[\s$#]*|`|/|exec )payouts ([a-z][a-z-]*)((?: +(?:--[a-z-]+|[^\s`|#;]+))*)/#.anchorsMatchLineEndings()) {
                let sub = String(match.1)
                if ["run", "export", "status", "migrate"].contains(sub) == false, !subcommands.contains(sub) {
                    // Prose after a line break ("payouts user", "payouts on"): only words
                    // that look like commands are checked.
                    if match.0.first == "`" || match.0.contains("/") || match.0.contains("exec") {
                        Issue.record("\(path): `payouts \(sub)` is not a subcommand (\(subcommands.sorted()))")
                    }
                    continue
                }
                guard sub != "help" else { continue }
                if helps[sub] == nil { helps[sub] = try PayoutsBinary.run([sub, "--help"], database: "postgres").stdout }
                for option in String(match.2).matches(of: #/--[a-z-]+/#).map({ String($0.0) }) {
                    checked += 1
                    #expect(helps[sub]!.contains(option), "\(path): `payouts \(sub) \(option)`: no such option")
                }
            }
        }
        #expect(checked > 5)
    }

    /// The runbook never asks finance for what its role cannot do: correcting commissions are
    /// written by a role that may insert into `commissions`.
    @Test func theRunbookNamesTheRoleThatMayWriteCommissions() throws {
        let roles = try repositoryText("sql/roles.sql")
        let writers = Set(roles.matches(of: #/grant [^;]*\binsert\b[^;]*\bon commissions to (\w+)/#).map { String($0.1) })
        #expect(!writers.isEmpty && !writers.contains("payouts_finance"))
        let runbook = try repositoryText("docs/runbook.md")
        var lines = 0
        for line in runbook.split(separator: "\n") where line.range(of: #"correcting commission|negative correction"#, options: .regularExpression) != nil {
            lines += 1
            #expect(writers.contains { line.contains($0) }, "runbook: \(line)")
        }
        #expect(lines >= 1)
    }

    /// file-formats.md shows statement amounts as the file writes them (currency's decimals).
    @Test func statementAmountsInTheDocsLookLikeTheFile() throws {
        let s = try Scenario()
        try s.affiliateOne(with: ("40", "2026-10-01 12:00:00+02"), ("12.3456", "2026-10-01 12:00:00+02"))
        try s.run()
        let statement = try String(contentsOf: s.out.appendingPathComponent("2026-12/statement.csv"), encoding: .utf8)
        #expect(statement.contains(",40.00,CHF,"), "\(statement)")
        #expect(statement.contains(",12.3456,CHF,"), "\(statement)")
        let doc = try repositoryText("docs/file-formats.md")
        let row = try #require(doc.split(separator: "\n").first { $0.hasPrefix("| `commission_amount`") })
        let examples = row.matches(of: #/`(-?[0-9]+(?:\.[0-9]+)?)`/#).map { String($0.1) }
        #expect(!examples.isEmpty)
        for example in examples {
            let decimals = example.split(separator: ".").dropFirst().first?.count ?? 0
            #expect(decimals >= 2, "file-formats.md shows \(example); the file writes at least the currency's decimals")
        }
    }

    /// `export --help` is about committed runs: no preview folders.
    @Test func exportHelpDoesNotMentionPreviews() throws {
        let help = try PayoutsBinary.run(["export", "--help"], database: "postgres").stdout
        #expect(help.contains("USAGE"))
        #expect(!help.lowercased().contains("preview"), "\(help)")
    }
}
