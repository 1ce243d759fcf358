import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where renderers put their text. Implementations buffer; renderers write small pieces.
public protocol OutputSink: AnyObject {
    func write(_ text: String) throws
    /// UTF-8 bytes, e.g. many table rows laid out at once.
    func write(bytes: UnsafeRawBufferPointer) throws
}

extension OutputSink {
    public func write(bytes: UnsafeRawBufferPointer) throws {
        try write(String(decoding: bytes, as: UTF8.self))
    }
}

/// An in-memory sink, for rendering small things (and for tests).
public final class StringSink: OutputSink {
    public private(set) var text = ""
    public init() {}
    public func write(_ text: String) throws { self.text += text }
}

/// A file written under a temporary name in its final folder and put in place only when
/// complete.
///
/// Life cycle: `init` creates `.<name>.<pid>.<random>.tmp` with `O_CREAT|O_EXCL` and mode 0600;
/// `write` goes through a 64 KiB buffer while SHA-256 is computed on the fly; `finish()`
/// flushes, fsyncs and closes; `commit()` puts the file under its final name; `discard()`
/// (also run on deinit) removes the temporary file.
///
/// An existing file under the final name is never replaced. `commit()` links the temporary
/// file to the final name (`link(2)` fails rather than overwrite) and, if the name is taken,
/// compares digests: the same bytes count as success (`.alreadyPresent`, the re-export of a
/// run after a crash), different bytes throw `PayoutFileError.conflict`. On file systems
/// without hard links it falls back to check-then-`rename(2)`.
public final class AtomicFile: OutputSink {
    public static let bufferSize = 64 * 1024

    public let directory: String
    public let name: String
    public let temporaryPath: String
    public var finalPath: String { directory + "/" + name }

    private var fd: Int32
    private var buffer: [UInt8] = []
    private var hasher = SHA256()
    private var digest: String?
    private var temporaryExists = true
    public private(set) var byteCount = 0

    public init(directory: URL, name: String) throws {
        guard !name.isEmpty, !name.contains("/"), !name.hasPrefix("."), name.utf8.count < 200 else {
            throw PayoutFileError.invalidHeader(file: name, problem: "not a plain file name")
        }
        self.directory = directory.path
        self.name = name
        let tag = String(UInt64.random(in: 0...UInt64.max), radix: 16)
        self.temporaryPath = self.directory + "/." + name + "." + String(getpid()) + "." + tag + ".tmp"
        let fd = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw PayoutFileError.io(operation: "create", path: temporaryPath, errno: errno) }
        self.fd = fd
        // The umask can only take bits away; make sure the owner can read and write.
        if fchmod(fd, 0o600) != 0 {
            let code = errno
            close(fd)
            unlink(temporaryPath)
            throw PayoutFileError.io(operation: "chmod", path: temporaryPath, errno: code)
        }
        buffer.reserveCapacity(Self.bufferSize)
    }

    deinit {
        discard()
    }

    public func write(_ text: String) throws {
        var text = text
        try text.withUTF8 { try write(bytes: $0) }
    }

    /// Bytes as they came, e.g. a line the database formatted.
    public func write(bytes: UnsafeRawBufferPointer) throws {
        try write(bytes: bytes.bindMemory(to: UInt8.self))
    }

    public func write(bytes: UnsafeBufferPointer<UInt8>) throws {
        guard fd >= 0, digest == nil else {
            throw PayoutFileError.io(operation: "write (file already finished)", path: temporaryPath, errno: EBADF)
        }
        if buffer.count + bytes.count > Self.bufferSize {
            try flush()
        }
        if bytes.count >= Self.bufferSize {
            hasher.update(bufferPointer: UnsafeRawBufferPointer(bytes))
            try writeAll(UnsafeRawBufferPointer(bytes))
        } else {
            buffer.append(contentsOf: bytes)
        }
        byteCount += bytes.count
    }

    private func flush() throws {
        guard !buffer.isEmpty else { return }
        try buffer.withUnsafeBytes { raw in
            hasher.update(bufferPointer: raw)
            try writeAll(raw)
        }
        buffer.removeAll(keepingCapacity: true)
    }

    private func writeAll(_ raw: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < raw.count {
            let n = systemWrite(fd, raw.baseAddress! + offset, raw.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw PayoutFileError.io(operation: "write", path: temporaryPath, errno: errno)
            }
            offset += n
        }
    }

    /// Flushes, fsyncs and closes the temporary file; returns the lower-case hex SHA-256.
    @discardableResult
    public func finish() throws -> String {
        if let digest { return digest }
        try flush()
        if fsync(fd) != 0 {
            throw PayoutFileError.io(operation: "fsync", path: temporaryPath, errno: errno)
        }
        let result = close(fd)
        fd = -1
        if result != 0 {
            throw PayoutFileError.io(operation: "close", path: temporaryPath, errno: errno)
        }
        let hex = Self.hex(hasher.finalize())
        digest = hex
        return hex
    }

    /// Throws `.conflict` if the final name holds different bytes than this (finished) file.
    /// Lets a writer of several files check them all before putting any in place.
    public func checkNoConflict() throws {
        let rendered = try finish()
        if let existing = try Self.sha256(ofFileAt: finalPath), existing != rendered {
            throw PayoutFileError.conflict(path: name, existingSHA256: existing, renderedSHA256: rendered)
        }
    }

    /// Puts the finished file under its final name (see the type's documentation).
    @discardableResult
    public func commit() throws -> FileDisposition {
        let rendered = try finish()
        defer { discard() }
        if link(temporaryPath, finalPath) == 0 {
            discard()
            try Self.syncDirectory(directory)
            return .created
        }
        let code = errno
        if code != EEXIST {
            // No hard links here (EPERM, ENOTSUP, ...): check, then rename. The lock of the
            // run module keeps other writers away, so the window is theoretical.
            guard access(finalPath, F_OK) != 0 else { return try compareExisting(rendered) }
            guard rename(temporaryPath, finalPath) == 0 else {
                throw PayoutFileError.io(operation: "rename", path: finalPath, errno: errno)
            }
            temporaryExists = false
            try Self.syncDirectory(directory)
            return .created
        }
        return try compareExisting(rendered)
    }

    private func compareExisting(_ rendered: String) throws -> FileDisposition {
        guard let existing = try Self.sha256(ofFileAt: finalPath) else {
            throw PayoutFileError.io(operation: "read", path: finalPath, errno: ENOENT)
        }
        guard existing == rendered else {
            throw PayoutFileError.conflict(path: name, existingSHA256: existing, renderedSHA256: rendered)
        }
        return .alreadyPresent
    }

    /// Removes the temporary file (idempotent). A committed file is not affected.
    public func discard() {
        if fd >= 0 {
            close(fd)
            fd = -1
        }
        if temporaryExists {
            unlink(temporaryPath)
            temporaryExists = false
        }
    }

    /// Writes one file: `body` renders into it, then it is committed. Any error (from `body`
    /// or from writing) removes the temporary file and leaves the final name untouched.
    public static func write(directory: URL, name: String, _ body: (AtomicFile) throws -> Void) throws -> (sha256: String, disposition: FileDisposition) {
        let file = try AtomicFile(directory: directory, name: name)
        defer { file.discard() }
        try body(file)
        let digest = try file.finish()
        let disposition = try file.commit()
        return (digest, disposition)
    }

    // MARK: helpers

    /// SHA-256 of a file's bytes, or nil when there is no such file.
    public static func sha256(ofFileAt path: String) throws -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw PayoutFileError.io(operation: "open", path: path, errno: errno)
        }
        defer { close(fd) }
        var hasher = SHA256()
        var chunk = [UInt8](repeating: 0, count: bufferSize)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw PayoutFileError.io(operation: "read", path: path, errno: errno)
            }
            if n == 0 { break }
            chunk.withUnsafeBytes { hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
        }
        return hex(hasher.finalize())
    }

    static func syncDirectory(_ path: String) throws {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw PayoutFileError.io(operation: "open directory", path: path, errno: errno) }
        defer { close(fd) }
        if fsync(fd) != 0, errno != EINVAL {
            throw PayoutFileError.io(operation: "fsync directory", path: path, errno: errno)
        }
    }

    static func hex(_ digest: SHA256.Digest) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(64)
        for byte in digest {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// `write(2)`, named so that it does not clash with `OutputSink.write`.
private func systemWrite(_ fd: Int32, _ pointer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, pointer, count)
}
