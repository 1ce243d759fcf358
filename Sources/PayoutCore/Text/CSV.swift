/// RFC 4180 CSV for reports that people open in spreadsheets.
///
/// Cells that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, tab
/// or CR, per OWASP "CSV injection") get a leading `'`, except plain numbers such as
/// "-3.50", which must stay numbers. Neutralising happens before quoting.
///
/// ```swift
/// CSV.line(["7", "Müller, Anna", "-3.50", "=HYPERLINK(\"x\")"])
/// // "7,\"Müller, Anna\",-3.50,\"'=HYPERLINK(\"\"x\"\")\"\r\n"
/// ```
public enum CSV {
    /// One cell: neutralised, then quoted when it contains `,` `"` CR or LF or has leading
    /// or trailing spaces or tabs (which spreadsheets would trim), with embedded quotes doubled.
    public static func field(_ s: String) -> String {
        let cell = neutralised(s)
        // Scalars, not Characters: "\r\n" is a single Character equal to neither "\r" nor "\n".
        let scalars = cell.unicodeScalars
        let needsQuotes = scalars.contains { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" }
            || scalars.first == " " || scalars.last == " " || scalars.first == "\t" || scalars.last == "\t"
        guard needsQuotes else { return cell }
        var quoted = String.UnicodeScalarView()
        quoted.append("\"")
        for scalar in scalars {
            if scalar == "\"" { quoted.append("\"") }
            quoted.append(scalar)
        }
        quoted.append("\"")
        return String(quoted)
    }

    /// A whole record, cells joined by "," and terminated by CRLF.
    public static func line(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\r\n"
    }

    private static func neutralised(_ s: String) -> String {
        guard let first = s.unicodeScalars.first,
              first == "=" || first == "+" || first == "-" || first == "@" || first == "\t" || first == "\r",
              !isPlainNumber(s)
        else { return s }
        return "'" + s
    }

    /// `^-?[0-9]+(\.[0-9]+)?$` on ASCII digits.
    private static func isPlainNumber(_ s: String) -> Bool {
        var bytes = Array(s.utf8)[...]
        if bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        let isDigit: (UInt8) -> Bool = { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        let integer = bytes.prefix(while: isDigit)
        guard !integer.isEmpty else { return false }
        bytes = bytes.dropFirst(integer.count)
        if bytes.isEmpty { return true }
        guard bytes.first == UInt8(ascii: ".") else { return false }
        let fraction = bytes.dropFirst()
        return !fraction.isEmpty && fraction.allSatisfy(isDigit)
    }
}
