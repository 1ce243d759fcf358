import PlainDecimal

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

    /// `field` of UTF-8 `bytes`, appended to `out`. The bytes themselves when no byte can
    /// make a difference (printable ASCII without `,` or `"`, no formula starter or space
    /// first, no space last: the usual order number), else `field` of their text.
    public static func appendField(_ bytes: UnsafeRawBufferPointer, to out: inout [UInt8]) {
        if isPlain(bytes) {
            out.append(contentsOf: bytes)
        } else {
            out.append(contentsOf: field(String(decoding: bytes, as: UTF8.self)).utf8)
        }
    }

    private static func isPlain(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let first = bytes.first, let last = bytes.last else { return true }
        // What `field` decides on: a formula starter first (`formulaStarters`), a space at
        // either end, and anywhere `,` `"` or a control or non-ASCII byte (tab, CR, LF).
        guard !startsFormula(first), first != UInt8(ascii: " "), last != UInt8(ascii: " ") else {
            return false
        }
        for byte in bytes where byte < 0x20 || byte > 0x7E || byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"") {
            return false
        }
        return true
    }

    /// A whole record, cells joined by "," and terminated by CRLF.
    public static func line(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\r\n"
    }

    /// The characters a spreadsheet runs as the start of a formula.
    public static let formulaStarters: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]

    /// Whether `s` starts with a formula character. Validators of values that a file must
    /// carry unchanged (PayPal receiver, prepaid account) refuse these.
    public static func startsLikeFormula(_ s: String) -> Bool {
        guard let first = s.utf8.first else { return false }
        return first < 0x80 ? startsFormula(first) : s.unicodeScalars.first.map(formulaStarters.contains) ?? false
    }

    /// `formulaStarters` of an ASCII byte, by table (a Set lookup hashes, and every cell and
    /// PayPal receiver is asked): built once from the set.
    private static func startsFormula(_ byte: UInt8) -> Bool {
        byte < 0x80 && formulaStarterBytes[Int(byte)]
    }

    private static let formulaStarterBytes: [Bool] = (0..<128).map { formulaStarters.contains(Unicode.Scalar(UInt8($0))) }

    /// The formula-neutralisation rule, the only place it is applied.
    private static func neutralised(_ s: String) -> String {
        guard startsLikeFormula(s), PlainDecimal.parse(s) == nil else { return s }
        return "'" + s
    }
}
