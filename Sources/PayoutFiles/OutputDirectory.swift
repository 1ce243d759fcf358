import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The one place that creates folders for payout files.
///
/// The output folder (`--out`) and any missing parent get mode 0750: the job's group (e.g.
/// finance's reader) may list the run folders, nobody else may. Each run folder inside it is
/// 0700 (`RunFolder`), its files 0600 (`AtomicFile`): what is in a run is for the job alone
/// until someone copies it out on purpose.
public enum OutputDirectory {
    /// Mode of a created output folder and of its created parents.
    public static let mode: mode_t = 0o750
    /// Mode of a created run folder.
    public static let runFolderMode: mode_t = 0o700

    /// Creates `path` and its missing parents with `mode`; an existing folder is left as it is.
    public static func create(_ path: String) throws {
        try create(path, mode: mode)
    }

    /// Checks, without leaving anything behind, that files can be written in folder `path`, or
    /// that it can be created: an existing path must be a folder in which this process can
    /// create a file (a probe file is created and removed, so permissions, ownership,
    /// read-only mounts and ACLs all count); a missing one needs its nearest existing parent
    /// to pass the same test. The job calls it for every folder it will write before it commits.
    public static func checkWritable(_ path: String) throws {
        var info = stat()
        guard stat(path, &info) == 0 else {
            let code = errno
            let parent = (path as NSString).deletingLastPathComponent
            guard code == ENOENT, !parent.isEmpty, parent != path else {
                throw PayoutFileError.io(operation: "use as folder", path: path, errno: code)
            }
            return try checkWritable(parent)
        }
        guard (info.st_mode & S_IFMT) == S_IFDIR else {
            throw PayoutFileError.io(operation: "use as folder", path: path, errno: ENOTDIR)
        }
        let probe = path + "/.payouts-write-check." + String(getpid()) + "." + String(UInt32.random(in: 0...UInt32.max), radix: 16) + ".tmp"
        let fd = open(probe, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw PayoutFileError.io(operation: "create a file in", path: path, errno: errno) }
        close(fd)
        unlink(probe)
    }

    /// Creates `path` with `mode` (its missing parents with `OutputDirectory.mode`). An existing
    /// folder keeps its mode, except that a run folder loses group-write and "other" bits.
    static func create(_ path: String, mode: mode_t, tightenExisting: Bool = false) throws {
        var info = stat()
        if stat(path, &info) == 0 {
            guard (info.st_mode & S_IFMT) == S_IFDIR else {
                throw PayoutFileError.io(operation: "use as folder", path: path, errno: ENOTDIR)
            }
            let existing = info.st_mode & 0o777
            if tightenExisting, existing & 0o027 != 0, chmod(path, existing & 0o750) != 0 {
                throw PayoutFileError.io(operation: "chmod", path: path, errno: errno)
            }
            return
        }
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty, parent != path, access(parent, F_OK) != 0 {
            try create(parent, mode: Self.mode)
        }
        if mkdir(path, mode) != 0, errno != EEXIST {
            throw PayoutFileError.io(operation: "mkdir", path: path, errno: errno)
        }
        // mkdir applies the umask; the mode is a decision, not a default.
        if chmod(path, mode) != 0 {
            throw PayoutFileError.io(operation: "chmod", path: path, errno: errno)
        }
        try? AtomicFile.syncDirectory(parent.isEmpty ? "." : parent)
    }
}
