import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where an output named by the user really goes, so that writing it destroys nothing the user
/// did not name.
///
/// - `-`, `/dev/stdout`, `/dev/fd/1` and `/proc/self/fd/1` are standard output, written as a
///   stream (renaming a file over `/dev/stdout` would replace the system's link; as root it did).
/// - A character device, a FIFO or a socket (`/dev/null`, a named pipe) is written as a stream.
/// - A symbolic link is followed to its final target (even a dangling one): the new file is
///   made beside the target and renamed onto it, so the link stays and points to the new file.
/// - A regular file (or a new one) is replaced in one step by a rename; an existing file's
///   permissions and owner are given to its replacement.
///
/// ## Example
/// ```swift
/// switch try OutputDestination(path: "plan.csv") {
/// case let .stream(descriptor): _ = descriptor  // write to it as it is
/// case let .file(path, existing): _ = (path, existing)  // a temporary file beside `path`, renamed onto it
/// }
/// ```
public enum OutputDestination: Equatable, Sendable {
    /// Write to this open descriptor as a stream (the caller closes it).
    case stream(descriptor: Int32)
    /// Write a temporary file beside `path` and rename it onto `path`; `existing` is the mode and
    /// owner of the file it replaces, if any.
    case file(path: String, existing: FileOwnership?)

    /// The permissions and owner of a file being replaced.
    public struct FileOwnership: Equatable, Sendable {
        /// The permission bits (`st_mode & 07777`).
        public let mode: mode_t
        /// The owner.
        public let owner: uid_t
        /// The group.
        public let group: gid_t

        /// A file's permission bits and owner.
        public init(mode: mode_t, owner: uid_t, group: gid_t) {
            self.mode = mode; self.owner = owner; self.group = group
        }

        /// The permission bits and owner `stat` gave.
        init(_ info: stat) { self.init(mode: info.st_mode & 0o7777, owner: info.st_uid, group: info.st_gid) }

        /// The permission bits and owner of the file at `path` (following links), nil when there
        /// is none.
        public static func of(_ path: String) -> FileOwnership? {
            var info = stat()
            return stat(path, &info) == 0 ? FileOwnership(info) : nil
        }
    }

    /// Resolves a path the user named as an output.
    /// - Throws: ``TextFileError/writeFailed(path:reason:)`` for a folder, a stream that cannot
    ///   be opened, or a chain of links that does not end.
    public init(path: String) throws(TextFileError) {
        if ["-", "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"].contains(path) {
            let copy = dup(STDOUT_FILENO)
            guard copy >= 0 else { throw .writeFailed(path: path, reason: String(cString: strerror(errno))) }
            self = .stream(descriptor: copy)
            return
        }
        let target = try OutputDestination.finalTarget(of: path)
        var info = stat()
        if stat(target, &info) == 0 {
            let type = info.st_mode & S_IFMT
            if type == S_IFDIR { throw .writeFailed(path: path, reason: "is a directory") }
            if type != S_IFREG {
                let descriptor = open(target, O_WRONLY)
                guard descriptor >= 0 else { throw .writeFailed(path: path, reason: String(cString: strerror(errno))) }
                self = .stream(descriptor: descriptor)
                return
            }
            self = .file(path: target, existing: FileOwnership(info))
        } else {
            self = .file(path: target, existing: nil)
        }
    }

    /// The path a chain of symbolic links ends at (the path itself when it is no link); a link's
    /// relative target is taken from the link's folder. At most 40 links, as the kernel allows.
    static func finalTarget(of path: String) throws(TextFileError) -> String {
        var current = path
        for _ in 0..<40 {
            var info = stat()
            guard lstat(current, &info) == 0, info.st_mode & S_IFMT == S_IFLNK else { return current }
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let length = readlink(current, &buffer, Int(PATH_MAX))
            guard length > 0 else { throw .writeFailed(path: path, reason: String(cString: strerror(errno))) }
            let link = String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            current = link.hasPrefix("/") ? link : (current as NSString).deletingLastPathComponent + "/" + link
        }
        throw .writeFailed(path: path, reason: "too many levels of symbolic links")
    }

    /// Gives a new file the permissions and owner of the file it replaces. The owner can be
    /// kept only by root or the owner itself; where it cannot, the file is the writer's, as
    /// any new file is.
    public static func keep(_ existing: FileOwnership?, on descriptor: Int32) {
        guard let existing else { return }
        _ = fchmod(descriptor, existing.mode)
        if existing.owner != geteuid() || existing.group != getegid() { _ = fchown(descriptor, existing.owner, existing.group) }
    }

    /// The same for a file by path (a file another library wrote, such as GDAL).
    public static func keep(_ existing: FileOwnership?, path: String) {
        guard let existing else { return }
        _ = chmod(path, existing.mode)
        if existing.owner != geteuid() || existing.group != getegid() { _ = chown(path, existing.owner, existing.group) }
    }

    /// The hidden name of an unfinished output beside `target`: `.NAME.partial-PID-RANDOM`. The
    /// process id lets a later run tell an abandoned one (its writer killed) from one being
    /// written now.
    public static func partialName(for target: String, stem: String? = nil) -> String {
        let url = URL(fileURLWithPath: target)
        let name = stem ?? url.lastPathComponent
        return url.deletingLastPathComponent().path + "/." + name + ".partial-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    }

    /// Removes the unfinished outputs in `folder` whose writer is gone (a run killed by SIGKILL
    /// or a power cut cannot clean up after itself): hidden `.NAME.partial-PID-…` files and
    /// folders whose process no longer exists. Those of running processes are left alone.
    public static func removeAbandonedPartials(in folder: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names where name.hasPrefix(".") {
            guard let range = name.range(of: ".partial-", options: .backwards) else { continue }
            let digits = name[range.upperBound...].prefix { $0.isNumber }
            guard let pid = pid_t(digits), pid > 0, pid != getpid() else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { try? FileManager.default.removeItem(atPath: folder + "/" + name) }
        }
    }
}
