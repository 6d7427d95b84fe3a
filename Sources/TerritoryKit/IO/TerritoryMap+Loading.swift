import Foundation
import GEOS
import PROJ

/// Loading and inspecting maps from any ``MapSource``.
extension TerritoryMap {
    /// Loads a map of Polygon / MultiPolygon features from any source.
    ///
    /// Loading is strict: the first defective feature (wrong geometry type, missing or duplicate
    /// id, NaN or infinite coordinates, longitude outside [-180, 180] or latitude outside
    /// [-90, 90], unclosed or too-short rings, no geometry, an invalid polygon such as a
    /// self-intersecting ring) is thrown as ``TerritoryError/badFeature(source:index:id:defect:)``.
    /// ``Validator`` reports every problem of a file instead, and ``Repairer`` fixes them.
    ///
    /// ## Example
    /// ```swift
    /// let map = try TerritoryMap.load(GeoJSONFile(URL(fileURLWithPath: "territories.geojson")))
    /// ```
    /// - Parameters:
    ///   - source: where the features come from (``GeoJSONFile``, ``GeoJSONText``,
    ///     ``FeatureRecords``, TerritoryGDAL's `VectorSource`).
    ///   - properties: which properties hold the id, name, rep and target share.
    ///   - progress: called as reading goes with the bytes read so far and the total, where the
    ///     source can tell.
    /// - Throws: ``TerritoryError`` when the source is unusable, or for its first defective feature.
    public static func load(
        _ source: some MapSource, properties: PropertyNames = PropertyNames(),
        progress: ((_ bytesRead: Int, _ totalBytes: Int) -> Void)? = nil
    ) throws(TerritoryError) -> TerritoryMap {
        let features = try source.inspect(properties: properties, checkValidity: true, progress: progress)
        return try wrapped { try strict(features, source: source.name, properties: properties) }
    }

    /// Reads every feature of a source and checks it, collecting all defects instead of
    /// stopping at the first. Throws only when the source as a whole is unusable.
    /// - Parameters:
    ///   - source: where the features come from.
    ///   - properties: which properties hold the id, name, rep and target share.
    ///   - checkValidity: whether to run GEOS validity on every polygon (a defect when invalid).
    ///   - progress: called as reading goes with the bytes read so far and the total, where the
    ///     source can tell.
    /// - Throws: ``TerritoryError`` when the source as a whole is unusable.
    public static func inspect(
        _ source: some MapSource, properties: PropertyNames = PropertyNames(), checkValidity: Bool = true,
        progress: ((_ bytesRead: Int, _ totalBytes: Int) -> Void)? = nil
    ) throws(TerritoryError) -> [InspectedFeature] {
        try source.inspect(properties: properties, checkValidity: checkValidity, progress: progress)
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
