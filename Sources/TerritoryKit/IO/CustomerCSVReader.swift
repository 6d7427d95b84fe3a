import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Which CSV columns hold a customer's id, longitude, latitude and weight.
public struct CustomerColumns: Sendable, Equatable {
    /// The id column (any text).
    public var id = "id"
    /// The longitude column (decimal degrees, WGS 84).
    public var lon = "lon"
    /// The latitude column (decimal degrees, WGS 84).
    public var lat = "lat"
    /// The weight column (a non-negative number, e.g. revenue potential). When the file has no
    /// such column every customer weighs 1, unless `weightRequired` is set.
    public var weight = "weight"
    /// Whether a missing weight column is an error (set when the user named the column).
    public var weightRequired = false
    /// A column of visit minutes per customer (a non-negative number), read into
    /// ``CustomerBatch/visitMinutes`` when named; the file must then have it.
    public var visitMinutes: String?
    /// Column names: `id`, `lon`, `lat`, an optional `weight` and no visit minutes unless given.
    public init(id: String = "id", lon: String = "lon", lat: String = "lat", weight: String = "weight",
                weightRequired: Bool = false, visitMinutes: String? = nil) {
        self.id = id; self.lon = lon; self.lat = lat; self.weight = weight
        self.weightRequired = weightRequired; self.visitMinutes = visitMinutes
    }
}

/// Customers read from a CSV file, in columns.
///
/// Ids are kept as the raw bytes of the field (no `String` per row), so a batch costs a few
/// flat arrays however many rows it has.
public struct CustomerBatch: Sendable {
    /// Longitudes, in row order.
    public internal(set) var lon: [Double] = []
    /// Latitudes, in row order.
    public internal(set) var lat: [Double] = []
    /// Weights, in row order (1 when the file has no weight column).
    public internal(set) var weight: [Double] = []
    /// Visit minutes, in row order, when ``CustomerColumns/visitMinutes`` names a column;
    /// otherwise empty.
    public internal(set) var visitMinutes: [Double] = []
    /// 1-based file line of each row (the header is line 1).
    public var line: [Int] { relativeLine.map { Int($0) + lineBase } }
    var relativeLine: [Int32] = []
    var lineBase = 0
    var idBytes: [UInt8] = []
    var idEnds: [Int] = []

    /// An empty batch.
    public init() {}

    /// Customers held in memory, one entry per customer in each array.
    ///
    /// ## Example
    /// ```swift
    /// let batch = try CustomerBatch(ids: ["a", "b"], lon: [-78.6, -80.8], lat: [35.8, 35.2])
    /// ```
    /// - Parameters:
    ///   - ids: each customer's id.
    ///   - lon: longitudes (degrees), one per id.
    ///   - lat: latitudes (degrees), one per id.
    ///   - weights: one weight per customer (non-negative); every customer weighs 1 when nil.
    ///   - visitMinutes: one visit time per customer (non-negative), or nil.
    /// - Throws: ``TerritoryError/invalidArgument(_:)`` when the arrays differ in length, a
    ///   coordinate is not a lon/lat point, or a weight or visit time is negative or not finite.
    public init(ids: [String], lon: [Double], lat: [Double], weights: [Double]? = nil, visitMinutes: [Double]? = nil) throws {
        let n = ids.count
        for (name, count) in [("lon", lon.count), ("lat", lat.count), ("weights", weights?.count ?? n), ("visitMinutes", visitMinutes?.count ?? n)]
        where count != n {
            throw TerritoryError.invalidArgument("\(n) ids but \(count) \(name)")
        }
        for i in 0..<n {
            guard lon[i].isFinite, lat[i].isFinite, abs(lon[i]) <= 180, abs(lat[i]) <= 90 else {
                throw TerritoryError.invalidArgument("customer \(ids[i]): (\(lon[i]), \(lat[i])) is not a lon/lat point")
            }
            let w = weights?[i] ?? 1
            guard w.isFinite, w >= 0 else { throw TerritoryError.invalidArgument("customer \(ids[i]): weight \(w) must be a number >= 0") }
            if let v = visitMinutes?[i], !(v.isFinite && v >= 0) {
                throw TerritoryError.invalidArgument("customer \(ids[i]): visit minutes \(v) must be a number >= 0")
            }
            var id = ids[i]
            id.withUTF8 { append(id: $0, lon: lon[i], lat: lat[i], weight: w, line: i + 1) }
        }
        self.visitMinutes = visitMinutes ?? []
    }

    /// The number of rows.
    public var count: Int { lon.count }

    /// The id of row `i`.
    public func id(_ i: Int) -> String {
        let start = i == 0 ? 0 : idEnds[i - 1]
        return String(decoding: idBytes[start..<idEnds[i]], as: UTF8.self)
    }

    /// The id of row `i` as its raw UTF-8 bytes.
    @inline(__always)
    public func withIDBytes<R>(_ i: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let start = i == 0 ? 0 : idEnds[i - 1]
        return try idBytes.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[start..<idEnds[i]])) }
    }

    mutating func removeAll() {
        lon.removeAll(keepingCapacity: true); lat.removeAll(keepingCapacity: true)
        weight.removeAll(keepingCapacity: true); relativeLine.removeAll(keepingCapacity: true)
        visitMinutes.removeAll(keepingCapacity: true)
        idBytes.removeAll(keepingCapacity: true); idEnds.removeAll(keepingCapacity: true)
        lineBase = 0
    }

    @inline(__always)
    mutating func append(id: UnsafeBufferPointer<UInt8>, lon: Double, lat: Double, weight: Double, line: Int) {
        idBytes.append(contentsOf: id)
        idEnds.append(idBytes.count)
        self.lon.append(lon); self.lat.append(lat); self.weight.append(weight)
        relativeLine.append(Int32(truncatingIfNeeded: line - lineBase))
    }

    /// Appends every `step`-th row of `other`.
    public mutating func append(contentsOf other: CustomerBatch, every step: Int = 1) {
        for i in stride(from: 0, to: other.count, by: max(1, step)) {
            other.withIDBytes(i) { append(id: $0, lon: other.lon[i], lat: other.lat[i], weight: other.weight[i],
                                          line: Int(other.relativeLine[i]) + other.lineBase) }
            if !other.visitMinutes.isEmpty { visitMinutes.append(other.visitMinutes[i]) }
        }
    }
}

/// A run of complete CSV records cut from a customer file, parsed independently of the others:
/// the unit of parallel work. Parse it on any thread with ``parse(into:)``.
public struct CustomerCSVChunk: Sendable {
    /// The raw bytes: whole records, the last one ending with its line break (or the file's end).
    public let bytes: [UInt8]
    let layout: CSVLayout
    /// Position of the chunk in the file (0, 1, 2, ...).
    public let sequence: Int

    /// Parses every record into `batch` (replacing its contents) and returns the number of lines
    /// the chunk spans. Line numbers in `batch` and in errors are relative to the chunk's first
    /// line, which is line 1 plus `batch.lineBase`; the reader or pipeline sets `lineBase`.
    /// - Throws: ``CSVRowError`` for a bad row.
    public func parse(into batch: inout CustomerBatch) throws -> Int {
        batch.removeAll()
        return try bytes.withUnsafeBufferPointer { try CSVRecordParser(layout: layout).parse($0, into: &batch) }
    }
}

/// A bad CSV row, with its line relative to the start of its chunk (0 = the chunk's first line).
public struct CSVRowError: Error, Sendable {
    /// Lines from the chunk's first line.
    public let relativeLine: Int
    /// What is wrong.
    public let message: String
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

/// A streaming reader of customer CSV files (RFC 4180).
///
/// The header row is required and names the columns; fields may be quoted (with `""` for a
/// quote, and commas or line breaks inside quotes); CRLF line ends and a UTF-8 byte order mark
/// are accepted; blank lines are skipped. Memory stays bounded: the file is read in chunks of
/// about 256 KB whatever its size. Every problem is a ``TerritoryError/csv(source:line:message:)``
/// with the line: missing columns, rows with the wrong number of fields, numbers that do not
/// parse, NaN or infinite values, longitudes outside [-180, 180], latitudes outside [-90, 90],
/// negative weights.
public final class CustomerCSVReader {
    /// The header's column names.
    public let header: [String]
    /// Bytes consumed so far (for progress reports).
    public private(set) var bytesRead: Int = 0
    /// The file size in bytes, when known.
    public let totalBytes: Int?
    /// The file's name in errors.
    public let source: String

    private let layout: CSVLayout
    private var input: ByteInput
    private var pending: [UInt8] = []
    private var sequence = 0
    /// Lines consumed by the header and by every chunk parsed through ``next(into:)``.
    private var linesBefore = 1
    /// Bytes per chunk.
    public var chunkBytes = 1 << 18

    /// Opens a CSV file and reads its header.
    public init(contentsOf url: URL, columns: CustomerColumns = CustomerColumns()) throws {
        source = url.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw TerritoryError.unreadableFile(path: url.path, reason: "no such file")
        }
        if isDirectory.boolValue { throw TerritoryError.unreadableFile(path: url.path, reason: "is a directory") }
        let fd = open(url.path, O_RDONLY)
        guard fd >= 0 else { throw TerritoryError.unreadableFile(path: url.path, reason: String(cString: strerror(errno))) }
        var info = stat()
        totalBytes = fstat(fd, &info) == 0 ? Int(info.st_size) : nil
        input = .file(fd)
        (header, layout) = try CustomerCSVReader.readHeader(&input, &pending, &bytesRead, columns: columns, source: url.path)
    }

    /// Reads CSV text held in memory (for tests and small inputs).
    public convenience init(text: String, source: String = "<csv>", columns: CustomerColumns = CustomerColumns()) throws {
        try self.init(bytes: Array(text.utf8), source: source, columns: columns)
    }

    /// Reads CSV bytes held in memory, exactly as a file's bytes would be read.
    public init(bytes: [UInt8], source: String = "<csv>", columns: CustomerColumns = CustomerColumns()) throws {
        self.source = source
        totalBytes = bytes.count
        input = .memory(bytes, 0)
        (header, layout) = try CustomerCSVReader.readHeader(&input, &pending, &bytesRead, columns: columns, source: source)
    }

    deinit { if case let .file(fd) = input { close(fd) } }

    /// The next run of complete records, or nil at the end of the file.
    public func nextChunk() throws -> CustomerCSVChunk? {
        while true {
            // Fill the buffer to the chunk size, then cut it after its last complete record; the
            // partial record left over starts the next chunk (the only bytes copied twice).
            if pending.count < chunkBytes, !input.isFinished {
                let before = pending.count
                pending.reserveCapacity(chunkBytes + chunkBytes / 4)
                try input.read(into: &pending, upTo: chunkBytes - pending.count, source: source)
                bytesRead += pending.count - before
                continue
            }
            guard let cut = CustomerCSVReader.lastRecordEnd(pending, final: input.isFinished) else {
                if input.isFinished { return nil }
                chunkBytes *= 2  // one record longer than a chunk: grow (bounded by the record)
                continue
            }
            var chunk = pending
            pending = Array(chunk[cut...])
            chunk.removeLast(chunk.count - cut)
            defer { sequence += 1 }
            return CustomerCSVChunk(bytes: chunk, layout: layout, sequence: sequence)
        }
    }

    /// Replaces `batch` with the customers of the next chunk. Returns false at the end of the file.
    @discardableResult
    public func next(into batch: inout CustomerBatch) throws -> Bool {
        while let chunk = try nextChunk() {
            let lines: Int
            do { lines = try chunk.parse(into: &batch) } catch let e as CSVRowError {
                throw error(e, linesBeforeChunk: linesBefore)
            }
            batch.lineBase = linesBefore + 1
            linesBefore += lines
            if batch.count > 0 { return true }
        }
        batch.removeAll()
        return false
    }

    /// Reads every remaining customer into one batch (for small files).
    public func readAll() throws -> CustomerBatch {
        var all = CustomerBatch(), batch = CustomerBatch()
        all.lineBase = linesBefore + 1
        while try next(into: &batch) { all.append(contentsOf: batch) }
        return all
    }

    /// Converts a chunk's row error into a ``TerritoryError`` given the lines before the chunk.
    public func error(_ e: CSVRowError, linesBeforeChunk: Int) -> TerritoryError {
        .csv(source: source, line: linesBeforeChunk + 1 + e.relativeLine, message: e.message)
    }

    /// The number of lines before the first chunk (the header's).
    public var headerLines: Int { 1 }

    // MARK: - Internals

    /// The end of the last complete record in `bytes` (just past its line break), or the end
    /// of the bytes when the input is finished; nil when no record is complete yet.
    static func lastRecordEnd(_ bytes: [UInt8], final: Bool) -> Int? {
        if bytes.isEmpty { return nil }
        if final { return bytes.count }
        return bytes.withUnsafeBufferPointer { b -> Int? in
            let base = b.baseAddress!
            if memchr(base, 0x22, b.count) == nil {
                // No quotes: the last line break ends a record.
                var i = b.count - 1
                while i >= 0, b[i] != 0x0A { i -= 1 }
                return i >= 0 ? i + 1 : nil
            }
            // Quotes: scan from the start (a record boundary) tracking quote state.
            var inQuotes = false
            var last: Int?
            for i in 0..<b.count {
                let c = b[i]
                if c == 0x22 { inQuotes.toggle() } else if c == 0x0A, !inQuotes { last = i + 1 }
            }
            return last
        }
    }

    private static func readHeader(_ input: inout ByteInput, _ pending: inout [UInt8], _ bytesRead: inout Int,
                                   columns: CustomerColumns, source: String) throws -> ([String], CSVLayout) {
        // Read until the first record is complete.
        var end: Int?
        while true {
            end = pending.withUnsafeBufferPointer { b -> Int? in
                var inQuotes = false
                for i in 0..<b.count {
                    if b[i] == 0x22 { inQuotes.toggle() } else if b[i] == 0x0A, !inQuotes { return i + 1 }
                }
                return nil
            }
            if end != nil || input.isFinished { break }
            let before = pending.count
            try input.read(into: &pending, upTo: 1 << 16, source: source)
            bytesRead += pending.count - before
        }
        let headerEnd = end ?? pending.count
        if pending.count >= 3, pending[0] == 0xEF, pending[1] == 0xBB, pending[2] == 0xBF {
            pending.removeFirst(3)  // UTF-8 byte order mark
            return try readHeaderFields(&pending, headerEnd - 3, columns: columns, source: source)
        }
        return try readHeaderFields(&pending, headerEnd, columns: columns, source: source)
    }

    private static func readHeaderFields(_ pending: inout [UInt8], _ headerEnd: Int, columns: CustomerColumns,
                                         source: String) throws -> ([String], CSVLayout) {
        let text = String(decoding: pending[..<headerEnd], as: UTF8.self)
        pending.removeFirst(headerEnd)
        let trimmed = text.trimmingCharacters(in: CharacterSet(charactersIn: "\r\n"))
        guard !trimmed.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw TerritoryError.csv(source: source, line: 1, message: "the file is empty; a header row (e.g. id,lon,lat,weight) is required")
        }
        let fields: [String]
        do { fields = try CSVRecordParser.splitGeneral(Array(trimmed.utf8)).map { String(decoding: $0, as: UTF8.self) } } catch let e as CSVRowError {
            throw TerritoryError.csv(source: source, line: 1, message: e.message)
        }
        let header = fields.map { $0.trimmingCharacters(in: .whitespaces) }
        func column(_ name: String) throws -> Int {
            guard let i = header.firstIndex(of: name) else {
                throw TerritoryError.csv(source: source, line: 1, message: "missing column \"\(name)\" (header has: \(header.joined(separator: ", ")))")
            }
            return i
        }
        var layout = CSVLayout()
        layout.names = columns
        layout.columnCount = header.count
        layout.header = header
        layout.id = try column(columns.id)
        layout.lon = try column(columns.lon)
        layout.lat = try column(columns.lat)
        if header.contains(columns.weight) {
            layout.weight = try column(columns.weight)
        } else if columns.weightRequired {
            _ = try column(columns.weight)
        }
        if let visit = columns.visitMinutes { layout.visitMinutes = try column(visit) }
        return (header, layout)
    }
}

/// Where the bytes come from.
private enum ByteInput {
    case file(Int32)
    case memory([UInt8], Int)
    case finished

    var isFinished: Bool { if case .finished = self { return true } else { return false } }

    mutating func read(into buffer: inout [UInt8], upTo count: Int, source: String) throws {
        switch self {
        case let .file(fd):
            let start = buffer.count
            buffer.append(contentsOf: repeatElement(0, count: count))
            var n: Int
            repeat {
                n = buffer.withUnsafeMutableBufferPointer { Foundation.read(fd, $0.baseAddress! + start, count) }
            } while n < 0 && errno == EINTR
            guard n >= 0 else {
                buffer.removeLast(count)
                throw TerritoryError.unreadableFile(path: source, reason: String(cString: strerror(errno)))
            }
            buffer.removeLast(count - n)
            if n == 0 { close(fd); self = .finished }
        case let .memory(bytes, offset):
            let n = min(count, bytes.count - offset)
            buffer.append(contentsOf: bytes[offset..<(offset + n)])
            self = offset + n >= bytes.count ? .finished : .memory(bytes, offset + n)
        case .finished:
            return
        }
    }
}

/// The record parser: a tight loop for the common unquoted record, RFC 4180 for the rest.
struct CSVRecordParser {
    let layout: CSVLayout

    /// Parses all records of `b` into `batch`; returns the number of lines consumed.
    func parse(_ b: UnsafeBufferPointer<UInt8>, into batch: inout CustomerBatch) throws -> Int {
        guard let base = b.baseAddress else { return 0 }
        let n = b.count
        batch.lon.reserveCapacity(n / 24); batch.lat.reserveCapacity(n / 24); batch.weight.reserveCapacity(n / 24)
        batch.relativeLine.reserveCapacity(n / 24); batch.idEnds.reserveCapacity(n / 24); batch.idBytes.reserveCapacity(n / 4)
        let columnCount = layout.columnCount
        let idColumn = layout.id, lonColumn = layout.lon, latColumn = layout.lat, weightColumn = layout.weight ?? -1
        let visitColumn = layout.visitMinutes ?? -1
        var line = 0
        var p = 0
        while p < n {
            let newline = memchr(base + p, 0x0A, n - p).map { UnsafePointer<UInt8>($0.assumingMemoryBound(to: UInt8.self)) - base } ?? n
            var end = newline
            if end > p, b[end - 1] == 0x0D { end -= 1 }
            let recordLine = line
            if end == p { p = newline + 1; line += 1; continue }  // blank line
            if memchr(base + p, 0x22, end - p) != nil {
                // Quoted fields: find the record's real end (quotes may hold line breaks), then split.
                let (fields, recordEnd, lines) = try quotedRecord(b, from: p, line: recordLine)
                try append(fields: fields, line: recordLine, into: &batch)
                p = recordEnd
                line += lines
                continue
            }
            // Unquoted: split at commas, keeping only the columns wanted.
            var column = 0, fieldStart = p
            var idS = 0, idE = 0, lonS = 0, lonE = 0, latS = 0, latE = 0, wS = 0, wE = 0, vS = 0, vE = 0
            var i = p
            while true {
                if i == end || b[i] == 0x2C {
                    if column == idColumn { idS = fieldStart; idE = i }
                    if column == lonColumn { lonS = fieldStart; lonE = i }
                    if column == latColumn { latS = fieldStart; latE = i }
                    if column == weightColumn { wS = fieldStart; wE = i }
                    if column == visitColumn { vS = fieldStart; vE = i }
                    column += 1
                    fieldStart = i + 1
                    if i == end { break }
                }
                i += 1
            }
            guard column == columnCount else {
                throw CSVRowError(relativeLine: recordLine, message: "row has \(column) fields; the header has \(columnCount)")
            }
            let lon = try number(b, lonS, lonE, column: lonColumn, line: recordLine)
            let lat = try number(b, latS, latE, column: latColumn, line: recordLine)
            let weight = weightColumn >= 0 ? try number(b, wS, wE, column: weightColumn, line: recordLine) : 1
            try check(lon: lon, lat: lat, weight: weight, line: recordLine)
            if visitColumn >= 0 { batch.visitMinutes.append(try visit(number(b, vS, vE, column: visitColumn, line: recordLine), line: recordLine)) }
            batch.append(id: UnsafeBufferPointer(rebasing: b[idS..<idE]), lon: lon, lat: lat, weight: weight, line: recordLine + batch.lineBase)
            p = newline + 1
            line += 1
        }
        return line
    }

    @inline(__always)
    private func check(lon: Double, lat: Double, weight: Double, line: Int) throws {
        guard abs(lon) <= 180 + CoordinateRange.tolerance else {
            throw CSVRowError(relativeLine: line, message: "\(layout.names.lon) \(lon) is outside [-180, 180]")
        }
        guard abs(lat) <= 90 + CoordinateRange.tolerance else {
            throw CSVRowError(relativeLine: line, message: "\(layout.names.lat) \(lat) is outside [-90, 90]")
        }
        guard weight >= 0 else { throw CSVRowError(relativeLine: line, message: "\(layout.names.weight) \(weight) is negative") }
    }

    /// A checked visit time in minutes.
    private func visit(_ minutes: Double, line: Int) throws -> Double {
        guard minutes >= 0 else {
            throw CSVRowError(relativeLine: line, message: "\(layout.names.visitMinutes ?? "visit minutes") \(minutes) is negative")
        }
        return minutes
    }

    /// The field's number; `column` names it in errors (the message is built only on failure).
    @inline(__always)
    private func number(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, column: Int, line: Int) throws -> Double {
        var s = start, e = end
        while s < e, b[s] == 0x20 || b[s] == 0x09 { s += 1 }
        while e > s, b[e - 1] == 0x20 || b[e - 1] == 0x09 { e -= 1 }
        if let value = DecimalParsing.parse(b, s, e), value.isFinite { return value }
        throw numberError(b, start, end, column: column, line: line)
    }

    @inline(never)
    private func numberError(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, column: Int, line: Int) -> CSVRowError {
        let name = column == layout.lon ? layout.names.lon : (column == layout.lat ? layout.names.lat
            : (column == layout.visitMinutes ? layout.names.visitMinutes ?? "" : layout.names.weight))
        let text = String(decoding: UnsafeBufferPointer(rebasing: b[start..<end]), as: UTF8.self)
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let value = DecimalParsing.parse(Substring(trimmed)), !value.isFinite {
            return CSVRowError(relativeLine: line, message: "\(name) \(value) is not a finite number")
        }
        return CSVRowError(relativeLine: line, message: text.isEmpty ? "\(name) is empty" : "\(name) \"\(text)\" is not a number")
    }

    private func append(fields: [[UInt8]], line: Int, into batch: inout CustomerBatch) throws {
        guard fields.count == layout.columnCount else {
            throw CSVRowError(relativeLine: line, message: "row has \(fields.count) fields; the header has \(layout.columnCount)")
        }
        func value(_ column: Int) throws -> Double {
            try fields[column].withUnsafeBufferPointer { try number($0, 0, $0.count, column: column, line: line) }
        }
        let lon = try value(layout.lon)
        let lat = try value(layout.lat)
        let weight = try layout.weight.map { try value($0) } ?? 1
        try check(lon: lon, lat: lat, weight: weight, line: line)
        if let v = layout.visitMinutes { batch.visitMinutes.append(try visit(value(v), line: line)) }
        fields[layout.id].withUnsafeBufferPointer { batch.append(id: $0, lon: lon, lat: lat, weight: weight, line: line + batch.lineBase) }
    }

    /// A record with quotes starting at `from`: its fields, the offset after it, and the lines it spans.
    private func quotedRecord(_ b: UnsafeBufferPointer<UInt8>, from: Int, line: Int) throws -> ([[UInt8]], Int, Int) {
        // A quote may only open a field: "a\"b" is an error, not the start of a quoted run.
        if let q = (from..<b.count).first(where: { b[$0] == 0x22 }), q > from, b[q - 1] != 0x2C {
            let field = (from..<q).reduce(0) { $0 + (b[$1] == 0x2C ? 1 : 0) }
            throw CSVRowError(relativeLine: line, message: CSVRecordParser.bareQuoteMessage(layout.columnName(field)))
        }
        var inQuotes = false
        var i = from, lines = 1
        while i < b.count {
            let c = b[i]
            if c == 0x22 { inQuotes.toggle() } else if c == 0x0A {
                if !inQuotes { break }
                lines += 1
            }
            i += 1
        }
        if inQuotes { throw CSVRowError(relativeLine: line, message: "unterminated quoted field") }
        var end = i
        if end > from, b[end - 1] == 0x0D { end -= 1 }
        let fields: [[UInt8]]
        do { fields = try CSVRecordParser.splitGeneral(Array(b[from..<end]), layout: layout) } catch let e as CSVRowError {
            throw CSVRowError(relativeLine: line, message: e.message)
        }
        return (fields, min(i + 1, b.count), lines)
    }

    /// The error for a `"` inside a field that does not start with one (RFC 4180 allows quotes
    /// only around a whole field), as spreadsheets produce from text like `37.8"N`.
    static func bareQuoteMessage(_ column: String) -> String {
        "\(column): a quote inside an unquoted field; enclose the whole field in double quotes and double the quotes inside it (\"37.8\"\"N\")"
    }

    /// Splits one record (without its line break) into unquoted fields, RFC 4180. `layout`
    /// names the columns in errors (the header itself is split without one).
    static func splitGeneral(_ r: [UInt8], layout: CSVLayout? = nil) throws -> [[UInt8]] {
        func name(_ field: Int) -> String { layout?.columnName(field) ?? "header field \(field + 1)" }
        var fields: [[UInt8]] = []
        var i = 0
        while true {
            var field: [UInt8] = []
            if i < r.count, r[i] == 0x22 {
                i += 1
                while true {
                    guard i < r.count else { throw CSVRowError(relativeLine: 0, message: "\(name(fields.count)): unterminated quoted field") }
                    if r[i] == 0x22 {
                        if i + 1 < r.count, r[i + 1] == 0x22 { field.append(0x22); i += 2; continue }
                        i += 1
                        break
                    }
                    field.append(r[i]); i += 1
                }
                guard i == r.count || r[i] == 0x2C else {
                    throw CSVRowError(relativeLine: 0, message: "\(name(fields.count)): text after a closing quote; a quoted field ends at its closing quote (write \"\" for a quote inside it)")
                }
            } else {
                while i < r.count, r[i] != 0x2C {
                    if r[i] == 0x22 { throw CSVRowError(relativeLine: 0, message: bareQuoteMessage(name(fields.count))) }
                    field.append(r[i]); i += 1
                }
            }
            fields.append(field)
            if i >= r.count { break }
            i += 1
        }
        return fields
    }
}
