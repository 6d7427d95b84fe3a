import Foundation

/// Splits CSV text into records as it arrives in pieces of any size (RFC 4180: a line break
/// inside a quoted field belongs to the field, CRLF ends a record as LF does, a UTF-8 byte order
/// mark at the start is skipped, blank lines are skipped), and each record into fields, checked
/// against the header: the record reader of ``CSVTable``.
struct CSVRecords {
    /// The file's name in errors.
    let source: String
    /// The header's column names (trimmed), once the first record is read.
    private(set) var header: [String]?
    private var carry: [UInt8] = []
    private var inQuotes = false
    /// The last byte seen (a quote opens a quoted run only at the start of a field).
    private var previous: UInt8 = 0x0A
    /// The 1-based line of the next byte, and the line the current record starts on.
    private var line = 1, recordLine = 1
    private var started = false
    /// Whether the current record has a quote (else its fields are split without unquoting).
    private var quoted = false

    init(source: String) { self.source = source }

    /// A data row: the line it starts on and its fields.
    typealias Row = (line: Int, fields: [String])

    /// Reads the complete records in `bytes` (the rest is kept for the next piece) and gives
    /// the data rows among them (the header is kept, not given).
    /// - Throws: ``TextFileError/csv(source:line:message:)`` for a quoting error or a row whose
    ///   number of fields is not the header's.
    mutating func feed(_ bytes: UnsafeBufferPointer<UInt8>) throws(TextFileError) -> [Row] {
        var rows: [Row] = []
        var start = 0
        if !started {
            started = true
            // A byte order mark split across pieces is not worth handling: pieces are large.
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
        }
        var i = start
        while i < bytes.count {
            let c = bytes[i]
            if c == 0x22 {
                // A quote opens a quoted run only at the start of a field; a bare one inside a
                // field is left for the field splitter to refuse, naming the column. (After a
                // quote it is the second of a doubled `""`.)
                if inQuotes || previous == 0x0A || previous == 0x2C || previous == 0x22 { inQuotes.toggle() }
                quoted = true
            } else if c == 0x0A {
                line += 1
                if !inQuotes {
                    let row: Row?
                    if carry.isEmpty {
                        row = try finish(UnsafeBufferPointer(rebasing: bytes[start..<i]))
                    } else {
                        carry.append(contentsOf: bytes[start..<i])
                        let record = carry
                        carry = []
                        row = try record.withUnsafeBufferPointer { r in Result { () throws(TextFileError) in try finish(r) } }.get()
                    }
                    if let row { rows.append(row) }
                    start = i + 1
                }
            }
            previous = c
            i += 1
        }
        carry.append(contentsOf: bytes[start..<bytes.count])
        return rows
    }

    /// Reads the last record (one not ended by a line break), gives it when it is a data row,
    /// and checks that the text had a header.
    /// - Throws: ``TextFileError/csv(source:line:message:)`` for an unterminated quoted field
    ///   or an empty file.
    mutating func end() throws(TextFileError) -> Row? {
        if inQuotes { throw TextFileError.csv(source: source, line: recordLine, message: "unterminated quoted field") }
        let record = carry
        carry = []
        let row = try record.withUnsafeBufferPointer { r in Result { () throws(TextFileError) in try finish(r) } }.get()
        guard header != nil else {
            throw TextFileError.csv(source: source, line: 1, message: "the file is empty; a header row is required")
        }
        return row
    }

    private mutating func finish(_ record: UnsafeBufferPointer<UInt8>) throws(TextFileError) -> Row? {
        let first = recordLine, hasQuotes = quoted
        recordLine = line
        quoted = false
        var stop = record.count
        if stop > 0, record[stop - 1] == 0x0D { stop -= 1 }
        guard stop > 0 else { return nil }  // a blank line
        var fields: [String] = []
        if hasQuotes {
            // Fields of data rows are named by the header's columns in errors.
            let names = header.map { h in { (i: Int) in i < h.count ? "column \"\(h[i])\"" : "field \(i + 1)" } }
            do throws(CSVRowError) {
                fields = try CSVFields.split(Array(record[..<stop]), columnName: names).map { String(decoding: $0, as: UTF8.self) }
            } catch {
                throw TextFileError.csv(source: source, line: first, message: error.message)
            }
        } else {
            // Without quotes a field is the text between commas, made into a string at once.
            fields.reserveCapacity(header?.count ?? 8)
            var fieldStart = 0
            for j in 0...stop where j == stop || record[j] == 0x2C {
                fields.append(String(decoding: UnsafeBufferPointer(rebasing: record[fieldStart..<j]), as: UTF8.self))
                fieldStart = j + 1
            }
        }
        guard let header else {
            header = fields.map { $0.trimmingCharacters(in: .whitespaces) }
            return nil
        }
        guard fields.count == header.count else {
            throw TextFileError.csv(source: source, line: first, message: "row has \(fields.count) fields; the header has \(header.count)")
        }
        return (first, fields)
    }
}
