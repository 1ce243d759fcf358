import Foundation
import PayoutCore
import Testing

/// The country codes an address may carry are ISO 3166-1's assigned alpha-2 codes, checked
/// against an independent list: pycountry (installed with schwifty in the oracle venv).
@Suite struct CountryCodeOracleTests {
    @Test func theCountryListIsISO3166sAssignedCodesAndKosovo() throws {
        let result = try run(try Oracle.python(), ["-c", "import pycountry\nprint(' '.join(sorted(c.alpha_2 for c in pycountry.countries)))"])
        #expect(result.status == 0, "\(result.stderr)")
        let iso = Set(result.stdout.split(whereSeparator: \.isWhitespace).map(String.init))
        #expect(iso.count >= 249, "\(iso.count)")
        #expect(PostalAddress.countries == iso.union(["XK"]), "ours only: \(PostalAddress.countries.subtracting(iso)); ISO only: \(iso.subtracting(PostalAddress.countries))")
    }
}
