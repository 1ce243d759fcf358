import Foundation
@testable import Postgres
import Testing

/// Pure tests: no server needed.
@Suite struct UnitTests {
    @Test func secretsAreScrubbed() {
        let scrubbed = scrubSecrets(
            "failed for host=db password=hunter2 user=x; password = 'a b\\' c' ; postgresql://app:pa55@db:5432/payouts",
            knownSecrets: ["s3cret"])
        #expect(!scrubbed.contains("hunter2"))
        #expect(!scrubbed.contains("a b"))
        #expect(!scrubbed.contains("pa55"))
        #expect(scrubbed.contains("postgresql://app:***@db:5432/payouts"))
        #expect(scrubSecrets("authentication failed: s3cret", knownSecrets: ["s3cret"]) == "authentication failed: ***")
    }

    @Test func descriptionIsOneLine() {
        let error = PostgresError(
            kind: .connectionLost, message: "server closed the connection unexpectedly\n\tThis probably means…\n",
            sqlState: "57P01", detail: "two\nlines")
        #expect(error.description == "PostgresError.connectionLost [57P01]: server closed the connection unexpectedly This probably means… — detail: two lines")
    }

    @Test func canonicalDecimals() {
        #expect(canonicalDecimalText("-000.0100") == "-0.01")
        #expect(canonicalDecimalText("-0.000") == "0")
        #expect(canonicalDecimalText("1e5") == nil)
        #expect(canonicalDecimalText("1.") == nil)
        #expect(canonicalDecimalText(".5") == nil)
        #expect(canonicalDecimalText("+1") == nil)
    }

    @Test func arrayLiterals() throws {
        let values: [String?] = ["", "NULL", nil, "a,b", "{}", "\"", "\\", " x "]
        let text = try values.postgresText()
        #expect(text == #"{"","NULL",NULL,"a,b","{}","\"","\\"," x "}"#)
        #expect(try parseArrayLiteral(text) == values)
        #expect(try parseArrayLiteral("{}") == [])
        #expect(try parseArrayLiteral("{1, 2 ,NULL}") == ["1", "2", nil])
        let failed1 = throwsDecodingFailure { _ = try parseArrayLiteral("{{1,2},{3,4}}") }
        #expect(failed1)
        let failed2 = throwsDecodingFailure { _ = try parseArrayLiteral("[0:1]={1,2}") }
        #expect(failed2)
    }

    @Test func dates() throws {
        #expect(try Date(timeIntervalSince1970: -0.5).postgresText() == "1969-12-31 23:59:59.500000+00")
        #expect(try Date.decode(postgresText: "2024-02-29 12:00:00-08") == Date(timeIntervalSince1970: 1_709_236_800))
        let failed3 = throwsDecodingFailure { _ = try Date.decode(postgresText: "2023-02-29 12:00:00+00") }
        #expect(failed3)
        let failed4 = throwsDecodingFailure { _ = try Date.decode(postgresText: "2024-01-01 00:00:00") }
        #expect(failed4)
    }
}

/// Whether `body` throws a `PostgresDecodingFailure`. Closures stay out of `#expect(…)`: with
/// Swift 6.3.1 a closure inside `#expect` in the same function as another closure argument ran
/// the wrong closure (observed in ConnectionTests).
func throwsDecodingFailure(_ body: () throws -> Void) -> Bool {
    do {
        try body()
        return false
    } catch is PostgresDecodingFailure {
        return true
    } catch {
        return false
    }
}
