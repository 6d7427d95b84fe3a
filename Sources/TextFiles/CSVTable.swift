import Foundation

/// A small CSV file read whole (RFC 4180: quoted fields, `""` for a quote, line breaks inside
/// quotes, CRLF, a UTF-8 byte order mark), for the side files of the CLI: reps, locked units,
/// alignments, goals. Customer files, which can be huge, stream through TerritoryKit's `CustomerCSVReader`.
public struct CSVTable: Sendable {
    /// The file's name in errors.
    public let source: String
    /// The header's column names (trimmed).
    public let header: [String]
    /// The data rows, each with as many fields as the header.
    public let rows: [[String]]
    /// The 1-based file line each row starts on.
    public let lines: [Int]

    /// A table: a header, rows with as many fields each, and the line each row starts on.
    public init(source: String, header: [String], rows: [[String]], lines: [Int]) {
        self.source = source; self.header = header; self.rows = rows; self.lines = lines
    }

    /// Reads a CSV file with a header row; blank lines are skipped.
    /// - Throws: ``TextFileError/unreadableFile(path:reason:)``, or ``TextFileError/csv(source:line:message:)``
    ///   for an empty file, text that is not UTF-8 (naming the byte's offset), a quoting error
    ///   or a row with the wrong number of fields.
    public static func read(contentsOf url: URL) throws(TextFileError) -> CSVTable {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw TextFileError.unreadableFile(path: url.path, reason: "no such file")
        }
        if isDirectory.boolValue { throw TextFileError.unreadableFile(path: url.path, reason: "is a directory") }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw TextFileError.unreadableFile(path: url.path, reason: "permission denied")
        }
        return try parse(Array(data), source: url.path)
    }

    /// Parses CSV bytes (see ``read(contentsOf:)``), which must be UTF-8.
    public static func parse(_ bytes: [UInt8], source: String = "<csv>") throws(TextFileError) -> CSVTable {
        try bytes.withUnsafeBufferPointer { b throws(TextFileError) in
            if let bad = UTF8Check.firstInvalidByte(in: b) {
                let line = 1 + b[..<bad].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
                throw TextFileError.csv(source: source, line: line, message: UTF8Check.message(byte: b[bad], offset: bad))
            }
        }
        var records = CSVRecords(source: source)
        var rows = try bytes.withUnsafeBufferPointer { b in Result { () throws(TextFileError) in try records.feed(b) } }.get()
        if let last = try records.end() { rows.append(last) }
        return CSVTable(source: source, header: records.header ?? [], rows: rows.map(\.fields), lines: rows.map(\.line))
    }

    /// The position of column `name`, if the header has it.
    public func column(_ name: String) -> Int? { header.firstIndex(of: name) }

    /// The position of column `name`.
    /// - Throws: ``TextFileError/csv(source:line:message:)`` naming the header's columns.
    public func requiredColumn(_ name: String) throws(TextFileError) -> Int {
        guard let i = column(name) else {
            throw TextFileError.csv(source: source, line: 1, message: "missing column \"\(name)\" (header has: \(header.joined(separator: ", ")))")
        }
        return i
    }
}
