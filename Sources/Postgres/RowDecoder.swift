/// Records that declare only their fields: a record that is `Decodable` gets `init(row:)`
/// from `RowDecodable`. Each stored property is read from the column named after it in
/// snake_case (`affiliateId` ← `affiliate_id`) and decoded as its `PostgresDecodable` type,
/// with the errors of `row["affiliate_id"]`: a missing column names the columns there are, a
/// NULL in a non-optional field or a value of the wrong type names the column.
///
/// ```swift
/// struct SentFile: RowDecodable, Decodable {
///     var file: String
///     var sentAt: String      // sent_at
///     var sentBy: String?     // sent_by: NULL is nil; a missing column is still an error
/// }
/// ```
///
/// `CodingKeys` rename a column (`case position = "ord"`). A field whose type has no
/// `PostgresDecodable` conformance (a nested struct), and any binary floating point field, is
/// refused at the first row, naming the column. A value made of several columns (`Money`, `PostalAddress`) is not a
/// field here: such records write `init(row:)` themselves.
extension RowDecodable where Self: Decodable {
    public init(row: Row) throws {
        try self.init(from: RowDecoder(row: row))
    }
}

/// The `Decoder` behind the default `init(row:)`: one keyed container over the row's columns.
struct RowDecoder: Decoder {
    let row: Row
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(RowColumnsContainer<Key>(row: row))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer { throw Self.notARecord }
    func singleValueContainer() throws -> any SingleValueDecodingContainer { throw Self.notARecord }

    static let notARecord = PostgresError(kind: .decoding, message: "a row decodes as a record of named fields only")
}

private struct RowColumnsContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let row: Row
    var codingPath: [any CodingKey] { [] }
    var allKeys: [Key] { [] }

    /// Every field has its column: a missing one must be an error, never a silent nil, so
    /// optional fields go on to `decodeNil`, which throws for it.
    func contains(_ key: Key) -> Bool { true }

    func decodeNil(forKey key: Key) throws -> Bool {
        try row.isNull(at: row.columnIndex(Self.column(key)))
    }

    /// Also the witness of the protocol's requirements for Bool, String and the integers.
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try value(key) }

    /// The column of `key`, decoded as `T`'s `PostgresDecodable` conformance: the field's
    /// type says how, as `row["column"]` does; a type without one is an error, never a guess.
    private func value<T>(_ key: Key) throws -> T {
        let column = Self.column(key)
        // No value of this program is binary floating point: amounts are exact (Decimal or
        // integer minor units), so such a field is refused, whatever PostgreSQL would send.
        guard !(T.self is any BinaryFloatingPoint.Type) else {
            throw PostgresError(kind: .decoding,
                                message: "cannot decode column \"\(column)\" as \(T.self): binary floating point is never decoded (use Decimal)")
        }
        guard let decodable = T.self as? any PostgresDecodable.Type else {
            throw PostgresError(kind: .decoding, message: "cannot decode column \"\(column)\" as \(T.self): not PostgresDecodable")
        }
        guard let value = try row.decode(decodable, column) as? T else {
            throw PostgresError(kind: .decoding, message: "cannot decode column \"\(column)\" as \(T.self)")
        }
        return value
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        throw RowDecoder.notARecord
    }
    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer { throw RowDecoder.notARecord }
    func superDecoder() throws -> any Decoder { throw RowDecoder.notARecord }
    func superDecoder(forKey key: Key) throws -> any Decoder { throw RowDecoder.notARecord }

    /// `affiliateId` → `affiliate_id`, `isThisRun` → `is_this_run` (field names are ASCII).
    /// Runs for every field of every row: bytes, not characters.
    static func column(_ key: Key) -> String {
        let name = key.stringValue.utf8
        var column: [UInt8] = []
        column.reserveCapacity(name.count + 4)
        var afterLowercaseOrDigit = false
        for byte in name {
            let isUppercase = (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            if isUppercase && afterLowercaseOrDigit { column.append(UInt8(ascii: "_")) }
            column.append(isUppercase ? byte + 32 : byte)
            afterLowercaseOrDigit = (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        }
        return String(decoding: column, as: UTF8.self)
    }
}
