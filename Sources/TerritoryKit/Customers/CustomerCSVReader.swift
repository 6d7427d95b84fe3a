import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
    /// The ids read through ``next(into:)``, which refuses a repeat.
    private var seenIDs = CustomerIDSet()
    private var pending: [UInt8] = []
    private var sequence = 0
    /// Lines above the header (titles a converter skipped), counted in every line reported.
    public let linesBeforeHeader: Int
    /// Lines consumed by the header and by every chunk parsed through ``next(into:)``.
    private var linesBefore = 1
    /// The bytes of the header and of the chunks cut from a buffer so far (each chunk's offset).
    private var bufferedBytes = 0
    /// Bytes per chunk.
    public var chunkBytes = 1 << 18

    /// Opens a CSV file and reads its header.
    public init(contentsOf url: URL, columns: CustomerColumns = CustomerColumns()) throws(TerritoryError) {
        source = url.path
        linesBeforeHeader = 0
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw TerritoryError.unreadableFile(path: url.path, reason: "no such file")
        }
        if isDirectory.boolValue { throw TerritoryError.unreadableFile(path: url.path, reason: "is a directory") }
        let fd = open(url.path, O_RDONLY)
        guard fd >= 0 else { throw TerritoryError.unreadableFile(path: url.path, reason: String(cString: strerror(errno))) }
        var info = stat()
        totalBytes = fstat(fd, &info) == 0 ? Int(info.st_size) : nil
        // A regular file is mapped (chunks are then slices of it); anything else is read.
        if (info.st_mode & S_IFMT) == S_IFREG, let size = totalBytes, let file = MappedFile(fd: fd, count: size) {
            close(fd)
            input = .mapped(file, 0)
        } else {
            input = .file(fd)
        }
        (header, layout) = try CustomerCSVReader.readHeader(&input, &pending, &bytesRead, columns: columns, source: url.path, line: 1)
        bufferedBytes = bytesRead - pending.count
        if case let .mapped(file, _) = input {
            // The header was copied out; records are cut from the mapping from its end on.
            let offset = bytesRead - pending.count
            pending = []
            bytesRead = offset
            input = offset < file.count ? .mapped(file, offset) : .finished
        }
    }

    /// Reads CSV text held in memory (for tests and small inputs).
    public convenience init(text: String, source: String = "<csv>", columns: CustomerColumns = CustomerColumns()) throws(TerritoryError) {
        try self.init(bytes: Array(text.utf8), source: source, columns: columns)
    }

    /// Reads CSV bytes held in memory, exactly as a file's bytes would be read.
    public init(bytes: [UInt8], source: String = "<csv>", columns: CustomerColumns = CustomerColumns()) throws(TerritoryError) {
        self.source = source
        linesBeforeHeader = 0
        totalBytes = bytes.count
        input = .memory(bytes, 0)
        (header, layout) = try CustomerCSVReader.readHeader(&input, &pending, &bytesRead, columns: columns, source: source, line: 1)
        bufferedBytes = bytesRead - pending.count
    }

    /// Reads CSV bytes made on demand by `producer` (a converter from another format: a GDAL
    /// layer, a spreadsheet), which returns the next bytes, or nil at the end. Memory stays
    /// bounded as for a file: bytes are asked for a chunk at a time.
    /// - Parameters:
    ///   - producer: the next bytes of CSV text (header first), or nil when there are no more.
    ///   - totalBytes: the expected size for progress reports, when known.
    ///   - source: the name in errors.
    ///   - columns: the columns to read.
    ///   - linesBeforeHeader: lines of the source above the header that the producer left out,
    ///     so that the lines in errors and ``CustomerBatch/line`` are the source's.
    public init(
        producer: @escaping () throws -> [UInt8]?, totalBytes: Int? = nil, source: String,
        columns: CustomerColumns = CustomerColumns(), linesBeforeHeader: Int = 0
    ) throws {
        self.source = source
        self.totalBytes = totalBytes
        self.linesBeforeHeader = linesBeforeHeader
        linesBefore = 1 + linesBeforeHeader
        input = .producer(producer)
        (header, layout) = try CustomerCSVReader.readHeader(
            &input, &pending, &bytesRead, columns: columns, source: source, line: 1 + linesBeforeHeader)
        bufferedBytes = bytesRead - pending.count
    }

    deinit { if case let .file(fd) = input { close(fd) } }

    /// The next run of complete records, or nil at the end of the file.
    public func nextChunk() throws(TerritoryError) -> CustomerCSVChunk? {
        try wrapped {
            if case let .mapped(file, offset) = input { return mappedChunk(file, offset) }
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
                let end = pending.withUnsafeBufferPointer { CustomerCSVReader.lastRecordEnd($0, final: input.isFinished) }
                guard let cut = end else {
                    if input.isFinished { return nil }
                    chunkBytes *= 2  // one record longer than a chunk: grow (bounded by the record)
                    continue
                }
                var chunk = pending
                pending = Array(chunk[cut...])
                chunk.removeLast(chunk.count - cut)
                defer { sequence += 1; bufferedBytes += chunk.count }
                return CustomerCSVChunk(storage: .owned(chunk), layout: layout, sequence: sequence, byteOffset: bufferedBytes)
            }
        }
    }

    /// The next chunk of a mapped file from `offset` on: its complete records within about
    /// ``chunkBytes``, as a slice of the mapping (nothing copied).
    private func mappedChunk(_ file: MappedFile, _ offset: Int) -> CustomerCSVChunk? {
        while true {
            let window = min(chunkBytes, file.count - offset)
            let final = offset + window == file.count
            guard let cut = CustomerCSVReader.lastRecordEnd(UnsafeBufferPointer(start: file.base + offset, count: window), final: final) else {
                if final { input = .finished; return nil }
                chunkBytes *= 2  // one record longer than a chunk: grow (bounded by the record)
                continue
            }
            bytesRead = offset + cut
            input = offset + cut < file.count ? .mapped(file, offset + cut) : .finished
            defer { sequence += 1 }
            return CustomerCSVChunk(
                storage: .mapped(MappedSlice(file: file, range: offset..<(offset + cut))), layout: layout, sequence: sequence, byteOffset: offset)
        }
    }

    /// Replaces `batch` with the customers of the next chunk. Returns false at the end of the file.
    /// - Throws: ``TerritoryError/csv(source:line:message:)`` for a bad row or an id already
    ///   read (see ``CustomerIDSet``).
    @discardableResult
    public func next(into batch: inout CustomerBatch) throws(TerritoryError) -> Bool {
        while let chunk = try nextChunk() {
            let lines: Int
            do throws(CSVRowError) {
                try chunk.checkUTF8()
                lines = try chunk.parse(into: &batch)
            } catch let rowError {
                throw error(rowError, linesBeforeChunk: linesBefore)
            }
            batch.lineBase = linesBefore + 1
            linesBefore += lines
            try seenIDs.add(batch, source: source)
            if batch.count > 0 { return true }
        }
        batch.removeAll()
        return false
    }

    /// Reads every remaining customer into one batch (for small files).
    public func readAll() throws(TerritoryError) -> CustomerBatch {
        var all = CustomerBatch(), batch = CustomerBatch()
        all.lineBase = linesBefore + 1
        while try next(into: &batch) { all.append(contentsOf: batch) }
        return all
    }

    /// Converts a chunk's row error into a ``TerritoryError`` given the lines before the chunk.
    public func error(_ e: CSVRowError, linesBeforeChunk: Int) -> TerritoryError {
        .csv(source: source, line: linesBeforeChunk + 1 + e.relativeLine, message: e.message)
    }

    /// The number of lines before the first chunk (the header's, and any above it).
    public var headerLines: Int { 1 + linesBeforeHeader }

    /// The number of line feeds in `bytes`.
    static func lineBreaks(in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        guard var p = bytes.baseAddress else { return 0 }
        let end = p + bytes.count
        var n = 0
        while p < end, let found = memchr(p, 0x0A, end - p) {
            n += 1
            p = UnsafePointer(found.assumingMemoryBound(to: UInt8.self)) + 1
        }
        return n
    }

    // MARK: - Internals

    /// The end of the last complete record in `bytes` (just past its line break), or the end
    /// of the bytes when the input is finished; nil when no record is complete yet.
    static func lastRecordEnd(_ b: UnsafeBufferPointer<UInt8>, final: Bool) -> Int? {
        if b.isEmpty { return nil }
        if final { return b.count }
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

    private static func readHeader(
        _ input: inout ByteInput, _ pending: inout [UInt8], _ bytesRead: inout Int,
        columns: CustomerColumns, source: String, line: Int
    ) throws(TerritoryError) -> ([String], CSVLayout) {
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
            try wrapped { try input.read(into: &pending, upTo: 1 << 16, source: source) }
            bytesRead += pending.count - before
        }
        let headerEnd = end ?? pending.count
        var mark = 0
        if pending.count >= 3, pending[0] == 0xEF, pending[1] == 0xBB, pending[2] == 0xBF {
            pending.removeFirst(3)  // UTF-8 byte order mark
            mark = 3
        }
        try pending.withUnsafeBufferPointer { b throws(TerritoryError) in
            if let bad = UTF8Check.firstInvalidByte(in: UnsafeBufferPointer(rebasing: b[..<(headerEnd - mark)])) {
                throw TerritoryError.csv(source: source, line: line, message: UTF8Check.message(byte: b[bad], offset: mark + bad))
            }
        }
        return try readHeaderFields(&pending, headerEnd - mark, columns: columns, source: source, line: line)
    }

    private static func readHeaderFields(
        _ pending: inout [UInt8], _ headerEnd: Int, columns: CustomerColumns,
        source: String, line: Int
    ) throws(TerritoryError) -> ([String], CSVLayout) {
        let text = String(decoding: pending[..<headerEnd], as: UTF8.self)
        pending.removeFirst(headerEnd)
        let trimmed = text.trimmingCharacters(in: CharacterSet(charactersIn: "\r\n"))
        guard !trimmed.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw TerritoryError.csv(source: source, line: line, message: "the file is empty; a header row (e.g. id,lon,lat,weight) is required")
        }
        let fields: [String]
        do throws(CSVRowError) {
            fields = try CSVFields.split(Array(trimmed.utf8)).map { String(decoding: $0, as: UTF8.self) }
        } catch {
            throw TerritoryError.csv(source: source, line: line, message: error.message)
        }
        let header = fields.map { $0.trimmingCharacters(in: .whitespaces) }
        func column(_ name: String) throws(TerritoryError) -> Int {
            guard let i = header.firstIndex(of: name) else {
                throw TerritoryError.csv(
                    source: source, line: line,
                    message:
                        "missing column \"\(name)\" (header has: \(header.joined(separator: ", ")))\(headerHint(header, missing: name, wanted: columns))"
                )
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
        if columns.swapLonLat {
            // Each value is read from the other column, and named by it in messages.
            swap(&layout.lon, &layout.lat)
            swap(&layout.names.lon, &layout.names.lat)
        }
        if header.contains(columns.weight) {
            layout.weight = try column(columns.weight)
        } else if columns.weightRequired {
            _ = try column(columns.weight)
        }
        if let visit = columns.visitMinutes { layout.visitMinutes = try column(visit) }
        return (header, layout)
    }
}

/// What to try when a header lacks the columns asked for: another delimiter when the header is
/// one field holding `;`, a tab or `|`; another header row when none of the columns is there;
/// the column options otherwise.
private func headerHint(_ header: [String], missing: String, wanted: CustomerColumns) -> String {
    if header.count == 1, let sign = [(";", "';'"), ("\t", "tab"), ("|", "'|'")].first(where: { header[0].contains($0.0) }) {
        return "; the header is one field with \(sign.0 == "\t" ? "tabs" : "'\(sign.0)'") in it: give --delimiter \(sign.1)"
    }
    if ![wanted.id, wanted.lon, wanted.lat].contains(where: header.contains) {
        return "; name the columns with --id-column, --lon-column and --lat-column, or give --header-row N when the header is not on the first line"
    }
    let option =
        [(wanted.id, "--id-column"), (wanted.lon, "--lon-column"), (wanted.lat, "--lat-column"), (wanted.weight, "--weight-column")]
        .first { $0.0 == missing }?.1 ?? "--visit-minutes-column"
    return "; name the column with \(option)"
}

/// Where the bytes come from.
private enum ByteInput {
    case file(Int32)
    /// A mapped file and the offset read up to.
    case mapped(MappedFile, Int)
    case memory([UInt8], Int)
    case producer(() throws -> [UInt8]?)
    case finished

    var isFinished: Bool { if case .finished = self { return true } else { return false } }

    mutating func read(into buffer: inout [UInt8], upTo count: Int, source: String) throws {
        switch self {
        case let .file(fd):
            // Read straight into a new array's uninitialised storage after the bytes kept (the
            // partial record left by the last chunk): zero-filling 256 KB first, then having
            // read() overwrite it, cost the reading thread a second pass over every byte.
            let start = buffer.count
            var n = 0
            let grown = [UInt8](unsafeUninitializedCapacity: start + count) { storage, initialized in
                buffer.withUnsafeBufferPointer { kept in
                    if let from = kept.baseAddress, start > 0 { storage.baseAddress!.initialize(from: from, count: start) }
                }
                repeat {
                    n = Foundation.read(fd, storage.baseAddress! + start, count)
                } while n < 0 && errno == EINTR
                initialized = start + max(0, n)
            }
            guard n >= 0 else { throw TerritoryError.unreadableFile(path: source, reason: String(cString: strerror(errno))) }
            buffer = grown
            if n == 0 { close(fd); self = .finished }
        case let .mapped(file, offset):
            let n = min(count, file.count - offset)
            buffer.append(contentsOf: UnsafeBufferPointer(start: file.base + offset, count: n))
            self = offset + n >= file.count ? .finished : .mapped(file, offset + n)
        case let .memory(bytes, offset):
            let n = min(count, bytes.count - offset)
            buffer.append(contentsOf: bytes[offset..<(offset + n)])
            self = offset + n >= bytes.count ? .finished : .memory(bytes, offset + n)
        case let .producer(next):
            // A producer's pieces may be larger than asked for; the reader copes with any size.
            var added = 0
            while added < count {
                guard let piece = try next() else { self = .finished; return }
                buffer.append(contentsOf: piece)
                added += piece.count
            }
        case .finished:
            return
        }
    }
}
