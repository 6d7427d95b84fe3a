import ArgumentParser
import Foundation
import TerritoryGDAL
import TerritoryKit

// Where the commands read maps, units and customers from, and where they write tables and maps:
// the project's own fast readers and writers for GeoJSON and CSV files, GDAL for every other
// format and for databases (GDAL is loaded only then).

/// Loads a territory map or units from the source at `path` (`VectorSource.map`: a GeoJSON file
/// through the own reader, anything else through GDAL), with a progress line where the source
/// tells how far it is.
func loadMap(_ path: String, _ options: MapOptions) throws -> TerritoryMap {
    let progress = Progress("loading \(URL(fileURLWithPath: path).lastPathComponent)")
    defer { progress.finish() }
    return try TerritoryMap.load(options.source(path), properties: options.properties) { progress.update(bytes: $0, total: $1) }
}

/// Reads and checks every feature of a map, collecting all defects (see ``loadMap(_:_:)``).
func inspectMap(
    _ path: String, _ options: MapOptions, checkValidity: Bool = true, progress: ((Int, Int) -> Void)? = nil
) throws -> [InspectedFeature] {
    try TerritoryMap.inspect(options.source(path), properties: options.properties, checkValidity: checkValidity, progress: progress)
}

/// Opens customers from any source with the column options (`CustomerSource`: a CSV file
/// streamed, any other source through GDAL).
func openCustomers(_ path: String, _ options: CustomerOptions, visitMinutes: String? = nil) throws -> CustomerCSVReader {
    var columns = options.columns
    columns.visitMinutes = visitMinutes
    return try CustomerSource(path, layer: options.customersLayer, dialect: options.dialect).open(columns: columns)
}

/// The customer source as a text table, every column (for the columns the customer reader does
/// not keep: visit frequencies, opening hours), its rows those `openCustomers` reads, in order;
/// `lines` are the source's own.
func customerTable(_ path: String, _ options: CustomerOptions) throws -> CSVTable {
    try CustomerSource(path, layer: options.customersLayer, dialect: options.dialect).table(columns: options.columns)
}

/// Where outputs go when they are not the default CSV / GeoJSON files.
struct OutputOptions: ParsableArguments {
    @Option(
        name: .customLong("output-format"),
        help: "Output format: csv, geojson, gpkg, shp, fgb, kml, gml, geojsonseq, xlsx, ods, or a GDAL driver name (default: from the extension).")
    var format: String?
    @Option(name: .customLong("output-layer"), help: "Layer (table) to write in a GeoPackage or database (default: the file's name).")
    var layer: String?
    @Option(name: .customLong("output-crs"), help: "CRS to write geometries in (default EPSG:4326, lon/lat).")
    var crs: String?
    @Flag(
        name: .customLong("replace-dependents"),
        help: "Replace a database table even when views or foreign keys depend on it (they are dropped with it); without it that is refused.")
    var replaceDependents = false
}

/// What an output holds: rows (written as CSV by default) or territories (GeoJSON by default).
enum OutputKind { case table, features }

/// Output to a file (atomically), a GDAL dataset or a database table (all-or-nothing), or
/// standard output. CSV and GeoJSON files are streamed. For GDAL, a whole table (``OutputTable``)
/// and territories (``OutputFeature``) are kept as fields and features; rows streamed chunk by
/// chunk (assignments, moves: millions of rows) are spooled to a temporary file as fields
/// (``RowSpool``), so memory stays bounded and each column is typed from all its values. All is
/// written through GDAL on ``prepare()``.
final class OutputSink {
    private let file: AtomicOutputFile?
    private let gdal: (VectorOutput, OutputKind)?
    /// Rows streamed as fields for a GDAL table (``append(_:)``), made on the first rows, and
    /// their columns.
    private var rows: RowSpool?
    private var rowsHeader: [String] = []
    private var buffer: [UInt8] = []
    private var features: [OutputFeature] = []
    private var table: OutputTable?
    private var staged: StagedOutput?

    /// - Parameters:
    ///   - path: the destination, or nil for standard output.
    ///   - kind: rows or territories.
    ///   - options: `--output-format`, `--output-layer`, `--output-crs`.
    ///   - layer: the layer to write (overrides `options.layer`).
    ///   - defaultLayer: the layer's name in a file of several layers (a GeoPackage) when none
    ///     is given, so that one GeoPackage can hold a whole plan; single-layer files take their
    ///     base name, and a database table must be named.
    init(path: String?, kind: OutputKind = .table, options: OutputOptions? = nil, layer: String? = nil, defaultLayer: String? = nil) throws {
        guard let path else {
            file = nil; gdal = nil
            return
        }
        let format = VectorOutput.formatName(path: path, format: options?.format)
        let crs = options?.crs.flatMap { ["EPSG:4326", "OGC:CRS84"].contains($0.uppercased()) ? nil : $0 }
        let native =
            kind == .table
            ? OutputSink.isPlainTable(path, format: options?.format) : (format == nil || format == "geojson" || format == "json") && crs == nil
        if native, !VectorSource.isConnection(path) {
            file = try AtomicOutputFile(URL(fileURLWithPath: path))
            gdal = nil
        } else {
            file = nil
            let multiLayer = ["gpkg", "sqlite", "gdb"].contains(format ?? "")
            gdal = (
                try VectorOutput(
                    path, format: options?.format, layer: layer ?? options?.layer ?? (multiLayer ? defaultLayer : nil), crs: crs,
                    replaceDependents: options?.replaceDependents ?? false), kind
            )
        }
    }

    /// Whether a path is written as a plain CSV table (no geometry): standard output, a `.csv`
    /// or `.txt` file or one without an extension, as opposed to a GIS format or a database.
    static func isPlainTable(_ path: String, format: String? = nil) -> Bool {
        guard !VectorSource.isConnection(path) else { return false }
        let name = VectorOutput.formatName(path: path, format: format)
        return name == nil || name == "csv" || name == "txt"
    }

    /// Whether rows go to this output as fields (``append(_:)``, a GDAL table) rather than as
    /// CSV bytes (``write(_:)-([UInt8])``).
    var takesRows: Bool { if let (_, kind) = gdal { return kind == .table } else { return false } }

    /// Appends rows streamed as fields to a GDAL table (``takesRows``): a chunk of a table too
    /// large to hold (assignments, moves), spooled on disk until ``prepare()``.
    func append(_ chunk: OutputTable) throws {
        precondition(takesRows, "rows go to a file or standard output as CSV bytes (write)")
        if rows == nil { rows = try RowSpool() }
        rowsHeader = chunk.header
        for row in chunk.rows { try rows!.append(row) }
    }

    /// Writes CSV or GeoJSON bytes to a file or standard output (GDAL takes fields and features
    /// instead: ``append(_:)``, ``write(_:)-(OutputTable)``, ``write(_:properties:)``).
    func write(_ bytes: [UInt8]) throws {
        if let file { try file.write(bytes); return }
        precondition(gdal == nil, "GDAL takes rows as fields and maps as features, not as text")
        buffer.append(contentsOf: bytes)
        if buffer.count > 1 << 16 { flushStdout() }
    }

    func write(_ text: String) throws { try write(Array(text.utf8)) }

    /// Writes a whole table: CSV to a file or standard output, its fields to GDAL.
    func write(_ table: OutputTable) throws {
        if takesRows { self.table = table; return }
        try write(table.csv)
    }

    /// Writes a map: GeoJSON to a file or standard output, typed features to GDAL.
    func write(_ map: TerritoryMap, properties: PropertyNames = PropertyNames()) throws {
        if let (_, kind) = gdal {
            precondition(kind == .features, "a map goes to an output made for features")
            features += try map.outputFeatures(properties: properties)
            return
        }
        try write(try map.geoJSON(properties: properties))
    }

    private func flushStdout() {
        FileHandle.standardOutput.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }

    /// Does the work of an output (writes and syncs the file, writes the dataset or the
    /// uncommitted table) without putting it in place, so that a command with several outputs
    /// can make them all first and then only rename or commit.
    func prepare() throws {
        if let file { try file.prepare() }
        guard staged == nil, let (output, kind) = gdal else { return }
        switch kind {
        case .table: staged = try table.map { try output.stage(table: $0) } ?? output.stage(rows: rows ?? RowSpool(), header: rowsHeader)
        case .features: staged = try output.stage(features: features)
        }
        features = []; table = nil
    }

    /// Puts the output in place (renames the file, commits the table), or prints it.
    func commit() throws {
        if let file {
            try file.commit()
        } else if let (output, _) = gdal {
            try prepare()
            try staged?.publish()
            if let renamed = staged?.renamedFields, !renamed.isEmpty {
                printStatus(
                    "warning: \(output.name): the \(output.driver) format cut field names: "
                        + renamed.map { "\($0.asked) → \($0.written)" }.joined(separator: ", "))
            }
        } else {
            flushStdout()
        }
    }
}

extension MapOptions {
    /// The map source at `path`, with the layer and source CRS options.
    func source(_ path: String) -> any MapSource { VectorSource.map(path, layer: layer, sourceCRS: sourceCRS) }
}

/// A plan to compare: a unit alignment (`unit_id,territory_id` CSV) over `units`, else a
/// territory map: a file, a layer of one (`file.gpkg:layer`), or a database table; with its key
/// accounts when a file of them is given.
func loadPlan(
    _ spec: String, units: (map: TerritoryMap, name: String)?, _ options: MapOptions, _ nearest: NearestOptions, accounts: String?
) throws -> TerritoryPlan {
    let progress = Progress("loading \(URL(fileURLWithPath: spec).lastPathComponent)")
    var plan = try TerritoryPlan.open(
        spec, units: units, layer: options.layer, sourceCRS: options.sourceCRS, properties: options.properties, options: nearest.assignment
    ) { progress.update(bytes: $0, total: $1) }
    progress.finish()
    if let accounts {
        plan.accounts = try KeyAccounts.read(contentsOf: URL(fileURLWithPath: accounts), territoryIDs: plan.territoryIDs, territoriesName: spec)
    }
    return plan
}

/// Writes a plan's territory map to `output`, its alignment to `unitsOutput` and its regions
/// (dissolved) to `regions`: all appear only when all are complete. In a GeoPackage or database
/// the alignment's rows carry each unit's polygon too, so the plan can be drawn unit by unit
/// (QGIS colours units by territory_id).
func writePlan(
    _ map: TerritoryMap, plan: DesignResult, units unitMap: TerritoryMap, output: String, options: OutputOptions, unitsOutput: String?,
    unitsLayer: String?, regions: (map: TerritoryMap, path: String, layer: String?)? = nil
) throws {
    let territoriesFile = try OutputSink(path: output, kind: .features, options: options, defaultLayer: "territories")
    let regionsFile = try regions.map { try OutputSink(path: $0.path, kind: .features, layer: $0.layer, defaultLayer: "regions") }
    try regionsFile?.write(regions!.map)
    let unitsWithShapes = unitsOutput.map { !OutputSink.isPlainTable($0) } ?? false
    let unitsFile = try unitsOutput.map {
        try OutputSink(path: $0, kind: unitsWithShapes ? .features : .table, layer: unitsLayer, defaultLayer: "units")
    }
    try territoriesFile.write(map)
    if unitsWithShapes {
        let aligned = try TerritoryMap(
            unitMap.territories.enumerated().map { u, unit in
                Territory(
                    id: unit.id, geometry: unit.geometry,
                    properties: [JSONMember("unit_id", .string(unit.id)), JSONMember("territory_id", .string(plan.territoryIDs[plan.assignment[u]]))])
            })
        try unitsFile?.write(aligned, properties: PropertyNames(id: "unit_id"))
    } else {
        try unitsFile?.write(plan.alignmentTable(units: unitMap))
    }
    // Both outputs are made before either is put in place, so a failure leaves neither; two
    // layers of one file (a GeoPackage) are written one after the other, each from the file
    // as the other left it.
    let paths = ([output] + [unitsOutput, regions?.path].compactMap { $0 }).map { URL(fileURLWithPath: $0).standardizedFileURL }
    let sinks = [territoriesFile] + [unitsFile, regionsFile].compactMap { $0 }
    if Set(paths).count < paths.count {
        for sink in sinks { try sink.commit() }
    } else {
        for sink in sinks { try sink.prepare() }
        for sink in sinks { try sink.commit() }
    }
}

/// Refuses units with gaps or overlaps between them: territories made of them would inherit
/// every sliver and hole (and fail `territory validate`).
/// - Throws: `TerritoryError.invalidArgument` naming the defects, the largest's place, and what
///   to do.
func requireCleanCoverage(_ units: TerritoryMap, name: String) throws {
    let report = try Validator.validate(units)
    guard !report.overlaps.isEmpty || !report.gaps.isEmpty else { return }
    let places: [(area: Double, at: Coordinate)] = report.overlaps.map { ($0.area, $0.location) } + report.gaps.map { ($0.area, $0.location) }
    let largest = places.max { $0.area < $1.area }!
    func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
    let area = NumberText.grouped(Int(largest.area.rounded()))
    let place = "(\(NumberText.shortest(largest.at.x)), \(NumberText.shortest(largest.at.y)))"
    let defects = "\(count(report.overlaps.count, "overlap")), \(count(report.gaps.count, "gap"))"
    throw TerritoryError.invalidArgument(
        "\(name): the units are not a clean coverage (\(defects); the largest \(area) m² at \(place)): territories would inherit them; "
            + "run territory repair on the units first, or give --allow-gaps")
}
