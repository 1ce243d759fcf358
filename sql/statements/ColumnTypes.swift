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


extension Row {
    /// An amount with its currency and decimals, from the columns the statements name
    /// `amount`, `currency` and `minor_units` unless told otherwise.
    public func money(amount: String = "amount", currency: String = "currency", minorUnits: String = "minor_units") throws -> Money {
        Money(try self[amount], try self[currency], minorUnits: try self[minorUnits])
    }

    /// A full postal address from the columns `street`, `building_number`, `postcode`, `town`, `country`.
    public func postalAddress() throws -> PostalAddress {
        PostalAddress(street: try self["street"], buildingNumber: try self["building_number"],
                      postcode: try self["postcode"], town: try self["town"], country: try self["country"])
    }
}
