import Foundation

/// Rows of fields kept on disk rather than in memory, to be read back a row at a time, as often
/// as needed: the rows a writer of another format takes in two passes (once to type its columns,
/// once to write), with memory bounded whatever their number. Fields are stored as they are
/// (each with its length), so nothing is parsed when they are read back.
///
/// ## Example
/// ```swift
/// let spool = try RowSpool()
/// try spool.append(["7", "T1"])
/// try spool.forEachRow { fields in print(fields) }   // ["7", "T1"]
/// ```
public final class RowSpool {
    private let file: SpoolFile
    private var encoded: [UInt8] = []
    /// The number of rows appended.
    public private(set) var rowCount = 0
    /// The number of bytes they take on disk.
    public var byteCount: Int { file.byteCount }

    /// An empty spool in `folder` (default: the system's temporary folder, `TMPDIR`).
    /// - Throws: ``TextFileError/writeFailed(path:reason:)`` when no file can be made there.
    public init(folder: String = NSTemporaryDirectory()) throws(TextFileError) { file = try SpoolFile(folder: folder) }

    /// Appends a row.
    /// - Throws: ``TextFileError/writeFailed(path:reason:)`` when the disk refuses it (full).
    public func append(_ row: [String]) throws(TextFileError) {
        encoded.removeAll(keepingCapacity: true)
        RowSpool.appendLength(row.count, to: &encoded)
        for field in row {
            var field = field
            field.withUTF8 { bytes in
                RowSpool.appendLength(bytes.count, to: &encoded)
                encoded.append(contentsOf: bytes)
            }
        }
        try file.append(encoded)
        rowCount += 1
    }

    /// Calls `body` with every row appended so far, in order; a block of rows is in memory at a
    /// time.
    /// - Throws: ``TextFileError/unreadableFile(path:reason:)`` when the file cannot be read
    ///   back, or what `body` throws.
    public func forEachRow(_ body: (_ fields: [String]) throws -> Void) throws {
        var pending: [UInt8] = []
        try file.forEachBlock { block in
            pending.append(contentsOf: block)
            var at = 0
            // Whole rows only: a row cut by the block's end waits for the next block.
            while let (row, end) = RowSpool.row(in: pending, at: at) {
                try body(row)
                at = end
            }
            pending.removeFirst(at)
        }
    }

    private static func appendLength(_ n: Int, to out: inout [UInt8]) {
        withUnsafeBytes(of: UInt32(n).littleEndian) { out.append(contentsOf: $0) }
    }

    private static func length(in bytes: [UInt8], at i: Int) -> Int? {
        guard i + 4 <= bytes.count else { return nil }
        return Int(bytes[i]) | Int(bytes[i + 1]) << 8 | Int(bytes[i + 2]) << 16 | Int(bytes[i + 3]) << 24
    }

    /// The row starting at `at` and the offset after it, or nil when the bytes end before it does.
    private static func row(in bytes: [UInt8], at: Int) -> ([String], Int)? {
        guard let count = length(in: bytes, at: at) else { return nil }
        var i = at + 4, fields: [String] = []
        fields.reserveCapacity(count)
        for _ in 0..<count {
            guard let n = length(in: bytes, at: i), i + 4 + n <= bytes.count else { return nil }
            fields.append(String(decoding: bytes[(i + 4)..<(i + 4 + n)], as: UTF8.self))
            i += 4 + n
        }
        return (fields, i)
    }
}
