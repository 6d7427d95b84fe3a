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
    /// The defaults: `id`, `lon`, `lat`, optional `weight`.
    public init() {}
}

/// Customers read from a CSV file, a batch at a time, in columns.
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
    /// 1-based file line of each row (the header is line 1).
    public internal(set) var line: [Int] = []
    var idBytes: [UInt8] = []
    var idEnds: [Int] = []

    /// An empty batch.
    public init() {}

    /// The number of rows.
    public var count: Int { lon.count }

    /// The id of row `i`.
    public func id(_ i: Int) -> String {
        let start = i == 0 ? 0 : idEnds[i - 1]
        return String(decoding: idBytes[start..<idEnds[i]], as: UTF8.self)
    }

    /// The id of row `i` as its raw UTF-8 bytes.
    public func withIDBytes<R>(_ i: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let start = i == 0 ? 0 : idEnds[i - 1]
        return try idBytes.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[start..<idEnds[i]])) }
    }

    mutating func removeAll() {
        lon.removeAll(keepingCapacity: true); lat.removeAll(keepingCapacity: true)
        weight.removeAll(keepingCapacity: true); line.removeAll(keepingCapacity: true)
        idBytes.removeAll(keepingCapacity: true); idEnds.removeAll(keepingCapacity: true)
    }

    mutating func append(id: UnsafeBufferPointer<UInt8>, lon: Double, lat: Double, weight: Double, line: Int) {
        idBytes.append(contentsOf: id)
        idEnds.append(idBytes.count)
        self.lon.append(lon); self.lat.append(lat); self.weight.append(weight); self.line.append(line)
    }
}

/// A streaming reader of customer CSV files (RFC 4180).
///
/// The header row is required and names the columns; fields may be quoted (with `""` for a
/// quote, and commas or line breaks inside quotes); CRLF line ends and a UTF-8 byte order mark
/// are accepted; blank lines are skipped. Memory stays bounded: the file is read in chunks of
/// a few hundred KB whatever its size. Every problem is a ``TerritoryError/csv(source:line:message:)``
/// with the line: missing columns, rows with the wrong number of fields, numbers that do not
/// parse, NaN or infinite values, longitudes outside [-180, 180], latitudes outside [-90, 90],
/// negative weights.
public final class CustomerCSVReader {
    /// The header's column names.
    public private(set) var header: [String] = []
    /// Bytes consumed so far (for progress reports).
    public private(set) var bytesRead: Int = 0
    /// The file size in bytes, when known.
    public let totalBytes: Int?

    private let source: String
    private let columns: CustomerColumns
    private var descriptor: Int32 = -1
    private var memory: [UInt8]?
    private var buffer: [UInt8]
    private var start = 0, end = 0
    private var eof = false
    /// The line the current record starts on, and the line the next one will start on.
    private var lineNumber = 0, nextLine = 1
    private var idColumn = 0, lonColumn = 0, latColumn = 0, weightColumn: Int?
    private var fieldStarts: [Int] = []
    private var fieldEnds: [Int] = []
    private var unquoted: [UInt8] = []
    private static let chunkSize = 1 << 18

    /// Opens a CSV file and reads its header.
    public init(contentsOf url: URL, columns: CustomerColumns = CustomerColumns()) throws {
        source = url.path
        self.columns = columns
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw TerritoryError.unreadableFile(path: url.path, reason: "no such file")
        }
        if isDirectory.boolValue { throw TerritoryError.unreadableFile(path: url.path, reason: "is a directory") }
        descriptor = open(url.path, O_RDONLY)
        guard descriptor >= 0 else { throw TerritoryError.unreadableFile(path: url.path, reason: String(cString: strerror(errno))) }
        var info = stat()
        totalBytes = fstat(descriptor, &info) == 0 ? Int(info.st_size) : nil
        buffer = [UInt8](repeating: 0, count: CustomerCSVReader.chunkSize)
        try readHeader()
    }

    /// Reads CSV text held in memory (for tests and small inputs).
    public init(text: String, source: String = "<csv>", columns: CustomerColumns = CustomerColumns()) throws {
        self.source = source
        self.columns = columns
        memory = Array(text.utf8)
        totalBytes = memory!.count
        buffer = [UInt8](repeating: 0, count: CustomerCSVReader.chunkSize)
        try readHeader()
    }

    deinit { if descriptor >= 0 { close(descriptor) } }

    /// Reads every remaining customer into one batch (for small files).
    public func readAll() throws -> CustomerBatch {
        var all = CustomerBatch()
        while try next(into: &all, maxRows: Int.max, append: true) {}
        return all
    }

    /// Replaces `batch` with up to `maxRows` next customers. Returns false when the file is exhausted
    /// and nothing was read.
    @discardableResult
    public func next(into batch: inout CustomerBatch, maxRows: Int) throws -> Bool {
        try next(into: &batch, maxRows: maxRows, append: false)
    }

    private func next(into batch: inout CustomerBatch, maxRows: Int, append: Bool) throws -> Bool {
        if !append { batch.removeAll() }
        var rows = 0
        while rows < maxRows, try nextRecord() {
            if fieldStarts.count == 1, fieldEnds[0] == fieldStarts[0] { continue }  // blank line
            try appendCustomer(to: &batch)
            rows += 1
        }
        return rows > 0
    }

    // MARK: - Records

    private func readHeader() throws {
        guard try nextRecord() else {
            throw TerritoryError.csv(source: source, line: 1, message: "the file is empty; a header row (e.g. id,lon,lat,weight) is required")
        }
        header = (0..<fieldStarts.count).map { i in
            String(decoding: fieldBytes(i), as: UTF8.self).trimmingCharacters(in: .whitespaces)
        }
        if let first = header.first, first.hasPrefix("\u{FEFF}") { header[0] = String(first.dropFirst()) }
        func column(_ name: String) throws -> Int {
            guard let i = header.firstIndex(of: name) else {
                throw TerritoryError.csv(source: source, line: 1, message: "missing column \"\(name)\" (header has: \(header.joined(separator: ", ")))")
            }
            return i
        }
        idColumn = try column(columns.id)
        lonColumn = try column(columns.lon)
        latColumn = try column(columns.lat)
        if header.contains(columns.weight) {
            weightColumn = try column(columns.weight)
        } else if columns.weightRequired {
            _ = try column(columns.weight)
        }
    }

    @inline(__always) private func fieldBytes(_ i: Int) -> UnsafeBufferPointer<UInt8> {
        if fieldStarts[i] < 0 {  // a quoted field, unescaped into `unquoted`
            return unquoted.withUnsafeBufferPointer { UnsafeBufferPointer(rebasing: $0[(-fieldStarts[i] - 1)..<fieldEnds[i]]) }
        }
        return buffer.withUnsafeBufferPointer { UnsafeBufferPointer(rebasing: $0[fieldStarts[i]..<fieldEnds[i]]) }
    }

    private func appendCustomer(to batch: inout CustomerBatch) throws {
        guard fieldStarts.count == header.count else {
            throw TerritoryError.csv(source: source, line: lineNumber, message: "row has \(fieldStarts.count) fields; the header has \(header.count)")
        }
        let lon = try number(lonColumn, name: columns.lon)
        let lat = try number(latColumn, name: columns.lat)
        guard abs(lon) <= 180 + CoordinateRange.tolerance else {
            throw TerritoryError.csv(source: source, line: lineNumber, message: "\(columns.lon) \(lon) is outside [-180, 180]")
        }
        guard abs(lat) <= 90 + CoordinateRange.tolerance else {
            throw TerritoryError.csv(source: source, line: lineNumber, message: "\(columns.lat) \(lat) is outside [-90, 90]")
        }
        var weight = 1.0
        if let weightColumn {
            weight = try number(weightColumn, name: columns.weight)
            guard weight >= 0 else {
                throw TerritoryError.csv(source: source, line: lineNumber, message: "\(columns.weight) \(weight) is negative")
            }
        }
        batch.append(id: fieldBytes(idColumn), lon: lon, lat: lat, weight: weight, line: lineNumber)
    }

    @inline(__always) private func number(_ column: Int, name: String) throws -> Double {
        let bytes = fieldBytes(column)
        var s = 0, e = bytes.count
        while s < e, bytes[s] == 0x20 || bytes[s] == 0x09 { s += 1 }
        while e > s, bytes[e - 1] == 0x20 || bytes[e - 1] == 0x09 { e -= 1 }
        guard let value = DecimalParsing.parse(bytes, s, e) else {
            let text = String(decoding: bytes, as: UTF8.self)
            throw TerritoryError.csv(source: source, line: lineNumber,
                                     message: text.isEmpty ? "\(name) is empty" : "\(name) \"\(text)\" is not a number")
        }
        guard value.isFinite else {
            throw TerritoryError.csv(source: source, line: lineNumber, message: "\(name) \(value) is not a finite number")
        }
        return value
    }

    /// Splits the next record into fields. Returns false at the end of the input.
    private func nextRecord() throws -> Bool {
        while true {
            if let recordEnd = try scanRecord() { return recordEnd }
            if eof {
                if start < end { return try finishRecord(at: end, consumed: end) }  // last line without newline
                return false
            }
            try refill()
        }
    }

    /// Looks for a complete record in the buffer; nil when more bytes are needed.
    private func scanRecord() throws -> Bool? {
        var i = start
        var inQuotes = false
        let found: Int? = buffer.withUnsafeBufferPointer { b in
            while i < end {
                let c = b[i]
                if c == 0x22 { inQuotes.toggle() } else if c == 0x0A, !inQuotes { return i }
                i += 1
            }
            return nil
        }
        guard let newline = found else { return nil }
        return try finishRecord(at: newline, consumed: newline + 1)
    }

    private func finishRecord(at recordEnd: Int, consumed: Int) throws -> Bool {
        var stop = recordEnd
        if stop > start, buffer[stop - 1] == 0x0D { stop -= 1 }  // CRLF
        lineNumber = nextLine
        nextLine += 1
        if lineNumber == 1, stop - start >= 3, buffer[start] == 0xEF, buffer[start + 1] == 0xBB, buffer[start + 2] == 0xBF {
            start += 3  // UTF-8 byte order mark
        }
        try split(start, stop)
        // Line breaks inside quoted fields count as lines too.
        for k in start..<recordEnd where buffer[k] == 0x0A { nextLine += 1 }
        start = consumed
        return true
    }

    private func split(_ from: Int, _ to: Int) throws {
        fieldStarts.removeAll(keepingCapacity: true)
        fieldEnds.removeAll(keepingCapacity: true)
        unquoted.removeAll(keepingCapacity: true)
        let line = lineNumber
        let source = self.source
        try buffer.withUnsafeBufferPointer { b in
            var i = from
            while true {
                if i < to, b[i] == 0x22 {
                    // Quoted field: "" is a quote; the field ends at the closing quote.
                    let fieldStart = unquoted.count
                    i += 1
                    while true {
                        guard i < to else {
                            throw TerritoryError.csv(source: source, line: line, message: "unterminated quoted field")
                        }
                        if b[i] == 0x22 {
                            if i + 1 < to, b[i + 1] == 0x22 { unquoted.append(0x22); i += 2; continue }
                            i += 1
                            break
                        }
                        unquoted.append(b[i]); i += 1
                    }
                    fieldStarts.append(-fieldStart - 1)
                    fieldEnds.append(unquoted.count)
                    guard i == to || b[i] == 0x2C else {
                        throw TerritoryError.csv(source: source, line: line, message: "text after a closing quote")
                    }
                } else {
                    let s = i
                    while i < to, b[i] != 0x2C {
                        if b[i] == 0x22 {
                            throw TerritoryError.csv(source: source, line: line, message: "a quote inside an unquoted field")
                        }
                        i += 1
                    }
                    fieldStarts.append(s)
                    fieldEnds.append(i)
                }
                if i >= to { break }
                i += 1  // the comma
                if i == to { fieldStarts.append(i); fieldEnds.append(i); break }  // trailing empty field
            }
        }
    }

    /// Moves the unread tail to the front and reads more bytes after it.
    private func refill() throws {
        if start > 0 {
            let tail = end - start
            if tail > 0 {
                buffer.withUnsafeMutableBufferPointer { b in
                    _ = memmove(b.baseAddress!, b.baseAddress! + start, tail)
                }
            }
            start = 0; end = tail
        }
        if end == buffer.count {
            // One record longer than the buffer: grow it (bounded by the record, not the file).
            buffer.append(contentsOf: [UInt8](repeating: 0, count: buffer.count))
        }
        let room = buffer.count - end
        var n: Int
        if let memory {
            n = min(room, memory.count - bytesRead)
            if n > 0 {
                buffer.withUnsafeMutableBufferPointer { b in
                    memory.withUnsafeBufferPointer { m in
                        _ = memcpy(b.baseAddress! + end, m.baseAddress! + bytesRead, n)
                    }
                }
            }
        } else {
            repeat {
                n = buffer.withUnsafeMutableBufferPointer { Foundation.read(descriptor, $0.baseAddress! + end, room) }
            } while n < 0 && errno == EINTR
            guard n >= 0 else { throw TerritoryError.unreadableFile(path: source, reason: String(cString: strerror(errno))) }
        }
        if n == 0 { eof = true }
        end += n
        bytesRead += n
    }
}

extension CustomerBatch {
    /// Appends every `step`-th row of `other`.
    public mutating func append(contentsOf other: CustomerBatch, every step: Int = 1) {
        for i in stride(from: 0, to: other.count, by: max(1, step)) {
            other.withIDBytes(i) { append(id: $0, lon: other.lon[i], lat: other.lat[i], weight: other.weight[i], line: other.line[i]) }
        }
    }
}
