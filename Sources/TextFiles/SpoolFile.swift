import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Bytes kept in a file with no name, read back a block at a time from the start, as often as
/// needed: the storage of ``RowSpool``. The file is removed from its folder as
/// soon as it is made, so nothing is left behind even when the process is killed, and its space
/// is freed when the spool is released.
final class SpoolFile {
    private var descriptor: Int32
    private var buffer: [UInt8] = []
    static let blockSize = 1 << 20
    /// The number of bytes appended.
    private(set) var byteCount = 0

    init(folder: String) throws(TextFileError) {
        var template = Array((URL(fileURLWithPath: folder).appendingPathComponent("territory-spool-XXXXXX").path).utf8CString)
        descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw TextFileError.writeFailed(path: folder, reason: String(cString: strerror(errno))) }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        buffer.reserveCapacity(SpoolFile.blockSize)
    }

    deinit { close(descriptor) }

    func append(_ bytes: [UInt8]) throws(TextFileError) {
        buffer.append(contentsOf: bytes)
        byteCount += bytes.count
        if buffer.count >= SpoolFile.blockSize { try flush() }
    }

    private func flush() throws(TextFileError) {
        var written = 0
        while written < buffer.count {
            let n = buffer.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress! + written, $0.count - written) }
            if n < 0 {
                if errno == EINTR { continue }
                throw TextFileError.writeFailed(path: "a temporary file", reason: String(cString: strerror(errno)))
            }
            written += n
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Calls `body` with every block of the bytes appended so far, in order.
    func forEachBlock(_ body: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        try flush()
        var block = [UInt8](repeating: 0, count: SpoolFile.blockSize)
        var offset: off_t = 0
        while true {
            let n = block.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress!, $0.count, offset) }
            if n < 0 {
                if errno == EINTR { continue }
                throw TextFileError.unreadableFile(path: "a temporary file", reason: String(cString: strerror(errno)))
            }
            if n == 0 { break }
            offset += off_t(n)
            try block.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[0..<n])) }
        }
    }
}
