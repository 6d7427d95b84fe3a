import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An output file that appears only when complete.
///
/// Bytes go to a hidden temporary file beside the destination; ``commit()`` flushes, syncs and
/// renames it into place in one step. Until then nothing exists at the destination, and if the
/// writer is dropped, aborted, or the process is interrupted (the CLI removes pending files on
/// SIGINT / SIGTERM through ``removeAllPending()``), the temporary file is removed, so a failed
/// run never leaves a partial output behind. A destination that is a device or a pipe
/// (`/dev/null`, `/dev/stdout`) is written to directly instead: renaming over it would
/// replace it.
public final class AtomicOutputFile {
    /// Where the file will appear.
    public let destination: URL
    /// The temporary file being written (empty when writing straight to a device or pipe).
    public let temporaryPath: String
    private var descriptor: Int32
    private var buffer: [UInt8] = []
    private var finished = false
    private static let bufferSize = 1 << 16

    /// Starts writing a file that will appear at `destination` on ``commit()``.
    public init(_ destination: URL) throws(TextFileError) {
        self.destination = destination
        let directory = destination.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: destination.path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw TextFileError.writeFailed(path: destination.path, reason: "is a directory")
        }
        // A device or pipe (/dev/null, /dev/stdout, a named pipe) is written to as it is:
        // renaming a file over it would replace the device itself.
        var info = stat()
        if stat(destination.path, &info) == 0, (info.st_mode & S_IFMT) != S_IFREG {
            temporaryPath = ""
            descriptor = open(destination.path, O_WRONLY)
            guard descriptor >= 0 else { throw TextFileError.writeFailed(path: destination.path, reason: String(cString: strerror(errno))) }
            return
        }
        temporaryPath = directory + "/." + destination.lastPathComponent + ".partial-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard descriptor >= 0 else {
            throw TextFileError.writeFailed(path: destination.path, reason: String(cString: strerror(errno)))
        }
        buffer.reserveCapacity(AtomicOutputFile.bufferSize)
        PendingFiles.shared.add(temporaryPath)
    }

    deinit { abort() }

    /// Appends text.
    public func write(_ text: String) throws(TextFileError) {
        var text = text
        // The standard library's buffer closures rethrow untyped; the result carries the type.
        try text.withUTF8 { bytes in Result { () throws(TextFileError) in try write(bytes) } }.get()
    }

    /// Appends bytes. Large writes go straight to the file, without a copy into the buffer.
    public func write(_ bytes: UnsafeBufferPointer<UInt8>) throws(TextFileError) {
        if bytes.count >= AtomicOutputFile.bufferSize {
            try flush()
            try writeAll(bytes)
            return
        }
        buffer.append(contentsOf: bytes)
        if buffer.count >= AtomicOutputFile.bufferSize { try flush() }
    }

    /// Appends bytes.
    public func write(_ bytes: [UInt8]) throws(TextFileError) {
        try bytes.withUnsafeBufferPointer { b in Result { () throws(TextFileError) in try write(b) } }.get()
    }

    private func flush() throws(TextFileError) {
        try buffer.withUnsafeBufferPointer { b in Result { () throws(TextFileError) in try writeAll(b) } }.get()
        buffer.removeAll(keepingCapacity: true)
    }

    private func writeAll(_ bytes: UnsafeBufferPointer<UInt8>) throws(TextFileError) {
        guard let base = bytes.baseAddress else { return }
        var written = 0
        while written < bytes.count {
            let n = Foundation.write(descriptor, base + written, bytes.count - written)
            if n < 0 {
                if errno == EINTR { continue }
                throw TextFileError.writeFailed(path: destination.path, reason: String(cString: strerror(errno)))
            }
            written += n
        }
    }

    /// Flushes, syncs and moves the file into place.
    public func commit() throws(TextFileError) {
        guard !finished else { return }
        do throws(TextFileError) {
            try flush()
            guard fsync(descriptor) == 0 || errno == EINVAL else {
                throw TextFileError.writeFailed(path: destination.path, reason: String(cString: strerror(errno)))
            }
            close(descriptor)
            descriptor = -1
            if temporaryPath.isEmpty {  // written in place (a device or pipe)
                finished = true
                return
            }
            guard rename(temporaryPath, destination.path) == 0 else {
                throw TextFileError.writeFailed(path: destination.path, reason: String(cString: strerror(errno)))
            }
            finished = true
            PendingFiles.shared.remove(temporaryPath)
        } catch {
            abort()
            throw error
        }
    }

    /// Discards everything written; nothing appears at the destination.
    public func abort() {
        guard !finished else { return }
        finished = true
        if descriptor >= 0 { close(descriptor); descriptor = -1 }
        guard !temporaryPath.isEmpty else { return }
        unlink(temporaryPath)
        PendingFiles.shared.remove(temporaryPath)
    }

    /// Removes every temporary file not yet committed (for signal handlers and fatal exits).
    public static func removeAllPending() { PendingFiles.shared.removeAll() }

    /// Registers a temporary file or folder of another writer (a GDAL dataset being written
    /// beside its destination) so that ``removeAllPending()`` removes it too.
    public static func registerPending(_ path: String) { PendingFiles.shared.add(path) }

    /// Forgets a path given to ``registerPending(_:)`` (committed or already removed).
    public static func unregisterPending(_ path: String) { PendingFiles.shared.remove(path) }

    /// Writes `text` to `destination` atomically.
    public static func write(_ text: String, to destination: URL) throws(TextFileError) {
        let file = try AtomicOutputFile(destination)
        try file.write(text)
        try file.commit()
    }
}

/// The temporary files of uncommitted outputs, so an interrupted process can remove them.
final class PendingFiles: @unchecked Sendable {
    // @unchecked: every access to `paths` holds `lock`.
    static let shared = PendingFiles()
    private let lock = NSLock()
    private var paths = Set<String>()

    func add(_ path: String) { lock.lock(); paths.insert(path); lock.unlock() }
    func remove(_ path: String) { lock.lock(); paths.remove(path); lock.unlock() }
    func removeAll() {
        lock.lock()
        // Files are unlinked; folders (another writer's temporary datasets) removed whole.
        for p in paths where unlink(p) != 0 { try? FileManager.default.removeItem(atPath: p) }
        paths.removeAll()
        lock.unlock()
    }
}
