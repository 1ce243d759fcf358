import ArgumentParser
import PayoutRun

struct Migrate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create or upgrade the database schema (safe to run again).")

    @OptionGroup var connection: ConnectionOptions

    func run() throws {
        try perform {
            let applied = try PayoutMaintenance(conninfo: connection.conninfo).migrate()
            print(applied.isEmpty ? "schema is up to date" : "applied: \(applied.joined(separator: ", "))")
            return .done
        }
    }
}
