import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A run of complete CSV records cut from a customer file, parsed independently of the others:
/// the unit of parallel work. Parse it on any thread with ``parse(into:)``.
public struct CustomerCSVChunk: Sendable {
    /// Where the bytes are: an array of their own, or a slice of a mapped file.
    enum Storage: Sendable {
        case owned([UInt8])
        case mapped(MappedSlice)
    }
    let storage: Storage
    let layout: CSVLayout
    /// Position of the chunk in the file (0, 1, 2, ...).
    public let sequence: Int
    /// The offset of the chunk's first byte in the input (for messages).
    let byteOffset: Int

    /// Checks that the chunk is UTF-8, on whichever thread parses it.
    /// - Throws: ``CSVRowError`` at the line of the first byte that is not, naming its offset
    ///   in the input and the `--encoding` to give.
    func checkUTF8() throws(CSVRowError) {
        try withBytes { b in
            Result { () throws(CSVRowError) in
                guard let bad = UTF8Check.firstInvalidByte(in: b) else { return }
                let lines = CustomerCSVReader.lineBreaks(in: UnsafeBufferPointer(rebasing: b[..<bad]))
                throw CSVRowError(relativeLine: lines, message: UTF8Check.message(byte: b[bad], offset: byteOffset + bad))
            }
        }.get()
    }

    /// The raw bytes: whole records, the last one ending with its line break (or the file's end).
    public var bytes: [UInt8] {
        switch storage {
        case let .owned(bytes): return bytes
        case let .mapped(slice): return Array(slice.buffer)
        }
    }

    /// The number of bytes.
    var byteCount: Int {
        switch storage {
        case let .owned(bytes): return bytes.count
        case let .mapped(slice): return slice.range.count
        }
    }

    /// Runs `body` over the bytes.
    func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        switch storage {
        case let .owned(bytes): return try bytes.withUnsafeBufferPointer(body)
        case let .mapped(slice): return try withExtendedLifetime(slice) { try body(slice.buffer) }
        }
    }

    /// Parses every record into `batch` (replacing its contents) and returns the number of lines
    /// the chunk spans. Line numbers in `batch` and in errors are relative to the chunk's first
    /// line, which is line 1 plus `batch.lineBase`; the reader or pipeline sets `lineBase`.
    /// - Throws: `CSVRowError` for a bad row.
    public func parse(into batch: inout CustomerBatch) throws(CSVRowError) -> Int {
        batch.removeAll()
        return try parse(records: &batch)
    }

    /// Hands every record to `sink`, in order, and returns the number of lines the chunk spans
    /// (as ``parse(into:)``, which is this with a batch as the sink).
    func parse<Sink: CustomerRecordSink>(records sink: inout Sink) throws(CSVRowError) -> Int {
        // withUnsafeBufferPointer rethrows untyped; the result keeps the error's type.
        try withBytes { b in
            Result { () throws(CSVRowError) in
                sink.reserve(records: b.count / 24, idBytes: b.count / 4)
                let lines = try CSVRecordParser(layout: layout).parse(b, into: &sink)
                sink.endOfChunk()
                return lines
            }
        }.get()
    }
}

/// Where parsed customer records go, one call per record in file order: a ``CustomerBatch``,
/// or a writer that handles each record as it is read (assignment rows).
protocol CustomerRecordSink {
    /// Whether the sink reads weights. When not, a weight written plainly (digits and at most
    /// one point) is known valid without converting it, and `record` is given NaN.
    static var usesWeights: Bool { get }
    /// Room for about this many records and id bytes (a hint).
    mutating func reserve(records: Int, idBytes: Int)
    /// One checked record: its id's raw bytes, coordinates, weight (1 without a weight column),
    /// visit minutes (nil without that column) and line, counted from the chunk's first line (0).
    mutating func record(id: UnsafeBufferPointer<UInt8>, lon: Double, lat: Double, weight: Double, visitMinutes: Double?, line: Int)
    /// As `record`, for an id whose bytes are gone once the call returns (a quoted field,
    /// unquoted into a buffer of its own); other ids are valid until ``endOfChunk()`` returns.
    mutating func record(transientID: UnsafeBufferPointer<UInt8>, lon: Double, lat: Double, weight: Double, visitMinutes: Double?, line: Int)
    /// The chunk's records are all given.
    mutating func endOfChunk()
}

extension CustomerRecordSink {
    static var usesWeights: Bool { true }
    func endOfChunk() {}
    mutating func record(transientID: UnsafeBufferPointer<UInt8>, lon: Double, lat: Double, weight: Double, visitMinutes: Double?, line: Int) {
        record(id: transientID, lon: lon, lat: lat, weight: weight, visitMinutes: visitMinutes, line: line)
    }
}

extension CustomerBatch: CustomerRecordSink {
    mutating func reserve(records n: Int, idBytes: Int) {
        lon.reserveCapacity(n); lat.reserveCapacity(n); weight.reserveCapacity(n)
        relativeLine.reserveCapacity(n); idEnds.reserveCapacity(n); self.idBytes.reserveCapacity(idBytes)
    }

    @inline(__always)
    mutating func record(id: UnsafeBufferPointer<UInt8>, lon: Double, lat: Double, weight: Double, visitMinutes: Double?, line: Int) {
        if let visitMinutes { self.visitMinutes.append(visitMinutes) }
        append(id: id, lon: lon, lat: lat, weight: weight, line: line + lineBase)
    }
}

/// Column positions and names, fixed by the header.
struct CSVLayout: Sendable {
    var columnCount = 0
    var id = 0, lon = 0, lat = 0
    var weight: Int?
    var visitMinutes: Int?
    var names = CustomerColumns()
    /// Every column's name, as the header gives it.
    var header: [String] = []

    /// How errors name field `index` (0-based) of a record.
    func columnName(_ index: Int) -> String {
        index < header.count ? "column \"\(header[index])\"" : "field \(index + 1)"
    }
}

/// The record parser: a tight loop for the common unquoted record, RFC 4180 for the rest.
struct CSVRecordParser {
    let layout: CSVLayout

    /// Parses all records of `b` into `sink`; returns the number of lines consumed.
    func parse<Sink: CustomerRecordSink>(_ b: UnsafeBufferPointer<UInt8>, into sink: inout Sink) throws(CSVRowError) -> Int {
        guard let base = b.baseAddress else { return 0 }
        let n = b.count
        let columnCount = layout.columnCount
        let idColumn = layout.id, lonColumn = layout.lon, latColumn = layout.lat, weightColumn = layout.weight ?? -1
        let visitColumn = layout.visitMinutes ?? -1
        var line = 0
        var p = 0
        while p < n {
            // One pass over the record finds its commas and its end; a quote anywhere before the
            // line break sends the whole record to the RFC 4180 path.
            var column = 0, fieldStart = p
            var idS = 0, idE = 0, lonS = 0, lonE = 0, latS = 0, latE = 0, wS = 0, wE = 0, vS = 0, vE = 0
            var i = p
            var quoted = false
            var newline = n
            while true {
                i = CSVRecordParser.nextDelimiter(base, from: i, to: n)
                var fieldEnd = i
                if i < n {
                    if base[i] == 0x22 { quoted = true; break }
                    if base[i] == 0x0A { newline = i }
                }
                if newline == i, fieldEnd > fieldStart, base[fieldEnd - 1] == 0x0D { fieldEnd -= 1 }
                if column == idColumn { idS = fieldStart; idE = fieldEnd }
                if column == lonColumn { lonS = fieldStart; lonE = fieldEnd }
                if column == latColumn { latS = fieldStart; latE = fieldEnd }
                if column == weightColumn { wS = fieldStart; wE = fieldEnd }
                if column == visitColumn { vS = fieldStart; vE = fieldEnd }
                column += 1
                if newline == i { break }
                i += 1
                fieldStart = i
            }
            let recordLine = line
            if quoted {
                // Quoted fields: find the record's real end (quotes may hold line breaks), then split.
                let (fields, recordEnd, lines) = try quotedRecord(b, from: p, line: recordLine)
                try append(fields: fields, line: recordLine, into: &sink)
                p = recordEnd
                line += lines
                continue
            }
            if column == 1, fieldStart == (newline > p && base[newline - 1] == 0x0D ? newline - 1 : newline) {
                p = newline + 1  // blank line
                line += 1
                continue
            }
            guard column == columnCount else {
                throw CSVRowError(relativeLine: recordLine, message: "row has \(column) fields; the header has \(columnCount)")
            }
            let lon = try number(b, lonS, lonE, column: lonColumn, line: recordLine)
            let lat = try number(b, latS, latE, column: latColumn, line: recordLine)
            var weight = 1.0
            if weightColumn >= 0 {
                if !Sink.usesWeights, CSVRecordParser.isPlainWeight(b, wS, wE) {
                    weight = .nan
                } else {
                    weight = try number(b, wS, wE, column: weightColumn, line: recordLine)
                }
            }
            try check(lon: lon, lat: lat, weight: weight, line: recordLine)
            let minutes = visitColumn >= 0 ? try visit(number(b, vS, vE, column: visitColumn, line: recordLine), line: recordLine) : nil
            sink.record(id: UnsafeBufferPointer(rebasing: b[idS..<idE]), lon: lon, lat: lat, weight: weight, visitMinutes: minutes, line: recordLine)
            p = newline + 1
            line += 1
        }
        return line
    }

    /// Whether `b[start..<end]` is a weight that needs no conversion to be known valid: 1 to 20
    /// digits with at most one point among them, a finite number >= 0 whatever they are.
    @inline(__always)
    static func isPlainWeight(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        guard end > start, end - start <= 20 else { return false }
        var digits = 0, points = 0
        for i in start..<end {
            if b[i] &- 48 < 10 { digits += 1 } else if b[i] == 0x2E { points += 1 } else { return false }
        }
        return digits > 0 && points <= 1
    }

    /// The first comma, line feed or quote in `base[from..<to]`, or `to`.
    ///
    /// Eight bytes at a time: in `x = word ^ repeated(c)` a byte is zero where the word holds
    /// `c`, and `(x - 0x01...01) & ~x & 0x80...80` flags the lowest zero byte exactly (flags above
    /// it may be false, but only the lowest flag of the three masks together is used).
    @inline(__always)
    static func nextDelimiter(_ base: UnsafePointer<UInt8>, from: Int, to n: Int) -> Int {
        @inline(__always) func zeroBytes(_ x: UInt64) -> UInt64 { (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080 }
        var i = from
        while i + 8 <= n {
            let word = UInt64(littleEndian: UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))
            let found = zeroBytes(word ^ 0x2C2C_2C2C_2C2C_2C2C) | zeroBytes(word ^ 0x0A0A_0A0A_0A0A_0A0A) | zeroBytes(word ^ 0x2222_2222_2222_2222)
            if found != 0 { return i + found.trailingZeroBitCount >> 3 }
            i += 8
        }
        while i < n, base[i] != 0x2C, base[i] != 0x0A, base[i] != 0x22 { i += 1 }
        return i
    }

    @inline(__always)
    private func check(lon: Double, lat: Double, weight: Double, line: Int) throws(CSVRowError) {
        guard abs(lon) <= 180 + CoordinateRange.tolerance else {
            throw CSVRowError(relativeLine: line, message: "\(layout.names.lon) \(lon) is outside [-180, 180]")
        }
        guard abs(lat) <= 90 + CoordinateRange.tolerance else {
            let swapped = abs(lon) <= 90 ? "; if the longitude and latitude columns are swapped, give --swap-lon-lat" : ""
            throw CSVRowError(relativeLine: line, message: "\(layout.names.lat) \(lat) is outside [-90, 90]\(swapped)")
        }
        // NaN stands for a weight known valid but not converted (see CustomerRecordSink).
        guard !(weight < 0) else { throw CSVRowError(relativeLine: line, message: "\(layout.names.weight) \(weight) is negative") }
    }

    /// A checked visit time in minutes.
    private func visit(_ minutes: Double, line: Int) throws(CSVRowError) -> Double {
        guard minutes >= 0 else {
            throw CSVRowError(relativeLine: line, message: "\(layout.names.visitMinutes ?? "visit minutes") \(minutes) is negative")
        }
        return minutes
    }

    /// The field's number; `column` names it in errors (the message is built only on failure).
    @inline(__always)
    private func number(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, column: Int, line: Int) throws(CSVRowError) -> Double {
        var s = start, e = end
        while s < e, b[s] == 0x20 || b[s] == 0x09 { s += 1 }
        while e > s, b[e - 1] == 0x20 || b[e - 1] == 0x09 { e -= 1 }
        if let value = DecimalParsing.parse(b, s, e), value.isFinite { return value }
        throw numberError(b, start, end, column: column, line: line)
    }

    @inline(never)
    private func numberError(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, column: Int, line: Int) -> CSVRowError {
        let name =
            column == layout.lon
            ? layout.names.lon
            : (column == layout.lat
                ? layout.names.lat
                : (column == layout.visitMinutes ? layout.names.visitMinutes ?? "" : layout.names.weight))
        let text = String(decoding: UnsafeBufferPointer(rebasing: b[start..<end]), as: UTF8.self)
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let value = DecimalParsing.parse(Substring(trimmed)), !value.isFinite {
            return CSVRowError(relativeLine: line, message: "\(name) \(value) is not a finite number")
        }
        return CSVRowError(relativeLine: line, message: text.isEmpty ? "\(name) is empty" : "\(name) \"\(text)\" is not a number")
    }

    private func append<Sink: CustomerRecordSink>(fields: [[UInt8]], line: Int, into sink: inout Sink) throws(CSVRowError) {
        guard fields.count == layout.columnCount else {
            throw CSVRowError(relativeLine: line, message: "row has \(fields.count) fields; the header has \(layout.columnCount)")
        }
        func value(_ column: Int) throws(CSVRowError) -> Double {
            try fields[column].withUnsafeBufferPointer { b in
                Result { () throws(CSVRowError) in try number(b, 0, b.count, column: column, line: line) }
            }
            .get()
        }
        let lon = try value(layout.lon)
        let lat = try value(layout.lat)
        let weight = try layout.weight.map { (c) throws(CSVRowError) in try value(c) } ?? 1
        try check(lon: lon, lat: lat, weight: weight, line: line)
        let minutes = try layout.visitMinutes.map { (v) throws(CSVRowError) in try visit(value(v), line: line) }
        fields[layout.id].withUnsafeBufferPointer {
            sink.record(transientID: $0, lon: lon, lat: lat, weight: weight, visitMinutes: minutes, line: line)
        }
    }

    /// A record with quotes starting at `from`: its fields, the offset after it, and the lines it spans.
    private func quotedRecord(_ b: UnsafeBufferPointer<UInt8>, from: Int, line: Int) throws(CSVRowError) -> ([[UInt8]], Int, Int) {
        // A quote may only open a field: "a\"b" is an error, not the start of a quoted run.
        if let q = (from..<b.count).first(where: { b[$0] == 0x22 }), q > from, b[q - 1] != 0x2C {
            let field = (from..<q).reduce(0) { $0 + (b[$1] == 0x2C ? 1 : 0) }
            throw CSVRowError(relativeLine: line, message: CSVFields.bareQuoteMessage(layout.columnName(field)))
        }
        var inQuotes = false
        var i = from, lines = 1
        while i < b.count {
            let c = b[i]
            if c == 0x22 {
                inQuotes.toggle()
            } else if c == 0x0A {
                if !inQuotes { break }
                lines += 1
            }
            i += 1
        }
        if inQuotes { throw CSVRowError(relativeLine: line, message: "unterminated quoted field") }
        var end = i
        if end > from, b[end - 1] == 0x0D { end -= 1 }
        let fields: [[UInt8]]
        do throws(CSVRowError) {
            fields = try CSVFields.split(Array(b[from..<end]), columnName: layout.columnName)
        } catch {
            throw CSVRowError(relativeLine: line, message: error.message)
        }
        return (fields, min(i + 1, b.count), lines)
    }
}
