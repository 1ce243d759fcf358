import ArgumentParser
import Foundation
import PayoutCore
import PayoutRun

@main
struct Payouts: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "payouts",
        abstract: "Pays the affiliate program's matured commissions once a month.",
        discussion: """
            Connects to PostgreSQL with the standard libpq environment (PGHOST, PGPORT, PGDATABASE, \
            PGUSER, PGPASSWORD or PGPASSFILE, PGSSLMODE, …) or --database-url.

            Exit status: 0 done; 3 done, but held payouts need a person's attention; \
            75 another run holds the lock (try later); 2 usage or configuration error; \
            1 failed, nothing committed.
            """,
        subcommands: [Migrate.self, Accrue.self, Run.self, Export.self, Status.self, Explain.self]
    )

    /// Like ArgumentParser's own `main`, but a usage error exits with 2 (the documented
    /// status for usage and configuration errors) rather than 64.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data("payouts: error: \(message(for: error))\n".utf8))
                Foundation.exit(ExitStatus.usage.rawValue)
            }
            exit(withError: error)
        }
    }
}

/// Options every database command shares.
struct ConnectionOptions: ParsableArguments {
    @Option(name: .customLong("database-url"),
            help: ArgumentHelp("A libpq conninfo string or postgresql:// URI; default: the PG* environment.", valueName: "conninfo"))
    var databaseURL: String = ProcessInfo.processInfo.environment["PAYOUTS_DATABASE_URL"] ?? ""

    @Option(help: "The program's time zone: as-of instants and the 30 days are counted in it.")
    var timeZone: String = ProcessInfo.processInfo.environment["PAYOUTS_TIME_ZONE"] ?? "Europe/Zurich"
}

struct OutputOptions: ParsableArguments {
    @Option(name: .customLong("out"), help: ArgumentHelp("Folder that receives one folder per run (2026-12, 2026-12-preview).", valueName: "dir"))
    var outputDirectory: String = ProcessInfo.processInfo.environment["PAYOUTS_OUT"] ?? "payout-files"
}

/// Runs a job command, printing its error as one line and exiting with its documented status.
func perform(_ body: () throws -> ExitStatus) throws {
    let status: ExitStatus
    do {
        status = try body()
    } catch let error as JobError {
        FileHandle.standardError.write(Data("payouts: error: \(error.message)\n".utf8))
        status = error.status
    } catch {
        FileHandle.standardError.write(Data("payouts: error: \(error)\n".utf8))
        status = .failed
    }
    if status != .done { throw ExitCode(status.rawValue) }
}

func parseMonth(_ text: String?) throws -> RunMonth? {
    guard let text else { return nil }
    do {
        return try RunMonth.parseAsOf(text)
    } catch {
        throw ValidationError("\(error)")
    }
}
