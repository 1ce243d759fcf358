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

    /// The parts of `text`, or nil when it is not in the grammar.
    public static func parse(_ text: String) -> Parts? {
        var bytes = Array(text.utf8)[...]
        var negative = false
        if bytes.first == UInt8(ascii: "-") {
            negative = true
            bytes = bytes.dropFirst()
        }
        let isDigit: (UInt8) -> Bool = { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        let integer = bytes.prefix(while: isDigit)
        guard !integer.isEmpty else { return nil }
        bytes = bytes.dropFirst(integer.count)
        var fraction = ArraySlice<UInt8>()
        if let dot = bytes.first {
            guard dot == UInt8(ascii: ".") else { return nil }
            fraction = bytes.dropFirst()
            guard !fraction.isEmpty, fraction.allSatisfy(isDigit) else { return nil }
        }
        return Parts(negative: negative, integer: Array(integer), fraction: Array(fraction))
    }
}
