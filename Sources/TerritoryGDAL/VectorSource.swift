import Foundation
import GDAL
import TerritoryKit

/// Where a map, units or customers come from when GDAL reads them: a file in any OGR vector
/// format or a database connection, the layer to read, and the CRS to assume when the layer
/// declares none.
///
/// ## Example
/// ```swift
/// let counties = VectorSource("tl_2024_us_county.zip")
/// let map = try TerritoryMap.load(counties, properties: PropertyNames(id: "GEOID"))
/// let fromDatabase = VectorSource("PG:host=127.0.0.1 dbname=sales", layer: "territories")
/// ```
public struct VectorSource: Sendable, Equatable {
    /// The path or connection string, as the user gave it.
    public var path: String
    /// The layer (table) to read; nil picks the only suitable one.
    public var layer: String?
    /// The CRS of the coordinates when the layer declares none, or to use instead of the one it
    /// declares (`EPSG:2263`, any definition PROJ reads).
    public var sourceCRS: String?

    /// A source.
    public init(_ path: String, layer: String? = nil, sourceCRS: String? = nil) {
        self.path = path; self.layer = layer; self.sourceCRS = sourceCRS
    }

    /// The source's name in messages (a database password hidden).
    public var name: String { VectorDataset.redactingPasswords(path) }

    /// Whether `path` is a database connection string (`PG:...` and GDAL's other `NAME:` forms).
    public static func isConnection(_ path: String) -> Bool {
        ["PG:", "MYSQL:", "OCI:", "MSSQL:", "ODBC:"].contains { path.uppercased().hasPrefix($0) }
    }

    /// The extensions of files GDAL reads for this project (our own readers take `.geojson`,
    /// `.json` and customer `.csv`).
    static let gdalExtensions: Set<String> = [
        "shp", "zip", "shz", "gpkg", "gdb", "fgb", "kml", "kmz", "gml", "geojsonl", "geojsons", "geojsonseq",
        "xlsx", "ods", "sqlite", "tab", "mif", "gpx", "dbf", "csvt", "parquet", "arrow",
    ]

    /// Whether a territory map or units file should be read through GDAL rather than the
    /// project's own GeoJSON reader: connections, folders (a File Geodatabase, a folder of
    /// Shapefiles), `/vsi...` paths, and files of the formats above or CSV (with WKT).
    public static func readsMapThroughGDAL(_ path: String) -> Bool {
        if isConnection(path) || path.hasPrefix("/vsi") { return true }
        let ext = URL(fileURLWithPath: path).pathExtension.lowercased()
        if gdalExtensions.contains(ext) || ext == "csv" { return true }
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// Whether a customers file should be read through GDAL rather than the streaming CSV reader:
    /// connections, `/vsi...` paths, folders and files of the formats above (a CSV stays on the
    /// fast path unless a layer is named).
    public static func readsCustomersThroughGDAL(_ path: String, layer: String?) -> Bool {
        if layer != nil || isConnection(path) || path.hasPrefix("/vsi") { return true }
        let ext = URL(fileURLWithPath: path).pathExtension.lowercased()
        if gdalExtensions.contains(ext) { return true }
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// The path GDAL opens: a plain `.zip` is read through `/vsizip/` (GDAL opens `.shp.zip`
    /// and `.shz` by itself).
    var gdalPath: String {
        let lower = path.lowercased()
        if lower.hasSuffix(".zip"), !lower.hasSuffix(".shp.zip"), !path.hasPrefix("/vsi") {
            return "/vsizip/" + URL(fileURLWithPath: path).standardizedFileURL.path
        }
        return path
    }

    /// Opens the dataset, with errors as ``TerritoryError``.
    /// - Parameter openOptions: the driver's open options (`HEADERS=DISABLE`, ...).
    func open(openOptions: [String] = []) throws(TerritoryError) -> VectorDataset {
        if !VectorSource.isConnection(path), !path.hasPrefix("/vsi"), !FileManager.default.fileExists(atPath: path) {
            throw .unreadableFile(path: name, reason: "no such file")
        }
        do { return try VectorDataset.open(gdalPath, openOptions: openOptions) } catch { throw TerritoryError(error, source: name) }
    }

    /// The layer to read: the one named, else the only layer that `fits` (several is an error
    /// naming them and `option`, the command's option that names a layer).
    func pickLayer(
        in dataset: VectorDataset, kind: String, option: String = "--layer", fits: (VectorLayer) -> Bool
    ) throws(TerritoryError) -> VectorLayer {
        let layers = dataset.layers
        if let layer {
            if let found = layers.first(where: { $0.name == layer }) ?? dataset.layer(named: layer) { return found }
            throw .unreadableFile(
                path: name, reason: "no layer \"\(layer)\" (layers: \(layers.map(\.name).joined(separator: ", "))); name one with \(option)")
        }
        let candidates = layers.filter(fits)
        if candidates.count == 1 { return candidates[0] }
        if candidates.isEmpty {
            let listed = layers.map { "\($0.name) (\($0.geometryType))" }.joined(separator: ", ")
            throw .unreadableFile(path: name, reason: "no \(kind) layer (layers: \(listed.isEmpty ? "none" : listed))")
        }
        throw .unreadableFile(
            path: name,
            reason: "\(candidates.count) \(kind) layers (\(candidates.map(\.name).joined(separator: ", "))); name one with \(option)")
    }
}

extension TerritoryError {
    /// A GDAL error as the library's error: reading problems name the source.
    init(_ error: GDALError, source: String) {
        switch error {
        case let .write(destination, message): self = .writeFailed(path: destination, reason: message)
        case let .cannotOpen(_, message), let .layer(_, message), let .read(_, message): self = .unreadableFile(path: source, reason: message)
        case let .spatialReference(message): self = .invalidArgument("\(source): unknown CRS: \(message)")
        case let .notInstalled(message): self = .invalidArgument(message)
        }
    }
}
