extension UInt8 {
    /// Tab, line feed, vertical tab, form feed, carriage return or space: the ASCII characters
    /// Unicode counts as white space. The byte-level fast paths for ASCII text (SEPA text, IBAN
    /// normalisation, payout references, blank cells) use this one definition.
    public var isASCIIWhitespace: Bool { self == 0x20 || (0x09...0x0D).contains(self) }
}
