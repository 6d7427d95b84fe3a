import Foundation
import GEOS
import PROJ

/// Turns records into checked features, one at a time as they are read: ids, coordinate checks,
/// ring repairs, GEOS geometry. The raw coordinate arrays are dropped once the geometry is built.
struct FeatureInspector {
    let properties: PropertyNames
    let checkValidity: Bool
    private(set) var features: [InspectedFeature] = []
    private var seen: [String: Int] = [:]
    private var transformer: (name: String?, value: CoordinateTransformer?)?

    init(properties: PropertyNames, checkValidity: Bool) {
        self.properties = properties
        self.checkValidity = checkValidity
    }

    /// Forgets every feature read so far (the reader reads them again in another CRS).
    mutating func startOver() {
        features = []
        seen = [:]
    }

    mutating func add(_ record: FeatureRecord, header: FeatureCollectionHeader) throws {
        var feature = try inspectGeometry(record, header: header)
        registerID(&feature)
        features.append(feature)
    }

    /// A feature with its geometry built and checked, but its id not yet compared with the
    /// others' (``registerID(_:idRead:)`` does that, in file order). Safe to run for different
    /// features on different threads, each with its own inspector.
    mutating func inspectGeometry(_ record: FeatureRecord, header: FeatureCollectionHeader) throws -> InspectedFeature {
        if transformer == nil || transformer!.name != header.crsName {
            transformer = (header.crsName, try crsTransformer(header.crsName))
        }
        var feature = InspectedFeature(featureIndex: record.featureIndex, id: nil, geometry: nil, defects: record.defects, record: record)
        if !record.polygons.isEmpty {
            try build(&feature, transformer: transformer!.value)
            feature.record.polygons = []
        } else if feature.defects.isEmpty {
            // A record another reader made without polygons (or one whose polygons were already
            // built and dropped) has nothing to build: a defect, never a feature without geometry.
            feature.defects.append(FeatureDefect(.emptyGeometry, "the feature has no polygon"))
        }
        return feature
    }

    /// The feature's id as text (its id property, else the feature's `id` member), or nil when
    /// it has none. Safe to run for different features on different threads.
    func idText(of feature: InspectedFeature) -> String? {
        let idValue = JSONValue.object(feature.record.properties)[properties.id] ?? feature.record.featureID
        guard let id = idValue?.identifierText, !id.isEmpty else { return nil }
        return id
    }

    /// Room for `count` features and their ids, so the serial registration does not regrow.
    mutating func reserve(_ count: Int) {
        features.reserveCapacity(count)
        seen.reserveCapacity(count)
    }

    /// Reads the feature's id (or takes `feature.id` as read by ``idText(of:)`` when `idRead`)
    /// and checks it against the features registered before; id defects come right after the
    /// reader's, before the geometry's.
    mutating func registerID(_ feature: inout InspectedFeature, idRead: Bool = false) {
        let at = feature.record.defects.count
        if let id = idRead ? feature.id : idText(of: feature) {
            feature.id = id
            if let first = seen[id] {
                feature.defects.insert(FeatureDefect(.duplicateID, "id \(id) is already used by feature \(first)"), at: at)
            } else {
                seen[id] = feature.featureIndex
            }
        } else {
            // The feature's own property names tell which one holds the id (--id-property).
            let all = feature.record.properties.map(\.key)
            let names = all.prefix(12).joined(separator: ", ") + (all.count > 12 ? ", ..." : "")
            let hint = all.isEmpty ? "" : "; name the id property with --id-property (properties: \(names))"
            feature.defects.insert(FeatureDefect(.missingID, "no \"\(properties.id)\" property and no feature id\(hint)"), at: at)
        }
    }

    /// Appends a feature already inspected and registered.
    mutating func append(_ feature: InspectedFeature) { features.append(feature) }

    /// The transformer to lon/lat for a legacy `crs` member, or nil when the data is already WGS 84.
    private func crsTransformer(_ name: String?) throws -> CoordinateTransformer? {
        guard let name, !GeoJSONReader.isWGS84(name) else { return nil }
        return try wrapped { try CoordinateTransformer(from: name, to: "EPSG:4326") }
    }

    private func build(_ feature: inout InspectedFeature, transformer: CoordinateTransformer?) throws {
        var polygons: [[[Double]]] = []
        var unusable = false
        for var rings in feature.record.polygons {
            if let transformer {
                for r in rings.indices {
                    let coordinates = stride(from: 0, to: rings[r].count - 1, by: 2).map { Coordinate(x: rings[r][$0], y: rings[r][$0 + 1]) }
                    guard let moved = try? transformer.transform(coordinates) else {
                        feature.defects.append(
                            FeatureDefect(.coordinateOutOfRange, "a coordinate cannot be transformed from \(transformer.source) to lon/lat"))
                        unusable = true
                        continue
                    }
                    rings[r] = moved.flatMap { [$0.x, $0.y] }
                }
            }
            var kept: [[Double]] = []
            for (r, var ring) in rings.enumerated() {
                let n = ring.count / 2
                let which = r == 0 ? "exterior ring" : "hole \(r)"
                if let bad = (0..<n).first(where: { !ring[2 * $0].isFinite || !ring[2 * $0 + 1].isFinite }) {
                    feature.defects.append(
                        FeatureDefect(
                            .nonFiniteCoordinate,
                            "\(which) vertex \(bad) is (\(ring[2 * bad]), \(ring[2 * bad + 1])): coordinates must be finite numbers"))
                    unusable = true
                    continue
                }
                if let bad = (0..<n).first(where: { !CoordinateRange.isValid(lon: ring[2 * $0], lat: ring[2 * $0 + 1]) }) {
                    let c = Coordinate(x: ring[2 * bad], y: ring[2 * bad + 1])
                    feature.defects.append(
                        FeatureDefect(.coordinateOutOfRange, "\(which) vertex \(bad) \(c) is outside lon [-180, 180] / lat [-90, 90]", location: c))
                }
                let first = n > 0 ? Coordinate(x: ring[0], y: ring[1]) : nil
                if n > 1, ring[0] != ring[2 * n - 2] || ring[1] != ring[2 * n - 1] {
                    feature.defects.append(FeatureDefect(.unclosedRing, "\(which) is not closed (first and last positions differ)", location: first))
                    ring.append(ring[0]); ring.append(ring[1])  // closed, so the rest can still be checked
                }
                if ring.count / 2 < 4 {
                    feature.defects.append(
                        FeatureDefect(.ringTooShort, "\(which) has \(n) positions; a closed ring needs at least 4", location: first))
                    if r == 0 { unusable = true; break }
                    continue
                }
                kept.append(ring)
            }
            if !kept.isEmpty, !unusable { polygons.append(kept) }
        }
        guard !unusable, !polygons.isEmpty else { return }
        do {
            let parts = try polygons.map { try Geometry.polygon(flatRings: $0) }
            let geometry = feature.record.geometryType == "MultiPolygon" ? try Geometry.multiPolygon(parts) : parts[0]
            // Small polygons without holes are usually proved valid without GEOS's noding.
            let provedValid = polygons.count == 1 && polygons[0].count == 1 && SimpleRingCheck.isCertainlyValid(polygons[0][0])
            if checkValidity, !provedValid, let problem = try geometry.validityProblem() {
                feature.defects.append(FeatureDefect(.invalidGeometry, problem.reason, location: problem.location))
            }
            feature.geometry = geometry
        } catch let error as GEOSError {
            feature.defects.append(FeatureDefect(.malformedFeature, error.description))
        }
    }
}
