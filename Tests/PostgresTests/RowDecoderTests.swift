import Foundation
import Postgres
import Testing

/// Records that declare only their fields (`RowDecodable` and `Decodable`): the columns they
/// read, and errors that name the column as `row["column"]` does.
@Suite struct RowDecoderTests {
    struct Payout: RowDecodable, Decodable, Equatable {
        var affiliateId: Int64
        var amount: Decimal
        var reasons: [String]
        var paidAt: Date?
        var isNew: Bool
    }

    struct Position: RowDecodable, Decodable {
        var position: Int
        enum CodingKeys: String, CodingKey { case position = "ord" }
    }

    struct Ratio: RowDecodable, Decodable { var ratio: Double }
    struct Nested: RowDecodable, Decodable { var inner: Position }

    @Test func fieldsAreReadFromTheirSnakeCaseColumns() throws {
        try withConnection { conn, _ throws in
            let payout = try conn.queryFirst("""
                select 7::bigint as affiliate_id, 12.3400::numeric as amount, array['a', 'b,c'] as reasons,
                       null::timestamptz as paid_at, true as is_new
                """, as: Payout.self)
            #expect(payout == Payout(affiliateId: 7, amount: Decimal(string: "12.34")!, reasons: ["a", "b,c"], paidAt: nil, isNew: true))
            #expect(try conn.queryFirst("select 3 as ord", as: Position.self).position == 3)
        }
    }

    @Test func errorsNameTheColumn() throws {
        try withConnection { conn, _ throws in
            // A missing column is an error, for an optional field too: never a silent nil.
            let missing = try #require(postgresError {
                _ = try conn.queryFirst("select 7::bigint as affiliate_id, 1 as amount, '{}'::text[] as reasons, true as is_new", as: Payout.self)
            })
            #expect(missing.kind == .decoding)
            #expect(missing.description.contains("no column \"paid_at\" in the result (columns: affiliate_id, amount, reasons, is_new)"), "\(missing)")

            let null = try #require(postgresError {
                _ = try conn.queryFirst("select null::bigint as affiliate_id, 1 as amount, '{}'::text[] as reasons, null::timestamptz as paid_at, true as is_new", as: Payout.self)
            })
            #expect(null.description.contains("column \"affiliate_id\" (index 0) is NULL"), "\(null)")

            let text = try #require(postgresError {
                _ = try conn.queryFirst("select 7 as affiliate_id, 'twelve' as amount, '{}'::text[] as reasons, null::timestamptz as paid_at, true as is_new", as: Payout.self)
            })
            #expect(text.description.contains("cannot decode column \"amount\""), "\(text)")

            // A field whose type has no PostgreSQL decoding is refused, not guessed.
            let double = try #require(postgresError { _ = try conn.queryFirst("select 0.5 as ratio", as: Ratio.self) })
            #expect(double.kind == .decoding)
            #expect(double.description.contains("column \"ratio\"") && double.description.contains("Double"), "\(double)")
            let nested = try #require(postgresError { _ = try conn.queryFirst("select 1 as inner", as: Nested.self) })
            #expect(nested.description.contains("column \"inner\""), "\(nested)")
        }
    }
}
