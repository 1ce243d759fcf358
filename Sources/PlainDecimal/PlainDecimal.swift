/// The plain decimal grammar, `-?[0-9]+(\.[0-9]+)?` in ASCII: no "+", no exponent, no spaces,
/// no grouping, "." only. Its one home: PostgreSQL's `numeric` text (Postgres), amounts read
/// by `AmountFormat.parse` and the numbers CSV cells keep as numbers (PayoutCore) all use it.
///
/// ```swift
/// PlainDecimal.parse("-12.50")   // negative, integer "12", fraction "50"
/// PlainDecimal.parse("1e3")      // nil
/// ```
public enum PlainDecimal {
    public struct Parts: Sendable, Equatable {
        public var negative: Bool
        /// The integer digits as written (ASCII), at least one.
        public var integer: [UInt8]
        /// The fraction digits as written (ASCII), empty when there is no ".".
        public var fraction: [UInt8]
    }

    /// Where the parts of a text in the grammar are, by byte offset (no copies).
    public struct Ranges: Sendable, Equatable {
        public var negative: Bool
        public var integer: Range<Int>
        /// Empty when there is no ".".
        public var fraction: Range<Int>
    }

    /// The parts of `text`, or nil when it is not in the grammar.
    public static func parse(_ text: String) -> Parts? {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBytes { raw in
            parse(bytes: raw).map { r in
                Parts(negative: r.negative, integer: Array(bytes[r.integer]), fraction: Array(bytes[r.fraction]))
            }
        }
    }

    /// The parts of UTF-8 `bytes`, or nil when they are not in the grammar: the one reading
    /// of the grammar, for the writers that stream numbers as bytes too.
    public static func parse(bytes: UnsafeRawBufferPointer) -> Ranges? {
        let isDigit: (UInt8) -> Bool = { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        let negative = bytes.first == UInt8(ascii: "-")
        let start = negative ? 1 : 0
        var integerEnd = start
        while integerEnd < bytes.count, isDigit(bytes[integerEnd]) { integerEnd += 1 }
        guard integerEnd > start else { return nil }
        guard integerEnd < bytes.count else {
            return Ranges(negative: negative, integer: start..<integerEnd, fraction: integerEnd..<integerEnd)
        }
        guard bytes[integerEnd] == UInt8(ascii: "."), integerEnd + 1 < bytes.count else { return nil }
        for index in (integerEnd + 1)..<bytes.count where !isDigit(bytes[index]) { return nil }
        return Ranges(negative: negative, integer: start..<integerEnd, fraction: (integerEnd + 1)..<bytes.count)
    }
}
