import Foundation
import TerritoryKit

/// Where customers come from, as a user names them: a CSV file read by the streaming reader (a
/// file of another delimiter, header row or encoding converted to plain CSV as it streams), or
/// any other source read through GDAL (a GeoPackage or PostGIS point layer, an Excel or ODS
/// sheet), with the same column options and checks.
///
/// ## Example
/// ```swift
/// let reader = try CustomerSource("customers.xlsx").open(columns: CustomerColumns(weight: "revenue"))
/// ```
public struct CustomerSource: Sendable {
    /// The path or connection string.
    public var path: String
    /// The layer (table, sheet) to read; naming one reads a CSV file through GDAL too.
    public var layer: String?
    /// The delimited-text dialect of a CSV file (delimiter, header row, encoding).
    public var dialect: CSVDialect

    /// A source.
    public init(_ path: String, layer: String? = nil, dialect: CSVDialect = CSVDialect()) {
        self.path = path; self.layer = layer; self.dialect = dialect
    }

    /// Whether GDAL reads this source: connections, `/vsi...` paths, folders, files of GDAL's
    /// formats, and any source with a layer named (a CSV file stays on the fast path otherwise).
    public var readsThroughGDAL: Bool { VectorSource.readsCustomersThroughGDAL(path, layer: layer) }

    /// The customers, streamed.
    /// - Throws: `TerritoryError` naming the source (and its line or row) when it cannot be
    ///   read or a row is unusable, or when a delimiter or encoding is given for a source GDAL
    ///   reads.
    public func open(columns: CustomerColumns = CustomerColumns()) throws(TerritoryError) -> CustomerCSVReader {
        if readsThroughGDAL {
            try checkDialect()
            return try CustomerCSVReader.open(VectorSource(path, layer: layer), columns: columns, headerRow: dialect.headerRow)
        }
        if dialect.isPlain { return try CustomerCSVReader(contentsOf: URL(fileURLWithPath: path), columns: columns) }
        return try wrapped { try CustomerCSVReader(converting: path, dialect: dialect, columns: columns) }
    }

    /// The whole source as a text table, every column (for the columns the customer reader does
    /// not keep: visit frequencies, opening hours), its rows those ``open(columns:)`` reads, in
    /// order; `lines` are the source's own.
    /// - Throws: as ``open(columns:)``.
    public func table(columns: CustomerColumns = CustomerColumns()) throws(TerritoryError) -> CSVTable {
        if readsThroughGDAL {
            try checkDialect()
            let text = try CustomerCSVReader.csvText(of: VectorSource(path, layer: layer), columns: columns, headerRow: dialect.headerRow)
            return try shifted(text)
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadableFile(path: path, reason: FileManager.default.fileExists(atPath: path) ? "permission denied" : "no such file")
        }
        if dialect.isPlain { return try wrapped { try CSVTable.parse(Array(data), source: path) } }
        var converter = CSVDialectConverter(dialect, source: path)
        let text = try wrapped { try Array(data).withUnsafeBufferPointer { b in try converter.convert(b) } + converter.finish() }
        return try shifted(text)
    }

    /// The table of `text`, its lines counted from the source's own first line.
    private func shifted(_ text: [UInt8]) throws(TerritoryError) -> CSVTable {
        let table = try wrapped { try CSVTable.parse(text, source: path) }
        return CSVTable(source: path, header: table.header, rows: table.rows, lines: table.lines.map { $0 + dialect.headerRow - 1 })
    }

    private func checkDialect() throws(TerritoryError) {
        if dialect.delimiter != 0x2C || dialect.encoding != .utf8 {
            throw .invalidArgument("\(path): --delimiter and --encoding apply to CSV files; GDAL reads this source's own encoding")
        }
    }

    /// Runs `body`, its text-file errors as `TerritoryError`.
    private func wrapped<R>(_ body: () throws -> R) throws(TerritoryError) -> R {
        do { return try body() } catch let e as TerritoryError { throw e } catch let e as TextFileError { throw TerritoryError(e) } catch {
            throw .invalidArgument("\(path): \(error)")
        }
    }
}

extension CustomerCSVReader {
    /// Reads a delimited text file of another dialect, converted to plain CSV a block at a time.
    /// - Throws: `TerritoryError.unreadableFile` when the file cannot be read, and what the
    ///   converter and the reader throw (naming the file's own lines).
    convenience init(converting path: String, dialect: CSVDialect, columns: CustomerColumns) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            let exists = FileManager.default.fileExists(atPath: path)
            throw TerritoryError.unreadableFile(path: path, reason: exists ? "permission denied" : "no such file")
        }
        var converter = CSVDialectConverter(dialect, source: path)
        var finished = false
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
        try self.init(
            producer: {
                guard !finished else { return nil }
                let block = try handle.read(upToCount: 1 << 20) ?? Data()
                if block.isEmpty {
                    finished = true
                    try? handle.close()
                    return try converter.finish()
                }
                return try Array(block).withUnsafeBufferPointer { b in try converter.convert(b) }
            }, totalBytes: size, source: path, columns: columns, linesBeforeHeader: dialect.headerRow - 1)
    }
}
