import Foundation
import PayoutCore

/// HTML escaping: the one function every value in report.html goes through.
public enum HTMLText {
    /// How the apostrophe is written (XML writes `&apos;`).
    private static let apostrophe = "&#39;"

    /// Safe in element content and in a double- or single-quoted attribute value: `&`, `<`,
    /// `>`, `"` and `'` become character references. Control characters (other than tab
    /// and line feed), which HTML forbids, become U+FFFD. Everything else stays as it is;
    /// bidi controls such as U+202E are contained by the markup (`<bdi>`), not removed.
    public static func escape(_ s: String) -> String {
        ScalarEscaping.escape(s) { scalar in
            if let reference = ScalarEscaping.markupReference(scalar, apostrophe: apostrophe) { return reference }
            switch scalar.value {
            case 0x09, 0x0A: return nil
            case 0x00..<0x20, 0x7F..<0xA0: return "\u{FFFD}"
            default: return nil
            }
        }
    }

    /// `escape` of UTF-8 `bytes`, appended to `out`: byte by byte for ASCII (the held table
    /// escapes a name per held affiliate), `escape` itself for any other text.
    public static func append(_ bytes: UnsafeRawBufferPointer, to out: inout [UInt8]) {
        let start = out.count
        for byte in bytes {
            switch byte {
            case 0x09, 0x0A, 0x20..<0x7F:
                if let reference = ScalarEscaping.markupReference(Unicode.Scalar(byte), apostrophe: apostrophe) {
                    out.append(contentsOf: reference.utf8)
                } else {
                    out.append(byte)
                }
            default:
                // A control character or non-ASCII: the whole text the scalar way.
                out.removeSubrange(start...)
                out.append(contentsOf: escape(String(decoding: bytes, as: UTF8.self)).utf8)
                return
            }
        }
    }
}

/// Words and number formats of report.html (English, locale-independent, deterministic).
enum ReportWords {
    static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August",
                             "September", "October", "November", "December"]
    static let shortMonthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// "December 2026".
    static func month(_ month: RunMonth) -> String {
        (1...12).contains(month.month) ? "\(monthNames[month.month - 1]) \(month.year)" : month.description
    }

    /// "Dec 26", for chart axes.
    static func shortMonth(_ month: RunMonth) -> String {
        guard (1...12).contains(month.month) else { return month.description }
        let year = String(month.year)
        return "\(shortMonthNames[month.month - 1]) \(year.suffix(2))"
    }

    static func channel(_ method: String) -> String {
        switch PayoutMethod(rawValue: method) {
        case .iban: "Bank transfer (IBAN)"
        case .paypal: "PayPal"
        case .prepaid: "Prepaid account credit"
        case nil: method
        }
    }

    /// Why a commission was voided, in words. The codes are the run's (`voided_commissions`).
    static func voidReason(_ code: String) -> String {
        switch code {
        case "refunded_within_30_days": "Order refunded or cancelled within its 30 days."
        case "excluded_product": "Product excluded from the affiliate program."
        default: "Voided (reason not described in this version)."
        }
    }

    /// "2026-12-01T00:00:00+01:00" → "2026-12-01 00:00 (UTC+01:00)".
    static func instant(_ iso: String) -> String {
        let parts = iso.split(separator: "T", maxSplits: 1)
        guard parts.count == 2, parts[1].count >= 14 else { return iso }
        let time = parts[1]
        let clock = time.prefix(5)
        let offset = time.dropFirst(8)
        return "\(parts[0]) \(clock) (UTC\(offset))"
    }

    /// An amount with exactly its currency's decimals and "," between thousands: "1,234.50".
    /// Never rounds (throws instead, like every file of the run).
    static func amount(_ value: Decimal, minorUnits: Int) throws -> String {
        grouped(try AmountFormat.string(value, minorUnits: minorUnits))
    }

    /// `amount` of PostgreSQL's `numeric` text, appended to `out`; false (nothing appended)
    /// when the text is not a plain decimal or has more significant decimals than `minorUnits`.
    static func appendAmount(numericText text: UnsafeRawBufferPointer, minorUnits: Int, to out: inout [UInt8]) -> Bool {
        let start = out.count
        guard AmountFormat.append(numericText: text, minorUnits: minorUnits, to: &out) else { return false }
        groupThousands(&out, from: start)
        return true
    }

    static func amount(_ money: Money) throws -> String {
        try amount(money.amount, minorUnits: money.minorUnits)
    }

    /// A count with "," between thousands.
    static func count(_ n: Int) -> String { grouped(String(n)) }

    /// Groups the integer digits of a plain decimal string ("-1234.5" → "-1,234.5").
    static func grouped(_ plain: String) -> String {
        var bytes = Array(plain.utf8)
        groupThousands(&bytes, from: 0)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The one grouping of report.html's numbers: "," between thousands of the integer digits
    /// of the plain decimal at `out[start...]` (an optional "-", digits, an optional fraction),
    /// in place: the digits after the first group move right.
    static func groupThousands(_ out: inout [UInt8], from start: Int) {
        guard start < out.count else { return }
        let integerStart = out[start] == UInt8(ascii: "-") ? start + 1 : start
        let integerEnd = out[integerStart...].firstIndex(of: UInt8(ascii: ".")) ?? out.count
        let digits = integerEnd - integerStart
        let commas = (digits - 1) / 3
        guard commas > 0 else { return }
        let oldCount = out.count
        out.append(contentsOf: repeatElement(0, count: commas))
        var to = out.count - 1
        for from in stride(from: oldCount - 1, through: integerEnd, by: -1) { out[to] = out[from]; to -= 1 }
        for (index, from) in stride(from: integerEnd - 1, through: integerStart, by: -1).enumerated() {
            if index > 0, index % 3 == 0 { out[to] = UInt8(ascii: ","); to -= 1 }
            out[to] = out[from]
            to -= 1
        }
    }

    /// `part / whole × length`, rounded to a whole number of pixels, in decimal arithmetic
    /// (chart geometry from money never goes through binary floating point).
    static func scaled(_ part: Decimal, of whole: Decimal, length: Int) -> Int {
        guard whole > 0, part > 0 else { return 0 }
        var exact = part * Decimal(length) / whole
        var rounded = Decimal()
        NSDecimalRound(&rounded, &exact, 0, .plain)
        return min(length, max(1, Int(DecimalText.exact(rounded)) ?? 0))
    }
}
