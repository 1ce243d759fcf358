import PayoutCore
import Postgres

// How the payment values of PayoutCore travel as parameters and columns. Stored enums use
// their raw values (the database's check constraints list the same strings).

extension HoldReason: PostgresDecodable, PostgresEncodable,
                      PostgresArrayElement, PostgresTextEnum {}
extension PayoutMethod: PostgresDecodable, PostgresEncodable,
                        PostgresArrayElement, PostgresTextEnum {}

/// A month travels as its text, "2026-12" (the `month` column of `payout_runs`).
extension RunMonth: PostgresEncodable, PostgresDecodable {
    public func postgresText() throws -> String { description }
    public static func decode(postgresText text: String) throws -> RunMonth {
        do { return try RunMonth.parseAsOf(text) } catch { throw PostgresDecodingFailure("\(error)") }
    }
}
