import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// CSV text kept on disk rather than in memory, to be read back a row at a time, as often as
/// needed: a table of millions of rows written to a database or a GeoPackage passes through one,
/// so that memory stays bounded whatever the number of rows.
///
/// The file has no name: it is removed from its folder as soon as it is made, so nothing is
/// left behind even when the process is killed, and its space is freed when the spool is released.
///
/// ## Example
/// ```swift
/// let spool = try CSVSpool()
/// try spool.append(Array("id,weight\n7,1.5\n".utf8))
/// let header = try spool.forEachRow(source: "<table>") { line, fields in print(line, fields) }
/// ```
public final class CSVSpool {
    private var descriptor: Int32
    private var buffer: [UInt8] = []
    private static let blockSize = 1 << 20
    /// The number of bytes appended.
    public private(set) var byteCount = 0

    /// An empty spool in `folder` (default: the system's temporary folder, `TMPDIR`).
    /// - Throws: ``TextFileError/writeFailed(path:reason:)`` when no file can be made there.
    public init(folder: String = NSTemporaryDirectory()) throws(TextFileError) {
        var template = Array((URL(fileURLWithPath: folder).appendingPathComponent("territory-spool-XXXXXX").path).utf8CString)
        descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw TextFileError.writeFailed(path: folder, reason: String(cString: strerror(errno))) }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        buffer.reserveCapacity(CSVSpool.blockSize)
    }

    deinit { close(descriptor) }

    /// Appends CSV text (records may be split anywhere between calls).
    /// - Throws: ``TextFileError/writeFailed(path:reason:)`` when the disk refuses it (full).
    public func append(_ bytes: [UInt8]) throws(TextFileError) {
        buffer.append(contentsOf: bytes)
        byteCount += bytes.count
        if buffer.count >= CSVSpool.blockSize { try flush() }
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

    /// Reads the text appended so far from its start, calling `body` with each data row's first
    /// line and fields, and returns the header; a block of rows is in memory at a time. Blank
    /// lines are skipped (RFC 4180, as ``CSVTable``).
    /// - Parameters:
    ///   - source: the table's name in errors.
    ///   - body: called with each data row's first line and fields, in order.
    /// - Throws: ``TextFileError/csv(source:line:message:)`` for text that is not CSV with a
    ///   header, ``TextFileError/unreadableFile(path:reason:)`` when the file cannot be read
    ///   back, or what `body` throws.
    @discardableResult
    public func forEachRow(source: String, _ body: (_ line: Int, _ fields: [String]) throws -> Void) throws -> [String] {
        try flush()
        var records = CSVRecords(source: source)
        var block = [UInt8](repeating: 0, count: CSVSpool.blockSize)
        var offset: off_t = 0
        while true {
            let n = block.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress!, $0.count, offset) }
            if n < 0 {
                if errno == EINTR { continue }
                throw TextFileError.unreadableFile(path: "a temporary file", reason: String(cString: strerror(errno)))
            }
            if n == 0 { break }
            offset += off_t(n)
            let rows = try block.withUnsafeBufferPointer { b in
                Result { () throws(TextFileError) in try records.feed(UnsafeBufferPointer(rebasing: b[0..<n])) }
            }.get()
            for row in rows { try body(row.line, row.fields) }
        }
        if let last = try records.end() { try body(last.line, last.fields) }
        return records.header ?? []
    }
}
