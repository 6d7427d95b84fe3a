import Foundation

/// Where a territory map or units come from: anything that can read its features and check each
/// one. ``TerritoryMap/load(_:properties:progress:)`` and
/// ``TerritoryMap/inspect(_:properties:checkValidity:progress:)`` take any source, so a new format
/// is a new source and nothing else changes.
///
/// TerritoryKit provides GeoJSON files (``GeoJSONFile``), GeoJSON in memory (``GeoJSONText``)
/// and features read by another reader (``FeatureRecords``); TerritoryGDAL's `VectorSource`
/// reads every format GDAL reads and databases.
///
/// ## Example
/// ```swift
/// let map = try TerritoryMap.load(GeoJSONFile(URL(fileURLWithPath: "territories.geojson")))
/// let features = try TerritoryMap.inspect(GeoJSONText(#"{"type":"FeatureCollection","features":[]}"#))
/// ```
public protocol MapSource {
    /// The source's name in messages (a path, or a connection with its password hidden).
    var name: String { get }

    /// Reads every feature and checks it, collecting all defects instead of stopping at the
    /// first; coordinates in lon/lat (WGS 84).
    /// - Parameters:
    ///   - properties: which properties hold the id, name, rep and target share.
    ///   - checkValidity: whether to run GEOS validity on every polygon (a defect when invalid).
    ///   - progress: called as reading goes with the bytes read so far and the total, where the
    ///     source can tell.
    /// - Throws: ``TerritoryError`` only when the source as a whole is unusable.
    func inspect(
        properties: PropertyNames, checkValidity: Bool, progress: ((_ bytesRead: Int, _ totalBytes: Int) -> Void)?
    )
        throws(TerritoryError) -> [InspectedFeature]
}

/// A GeoJSON FeatureCollection file, read by the project's own reader (streamed, or on every
/// core for a large file). A legacy `crs` member naming a CRS other than WGS 84 is honoured:
/// coordinates are transformed to lon/lat with PROJ.
public struct GeoJSONFile: MapSource, Sendable {
    /// The file.
    public var url: URL
    /// A source reading `url`.
    public init(_ url: URL) { self.url = url }
    /// The file's path.
    public var name: String { url.path }

    /// Reads and checks every feature of the file.
    /// - Throws: ``TerritoryError`` when the file cannot be read or is not a FeatureCollection.
    public func inspect(
        properties: PropertyNames, checkValidity: Bool, progress: ((Int, Int) -> Void)?
    ) throws(TerritoryError)
        -> [InspectedFeature]
    {
        try wrapped {
            try MapLoader.inspect(
                contentsOf: url, inspector: FeatureInspector(properties: properties, checkValidity: checkValidity), progress: progress)
        }
    }
}

/// GeoJSON held in memory (UTF-8 text or bytes), read exactly as a file's would be.
public struct GeoJSONText: MapSource, Sendable {
    /// The UTF-8 bytes.
    public var data: Data
    /// The name messages give the text.
    public var name: String
    /// A source reading `text`, named `name` in messages.
    public init(_ text: String, name: String = "<geojson>") { self.data = Data(text.utf8); self.name = name }
    /// A source reading the UTF-8 bytes `data`, named `name` in messages.
    public init(_ data: Data, name: String = "<geojson>") { self.data = data; self.name = name }

    /// Reads and checks every feature of the text.
    /// - Throws: ``TerritoryError`` when the text is not a FeatureCollection.
    public func inspect(
        properties: PropertyNames, checkValidity: Bool, progress: ((Int, Int) -> Void)?
    ) throws(TerritoryError)
        -> [InspectedFeature]
    {
        try wrapped {
            try data.withUnsafeBytes {
                try MapLoader.inspect(
                    $0.bindMemory(to: UInt8.self), source: name, inspector: FeatureInspector(properties: properties, checkValidity: checkValidity))
            }
        }
    }
}

/// Features read by another reader (a GDAL layer, a database table, a format of your own),
/// checked exactly as a GeoJSON file's are: ids, coordinate ranges, ring closure and length, GEOS
/// validity. The records' coordinates must already be lon/lat (WGS 84).
public struct FeatureRecords: MapSource {
    /// The features, in source order.
    public var records: [FeatureRecord]
    /// The source's name in messages.
    public var name: String
    /// A source of `records`, named `name` in messages.
    public init(_ records: [FeatureRecord], name: String) { self.records = records; self.name = name }

    /// Checks every record.
    /// - Throws: ``TerritoryError/geometry(_:)`` only when GEOS itself fails.
    public func inspect(
        properties: PropertyNames, checkValidity: Bool, progress: ((Int, Int) -> Void)?
    ) throws(TerritoryError)
        -> [InspectedFeature]
    {
        try wrapped {
            var inspector = FeatureInspector(properties: properties, checkValidity: checkValidity)
            inspector.reserve(records.count)
            for record in records { try inspector.add(record, header: FeatureCollectionHeader(crsName: nil)) }
            return inspector.features
        }
    }
}
