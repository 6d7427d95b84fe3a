import Foundation
import GEOS
import PROJ

/// Loading and inspecting maps: GeoJSON files and any source of feature records.
extension TerritoryMap {
    /// Loads a GeoJSON FeatureCollection of Polygon / MultiPolygon features.
    ///
    /// Loading is strict: the first defective feature (wrong geometry type, missing or duplicate
    /// id, NaN or infinite coordinates, longitude outside [-180, 180] or latitude outside
    /// [-90, 90], unclosed or too-short rings, no geometry, an invalid polygon such as a
    /// self-intersecting ring) is thrown as ``TerritoryError/badFeature(source:index:id:defect:)``.
    /// ``Validator`` reports every problem of a file instead, and ``Repairer`` fixes them.
    /// A legacy `crs` member naming a CRS other than WGS 84 is honoured: coordinates are
    /// transformed to lon/lat with PROJ.
    /// - Parameters:
    ///   - url: the GeoJSON file.
    ///   - properties: which properties hold the id, name, rep and target share.
    ///   - progress: called after each feature with the bytes read so far and the file size.
    public static func load(
        contentsOf url: URL, properties: PropertyNames = PropertyNames(),
        progress: ((_ bytesRead: Int, _ totalBytes: Int) -> Void)? = nil
    ) throws(TerritoryError) -> TerritoryMap {
        try wrapped {
            try strict(
                inspect(contentsOf: url, properties: properties, checkValidity: true, progress: progress),
                source: url.path, properties: properties)
        }
    }

    /// Loads GeoJSON text (see ``load(contentsOf:properties:progress:)``).
    public static func load(
        geoJSON: String, source: String = "<geojson>", properties: PropertyNames = PropertyNames()
    ) throws(TerritoryError) -> TerritoryMap {
        try wrapped {
            try strict(inspect(geoJSON: geoJSON, source: source, properties: properties, checkValidity: true), source: source, properties: properties)
        }
    }

    /// Reads every feature of a file and checks it, collecting all defects instead of stopping
    /// at the first. Throws only when the file as a whole is unusable.
    /// - Parameters:
    ///   - url: the GeoJSON file.
    ///   - properties: which properties hold the id, name, rep and target share.
    ///   - checkValidity: whether to run GEOS validity on every polygon (a defect when invalid).
    ///   - progress: called after each feature with the bytes read so far and the file size.
    public static func inspect(
        contentsOf url: URL, properties: PropertyNames = PropertyNames(),
        checkValidity: Bool = true,
        progress: ((_ bytesRead: Int, _ totalBytes: Int) -> Void)? = nil
    ) throws(TerritoryError) -> [InspectedFeature] {
        try wrapped {
            try MapLoader.inspect(
                contentsOf: url, inspector: FeatureInspector(properties: properties, checkValidity: checkValidity), progress: progress)
        }
    }

    /// Reads and checks every feature of GeoJSON text (see ``inspect(contentsOf:properties:checkValidity:progress:)``).
    public static func inspect(
        geoJSON: String, source: String = "<geojson>", properties: PropertyNames = PropertyNames(),
        checkValidity: Bool = true
    ) throws(TerritoryError) -> [InspectedFeature] {
        try wrapped {
            var text = geoJSON
            return try text.withUTF8 {
                try MapLoader.inspect($0, source: source, inspector: FeatureInspector(properties: properties, checkValidity: checkValidity))
            }
        }
    }

    /// Reads and checks every feature of GeoJSON bytes, exactly as a file's would be read (they
    /// must be UTF-8; see ``inspect(contentsOf:properties:checkValidity:progress:)``).
    public static func inspect(
        data: Data, source: String = "<geojson>", properties: PropertyNames = PropertyNames(),
        checkValidity: Bool = true
    ) throws(TerritoryError) -> [InspectedFeature] {
        try wrapped {
            try data.withUnsafeBytes {
                try MapLoader.inspect(
                    $0.bindMemory(to: UInt8.self), source: source, inspector: FeatureInspector(properties: properties, checkValidity: checkValidity))
            }
        }
    }

    /// Loads GeoJSON bytes (see ``load(contentsOf:properties:progress:)``).
    public static func load(
        data: Data, source: String = "<geojson>", properties: PropertyNames = PropertyNames()
    ) throws(TerritoryError) -> TerritoryMap {
        try wrapped {
            try strict(inspect(data: data, source: source, properties: properties, checkValidity: true), source: source, properties: properties)
        }
    }

    /// Checks features read by another reader (a GDAL layer, a database table) exactly as a
    /// GeoJSON file's are: ids, coordinate ranges, ring closure and length, GEOS validity. The
    /// records' coordinates must already be lon/lat (WGS 84).
    /// - Parameters:
    ///   - records: the features, in source order.
    ///   - source: the source's name in messages.
    ///   - properties: which properties hold the id, name, rep and target share.
    ///   - checkValidity: whether to run GEOS validity on every polygon.
    /// - Throws: ``TerritoryError/geometry(_:)`` only when GEOS itself fails.
    public static func inspect(
        records: [FeatureRecord], source: String, properties: PropertyNames = PropertyNames(), checkValidity: Bool = true
    ) throws(TerritoryError) -> [InspectedFeature] {
        try wrapped {
            var inspector = FeatureInspector(properties: properties, checkValidity: checkValidity)
            inspector.reserve(records.count)
            for record in records { try inspector.add(record, header: FeatureCollectionHeader(crsName: nil)) }
            return inspector.features
        }
    }

    /// Loads features read by another reader, strictly (see ``load(contentsOf:properties:progress:)``
    /// for the rules and ``inspect(records:source:properties:checkValidity:)`` for the records).
    /// - Throws: ``TerritoryError/badFeature(source:index:id:defect:)`` for the first defective feature.
    public static func load(
        records: [FeatureRecord], source: String, properties: PropertyNames = PropertyNames()
    ) throws(TerritoryError)
        -> TerritoryMap
    {
        let features = try inspect(records: records, source: source, properties: properties)
        return try wrapped { try strict(features, source: source, properties: properties) }
    }

    /// The usable part of a checked (possibly damaged) file, for drawing or repair: invalid
    /// polygons rebuilt with GEOS `makeValid` (or kept as they are when `rebuildInvalid` is
    /// false, for ``Repairer`` to rebuild and report), features without a usable geometry left
    /// out, missing ids replaced by `#index`, and repeated ids suffixed with ` (#index)`. Every
    /// defect is returned alongside, so nothing is hidden.
    /// - Throws: ``TerritoryError/invalidArgument(_:)`` naming `source` and the first defect when
    ///   no feature has a usable polygon: there is nothing to draw or repair, and an empty map
    ///   would be a quiet wrong answer.
    public static func usablePart(
        of features: [InspectedFeature], properties names: PropertyNames = PropertyNames(), rebuildInvalid: Bool = true,
        source: String = "<map>"
    )
        throws(TerritoryError) -> (map: TerritoryMap, problems: [FeatureProblem])
    {
        try wrapped {
            var territories: [Territory] = []
            var problems: [FeatureProblem] = []
            var used = Set<String>()
            for f in features {
                for d in f.defects { problems.append(FeatureProblem(featureIndex: f.featureIndex, id: f.id, defect: d)) }
                guard var geometry = f.geometry else { continue }
                if rebuildInvalid, f.defects.contains(where: { $0.kind == .invalidGeometry }) {
                    geometry = try wrapped { try repairedPolygons(geometry) }
                    if geometry.isEmpty { continue }
                }
                var id = f.id ?? "#\(f.featureIndex)"
                if used.contains(id) { id += " (#\(f.featureIndex))" }
                used.insert(id)
                territories.append(Territory(record: f.record, id: id, geometry: geometry, properties: names))
            }
            if territories.isEmpty, let first = problems.first {
                throw TerritoryError.invalidArgument(
                    "\(source): no feature has a usable polygon: feature \(first.featureIndex)\(first.id.map { " (id \($0))" } ?? ""): \(first.defect.message)"
                )
            }
            return (try TerritoryMap(checked: territories), problems)
        }
    }

    private static func strict(_ features: [InspectedFeature], source: String, properties: PropertyNames) throws -> TerritoryMap {
        var territories: [Territory] = []
        territories.reserveCapacity(features.count)
        for f in features {
            if let defect = f.defects.first {
                throw TerritoryError.badFeature(source: source, index: f.featureIndex, id: f.id, defect: defect)
            }
            territories.append(Territory(record: f.record, id: f.id!, geometry: f.geometry!, properties: properties))
        }
        // Every feature passed `registerID`, which makes a repeated id a defect, thrown above.
        return try TerritoryMap(checked: territories, idsAreUnique: true)
    }
}

extension Territory {
    /// A territory from a checked feature.
    init(record: FeatureRecord, id: String, geometry: Geometry, properties names: PropertyNames) {
        let props = JSONValue.object(record.properties)
        self.init(
            id: id, geometry: geometry,
            name: props[names.name]?.identifierText,
            rep: props[names.rep]?.identifierText,
            targetShare: props[names.targetShare]?.doubleValue,
            properties: record.properties, featureIndex: record.featureIndex)
    }
}
