import Foundation

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
    private let file: SpoolFile
    /// The number of bytes appended.
    public var byteCount: Int { file.byteCount }

    /// An empty spool in `folder` (default: the system's temporary folder, `TMPDIR`).
    /// - Throws: ``TextFileError/writeFailed(path:reason:)`` when no file can be made there.
    public init(folder: String = NSTemporaryDirectory()) throws(TextFileError) { file = try SpoolFile(folder: folder) }

    /// Appends CSV text (records may be split anywhere between calls).
    /// - Throws: ``TextFileError/writeFailed(path:reason:)`` when the disk refuses it (full).
    public func append(_ bytes: [UInt8]) throws(TextFileError) { try file.append(bytes) }

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
        var records = CSVRecords(source: source)
        try file.forEachBlock { block in
            let rows = try Result { () throws(TextFileError) in try records.feed(block) }.get()
            for row in rows { try body(row.line, row.fields) }
        }
        if let last = try records.end() { try body(last.line, last.fields) }
        return records.header ?? []
    }
}
