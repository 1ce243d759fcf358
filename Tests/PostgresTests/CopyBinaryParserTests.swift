@testable import Postgres
import Testing

/// The framing of `COPY … (FORMAT binary)` is removed the same way however the data is cut
/// into chunks, and malformed data is an error, never a silent short read.
@Suite struct CopyBinaryParserTests {
    /// Header, rows of (bigint, text or NULL), trailer.
    static func framed(_ rows: [(Int64, String?)], trailer: Bool = true) -> [UInt8] {
        func int16(_ v: Int16) -> [UInt8] { withUnsafeBytes(of: v.bigEndian) { Array($0) } }
        func int32(_ v: Int32) -> [UInt8] { withUnsafeBytes(of: v.bigEndian) { Array($0) } }
        var bytes = CopyBinaryParser.signature + int32(0) + int32(0)
        for (id, text) in rows {
            bytes += int16(2) + int32(8) + withUnsafeBytes(of: id.bigEndian) { Array($0) }
            if let text { bytes += int32(Int32(text.utf8.count)) + Array(text.utf8) } else { bytes += int32(-1) }
        }
        if trailer { bytes += int16(-1) }
        return bytes
    }

    static func parse(_ bytes: [UInt8], chunk: Int) throws -> [String] {
        var parser = CopyBinaryParser()
        var rows: [String] = []
        var start = 0
        while start < bytes.count {
            let piece = Array(bytes[start..<min(start + chunk, bytes.count)])
            try piece.withUnsafeBytes { raw in
                try parser.consume(raw) { row in rows.append("\(try row.int64(0)):\(try row.string(1) ?? "NULL")") }
            }
            start += chunk
        }
        try parser.finish()
        return rows
    }

    @Test func everyChunkingGivesTheSameRows() throws {
        let rows: [(Int64, String?)] = [(1, "a,b\r\n"), (-7, nil), (Int64.max, ""), (42, String(repeating: "ü", count: 300))]
        let bytes = Self.framed(rows)
        let expected = ["1:a,b\r\n", "-7:NULL", "\(Int64.max):", "42:" + String(repeating: "ü", count: 300)]
        for chunk in [1, 2, 3, 5, 7, 19, 64, bytes.count] {
            #expect(try Self.parse(bytes, chunk: chunk) == expected, "chunks of \(chunk)")
        }
    }

    @Test func malformedDataIsAnError() {
        var wrongSignature = Self.framed([(1, "x")])
        wrongSignature[0] = UInt8(ascii: "X")
        #expect(throws: PostgresError.self) { try Self.parse(wrongSignature, chunk: 64) }
        #expect(throws: PostgresError.self, "no trailer") { try Self.parse(Self.framed([(1, "x")], trailer: false), chunk: 64) }
        #expect(throws: PostgresError.self, "cut inside a row") { try Self.parse(Array(Self.framed([(1, "xyz")]).dropLast(3)), chunk: 64) }
        #expect(throws: PostgresError.self, "data after the trailer") { try Self.parse(Self.framed([(1, "x")]) + [0, 1], chunk: 64) }
    }
}
