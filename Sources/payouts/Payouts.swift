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
            4 a run is committed (paid) but its files are not all written: run the export the \
            message names (see the runbook); 75 another run holds the lock (try later); \
            2 usage or configuration error; 1 failed, nothing committed.
            """,
        subcommands: [Migrate.self, Accrue.self, Run.self, Export.self, Status.self, Explain.self,
                      Sent.self, Returns.self, Release.self, Reverse.self]
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
}

/// The program's calendar, shared by the commands that count or show dates.
struct TimeZoneOptions: ParsableArguments {
    @Option(help: "The program's time zone: as-of instants and the 30 days are counted in it.")
    var timeZone: String = ProcessInfo.processInfo.environment["PAYOUTS_TIME_ZONE"] ?? ProgramTimeZone.defaultIdentifier
}

struct OutputOptions: ParsableArguments {
    @Option(name: .customLong("out"), help: ArgumentHelp("Folder that receives one folder per run (2026-12, 2026-12-preview).", valueName: "dir"))
    var outputDirectory: String = ProcessInfo.processInfo.environment["PAYOUTS_OUT"] ?? "payout-files"
}

/// Runs a job command, printing its error as one line and exiting with its documented status.
func perform(_ body: () throws -> ExitStatus) throws {
    JobSignals.shared.install()
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
    // Stopped by SIGTERM/SIGINT: the conventional 128 + signal (JobSignals said why on stderr).
    if let signal = JobSignals.shared.received { throw ExitCode(128 + signal) }
    if status != .done { throw ExitCode(status.rawValue) }
}

extension RunMonth {
    /// `--as-of`, parsed once, where the option is declared; a bad value is a usage error
    /// with `RunMonthError`'s explanation (a failable `ExpressibleByArgument` would lose it).
    static func argument(_ text: String) throws -> RunMonth {
        do {
            return try RunMonth.parseAsOf(text)
        } catch {
            throw ValidationError("\(error)")
        }
    }
}
