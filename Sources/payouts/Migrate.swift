import ArgumentParser
import PayoutRun

struct Migrate: JobCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create or upgrade the database schema (safe to run again).")

    @OptionGroup var connection: ConnectionOptions

    func execute() throws -> ExitStatus {
        let applied = try PayoutMaintenance(conninfo: connection.conninfo).migrate()
        print(applied.isEmpty ? "schema is up to date" : "applied: \(applied.joined(separator: ", "))")
        return .done
    }
}
