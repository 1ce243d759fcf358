import Foundation
import PayoutRun
import Postgres
import Testing

/// The repository root (for README, docs, scheduler files and sources the tests compare).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

func repositoryText(_ path: String) throws -> String {
    try String(contentsOf: repositoryRoot.appendingPathComponent(path), encoding: .utf8)
}

/// Every subcommand registered in the root command's configuration, read from the root
/// `--help` (so a subcommand added later is covered without touching these tests).
func registeredSubcommands() throws -> [String] {
    let help = try PayoutsBinary.run(["--help"], database: "postgres").stdout
    var names: [String] = []
    var inList = false
    for line in help.split(separator: "\n", omittingEmptySubsequences: false) {
        if line.hasPrefix("SUBCOMMANDS:") { inList = true; continue }
        guard inList else { continue }
        if line.trimmingCharacters(in: .whitespaces).isEmpty { break }
        if line.hasPrefix("    ") { continue }  // a wrapped abstract
        if let name = line.split(separator: " ").first { names.append(String(name)) }
    }
    return names
}

@Suite struct PasswordSafetyTests {
    static let secrets = ["S3cretPW", "C0nninfoPw", "PgPassw0rdX"]

    /// Item 1: no help text of any subcommand, via `--help` or `help <sub>`, shows a password
    /// from PAYOUTS_DATABASE_URL (URI or conninfo) or PGPASSWORD.
    @Test func noHelpOfAnySubcommandShowsAPassword() throws {
        let subcommands = try registeredSubcommands()
        #expect(subcommands.contains("run") && subcommands.contains("status") && subcommands.count >= 4, "\(subcommands)")
        for url in ["postgresql://payouts_job:S3cretPW@db/payouts", "host=db user=payouts_job password=C0nninfoPw"] {
            let env = ["PAYOUTS_DATABASE_URL": url, "PGPASSWORD": "PgPassw0rdX"]
            var invocations: [[String]] = [["--help"]]
            for sub in subcommands {
                invocations += [[sub, "--help"], ["help", sub]]
            }
            for arguments in invocations {
                let result = try PayoutsBinary.run(arguments, database: "postgres", environment: env)
                #expect(result.status == 0, "\(arguments): \(result.output)")
                for secret in Self.secrets {
                    #expect(!result.output.contains(secret), "\(arguments) shows a password: \(result.output)")
                }
            }
        }
    }

    /// Items 1, 2, 7: a database that cannot be reached exits 75 (try again later), says so in
    /// words, and never shows the password, for every command that connects.
    @Test func anUnreachableDatabaseExits75InWordsWithoutThePassword() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("payouts-unreachable-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let env = ["PAYOUTS_DATABASE_URL": "postgresql://payouts_job:S3cretPW@127.0.0.1:1/payouts", "PGPASSWORD": "PgPassw0rdX"]
        for arguments in [["status"], ["migrate"], ["run", "--out", out.path], ["export", "--as-of", "2026-11-01", "--out", out.path],
                          ["status", "--database-url", "host=127.0.0.1 port=1 user=u password=C0nninfoPw"]] {
            let result = try PayoutsBinary.run(arguments, database: "postgres", environment: env)
            #expect(result.status == 75, "\(arguments): \(result.output)")
            #expect(result.stderr.contains("cannot connect to PostgreSQL"), "\(arguments): \(result.stderr)")
            #expect(!result.output.contains("PostgresError"), "an internal type name: \(result.stderr)")
            for secret in Self.secrets {
                #expect(!result.output.contains(secret), "\(arguments) shows a password: \(result.output)")
            }
        }
    }
}

@Suite struct TransientFailureTests {
    /// Item 2: lock not available (a real server error), serialization failure and deadlock
    /// are transient: exit 75; a real failure stays 1.
    @Test func transientDatabaseErrorsMapTo75() throws {
        let s = try Scenario()
        let holder = try s.db.connect()
        defer { holder.close() }
        try holder.execute("begin")
        try holder.execute("lock table affiliates in access exclusive mode")
        let waiter = try s.db.connect()
        defer { waiter.close() }
        try waiter.execute("set lock_timeout = '50ms'")
        var lockError: (any Error)?
        do { _ = try waiter.query("select count(*) from affiliates") } catch { lockError = error }
        try holder.execute("rollback")
        let error = try #require(lockError as? PostgresError)
        #expect(error.sqlState == "55P03")
        #expect(JobError.wrap(error, during: "run").status == .locked)
        for state in ["40001", "40P01"] {
            let wrapped = JobError.wrap(PostgresError(kind: .query, message: "x", sqlState: state), during: "run")
            #expect(wrapped.status == .locked, "\(state)")
            #expect(!wrapped.message.contains("PostgresError"))
        }
        let real = JobError.wrap(PostgresError(kind: .query, message: "duplicate key", sqlState: "23505"), during: "run")
        #expect(real.status == .failed)
        #expect(real.message.contains("the database refused a statement [23505]"), "\(real.message)")
    }
}

@Suite struct CLIConventionsTests {
    /// Item 7: `--version`.
    @Test func versionIsPrinted() throws {
        let result = try PayoutsBinary.run(["--version"], database: "postgres")
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stdout.range(of: #"^\d+\.\d+\.\d+\n$"#, options: .regularExpression) != nil, "\(result.stdout)")
    }

    /// Item 7: every PAYOUTS_* variable the program reads is named in the root help and the
    /// README, and in the help of every subcommand that has the option it stands in for.
    @Test func everyPayoutsVariableIsNamedInHelpAndReadme() throws {
        let source = try FileManager.default.contentsOfDirectory(
            at: repositoryRoot.appendingPathComponent("Sources/payouts"), includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "swift" }
            .map { try String(contentsOf: $0, encoding: .utf8) }.joined(separator: "\n")
        // `EnvironmentVariable(name: "PAYOUTS_X", option: "--x")`
        let pairs = source.matches(of: #/EnvironmentVariable\(name: "(PAYOUTS_[A-Z_]+)", option: "(--[a-z-]+)"\)/#)
            .map { (String($0.1), String($0.2)) }
        let named = Set(source.matches(of: #/"(PAYOUTS_[A-Z_]+)"/#).map { String($0.1) })
        #expect(!pairs.isEmpty)
        #expect(Set(pairs.map(\.0)) == named, "every variable read goes through EnvironmentVariable")
        let readme = try repositoryText("README.md")
        let root = try PayoutsBinary.run(["--help"], database: "postgres").stdout
        for (variable, _) in pairs {
            #expect(readme.contains(variable), "README does not name \(variable)")
            #expect(root.contains(variable), "payouts --help does not name \(variable)")
        }
        for sub in try registeredSubcommands() {
            let help = try PayoutsBinary.run([sub, "--help"], database: "postgres").stdout
            for (variable, option) in pairs where help.contains(option + " ") {
                #expect(help.contains(variable), "payouts \(sub) --help has \(option) but does not name \(variable)")
            }
        }
    }

    /// Item 7: `status --json` and `run --json` give scripts one JSON document on stdout.
    @Test func statusAndRunSpeakJSON() throws {
        let s = try Scenario()
        try s.affiliate(1)
        try s.commission(1, affiliate: 1, amount: "60", orderedAt: "2026-09-01 12:00:00+02")
        let run = try PayoutsBinary.run(["run", "--as-of", "2026-11-01", "--out", s.out.path, "--json"], database: s.db.name)
        #expect(run.status == 0, "\(run.stderr)")
        let outcome = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(outcome["month"] as? String == "2026-11")
        #expect(outcome["paid"] as? Int == 1)
        #expect(outcome["new_attention"] as? Int == 0)
        let summary = try #require(outcome["summary"] as? [[String: Any]])
        #expect(summary.first?["amount"] as? String == "60.00")
        let status = try PayoutsBinary.run(["status", "--json"], database: s.db.name)
        #expect(status.status == 0, "\(status.stderr)")
        let runs = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [[String: Any]])
        #expect(runs.count == 1)
        #expect(runs.first?["month"] as? String == "2026-11")
        #expect(runs.first?["files_written"] as? Bool == true)
        #expect(runs.first?["needs_attention"] as? Int == 0)
        let totals = try #require(runs.first?["totals"] as? [[String: Any]])
        #expect(totals.first?["amount"] as? String == "60.00")
    }

    /// A connection string that does not parse never will: exit 2 (configuration), not 75
    /// (schedulers would retry it forever), and still without its password.
    @Test func aMalformedConnectionStringExits2WithoutThePassword() throws {
        for arguments in [["status", "--database-url", "host='unterminated password=C0nninfoPw"],
                          ["run", "--database-url", "dbname=x password C0nninfoPw"]] {
            let result = try PayoutsBinary.run(arguments, database: "postgres")
            #expect(result.status == 2, "\(arguments): \(result.output)")
            #expect(result.stderr.contains("invalid connection string"), "\(result.stderr)")
            #expect(!result.output.contains("C0nninfoPw"), "\(result.output)")
        }
    }

}
