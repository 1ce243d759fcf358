// COPY (…) TO STDOUT (FORMAT binary), row by row.

extension Connection {
    /// Runs `select` as `COPY (select) TO STDOUT (FORMAT binary)` and hands each row to `body`,
    /// framing removed. The fastest way to read many rows: no per-row result, no text escaping
    /// (a text column arrives as its exact UTF-8 bytes), and memory bounded by one row.
    ///
    /// ```swift
    /// try conn.copyRows("select id, line from statement_text order by id") { row in
    ///     let id = try row.int64(0)          // a bigint column
    ///     try file.write(bytes: try row.bytes(1))  // a text column, as sent
    /// }
    /// ```
    ///
    /// COPY takes no parameters: `select` must have no interpolated values (it throws `.usage`
    /// otherwise); pass values through `set_config(…)` with bound values beforehand and read them
    /// with `current_setting(…)`. A `CopyRow` and the buffers it returns are valid only during
    /// the call of `body`, which must not use the connection.
    public func copyRows(_ select: Query, _ body: (CopyRow) throws -> Void) throws {
        var parser = CopyBinaryParser()
        try copyOutChunks(Query(sql: "copy (" + select.sql + ") to stdout (format binary)", bindings: select.bindings)) { chunk in
            try parser.consume(chunk, body)
        }
        try parser.finish()
    }
}

/// One row of a binary COPY: its fields as the server sent them (binary send format).
public struct CopyRow {
    let base: UnsafeRawPointer
    /// Offset and length (-1: NULL) of each field, relative to `base`.
    let fields: UnsafeBufferPointer<(offset: Int, length: Int)>

    /// Number of fields.
    public var count: Int { fields.count }

    /// The bytes of field `index`, or nil for NULL.
    public func optionalBytes(_ index: Int) throws -> UnsafeRawBufferPointer? {
        guard index >= 0, index < fields.count else {
            throw PostgresError(kind: .decoding, message: "COPY row has \(fields.count) fields, field \(index) asked for")
        }
        let field = fields[index]
        if field.length < 0 { return nil }
        return UnsafeRawBufferPointer(start: base + field.offset, count: field.length)
    }

    /// The bytes of field `index` (for a text column: its UTF-8 text); NULL throws.
    public func bytes(_ index: Int) throws -> UnsafeRawBufferPointer {
        guard let bytes = try optionalBytes(index) else {
            throw PostgresError(kind: .decoding, message: "COPY field \(index) is NULL")
        }
        return bytes
    }

    /// A text column as a String; nil for NULL.
    public func string(_ index: Int) throws -> String? {
        try optionalBytes(index).map { String(decoding: $0, as: UTF8.self) }
    }

    /// A `bigint` column (8 bytes, big-endian).
    public func int64(_ index: Int) throws -> Int64 {
        let raw = try bytes(index)
        guard raw.count == 8 else {
            throw PostgresError(kind: .decoding, message: "COPY field \(index) has \(raw.count) bytes, a bigint has 8")
        }
        var value: UInt64 = 0
        for byte in raw { value = value << 8 | UInt64(byte) }
        return Int64(bitPattern: value)
    }

    /// A `boolean` column (1 byte).
    public func bool(_ index: Int) throws -> Bool {
        let raw = try bytes(index)
        guard raw.count == 1 else {
            throw PostgresError(kind: .decoding, message: "COPY field \(index) has \(raw.count) bytes, a boolean has 1")
        }
        return raw[0] != 0
    }
}

/// Removes the framing of `COPY … (FORMAT binary)`: a header (signature, flags, extension),
/// then per row a 16-bit field count and per field a 32-bit length (-1: NULL) and the bytes;
/// a field count of -1 ends the data. Rows may arrive split across chunks (libpq sends one per
/// row, but nothing here relies on it).
struct CopyBinaryParser {
    static let signature: [UInt8] = Array("PGCOPY\n".utf8) + [0xFF, 0x0D, 0x0A, 0x00]

    private var pending: [UInt8] = []
    private var sawHeader = false
    private var sawTrailer = false
    private var fields: [(offset: Int, length: Int)] = []

    mutating func consume(_ chunk: UnsafeRawBufferPointer, _ body: (CopyRow) throws -> Void) throws {
        if pending.isEmpty {
            let used = try parse(chunk, body)
            if used < chunk.count { pending.append(contentsOf: chunk[used...]) }
        } else {
            pending.append(contentsOf: chunk)
            let rest = pending
            let used = try rest.withUnsafeBytes { try parse($0, body) }
            pending.removeFirst(used)
        }
    }

    mutating func finish() throws {
        guard sawTrailer, pending.isEmpty else {
            throw PostgresError(kind: .copy, message: "binary COPY data ended without its trailer")
        }
    }

    /// Parses the complete rows at the start of `data`; returns how many bytes they took.
    private mutating func parse(_ data: UnsafeRawBufferPointer, _ body: (CopyRow) throws -> Void) throws -> Int {
        var at = 0
        func int16(_ i: Int) -> Int { Int(Int16(bitPattern: UInt16(data[i]) << 8 | UInt16(data[i + 1]))) }
        func int32(_ i: Int) -> Int {
            Int(Int32(bitPattern: UInt32(data[i]) << 24 | UInt32(data[i + 1]) << 16 | UInt32(data[i + 2]) << 8 | UInt32(data[i + 3])))
        }
        if !sawHeader {
            guard data.count >= 19 else { return 0 }
            guard data[0..<11].elementsEqual(Self.signature) else {
                throw PostgresError(kind: .copy, message: "binary COPY data does not start with its signature")
            }
            let extensionLength = int32(15)
            guard extensionLength >= 0 else { throw PostgresError(kind: .copy, message: "binary COPY header is malformed") }
            guard data.count >= 19 + extensionLength else { return 0 }
            at = 19 + extensionLength
            sawHeader = true
        }
        rows: while at + 2 <= data.count {
            guard !sawTrailer else { throw PostgresError(kind: .copy, message: "binary COPY data after its trailer") }
            let count = int16(at)
            if count == -1 {
                sawTrailer = true
                at += 2
                continue
            }
            guard count >= 0 else { throw PostgresError(kind: .copy, message: "binary COPY row has \(count) fields") }
            fields.removeAll(keepingCapacity: true)
            var next = at + 2
            for _ in 0..<count {
                guard next + 4 <= data.count else { break rows }
                let length = int32(next)
                next += 4
                guard length >= -1 else { throw PostgresError(kind: .copy, message: "binary COPY field length \(length)") }
                if length > 0 { guard next + length <= data.count else { break rows } }
                fields.append((offset: next, length: length))
                next += max(length, 0)
            }
            guard let base = data.baseAddress else { break }
            try fields.withUnsafeBufferPointer { try body(CopyRow(base: base, fields: $0)) }
            at = next
        }
        return at
    }
}
