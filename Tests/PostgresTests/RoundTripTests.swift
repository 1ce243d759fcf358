import Foundation
import Postgres
import Testing

@Suite struct RoundTripTests {
    static let numerics = [
        "0.0001", "99999999999999.9999", "-0.0001", "-12345.6789", "0", "1", "-1", "100",
        "0.123456789012345678901234567890",  // 30 decimals
        "-0.000000000000000000000000000001",  // 30 decimals, smallest
        "12345678901234567890123456789012345678",  // 38 digits
        "-99999999999999999999999999999999999999",  // 38 nines
        "1234567890123456789012345678.9012345678",  // 38 digits with a fraction
    ]

    @Test func decimalsRoundTripExactly() throws {
        try withConnection { conn, _ throws in
            try conn.executeScript("create table n(i int primary key, v numeric, m numeric(18,4))")
            for (i, text) in Self.numerics.enumerated() {
                let value = try #require(Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")))
                try conn.execute("insert into n(i, v) values (\(i), \(value))")
                let row = try #require(try conn.queryOne("select v, v::text as t, v = \(text)::numeric as same from n where i = \(i)"))
                #expect(try row.decode(Decimal.self, at: 0) == value, "\(text)")
                #expect(try row.get("same") as Bool, "server sees \(text) unchanged")
                // Exact text: PostgreSQL keeps the scale we sent; compare digits with trailing zeros trimmed.
                let stored: String = try row.get("t")
                #expect(Decimal(string: stored, locale: Locale(identifier: "en_US_POSIX")) == value)
            }
            // numeric(18,4) keeps trailing zeros in its text; Decimal ignores them.
            try conn.execute("insert into n(i, m) values (100, \(Decimal(string: "12.5")!))")
            let m = try #require(try conn.queryOne("select m, m::text from n where i = 100"))
            #expect(try m.decode(String.self, at: 1) == "12.5000")
            #expect(try m.decode(Decimal.self, at: 0) == Decimal(string: "12.5")!)
        }
    }

    @Test func decimalEncodingIsPlainText() throws {
        #expect(try Decimal(string: "-12345.6789")!.postgresText() == "-12345.6789")
        #expect(try Decimal(string: "0.0001")!.postgresText() == "0.0001")
        #expect(try Decimal(sign: .plus, exponent: 20, significand: 5).postgresText() == "500000000000000000000")
        #expect(try Decimal(sign: .minus, exponent: -30, significand: 1).postgresText() == "-0." + String(repeating: "0", count: 29) + "1")
        let nanError = postgresError { _ = try Decimal.nan.postgresText() }
        #expect(nanError?.kind == .encoding)
    }

    @Test func numericsThatDoNotFitThrow() throws {
        try withConnection { conn, _ throws in
            let tooLong = try #require(try conn.queryOne("select 123456789012345678901234567890123456789012::numeric as big"))
            let error = postgresError { _ = try tooLong.decode(Decimal.self, "big") }
            #expect(error?.kind == .decoding)
            #expect(error?.message.contains("\"big\"") == true)
            let nan = try #require(try conn.queryOne("select 'NaN'::numeric as n, 'Infinity'::numeric as inf"))
            let error1 = postgresError { _ = try nan.decode(Decimal.self, "n") }
            #expect(error1?.kind == .decoding)
            let error2 = postgresError { _ = try nan.decode(Decimal.self, "inf") }
            #expect(error2?.kind == .decoding)
            // Many decimals beyond Decimal's precision.
            let tiny = try #require(try conn.queryOne("select 0.1234567890123456789012345678901234567890123::numeric"))
            let error3 = postgresError { _ = try tiny.decode(Decimal.self, at: 0) }
            #expect(error3?.kind == .decoding)
        }
    }

    @Test func integersStringsAndBools() throws {
        try withConnection { conn, _ throws in
            let row = try #require(try conn.queryOne("""
                select \(Int.max)::bigint, \(Int.min)::bigint, \(Int64(-42))::bigint, \(Int32.max)::int, \(Int32.min)::int,
                       \(true)::bool, \(false)::bool, \("")::text, \("üñí©ødé 🎉 ‘quotes’ \\ \"")::text
                """))
            #expect(try row.decode(Int.self, at: 0) == Int.max)
            #expect(try row.decode(Int.self, at: 1) == Int.min)
            #expect(try row.decode(Int64.self, at: 2) == -42)
            #expect(try row.decode(Int32.self, at: 3) == Int32.max)
            #expect(try row.decode(Int32.self, at: 4) == Int32.min)
            #expect(try row.decode(Bool.self, at: 5) == true)
            #expect(try row.decode(Bool.self, at: 6) == false)
            #expect(try row.decode(String.self, at: 7) == "")
            #expect(try row.decode(String.self, at: 8) == "üñí©ødé 🎉 ‘quotes’ \\ \"")
            // Out of range for the requested type.
            let error4 = postgresError { _ = try row.decode(Int32.self, at: 0) }
            #expect(error4?.kind == .decoding)
        }
    }

    @Test func nullsOfEveryType() throws {
        try withConnection { conn, _ throws in
            let noString: String? = nil, noInt: Int? = nil, noInt64: Int64? = nil, noInt32: Int32? = nil
            let noBool: Bool? = nil, noDecimal: Decimal? = nil, noDate: Date? = nil, noArray: [Int64]? = nil
            let row = try #require(try conn.queryOne("""
                select \(noString)::text as s, \(noInt)::bigint as i, \(noInt64)::bigint as i64, \(noInt32)::int as i32,
                       \(noBool)::bool as b, \(noDecimal)::numeric as d, \(noDate)::timestamptz as t, \(noArray)::bigint[] as a
                """))
            #expect(try row.decode(String?.self, "s") == nil)
            #expect(try row.decode(Int?.self, "i") == nil)
            #expect(try row.decode(Int64?.self, "i64") == nil)
            #expect(try row.decode(Int32?.self, "i32") == nil)
            #expect(try row.decode(Bool?.self, "b") == nil)
            #expect(try row.decode(Decimal?.self, "d") == nil)
            #expect(try row.decode(Date?.self, "t") == nil)
            #expect(try row.decode([Int64]?.self, "a") == nil)
            #expect(try row.isNull(at: 0))
            #expect(row.columnNames == ["s", "i", "i64", "i32", "b", "d", "t", "a"])
            // Present values decode through Optional too.
            let some: Int64? = try #require(try conn.queryOne("select 7::bigint")).get(at: 0)
            #expect(some == 7)
        }
    }

    @Test func nullIntoNonOptionalNamesTheColumn() throws {
        try withConnection { conn, _ throws in
            let row = try #require(try conn.queryOne("select 1 as id, null::numeric as payout_amount"))
            let error = try #require(postgresError { _ = try row.decode(Decimal.self, "payout_amount") })
            #expect(error.kind == .decoding)
            #expect(error.description.contains("payout_amount"))
            let byIndex = try #require(postgresError { _ = try row.get(at: 1) as Decimal })
            #expect(byIndex.description.contains("payout_amount"))
            let error5 = postgresError { _ = try row.decode(Int.self, "missing") }
            #expect(error5?.description.contains("missing") == true)
            let error6 = postgresError { _ = try row.decode(Int.self, at: 5) }
            #expect(error6?.kind == .decoding)
        }
    }

    @Test func datesRoundTripAsTimestamptz() throws {
        try withConnection { conn, _ throws in
            let date = Date(timeIntervalSince1970: 1_706_745_599.123456)  // 2024-01-31 23:59:59.123456 UTC
            #expect(try date.postgresText() == "2024-01-31 23:59:59.123456+00")
            let row = try #require(try conn.queryOne(
                "select \(date)::timestamptz as t, \(date)::timestamptz = '2024-01-31 23:59:59.123456+00' as same"))
            #expect(try row.get("same") as Bool)
            let back: Date = try row.get("t")
            #expect(try back.postgresText() == "2024-01-31 23:59:59.123456+00")
            #expect(abs(back.timeIntervalSince(date)) < 0.000_001)

            // Other session time zones, including historical offsets with seconds.
            try conn.executeScript("set timezone = 'Asia/Kolkata'")
            let kolkata = try #require(try conn.queryOne("select '2024-06-01 00:00:00+00'::timestamptz, '2024-06-01 00:00:00+00'::timestamptz::text"))
            #expect(try kolkata.decode(String.self, at: 1) == "2024-06-01 05:30:00+05:30")
            #expect(try kolkata.decode(Date.self, at: 0) == Date(timeIntervalSince1970: 1_717_200_000))
            try conn.executeScript("set timezone = 'Europe/Amsterdam'")
            let old = try #require(try conn.queryOne("select '1900-01-01 00:00:00+00'::timestamptz, '1900-01-01 00:00:00+00'::timestamptz::text"))
            #expect(try old.decode(String.self, at: 1).hasSuffix("+00:19:32"))
            #expect(try old.decode(Date.self, at: 0) == Date(timeIntervalSince1970: -2_208_988_800))

            let odd = try #require(try conn.queryOne("select 'infinity'::timestamptz, '2024-01-01'::timestamp, '0044-03-15 00:00:00+00 BC'::timestamptz"))
            let error7 = postgresError { _ = try odd.decode(Date.self, at: 0) }
            #expect(error7?.kind == .decoding)
            let error8 = postgresError { _ = try odd.decode(Date.self, at: 1) }
            #expect(error8?.kind == .decoding)
            let error9 = postgresError { _ = try odd.decode(Date.self, at: 2) }
            #expect(error9?.kind == .decoding)
        }
    }

    @Test func arraysWithNastyElements() throws {
        try withConnection { conn, _ throws in
            let strings: [String?] = [
                "", "NULL", nil, "null", "a,b", "{x}", "}", "\"quoted\"", "back\\slash", "\\\"", " padded ",
                "üñí©ødé 🎉", "new\nline\ttab", "'); drop table t; --",
            ]
            let row = try #require(try conn.queryOne(
                "select \(strings)::text[] as a, cardinality(\(strings)::text[]) as n"))
            #expect(try row.get("n") as Int == strings.count)
            #expect(try row.decode([String?].self, "a") == strings)
            // Element by element, through unnest, so the server's view is checked too.
            let elements = try conn.query("select x from unnest(\(strings)::text[]) with ordinality as u(x, i) order by i")
            let mapped10 = try elements.map { try $0.decode(String?.self, at: 0) }
            #expect(mapped10 == strings)
            let error11 = postgresError { _ = try row.decode([String].self, "a") }
            #expect(error11?.kind == .decoding)

            let plain: [String] = ["a", "", "NULL"]
            let ids: [Int64] = [1, -2, Int64.max, Int64.min]
            let ints: [Int] = [3, 0]
            let amounts: [Decimal] = [Decimal(string: "0.0001")!, Decimal(string: "-12345.6789")!, 0]
            let empty: [Int64] = []
            let r = try #require(try conn.queryOne(
                "select \(plain)::text[], \(ids)::bigint[], \(ints)::int[], \(amounts)::numeric[], \(empty)::bigint[]"))
            #expect(try r.decode([String].self, at: 0) == plain)
            #expect(try r.decode([Int64].self, at: 1) == ids)
            #expect(try r.decode([Int].self, at: 2) == ints)
            #expect(try r.decode([Decimal].self, at: 3) == amounts)
            #expect(try r.decode([Int64].self, at: 4) == [])
        }
    }

    @Test func bulkInsertThroughUnnest() throws {
        try withConnection { conn, _ throws in
            try conn.executeScript("create table t(id bigint primary key, reason text, amount numeric(18,4))")
            let ids: [Int64] = Array(1...1000)
            let reasons: [String?] = ids.map { $0 % 7 == 0 ? nil : "reason \($0), \"q\"" }
            let amounts: [Decimal] = ids.map { Decimal($0) / 10000 }
            let inserted = try conn.execute(
                "insert into t select * from unnest(\(ids)::bigint[], \(reasons)::text[], \(amounts)::numeric[])")
            #expect(inserted == 1000)
            let rows = try conn.query("select id, reason, amount from t order by id")
            let mapped12 = try rows.map { try $0.decode(Int64.self, at: 0) }
            #expect(mapped12 == ids)
            let mapped13 = try rows.map { try $0.decode(String?.self, "reason") }
            #expect(mapped13 == reasons)
            let mapped14 = try rows.map { try $0.decode(Decimal.self, "amount") }
            #expect(mapped14 == amounts)
        }
    }

    @Test func queryValuesAreParameters() throws {
        let name = "x'y"
        let amount: Decimal? = nil
        let q: Query = "insert into t(a, b) values (\(name), \(amount))"
        #expect(q.sql == "insert into t(a, b) values ($1, $2)")
        #expect(q.bindings.map(\.text) == ["x'y", nil])
        let loaded = Query(unsafeSQL: "select $1::int + $2::int", 1, Int?.none)
        #expect(loaded.bindings.map(\.text) == ["1", nil])
        #expect(try ["a\"b", "c\\d", nil, ""].postgresText() == #"{"a\"b","c\\d",NULL,""}"#)
    }

    @Test func stringWithNULIsRejected() throws {
        try withConnection { conn, _ throws in
            let error = postgresError { _ = try conn.query("select \("a\u{0}b")::text") }
            #expect(error?.kind == .encoding)
            #expect(error?.message.contains("$1") == true)
        }
    }
}
