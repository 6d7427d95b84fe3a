import Foundation
import GDAL
import TerritoryKit

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where an output goes when GDAL writes it: a file in any OGR format (chosen by extension or
/// by name) or a PostGIS table, in lon/lat unless another CRS is named.
///
/// Writes are all-or-nothing. A file is built in a hidden folder beside its destination and
/// moved into place only when complete (a GeoPackage that already exists is copied there first,
/// so its other layers are kept and the named layer replaced). A database table is written in
/// one transaction, an existing table of the same name replaced in it, so it is replaced only
/// when the whole write succeeds.
///
/// ## Example
/// ```swift
/// let out = try VectorOutput("plan.gpkg", layer: "territories")
/// try out.write(geoJSON: Array(featureCollectionText.utf8))
/// ```
public struct VectorOutput: Sendable {
    /// The file path or connection string.
    public let path: String
    /// The GDAL driver's short name (`GPKG`, `ESRI Shapefile`, `PostgreSQL`, ...).
    public let driver: String
    /// The layer (table) name.
    public let layer: String
    /// The CRS geometries are written in (default `EPSG:4326`, lon/lat).
    public let crs: String?
    /// Whether a database table that views, materialized views or foreign keys depend on may be
    /// replaced, dropping them with it; when false such a replacement is refused, naming them.
    public let replaceDependents: Bool

    /// The formats known by extension or by the short names `--output-format` takes.
    static let drivers: [String: String] = [
        "geojson": "GeoJSON", "json": "GeoJSON", "gpkg": "GPKG", "shp": "ESRI Shapefile", "shapefile": "ESRI Shapefile",
        "fgb": "FlatGeobuf", "flatgeobuf": "FlatGeobuf", "kml": "KML", "csv": "CSV", "gml": "GML", "geojsonl": "GeoJSONSeq",
        "geojsons": "GeoJSONSeq", "geojsonseq": "GeoJSONSeq", "xlsx": "XLSX", "ods": "ODS", "sqlite": "SQLite",
        "pg": "PostgreSQL", "postgresql": "PostgreSQL", "postgis": "PostgreSQL",
    ]

    /// The short format name for a path and an optional `--output-format`: `csv`, `geojson`,
    /// `gpkg`, ... (lowercased), or the GDAL driver name given. Nil when neither says.
    public static func formatName(path: String, format: String?) -> String? {
        if let format { return format.lowercased() }
        if VectorSource.isConnection(path) { return "postgresql" }
        let ext = URL(fileURLWithPath: path).pathExtension.lowercased()
        return ext.isEmpty ? nil : ext
    }

    /// An output.
    /// - Parameters:
    ///   - path: a file path or a `PG:"..."` connection string.
    ///   - format: a short name (`gpkg`, `shp`, `fgb`, `kml`, `csv`, `geojson`, ...) or a GDAL
    ///     driver name; nil follows the extension.
    ///   - layer: the layer or table name; nil is the file's base name (required for a database).
    ///   - crs: the CRS to write geometries in; nil is lon/lat (EPSG:4326).
    ///   - replaceDependents: whether a database table that views or foreign keys depend on may
    ///     be replaced (they are dropped with it); false refuses that, naming them.
    /// - Throws: `TerritoryError.invalidArgument(_:)` when the format cannot be told, a table
    ///   name is missing or the CRS is unknown (before any work is done).
    public init(
        _ path: String, format: String? = nil, layer: String? = nil, crs: String? = nil, replaceDependents: Bool = false
    ) throws(TerritoryError) {
        guard let name = VectorOutput.formatName(path: path, format: format) else {
            throw .invalidArgument("\(path): cannot tell the output format from the name; add an extension or --output-format")
        }
        guard let driver = VectorOutput.drivers[name] ?? (format != nil ? format : nil) else {
            throw .invalidArgument(
                "\(path): unknown output format \"\(name)\" (known: \(Set(VectorOutput.drivers.keys).sorted().joined(separator: ", ")), "
                    + "or a GDAL driver name with --output-format)")
        }
        if driver == "PostgreSQL", layer == nil {
            throw .invalidArgument("\(VectorDataset.redactingPasswords(path)): name the table to write with --output-layer")
        }
        // PostgreSQL cuts identifiers to 63 bytes without a word: two long names would become one
        // table. The name part after a schema ("schema.table") counts.
        if driver == "PostgreSQL", let layer, let table = layer.split(separator: ".").last, table.utf8.count > 63 {
            throw .invalidArgument(
                "\(VectorDataset.redactingPasswords(path)): the table name \(table) is \(table.utf8.count) bytes; PostgreSQL keeps 63, "
                    + "so give a shorter --output-layer")
        }
        guard (try? VectorDataset.hasDriver(driver)) == true else {
            throw .invalidArgument(
                "\(VectorDataset.redactingPasswords(path)): GDAL has no \(driver) driver (formats: \(Set(VectorOutput.drivers.keys).sorted().joined(separator: ", ")))"
            )
        }
        if let crs {
            do { _ = try SpatialReference(crs) } catch { throw .invalidArgument("--output-crs \(crs): \(error)") }
        }
        self.path = path
        self.driver = driver
        self.layer = layer ?? URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        self.crs = crs
        self.replaceDependents = replaceDependents
    }

    /// The destination's name in messages (a database password hidden).
    public var name: String { VectorDataset.redactingPasswords(path) }

    /// Writes territories (`TerritoryMap.outputFeatures(properties:)`) as the layer: each
    /// property a field, typed from every feature's value (integers, 64-bit integers when one
    /// needs it, reals when any value has a fraction, text when any value is text; `true` and
    /// `false` as 1 and 0; arrays and objects as their JSON text; a missing or null value null),
    /// every geometry a MultiPolygon transformed to ``crs``.
    /// - Throws: `TerritoryError.writeFailed(path:reason:)` with GDAL's reason; nothing is
    ///   left at the destination.
    public func write(features: [OutputFeature]) throws(TerritoryError) { try stage(features: features).publish() }

    /// Writes the layer of ``write(features:)`` without putting it in place yet (see
    /// ``StagedOutput``), so that several outputs can all be made before any appears.
    /// - Throws: as ``write(features:)``.
    public func stage(features: [OutputFeature]) throws(TerritoryError) -> StagedOutput {
        do {
            var names: [String] = [], column: [String: Int] = [:], kinds: [PropertyKind] = []
            for feature in features {
                for member in feature.properties {
                    let k =
                        column[member.key]
                        ?? {
                            names.append(member.key); kinds.append(.none); column[member.key] = names.count - 1; return names.count - 1
                        }()
                    kinds[k] = kinds[k].merged(with: PropertyKind(member.value))
                }
            }
            let fields = zip(names, kinds).map { FieldDefinition(name: $0, type: $1.fieldType) }
            return try stage(fields: fields, geometryType: .multiPolygon) { add in
                for feature in features {
                    var values = [FieldValue](repeating: .null, count: names.count)
                    for member in feature.properties {
                        let k = column[member.key]!
                        if case .null = values[k] { values[k] = kinds[k].value(member.value) }
                    }
                    try add(values, feature.wkb)
                }
            }
        } catch let error as TerritoryError { throw error } catch let error as GDALError { throw TerritoryError(error, source: name) } catch {
            throw .writeFailed(path: name, reason: "\(error)")
        }
    }

    /// Writes a table (a CSV's header and rows) as the layer. Columns whose every value is an
    /// integer become integer fields, numbers real fields, the rest text (identifier columns,
    /// `id` and `*_id`, are integers only when every value is one, never reals); empty values
    /// are null. When the table has `lon` and `lat` columns, each row also gets that point as its
    /// geometry.
    /// - Throws: `TerritoryError.writeFailed(path:reason:)` with GDAL's reason; nothing is
    ///   left at the destination.
    public func write(table: CSVTable) throws(TerritoryError) { try stage(table: table).publish() }

    /// Writes the layer of ``write(table:)-(CSVTable)`` without putting it in place yet (see ``StagedOutput``).
    /// - Throws: as ``write(table:)-(CSVTable)``.
    public func stage(table: CSVTable) throws(TerritoryError) -> StagedOutput { try stage(header: table.header, rows: table.rows) }

    /// Writes a table made for output (header and fields) as the layer, as ``write(table:)-(CSVTable)``
    /// does, taking the fields as they are.
    /// - Throws: as ``write(table:)-(CSVTable)``.
    public func write(table: OutputTable) throws(TerritoryError) { try stage(table: table).publish() }

    /// Writes the layer of ``write(table:)-(OutputTable)`` without putting it in place yet (see ``StagedOutput``).
    /// - Throws: as ``write(table:)-(CSVTable)``.
    public func stage(table: OutputTable) throws(TerritoryError) -> StagedOutput { try stage(header: table.header, rows: table.rows) }

    /// A table held in memory, its rows handed to ``stageTable(rows:)`` as they are.
    private func stage(header: [String], rows: [[String]]) throws(TerritoryError) -> StagedOutput {
        try stageTable { body in
            for row in rows { try body(row) }
            return header
        }
    }

    /// Writes rows spooled as fields as the layer, as ``write(table:)-(CSVTable)`` does, reading
    /// them a block at a time (once to type the columns, once to write), so that memory stays
    /// bounded whatever the number of rows; the layer is not put in place yet (see ``StagedOutput``).
    /// - Throws: as ``write(table:)-(CSVTable)``.
    public func stage(rows: RowSpool, header: [String]) throws(TerritoryError) -> StagedOutput {
        try stageTable { body in
            try rows.forEachRow { try body($0) }
            return header
        }
    }

    /// Types the columns of a table given row by row and writes it: `rows` calls its argument
    /// with each row and returns the header, and is called twice (to type, then to write), so
    /// that a spool is read twice, not once more for its header.
    private func stageTable(rows: @escaping (([String]) throws -> Void) throws -> [String]) throws(TerritoryError) -> StagedOutput {
        do {
            var scans: [ColumnType.Scan] = []
            let header = try rows { row in
                if scans.isEmpty { scans = Array(repeating: ColumnType.Scan(), count: row.count) }
                for c in row.indices { scans[c].add(row[c]) }
            }
            if scans.isEmpty { scans = Array(repeating: ColumnType.Scan(), count: header.count) }
            let types = header.indices.map { scans[$0].type(identifiers: ColumnType.holdsIdentifiers(header[$0])) }
            let fields = header.indices.map { FieldDefinition(name: header[$0], type: types[$0].fieldType) }
            var point: (lon: Int, lat: Int)?
            if let x = header.firstIndex(of: "lon"), let y = header.firstIndex(of: "lat"), types[x] != .text, types[y] != .text { point = (x, y) }
            return try stage(fields: fields, geometryType: point != nil ? .point : .none) { add in
                _ = try rows { row in
                    var wkb: [UInt8]?
                    if let point, let lon = Double(row[point.lon]), let lat = Double(row[point.lat]) { wkb = pointWKB(lon, lat) }
                    try add(row.indices.map { types[$0].value(row[$0]) }, wkb)
                }
            }
        } catch let error as TerritoryError { throw error } catch let error as GDALError { throw TerritoryError(error, source: name) } catch {
            throw .writeFailed(path: name, reason: "\(error)")
        }
    }

    /// Rows a file dataset takes in one transaction (a GeoPackage or SQLite file otherwise
    /// commits, and syncs, once per feature). The file is not in place until published, so its
    /// transactions are for speed only.
    static let rowsPerTransaction = 100_000

    /// Writes the layer: into a database in a transaction left open, or into a file built beside
    /// the destination; ``StagedOutput/publish()`` commits or moves it into place. `rows` calls
    /// its argument with each feature's values and geometry.
    private func stage(
        fields: [FieldDefinition], geometryType: WKBGeometryType,
        rows: (_ add: ([FieldValue], [UInt8]?) throws -> Void) throws -> Void
    ) throws -> StagedOutput {
        // Text formats (KML, CSV's WKT) write 17 significant digits, so coordinates read back
        // to the last bit (GDAL's default is 15).
        try GDALLibrary.setConfigOption("OGR_WKT_PRECISION", "17")
        let target = geometryType == .none ? nil : try SpatialReference(crs ?? "EPSG:4326")
        let transformation = try crs.map { _ in try CoordinateTransformation(from: try SpatialReference("EPSG:4326"), to: target!) }
        // `batches`: a file commits every `rowsPerTransaction` rows; a database's one transaction
        // (which makes the replacement all-or-nothing) stays open until published.
        var renamed: [(String, String)] = []
        func fill(_ dataset: VectorDataset, options: [String], batches: Bool) throws {
            let out = try dataset.createLayer(named: layer, geometryType: geometryType.flat, spatialReference: target, options: options)
            let indexes = try fields.map { try out.createField($0) }
            // Formats with short names (a Shapefile keeps 10 bytes) cut them: say how.
            let made = out.fields
            renamed = zip(fields, indexes).compactMap { field, i in made[i].name == field.name ? nil : (field.name, made[i].name) }
            let batched = batches && dataset.supportsTransactions
            if batched { try dataset.startTransaction() }
            var count = 0
            try rows { values, wkb in
                try out.addFeature(values, fieldIndexes: indexes, wkb: wkb, transformation: transformation)
                count += 1
                if batched, count % VectorOutput.rowsPerTransaction == 0 {
                    try dataset.commitTransaction()
                    try dataset.startTransaction()
                }
            }
            if batched { try dataset.commitTransaction() }
        }
        if driver == "PostgreSQL" {
            let dataset = try openDatabase()
            try dataset.startTransaction()
            let staged = StagedOutput(database: dataset, name: name)  // rolled back unless published
            // GDAL drops a table it replaces with CASCADE, which would silently take the views,
            // materialized views and foreign keys that depend on it.
            let dependents = try dependentsOfTable(in: dataset)
            if !dependents.isEmpty, !replaceDependents {
                throw TerritoryError.writeFailed(
                    path: name,
                    reason:
                        "table \(layer) cannot be replaced: \(dependents.joined(separator: ", ")) depend\(dependents.count == 1 ? "s" : "") on it "
                        + "and would be dropped with it; drop or change them first, or give --replace-dependents")
            }
            try dataset.deleteLayer(named: layer)
            try fill(dataset, options: ["GEOMETRY_NAME=geom", "LAUNDER=NO", "PRECISION=NO"], batches: false)
            staged.renamedFields = renamed
            return staged
        }
        let staged = try stageFile { temporaryPath in
            let dataset: VectorDataset
            if FileManager.default.fileExists(atPath: temporaryPath) {
                dataset = try VectorDataset.open(temporaryPath, update: true, drivers: [driver])
                try dataset.deleteLayer(named: layer)
            } else {
                // KML: a placemark's <name> is the `name` property when there is one; every other
                // property (the id too) goes to ExtendedData, which GDAL reads back by name.
                let kml = driver == "KML" ? ["NameField=\(fields.contains { $0.name == "name" } ? "name" : "none")", "DescriptionField=none"] : []
                dataset = try VectorDataset.create(temporaryPath, driver: driver, options: kml)
            }
            var options: [String] = []
            if driver == "CSV", geometryType != .none { options.append("GEOMETRY=AS_WKT") }
            if driver == "GeoJSONSeq" { options.append("COORDINATE_PRECISION=17") }  // its default is 7 decimals
            // FlatGeobuf's spatial index stores features in Hilbert-curve order; a map's order is
            // its border rule (the earliest territory owns a shared border), so keep it.
            if driver == "FlatGeobuf" { options.append("SPATIAL_INDEX=NO") }
            try fill(dataset, options: options, batches: true)
            try dataset.close()
        }
        staged.renamedFields = renamed
        return staged
    }

    /// What depends on the table this output replaces, in the database: views and materialized
    /// views that read it, and tables whose foreign keys point to it, each as "view NAME",
    /// "materialized view NAME" or "foreign key NAME of TABLE". Empty when the table does not
    /// exist.
    private func dependentsOfTable(in dataset: VectorDataset) throws -> [String] {
        let parts = layer.split(separator: ".", maxSplits: 1).map(String.init)
        let identifier = parts.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: ".")
        let literal = "'" + identifier.replacingOccurrences(of: "'", with: "''") + "'"
        let sql = """
            SELECT DISTINCT CASE c.relkind WHEN 'm' THEN 'materialized view ' ELSE 'view ' END || c.oid::regclass::text
            FROM pg_depend d JOIN pg_rewrite r ON r.oid = d.objid JOIN pg_class c ON c.oid = r.ev_class
            WHERE d.refobjid = to_regclass(\(literal)) AND c.oid <> d.refobjid
            UNION
            SELECT 'foreign key ' || conname || ' of ' || conrelid::regclass::text FROM pg_constraint
            WHERE confrelid = to_regclass(\(literal)) AND contype = 'f' AND conrelid <> confrelid
            ORDER BY 1
            """
        do {
            return try dataset.executeSQL(sql).compactMap { row in
                if case let .string(text)? = row.first { return text }
                return nil
            }
        } catch { throw TerritoryError(error, source: name) }
    }

    /// The database, opened for writing; a refused connection says what to check.
    private func openDatabase() throws -> VectorDataset {
        do { return try VectorDataset.open(path, update: true) } catch {
            guard case let .cannotOpen(_, message) = error else { throw error }
            throw TerritoryError.writeFailed(path: name, reason: "cannot connect: \(message); check the connection string and that the server runs")
        }
    }

    /// Runs `build` on a path in a hidden folder beside the destination; publishing moves every
    /// file it made into the destination's folder. A GeoPackage or SQLite file that exists
    /// already is copied in first, so its other layers survive.
    private func stageFile(_ build: (String) throws -> Void) throws -> StagedOutput {
        // A link is written through to its target (the link stays); a file it replaces keeps its
        // permissions and owner (OutputDestination, as for every output).
        let resolved: String, existing: OutputDestination.FileOwnership?
        do {
            switch try OutputDestination(path: path) {
            case .stream(let descriptor):
                close(descriptor)
                throw TerritoryError.writeFailed(path: path, reason: "a GIS format cannot be written to a stream or device; name a file")
            case let .file(target, owner): (resolved, existing) = (target, owner)
            }
        } catch let error as TextFileError { throw TerritoryError.writeFailed(path: path, reason: "\(error)") }
        let destination = URL(fileURLWithPath: resolved)
        let folder = destination.deletingLastPathComponent()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw TerritoryError.writeFailed(path: path, reason: "no folder \(folder.path)")
        }
        // Named without the destination's extension: GDAL's /vsizip/ (which XLSX and ODS write
        // through) would take a folder named `x.xlsx.partial` for the archive.
        let stem = destination.deletingPathExtension().lastPathComponent
        OutputDestination.removeAbandonedPartials(in: folder.path)
        let scratch = URL(fileURLWithPath: OutputDestination.partialName(for: resolved, stem: stem))
        do { try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: false) } catch {
            throw TerritoryError.writeFailed(path: path, reason: "cannot create a file in \(folder.path)")
        }
        let staged = StagedOutput(scratch: scratch, folder: folder, path: path, existing: existing)  // removed unless published
        let temporary = scratch.appendingPathComponent(destination.lastPathComponent)
        if ["GPKG", "SQLite"].contains(driver), FileManager.default.fileExists(atPath: resolved) {
            try FileManager.default.copyItem(at: destination, to: temporary)
        }
        do { try build(temporary.path) } catch let error as GDALError {
            // GDAL names the temporary file; the user knows the destination.
            guard case let .write(_, message) = error else { throw error }
            throw TerritoryError.writeFailed(path: path, reason: message.replacingOccurrences(of: temporary.path, with: path))
        }
        return staged
    }
}

/// A property's field type, found from every feature's value: the narrowest type that holds them all.
enum PropertyKind: Equatable {
    case none, integer, integer64, real, text

    init(_ value: JSONValue) {
        switch value {
        case .null: self = .none
        case .bool: self = .integer
        case let .number(text):
            if let v = Int64(text) { self = Int32(exactly: v) == nil ? .integer64 : .integer } else { self = .real }
        case .string, .array, .object: self = .text
        }
    }

    /// The kind that holds the values of both.
    func merged(with other: PropertyKind) -> PropertyKind {
        switch (self, other) {
        case (.none, _): return other
        case (_, .none): return self
        case (.text, _), (_, .text): return .text
        case (.real, _), (_, .real): return .real
        case (.integer64, _), (_, .integer64): return .integer64
        default: return .integer
        }
    }

    var fieldType: FieldType {
        switch self {
        case .integer: return .integer
        case .integer64: return .integer64
        case .real: return .real
        case .none, .text: return .string
        }
    }

    /// `value` as a field of this kind.
    func value(_ value: JSONValue) -> FieldValue {
        switch (self, value) {
        case (_, .null): return .null
        case (.integer, .bool(let b)), (.integer64, .bool(let b)): return .integer(b ? 1 : 0)
        case (.real, .bool(let b)): return .real(b ? 1 : 0)
        case (.integer, .number(let t)), (.integer64, .number(let t)): return Int64(t).map { .integer($0) } ?? .null
        case (.real, .number(let t)): return Double(t).map { .real($0) } ?? .null
        case (_, .string(let s)): return .string(s)
        case (_, .number(let t)): return .string(t)
        case (_, .bool(let b)): return .string(b ? "true" : "false")
        default: return .string(JSONWriter.string(value))
        }
    }
}

/// A column's type in a table written through GDAL.
enum ColumnType: Equatable {
    case integer, real, text

    /// A column's type from every value in it, found value by value. An identifier column is an
    /// integer only when every value is an integer that reads back as written; otherwise text,
    /// never a real: an id must not pass through a double (two ids beyond 2⁵³ would become one).
    /// The column's name need not be known while its values are scanned (a spool gives its
    /// header with its last row).
    struct Scan {
        private var any = false, integers = true, reals = true

        /// The type of the values added so far (text when all were empty), for a column that
        /// holds `identifiers` or not.
        func type(identifiers: Bool) -> ColumnType {
            guard any else { return .text }
            if integers { return .integer }
            return identifiers || !reals ? .text : .real
        }

        /// Takes one value into account (an empty one is a null, of any type). An integer is a
        /// real too, so a value that is not a real ends both.
        mutating func add(_ v: String) {
            guard !v.isEmpty, reals else { return }
            any = true
            if integers, ColumnType.isInteger(v) { return }
            integers = false
            reals = ColumnType.isReal(v)
        }
    }

    /// Whether a column holds identifiers (`id`, `*_id`, and adjacency's `a` and `b`).
    static func holdsIdentifiers(_ name: String) -> Bool { name == "id" || name.hasSuffix("_id") || name == "a" || name == "b" }

    /// An integer within Int64 whose text is the integer's own: digits with an optional minus,
    /// no leading zeros (which ids such as ZIP codes keep), and not `-0` (which would read back
    /// as `0`).
    private static func isInteger(_ v: String) -> Bool {
        guard let n = Int64(v) else { return false }
        return String(n) == v
    }

    /// A decimal number (no `inf`, `nan` or hex), without an integer's leading zeros.
    private static func isReal(_ v: String) -> Bool {
        guard v.allSatisfy({ "0123456789+-.eE".contains($0) }), let x = Double(v), x.isFinite else { return false }
        let digits = v.hasPrefix("-") ? v.dropFirst() : Substring(v)
        return !(digits.count > 1 && digits.first == "0" && digits.dropFirst().first != ".")
    }

    var fieldType: FieldType {
        switch self {
        case .integer: return .integer64
        case .real: return .real
        case .text: return .string
        }
    }

    func value(_ text: String) -> FieldValue {
        if text.isEmpty { return .null }
        switch self {
        case .integer: return Int64(text).map { .integer($0) } ?? .string(text)
        case .real: return Double(text).map { .real($0) } ?? .string(text)
        case .text: return .string(text)
        }
    }
}

/// A 2D point as little-endian WKB.
func pointWKB(_ x: Double, _ y: Double) -> [UInt8] {
    var out: [UInt8] = [1, 1, 0, 0, 0]
    for v in [x, y] { withUnsafeBytes(of: v.bitPattern.littleEndian) { out.append(contentsOf: $0) } }
    return out
}

/// An output written in full but not yet in place: a dataset built in a hidden folder beside its
/// destination, or a table written in a database transaction still open. ``publish()`` moves
/// the files into place (rename) or commits; dropped unpublished, the folder is removed or the
/// transaction rolled back, and the destination stays as it was. Several outputs staged first
/// and published together appear together or not at all (up to the publishing itself).
public final class StagedOutput {
    /// Fields the format renamed, `(asked, written)`: a Shapefile keeps 10 bytes of a name, and
    /// the caller says so (the values are all there, under the names written).
    public internal(set) var renamedFields: [(asked: String, written: String)] = []
    private enum State {
        case files(scratch: URL, folder: URL, path: String, existing: OutputDestination.FileOwnership?)
        case database(VectorDataset, name: String)
        case finished
    }
    private var state: State

    init(scratch: URL, folder: URL, path: String, existing: OutputDestination.FileOwnership?) {
        state = .files(scratch: scratch, folder: folder, path: path, existing: existing)
        AtomicOutputFile.registerPending(scratch.path)
    }

    init(database: VectorDataset, name: String) { state = .database(database, name: name) }

    /// Puts the output in place.
    /// - Throws: `TerritoryError.writeFailed(path:reason:)` when a file cannot be moved or the
    ///   commit fails (then nothing of it is left).
    public func publish() throws(TerritoryError) {
        defer { discard() }
        switch state {
        case let .files(scratch, folder, path, existing):
            do {
                for file in try FileManager.default.contentsOfDirectory(atPath: scratch.path) {
                    let made = scratch.appendingPathComponent(file).path, target = folder.appendingPathComponent(file).path
                    // Each file (a Shapefile's .shp, .dbf, .shx, .prj) takes the mode and owner
                    // of the one it replaces, else of the destination named.
                    OutputDestination.keep(OutputDestination.FileOwnership.of(target) ?? existing, path: made)
                    // rename(2) replaces an existing file in one step.
                    guard rename(made, target) == 0 else {
                        throw TerritoryError.writeFailed(path: path, reason: String(cString: strerror(errno)))
                    }
                }
            } catch let error as TerritoryError { throw error } catch { throw .writeFailed(path: path, reason: "\(error)") }
        case let .database(dataset, name):
            do {
                try dataset.commitTransaction()
                try dataset.close()
                state = .finished
            } catch { throw TerritoryError(error, source: name) }
        case .finished:
            return
        }
    }

    /// Drops the output unpublished: nothing appears (called when released, too).
    public func discard() {
        switch state {
        case let .files(scratch, _, _, _):
            try? FileManager.default.removeItem(at: scratch)
            AtomicOutputFile.unregisterPending(scratch.path)
        case let .database(dataset, _):
            try? dataset.rollbackTransaction()
            try? dataset.close()
        case .finished:
            break
        }
        state = .finished
    }

    deinit { discard() }
}
