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
/// run never leaves a partial output behind; one left by a killed run is removed by the next
/// run writing beside it. What the user named is never destroyed (``OutputDestination``): a
/// symbolic link is written through to its target, standard output (`-`, `/dev/stdout`), a
/// device or a pipe is written to as a stream, and a replaced file keeps its permissions and
/// owner.
public final class AtomicOutputFile {
    /// Where the file will appear: the destination named, or the final target of a link.
    public let destination: URL
    /// The temporary file being written (empty when writing to a stream).
    public let temporaryPath: String
    /// The path as named, for messages.
    private let named: String
    private var descriptor: Int32
    private var buffer: [UInt8] = []
    private var finished = false
    private var prepared = false
    private static let bufferSize = 1 << 16

    /// Starts writing a file that will appear at `destination` on ``commit()``.
    /// - Throws: ``TextFileError/writeFailed(path:reason:)`` when the destination is a folder or
    ///   nothing can be created beside it.
    public init(_ destination: URL) throws(TextFileError) {
        // `-` as given (a file URL makes it absolute: /current/folder/-).
        named = destination.relativePath == "-" ? "-" : destination.path
        switch try OutputDestination(path: named) {
        case let .stream(descriptor):
            self.destination = destination
            self.descriptor = descriptor
            temporaryPath = ""
        case let .file(path, existing):
            self.destination = URL(fileURLWithPath: path)
            OutputDestination.removeAbandonedPartials(in: self.destination.deletingLastPathComponent().path)
            temporaryPath = OutputDestination.partialName(for: path)
            // 0666 less the umask, as any new file; a replaced file's own mode and owner below.
            descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL, 0o666)
            guard descriptor >= 0 else {
                throw TextFileError.writeFailed(path: named, reason: String(cString: strerror(errno)))
            }
            OutputDestination.keep(existing, on: descriptor)
            buffer.reserveCapacity(AtomicOutputFile.bufferSize)
            PendingFiles.shared.add(temporaryPath)
        }
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
                throw TextFileError.writeFailed(path: named, reason: String(cString: strerror(errno)))
            }
            written += n
        }
    }

    /// Writes out and syncs everything written so far, without putting the file in place: a
    /// command with several outputs prepares them all, then commits them (renames only), so that
    /// a full disk or a write error leaves every destination as it was.
    public func prepare() throws(TextFileError) {
        guard !finished, !prepared else { return }
        do throws(TextFileError) {
            try flush()
            // EINVAL: a pipe or a terminal, which has nothing to sync.
            guard fsync(descriptor) == 0 || errno == EINVAL else {
                throw TextFileError.writeFailed(path: named, reason: String(cString: strerror(errno)))
            }
            prepared = true
        } catch {
            abort()
            throw error
        }
    }

    /// Flushes, syncs and moves the file into place.
    public func commit() throws(TextFileError) {
        guard !finished else { return }
        try prepare()
        do throws(TextFileError) {
            close(descriptor)
            descriptor = -1
            if temporaryPath.isEmpty {  // written as a stream
                finished = true
                return
            }
            guard rename(temporaryPath, destination.path) == 0 else {
                throw TextFileError.writeFailed(path: named, reason: String(cString: strerror(errno)))
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
