import Testing
@testable import PayoutCore

@Suite struct CSVTests {
    @Test(arguments: [
        ("plain", "plain"),
        ("", ""),
        ("Müller", "Müller"),
        ("a,b", "\"a,b\""),
        ("say \"hi\"", "\"say \"\"hi\"\"\""),
        ("\"", "\"\"\"\""),
        ("line\nbreak", "\"line\nbreak\""),
        ("cr\rhere", "\"cr\rhere\""),
        ("crlf\r\nhere", "\"crlf\r\nhere\""),
        (" leading", "\" leading\""),
        ("trailing ", "\"trailing \""),
        ("inner space", "inner space"),
        ("tab\tinside", "tab\tinside"),
        ("semi;colon", "semi;colon"),
    ])
    func quotesPerRFC4180(input: String, expected: String) {
        #expect(CSV.field(input) == expected)
    }

    @Test(arguments: [
        ("=1+1", "'=1+1"),
        ("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\""),
        ("+41 44 000 00 00", "'+41 44 000 00 00"),
        ("-cmd", "'-cmd"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tfoo", "'\tfoo"),
        ("\rfoo", "\"'\rfoo\""),
        ("\r\nfoo", "\"'\r\nfoo\""),
        ("=a,b", "\"'=a,b\""), // neutralised, then quoted
        ("-", "'-"),
        ("-.5", "'-.5"), // not a plain number by the rule
        ("-3.", "'-3."),
        ("+5", "'+5"), // plain numbers have no "+"
        ("-1e3", "'-1e3"),
        ("-3.50 ", "\"'-3.50 \""),
    ])
    func neutralisesFormulas(input: String, expected: String) {
        #expect(CSV.field(input) == expected)
    }

    @Test(arguments: ["-3.50", "-0", "-12345678901234567890.123", "0", "57.10", "3"])
    func plainNumbersStayNumbers(input: String) {
        #expect(CSV.field(input) == input)
    }

    @Test func cellsNotStartingWithTriggersAreUntouched() {
        #expect(CSV.field("a=1") == "a=1")
        #expect(CSV.field(" =1") == "\" =1\"") // quoted for the space, not neutralised
        #expect(CSV.field("'=1") == "'=1")
    }

    @Test func lineJoinsAndTerminatesWithCRLF() {
        #expect(CSV.line(["a", "b"]) == "a,b\r\n")
        #expect(CSV.line([]) == "\r\n")
        #expect(CSV.line([""]) == "\r\n")
        #expect(CSV.line(["", ""]) == ",\r\n")
        #expect(CSV.line(["7", "Müller, Anna", "-3.50", "=HYPERLINK(\"x\")"])
            == "7,\"Müller, Anna\",-3.50,\"'=HYPERLINK(\"\"x\"\")\"\r\n")
    }

    /// A minimal RFC 4180 reader, independent of the writer, to check round trips.
    static func parse(_ text: String) -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var scalars = Array(text.unicodeScalars)[...]
        var quoted = false
        while let scalar = scalars.popFirst() {
            if quoted {
                if scalar == "\"" {
                    if scalars.first == "\"" { scalars.removeFirst(); field.unicodeScalars.append("\"") } else { quoted = false }
                } else {
                    field.unicodeScalars.append(scalar)
                }
            } else if scalar == "\"" {
                quoted = true
            } else if scalar == "," {
                record.append(field); field = ""
            } else if scalar == "\r", scalars.first == "\n" {
                scalars.removeFirst()
                record.append(field); field = ""
                records.append(record); record = []
            } else {
                field.unicodeScalars.append(scalar)
            }
        }
        return records
    }

    @Test func roundTripsThroughAnIndependentReader() {
        let rows = [
            ["id", "name", "amount", "note"],
            ["1", "Müller, Anna", "-3.50", "says \"hi\"\r\nand bye"],
            ["2", " padded ", "0.00", ""],
            ["3", "日本", "1234", "a\nb"],
        ]
        let text = rows.map(CSV.line).joined()
        #expect(Self.parse(text) == rows)
        let formulas = [["=1+1", "@x", "+1", "-x", "\tx"]]
        #expect(Self.parse(formulas.map(CSV.line).joined()) == [["'=1+1", "'@x", "'+1", "'-x", "'\tx"]])
    }
}
