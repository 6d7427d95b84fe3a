import CGDAL
import Foundation

/// A vector dataset opened or created through GDAL: a file in any OGR format (Shapefile,
/// GeoPackage, File Geodatabase, FlatGeobuf, KML, GML, GeoJSON, CSV, XLSX, ODS, ...) or a
/// database connection (`PG:"host=... dbname=..."`). Closed when released.
///
/// Not thread-safe (GDAL datasets are not): use one from one thread at a time.
///
/// ## Example
/// ```swift
/// let counties = try VectorDataset.open("counties.gpkg")
/// for layer in counties.layers { print(layer.name, layer.geometryType, layer.featureCount) }
/// ```
/// - Throws: ``GDALError/cannotOpen(source:message:)`` with GDAL's reason when the source
///   cannot be opened as vector data.
public final class VectorDataset {
    let handle: CGDALDatasetH
    let api: CGDALAPI
    /// The source as given, with any database password hidden (for messages).
    public let source: String
    private var closed = false

    private init(handle: CGDALDatasetH, api: CGDALAPI, source: String) {
        self.handle = handle; self.api = api; self.source = source
    }

    /// Opens a vector source.
    /// - Parameters:
    ///   - path: a file or folder path, a `/vsizip/...` path, or a connection string.
    ///   - update: open for writing (adding or replacing layers).
    ///   - drivers: the only GDAL drivers to try (short names such as `GPKG`), or nil for all.
    ///   - openOptions: driver open options (`NAME=VALUE`).
    /// - Throws: ``GDALError/cannotOpen(source:message:)``.
    public static func open(
        _ path: String, update: Bool = false, drivers: [String]? = nil, openOptions: [String] = []
    ) throws(GDALError)
        -> VectorDataset
    {
        let shown = displayName(path)
        let flags = UInt32(CGDAL_OF_VECTOR | CGDAL_OF_VERBOSE_ERROR) | (update ? UInt32(CGDAL_OF_UPDATE) : 0)
        let (h, message) = try GDALLibrary.call { g in
            withConstOptions(drivers ?? []) { allowed in
                withConstOptions(openOptions) { g.GDALOpenEx!(path, flags, drivers == nil ? nil : allowed, $0, nil) }
            }
        }
        guard let h else {
            throw .cannotOpen(source: shown, message: message.map(hidePassword) ?? "not a vector dataset GDAL can read")
        }
        return VectorDataset(handle: h, api: try GDALLibrary.api(), source: shown)
    }

    /// Creates a new, empty dataset with a driver (`GPKG`, `ESRI Shapefile`, `FlatGeobuf`,
    /// `KML`, `CSV`, `GeoJSON`, ...). The path must not exist yet.
    /// - Throws: ``GDALError/write(destination:message:)`` when the driver is unknown or GDAL
    ///   cannot create the file.
    public static func create(_ path: String, driver: String, options: [String] = []) throws(GDALError) -> VectorDataset {
        let (h, message) = try GDALLibrary.call { g -> CGDALDatasetH? in
            guard let d = g.GDALGetDriverByName!(driver) else { return nil }
            return withOptions(options) { g.GDALCreate!(d, path, 0, 0, 0, 0, $0) }
        }
        guard let h else {
            throw .write(destination: displayName(path), message: message.map(hidePassword) ?? "GDAL has no \(driver) driver")
        }
        return VectorDataset(handle: h, api: try GDALLibrary.api(), source: displayName(path))
    }

    /// Whether GDAL has a driver of that short name (`GPKG`, `XLSX`, ...).
    /// - Throws: ``GDALError/notInstalled(_:)`` when GDAL is not installed.
    public static func hasDriver(_ name: String) throws(GDALError) -> Bool { try GDALLibrary.api().GDALGetDriverByName!(name) != nil }

    deinit { if !closed { api.GDALClose!(handle) } }

    /// Closes the dataset, writing what GDAL still buffers.
    /// - Throws: ``GDALError/write(destination:message:)`` when GDAL reports an error on closing
    ///   (a file that could not be finished).
    public func close() throws(GDALError) {
        guard !closed else { return }
        closed = true
        let (_, message) = try GDALLibrary.call { g in g.GDALClose!(handle) }
        if let message { throw .write(destination: source, message: hidePassword(message)) }
    }

    /// The GDAL driver's short name (`ESRI Shapefile`, `GPKG`, `PostgreSQL`, ...).
    public var driverName: String { cText(api.GDALGetDriverShortName!(api.GDALGetDatasetDriver!(handle))) }

    /// The layers, in the dataset's order.
    public var layers: [VectorLayer] {
        (0..<Int(api.GDALDatasetGetLayerCount!(handle))).compactMap { i in
            api.GDALDatasetGetLayer!(handle, Int32(i)).map { VectorLayer(handle: $0, dataset: self) }
        }
    }

    /// The layer called `name`, or nil (a database may find tables not listed in ``layers``).
    public func layer(named name: String) -> VectorLayer? {
        let (h, _) = (try? GDALLibrary.call { g in g.GDALDatasetGetLayerByName!(handle, name) }) ?? (nil, nil)
        return h.map { VectorLayer(handle: $0, dataset: self) }
    }

    /// Deletes the layer called `name` when there is one.
    /// - Throws: ``GDALError/write(destination:message:)`` when GDAL refuses.
    public func deleteLayer(named name: String) throws(GDALError) {
        // By name first: a database lists only some tables (PostgreSQL: those with geometry)
        // until one is asked for by name, which adds it to the list.
        guard let wanted = layer(named: name)?.handle else { return }
        for i in 0..<Int(api.GDALDatasetGetLayerCount!(handle)) where api.GDALDatasetGetLayer!(handle, Int32(i)) == wanted {
            let (err, message) = try GDALLibrary.call { g in g.GDALDatasetDeleteLayer!(handle, Int32(i)) }
            // PostgreSQL's driver reports a failed DROP (the name is a view, permission denied)
            // as an error but returns success; going on would end in "current transaction is
            // aborted" and lose the server's reason, so any error reported counts.
            if err != COGRERR_NONE || message != nil {
                throw .write(destination: source, message: message.map(hidePassword) ?? "cannot delete layer \(name)")
            }
            return
        }
    }

    /// Creates a layer.
    /// - Parameters:
    ///   - name: the layer (table) name.
    ///   - geometryType: the features' geometry type (``WKBGeometryType/none`` for a table).
    ///   - spatialReference: the CRS of the geometries, or nil.
    ///   - options: layer creation options (`NAME=VALUE`).
    /// - Throws: ``GDALError/write(destination:message:)`` with GDAL's reason.
    public func createLayer(
        named name: String, geometryType: WKBGeometryType, spatialReference: SpatialReference?, options: [String] = []
    ) throws(GDALError) -> VectorLayer {
        let (h, message) = try GDALLibrary.call { g in
            withOptions(options) { g.GDALDatasetCreateLayer!(handle, name, spatialReference?.handle, geometryType.rawValue, $0) }
        }
        guard let h else { throw .write(destination: source, message: message.map(hidePassword) ?? "cannot create layer \(name)") }
        return VectorLayer(handle: h, dataset: self)
    }

    /// Runs an SQL statement (in a database, the server's own SQL) and gives its result rows,
    /// each field as GDAL reads it; a statement with no result gives none.
    ///
    /// ## Example
    /// ```swift
    /// let rows = try dataset.executeSQL("SELECT relname FROM pg_class LIMIT 1")
    /// ```
    /// - Throws: ``GDALError/write(destination:message:)`` with the server's message.
    public func executeSQL(_ sql: String) throws(GDALError) -> [[FieldValue]] {
        let (result, message) = try GDALLibrary.call { g in g.GDALDatasetExecuteSQL!(handle, sql, nil, nil) }
        guard let result else {
            if let message { throw .write(destination: source, message: hidePassword(message)) }
            return []
        }
        let rows = Result { () throws -> [[FieldValue]] in
            var rows: [[FieldValue]] = []
            try VectorLayer(handle: result, dataset: self).forEachFeature { feature in
                rows.append((0..<feature.fieldCount).map { feature.value(at: $0) })
            }
            return rows
        }
        api.GDALDatasetReleaseResultSet!(handle, result)
        switch rows {
        case let .success(rows): return rows
        case let .failure(error as GDALError): throw error
        case let .failure(error): throw .write(destination: source, message: "\(error)")
        }
    }

    /// Whether the dataset supports transactions (a database, a GeoPackage).
    public var supportsTransactions: Bool { api.GDALDatasetTestCapability!(handle, "Transactions") != 0 }

    /// Starts a transaction.
    /// - Throws: ``GDALError/write(destination:message:)`` when it cannot be started.
    public func startTransaction() throws(GDALError) { try transaction { $0.GDALDatasetStartTransaction!(handle, 0) } }
    /// Commits the transaction.
    /// - Throws: ``GDALError/write(destination:message:)`` when the commit fails (nothing written).
    public func commitTransaction() throws(GDALError) { try transaction { $0.GDALDatasetCommitTransaction!(handle) } }
    /// Rolls the transaction back.
    /// - Throws: ``GDALError/write(destination:message:)`` when GDAL reports an error.
    public func rollbackTransaction() throws(GDALError) { try transaction { $0.GDALDatasetRollbackTransaction!(handle) } }

    private func transaction(_ body: (CGDALAPI) -> COGRErr) throws(GDALError) {
        let (err, message) = try GDALLibrary.call { g in body(g) }
        if err != COGRERR_NONE { throw .write(destination: source, message: message.map(hidePassword) ?? "transaction failed (OGR error \(err))") }
    }
}

/// A source's name for messages: a connection string with its password hidden.
func displayName(_ source: String) -> String { hidePassword(source) }

extension VectorDataset {
    /// `text` (a connection string, or a message quoting one) with every password replaced by
    /// `***`, whatever its syntax (keyword with spaces or quotes in any case, URI), for messages
    /// and logs.
    public static func redactingPasswords(_ text: String) -> String { hidePassword(text) }
}

/// Every credential in a connection string (or a message quoting one) replaced by `***`:
/// libpq keywords in any case with or without spaces around `=` and with quoted values
/// (`password = 's3cret pw'`, `PASSWORD=x`), and the password of a URI
/// (`postgresql://user:pw@host/db`, any scheme).
func hidePassword(_ text: String) -> String {
    var out = text
    // A URI's user:password@ (the password is what lies between the first ':' after "//" and '@').
    out = out.replacingOccurrences(of: #"(://[^/:@\s'"]*):[^@\s]*@"#, with: "$1:***@", options: .regularExpression)
    // keyword = value, keyword = 'quoted value with \' escapes', any case.
    out = out.replacingOccurrences(
        of: #"(?i)\b(password|passwd|pwd)(\s*=\s*)('(?:[^'\\]|\\.)*'?|[^\s'"]*)"#, with: "$1$2***", options: .regularExpression)
    return out
}
