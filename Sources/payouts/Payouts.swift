import Accrual
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

            Environment: \(EnvironmentVariable.all.map { "\($0.name) (\($0.option))" }.joined(separator: ", ")). \
            An option given on the command line wins over its variable; values are never shown.

            Exit status: 0 done; 3 done, but held payouts newly need a person's attention; \
            4 a run is committed (paid) but its files are not all written: run the export the \
            message names (see the runbook); 75 try again later (another payouts command holds \
            the run lock, or the database is unreachable, lost the connection or could not \
            serialize); 2 usage or configuration error; 1 failed, nothing committed; \
            130/143 stopped by SIGINT/SIGTERM (the running statement is cancelled).
            """,
        version: Payouts.version,
        subcommands: [Migrate.self, Accrue.self, Run.self, Export.self, Status.self, Explain.self,
                      Sent.self, Returns.self, Release.self, Reverse.self]
    )

    /// `payouts --version`.
    static let version = "1.1.0"

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

/// A `PAYOUTS_*` variable that stands in for an option. Options never take their default
/// from the environment (ArgumentParser prints defaults in `--help`, and a database URL may
/// hold a password): an option is optional and falls back to its variable when used.
struct EnvironmentVariable {
    let name: String
    let option: String

    static let databaseURL = EnvironmentVariable(name: "PAYOUTS_DATABASE_URL", option: "--database-url")
    static let out = EnvironmentVariable(name: "PAYOUTS_OUT", option: "--out")
    static let timeZone = EnvironmentVariable(name: "PAYOUTS_TIME_ZONE", option: "--time-zone")
    /// Every variable the program reads (listed in the root `--help`; a test checks README).
    static let all = [databaseURL, out, timeZone]

    /// The option's value, else the variable's (empty counts as unset).
    func value(_ option: String?) -> String? {
        if let option { return option }
        guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else { return nil }
        return value
    }

    /// Help that names the variable (never its value).
    func help(_ text: String, valueName: String) -> ArgumentHelp {
        ArgumentHelp("\(text) (env: \(name))", valueName: valueName)
    }
}

/// Options every database command shares.
struct ConnectionOptions: ParsableArguments {
    @Option(name: .customLong("database-url"),
            help: EnvironmentVariable.databaseURL.help(
                "A libpq conninfo string or postgresql:// URI; default: the PG* environment.", valueName: "conninfo"))
    var databaseURL: String?

    var conninfo: String { EnvironmentVariable.databaseURL.value(databaseURL) ?? "" }
}

/// The program's calendar, shared by the commands that count or show dates.
struct TimeZoneOptions: ParsableArguments {
    @Option(name: .customLong("time-zone"),
            help: EnvironmentVariable.timeZone.help(
                "The program's time zone: as-of instants and the 30 days are counted in it; default: \(ProgramTimeZone.defaultIdentifier).",
                valueName: "zone"))
    var timeZoneOption: String?

    var timeZone: String { EnvironmentVariable.timeZone.value(timeZoneOption) ?? ProgramTimeZone.defaultIdentifier }
}

/// What every command on the database shares: where it connects and the program's calendar.
/// The commands build their session from it, so each reads as its own work only.
struct SessionOptions: ParsableArguments {
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var calendar: TimeZoneOptions

    var conninfo: String { connection.conninfo }
    var timeZone: String { calendar.timeZone }

    func lifecycle() -> PayoutLifecycle { PayoutLifecycle(conninfo: conninfo, timeZone: timeZone) }
    func returnsImport() -> ReturnsImport { ReturnsImport(conninfo: conninfo, timeZone: timeZone) }
    func maintenance() -> PayoutMaintenance { PayoutMaintenance(conninfo: conninfo, timeZone: timeZone) }
    func accrualJob() -> AccrualJob { AccrualJob(conninfo: conninfo, timeZone: timeZone, log: JobLog()) }
}

struct OutputOptions: ParsableArguments {
    @Option(name: .customLong("out"),
            help: EnvironmentVariable.out.help("Folder that receives one folder per run; default: payout-files.", valueName: "dir"))
    var outputOption: String?

    var outputDirectory: String { EnvironmentVariable.out.value(outputOption) ?? "payout-files" }
}

/// `--json`: the command's result as one JSON document on standard output, for scripts.
struct JSONOutputOptions: ParsableArguments {
    @Flag(help: "Print the result as JSON on standard output (logs stay on standard error).")
    var json = false
}

/// Prints `value` as pretty, key-sorted JSON (amounts are strings: exact decimals).
func printJSON<T: Encodable>(_ value: T) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}

/// A subcommand that does a job: its work is `execute`, and `run` reports the outcome the
/// same way for every command (an error as one line on stderr, the documented exit status,
/// 128 + signal when SIGTERM/SIGINT stopped it).
protocol JobCommand: ParsableCommand {
    /// The command's work; the status it returns is the process's exit status.
    func execute() throws -> ExitStatus
}

extension JobCommand {
    func run() throws {
        try perform(execute)
    }
}

/// Runs a job command's work, printing its error as one line and exiting with its documented status.
private func perform(_ body: () throws -> ExitStatus) throws {
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
