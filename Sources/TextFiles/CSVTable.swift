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

    /// Reads a CSV file with a header row; blank lines are skipped.
    /// - Throws: ``TextFileError/unreadableFile(path:reason:)``, or ``TextFileError/csv(source:line:message:)``
    ///   for an empty file, a quoting error or a row with the wrong number of fields.
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

    /// Parses CSV bytes (see ``read(contentsOf:)``).
    public static func parse(_ bytes: [UInt8], source: String = "<csv>") throws(TextFileError) -> CSVTable {
        var b = bytes[...]
        if b.starts(with: [0xEF, 0xBB, 0xBF]) { b = b.dropFirst(3) }
        var records: [(line: Int, fields: [String])] = []
        var header: [String]?
        var line = 1, start = b.startIndex, inQuotes = false, recordLine = 1
        var i = b.startIndex
        func finish(_ end: Int) throws(TextFileError) {
            var stop = end
            if stop > start, b[stop - 1] == 0x0D { stop -= 1 }
            defer { recordLine = line }
            guard stop > start else { return }  // blank line
            // Fields of data rows are named by the header's columns in errors.
            let names = header.map { h in { (i: Int) in i < h.count ? "column \"\(h[i])\"" : "field \(i + 1)" } }
            do throws(CSVRowError) {
                let fields = try CSVFields.split(Array(b[start..<stop]), columnName: names).map { String(decoding: $0, as: UTF8.self) }
                if header == nil { header = fields.map { $0.trimmingCharacters(in: .whitespaces) } }
                records.append((recordLine, fields))
            } catch {
                throw TextFileError.csv(source: source, line: recordLine, message: error.message)
            }
        }
        while i < b.endIndex {
            let c = b[i]
            if c == 0x22 {
                // A quote opens a quoted run only at the start of a field; a bare one inside a
                // field is left for the field splitter to refuse, naming the column. (After a
                // quote it is the second of a doubled `""`.)
                if inQuotes || i == start || b[i - 1] == 0x2C || b[i - 1] == 0x22 { inQuotes.toggle() }
            } else if c == 0x0A {
                line += 1
                if !inQuotes { try finish(i); start = i + 1 }
            }
            i += 1
        }
        if inQuotes { throw TextFileError.csv(source: source, line: recordLine, message: "unterminated quoted field") }
        try finish(b.endIndex)
        guard let header else {
            throw TextFileError.csv(source: source, line: 1, message: "the file is empty; a header row is required")
        }
        for r in records.dropFirst() where r.fields.count != header.count {
            throw TextFileError.csv(source: source, line: r.line, message: "row has \(r.fields.count) fields; the header has \(header.count)")
        }
        return CSVTable(source: source, header: header, rows: records.dropFirst().map(\.fields), lines: records.dropFirst().map(\.line))
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
