import Foundation
import GEOS
import PROJ

/// Options for ``Validator``.
public struct ValidationOptions: Sendable {
    /// Overlaps and gaps smaller than this (m²) are flagged as slivers.
    public var sliverArea: Double = 10_000
    /// Overlaps and gaps thinner than this (m, twice the maximum inscribed circle radius) are flagged as slivers.
    public var sliverWidth: Double = 50
    /// Overlaps and gaps below this area (m²) are floating-point noise, not reported: a
    /// square centimetre by default.
    public var noiseArea: Double = 1e-4
    /// When given, the parts of this region (lon/lat) that no territory covers are reported as gaps.
    public var region: Geometry?
    /// Which properties hold ids.
    public var properties = TerritoryProperties()
    /// The defaults: slivers under 1 ha or 50 m wide, no region.
    public init() {}
}

/// Validates territory maps: every defective feature, every overlapping pair, every gap.
///
/// Validation keeps going past bad features so one run lists every problem. Features whose
/// polygons are invalid (self-intersecting, holes outside, ...) are reported with GEOS's reason
/// and location, then repaired with `makeValid` for the overlap and gap analysis, so one bad ring
/// does not hide the rest of the map's problems. Candidate overlapping pairs come from an
/// STRtree; a pair overlaps when their interiors share area (DE-9IM `2********`). Gaps are the
/// holes of the union of all territories and, with a region, the region minus that union. The
/// same computation runs on every GEOS version.
public enum Validator {
    /// Validates a GeoJSON file. Throws only when the file as a whole is unusable.
    /// - Parameter progress: called while reading, with the bytes read so far and the file size.
    public static func validate(contentsOf url: URL, options: ValidationOptions = ValidationOptions(),
                                progress: ((_ bytesRead: Int, _ totalBytes: Int) -> Void)? = nil) throws -> ValidationReport {
        try validate(TerritoryMap.inspect(contentsOf: url, properties: options.properties, checkValidity: true, progress: progress),
                     options: options)
    }

    /// Validates GeoJSON text.
    public static func validate(geoJSON: String, options: ValidationOptions = ValidationOptions()) throws -> ValidationReport {
        try validate(TerritoryMap.inspect(geoJSON: geoJSON, properties: options.properties, checkValidity: true), options: options)
    }

    /// Validates an in-memory map.
    public static func validate(_ map: TerritoryMap, options: ValidationOptions = ValidationOptions()) throws -> ValidationReport {
        let features = try map.territories.enumerated().map { i, t -> InspectedFeature in
            var defects: [FeatureDefect] = []
            if let problem = try wrapped({ try t.geometry.validityProblem() }) {
                defects.append(FeatureDefect(.invalidGeometry, problem.reason, location: problem.location))
            }
            return InspectedFeature(index: i, id: t.id, geometry: t.geometry, defects: defects,
                                    record: FeatureRecord(index: i, featureID: nil, properties: t.properties, geometryType: nil, polygons: [], defects: []))
        }
        return try validate(features, options: options)
    }

    /// Validates checked features (see ``TerritoryMap/inspect(contentsOf:properties:checkValidity:)``).
    public static func validate(_ features: [InspectedFeature], options: ValidationOptions = ValidationOptions()) throws -> ValidationReport {
        try wrapped {
            var invalid: [FeatureProblem] = []
            for f in features {
                for d in f.defects { invalid.append(FeatureProblem(featureIndex: f.index, id: f.id, defect: d)) }
            }
            // Usable geometries, repaired when invalid, for the overlay analysis.
            var usable: [(feature: InspectedFeature, geometry: Geometry)] = []
            for f in features {
                guard let g = f.geometry else { continue }
                if f.defects.contains(where: { $0.kind == .invalidGeometry }) {
                    let repaired = try polygonalPart(g.makeValid(method: .structure(keepCollapsed: false)))
                    if !repaired.isEmpty { usable.append((f, repaired)) }
                } else {
                    usable.append((f, g))
                }
            }
            let overlaps = try findOverlaps(usable, options: options)
            let gaps = try findGaps(usable.map(\.geometry), options: options)
            return ValidationReport(territoryCount: features.count, invalid: invalid, overlaps: overlaps, gaps: gaps)
        }
    }

    private static func findOverlaps(_ usable: [(feature: InspectedFeature, geometry: Geometry)], options: ValidationOptions) throws -> [Overlap] {
        let geometries = usable.map(\.geometry)
        let tree = try STRtree(geometries)
        var overlaps: [Overlap] = []
        for i in geometries.indices {
            let prepared = try PreparedGeometry(geometries[i])
            for j in try tree.query(geometries[i]) where j > i {
                guard try prepared.intersects(geometries[j]),
                      try geometries[i].relate(geometries[j], pattern: "2********") else { continue }
                let shared = try polygonalPart(geometries[i].intersection(geometries[j]))
                guard let measured = try measure(shared, options: options) else { continue }
                overlaps.append(Overlap(a: usable[i].feature.id ?? "", aIndex: usable[i].feature.index,
                                        b: usable[j].feature.id ?? "", bIndex: usable[j].feature.index,
                                        geometry: shared, area: measured.area, width: measured.width,
                                        location: measured.location, isSliver: measured.isSliver))
            }
        }
        return overlaps
    }

    private static func findGaps(_ geometries: [Geometry], options: ValidationOptions) throws -> [Gap] {
        guard !geometries.isEmpty || options.region != nil else { return [] }
        let union = try polygonalPart(Geometry.unaryUnion(geometries))
        var gaps: [Gap] = []
        for polygon in try polygons(of: union) {
            for hole in try polygon.interiorRings() {
                let gap = try Geometry.polygon(exterior: hole.coordinates())
                if let m = try measure(gap, options: options) {
                    gaps.append(Gap(kind: .hole, geometry: gap, area: m.area, width: m.width, location: m.location, isSliver: m.isSliver))
                }
            }
        }
        if let region = options.region {
            let outside = try polygonalPart(region.difference(union))
            for part in try polygons(of: outside) {
                if let m = try measure(part, options: options) {
                    gaps.append(Gap(kind: .uncoveredRegion, geometry: part, area: m.area, width: m.width, location: m.location, isSliver: m.isSliver))
                }
            }
        }
        return gaps.sorted { $0.area > $1.area }
    }

    private static func measure(_ g: Geometry, options: ValidationOptions) throws -> (area: Double, width: Double, location: Coordinate, isSliver: Bool)? {
        guard !g.isEmpty else { return nil }
        let area = try Geodesic.wgs84.area(g)
        guard area >= options.noiseArea else { return nil }
        let width = try LocalProjection.width(g)
        let location = try g.pointOnSurface().pointCoordinate ?? Coordinate(x: .nan, y: .nan)
        return (area, width, location, area < options.sliverArea || width < options.sliverWidth)
    }
}

/// The polygons of a geometry as one Polygon / MultiPolygon (lines and points dropped).
func polygonalPart(_ g: Geometry) throws -> Geometry {
    switch g.type {
    case .polygon, .multiPolygon: return g
    case .geometryCollection:
        let polys = try polygons(of: g)
        return polys.count == 1 ? polys[0] : try Geometry.multiPolygon(polys)
    default: return try Geometry.empty(.polygon)
    }
}

/// The individual non-empty polygons of any geometry, recursively.
func polygons(of g: Geometry) throws -> [Geometry] {
    if g.isEmpty { return [] }
    switch g.type {
    case .polygon: return [g]
    case .multiPolygon, .geometryCollection: return try g.parts.flatMap { try polygons(of: $0) }
    default: return []
    }
}
