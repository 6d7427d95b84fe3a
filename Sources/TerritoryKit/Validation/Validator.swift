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
    public var properties = PropertyNames()
    /// How overlaps and the union are computed; both give the same report.
    public var engine = ValidationEngine.coverage
    /// The defaults: slivers under 1 ha or 50 m wide, no region, the coverage engine.
    public init(
        sliverArea: Double = 10_000, sliverWidth: Double = 50, noiseArea: Double = 1e-4, region: Geometry? = nil,
        properties: PropertyNames = PropertyNames(), engine: ValidationEngine = .coverage
    ) {
        self.sliverArea = sliverArea; self.sliverWidth = sliverWidth; self.noiseArea = noiseArea
        self.region = region; self.properties = properties; self.engine = engine
    }
}

/// How ``Validator`` finds overlaps and the union. Both engines give identical reports; they
/// differ only in speed.
public enum ValidationEngine: String, Sendable, CaseIterable {
    /// Edge matching first (linear time): only polygons with unmatched edges are checked
    /// exactly against their neighbours, and a clean coverage is dissolved by matched edges.
    /// Whenever that finds an overlap, or the dissolve fails, it runs the pairwise path.
    case coverage
    /// An exact DE-9IM `relate` on every pair of polygons whose envelopes meet, and a general
    /// unary union: the reference path.
    case pairwise
}

/// Validates territory maps: every defective feature, every overlapping pair, every gap.
///
/// Validation keeps going past bad features so one run lists every problem. Features whose
/// polygons are invalid (self-intersecting, holes outside, ...) are reported with GEOS's reason
/// and location, then repaired with `makeValid` for the overlap and gap analysis, so one bad ring
/// does not hide the rest of the map's problems. Candidate overlapping pairs come from an
/// STRtree; a pair overlaps when their interiors share area (DE-9IM `2********`). Gaps are the
/// area no territory covers: each hole of the union minus the territories lying inside it
/// (islands), and with a region, the part of the region outside the union and its holes. Each
/// uncovered area is listed once. Territories made of several parts are listed as warnings.
/// On a coverage, edge matching (``ValidationEngine/coverage``) spares the exact pairwise work
/// for every polygon whose edges all match a neighbour's. The same computation runs on every
/// GEOS version.
public enum Validator {
    /// Validates a GeoJSON file. Throws only when the file as a whole is unusable.
    ///
    /// ## Example
    /// ```swift
    /// let report = try Validator.validate(contentsOf: URL(fileURLWithPath: "territories.geojson"))
    /// for gap in report.gaps { print(gap.area, "m² uncovered near", gap.location) }
    /// ```
    /// - Parameters:
    ///   - url: the GeoJSON file.
    ///   - options: sliver thresholds, region, property names, engine.
    ///   - progress: called while reading, with the bytes read so far and the file size.
    /// - Throws: ``TerritoryError`` when the file cannot be read or is not a FeatureCollection.
    public static func validate(
        contentsOf url: URL, options: ValidationOptions = ValidationOptions(),
        progress: ((_ bytesRead: Int, _ totalBytes: Int) -> Void)? = nil
    ) throws(TerritoryError) -> ValidationReport {
        try wrapped {
            try validate(
                TerritoryMap.inspect(GeoJSONFile(url), properties: options.properties, checkValidity: true, progress: progress),
                options: options)
        }
    }

    /// Validates GeoJSON text.
    public static func validate(geoJSON: String, options: ValidationOptions = ValidationOptions()) throws(TerritoryError) -> ValidationReport {
        try wrapped {
            try validate(TerritoryMap.inspect(GeoJSONText(geoJSON), properties: options.properties, checkValidity: true), options: options)
        }
    }

    /// Validates an in-memory map.
    public static func validate(_ map: TerritoryMap, options: ValidationOptions = ValidationOptions()) throws(TerritoryError) -> ValidationReport {
        try validate(map, options: options, edges: nil)
    }

    /// Validates an in-memory map with the edge matching of its geometries already made (the
    /// renderer shares one between this check and the colouring's neighbours).
    static func validate(_ map: TerritoryMap, options: ValidationOptions, edges: CoverageEdges?) throws(TerritoryError) -> ValidationReport {
        try wrapped {
            let features = try map.territories.enumerated().map { i, t -> InspectedFeature in
                var defects: [FeatureDefect] = []
                if let problem = try wrapped({ try t.geometry.validityProblem() }) {
                    defects.append(FeatureDefect(.invalidGeometry, problem.reason, location: problem.location))
                }
                return InspectedFeature(
                    featureIndex: i, id: t.id, geometry: t.geometry, defects: defects,
                    record: FeatureRecord(featureIndex: i, featureID: nil, properties: t.properties, geometryType: nil, polygons: [], defects: []))
            }
            return try validate(features, options: options, edges: edges)
        }
    }

    /// Validates checked features (see ``TerritoryMap/inspect(_:properties:checkValidity:progress:)``).
    public static func validate(
        _ features: [InspectedFeature], options: ValidationOptions = ValidationOptions()
    ) throws(TerritoryError) -> ValidationReport {
        try validate(features, options: options, edges: nil)
    }

    /// The work of the public function above; `edges`, when given, is the edge matching of the
    /// features' geometries, used when none of them had to be repaired.
    static func validate(
        _ features: [InspectedFeature], options: ValidationOptions, edges given: CoverageEdges?
    ) throws(TerritoryError)
        -> ValidationReport
    {
        try wrapped {
            try wrapped {
                var invalid: [FeatureProblem] = []
                for f in features {
                    for d in f.defects { invalid.append(FeatureProblem(featureIndex: f.featureIndex, id: f.id, defect: d)) }
                }
                // Usable geometries, repaired when invalid, for the overlay analysis.
                var usable: [(feature: InspectedFeature, geometry: Geometry)] = []
                var allAsGiven = true
                for f in features {
                    guard let g = f.geometry else { allAsGiven = false; continue }
                    if f.defects.contains(where: { $0.kind == .invalidGeometry }) {
                        allAsGiven = false
                        let repaired = try repairedPolygons(g)
                        if !repaired.isEmpty { usable.append((f, repaired)) }
                    } else {
                        usable.append((f, g))
                    }
                }
                let geometries = usable.map(\.geometry)
                var overlaps: [Overlap]
                var union: Geometry?
                var noHoles = false
                // The edges given were matched on the features' own geometries: usable only when
                // every feature is there unrepaired.
                let reuse = allAsGiven ? given : nil
                if options.engine == .coverage, case let edges = try reuse ?? CoverageEdges(geometries),
                    try CoverageEdges.isOverlapFree(geometries, edges: edges)
                {
                    // No overlap anywhere: the general path would find none either.
                    overlaps = []
                    // Without a region, outer rings alone mean no gap and no union to compute.
                    noHoles = options.region == nil && edges.outlineHasNoHoles() == true
                    if !noHoles {
                        union = try? Geometry.coverageUnion(geometries)
                        if let u = union, (try? u.isValid()) != true { union = nil }
                    }
                } else {
                    overlaps = try findOverlaps(usable, options: options)
                }
                let gaps = noHoles ? [] : try findGaps(union: union ?? polygonalPart(Geometry.unaryUnion(geometries)), options: options)
                var warnings: [ValidationWarning] = []
                for (f, g) in usable {
                    let parts = try polygons(of: g).count
                    if parts > 1 { warnings.append(ValidationWarning(featureIndex: f.featureIndex, id: f.id, kind: .noncontiguous, parts: parts)) }
                }
                return ValidationReport(territoryCount: features.count, invalid: invalid, overlaps: overlaps, gaps: gaps, warnings: warnings)
            }
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
                    try geometries[i].relate(geometries[j], pattern: "2********")
                else { continue }
                let shared = try polygonalPart(geometries[i].intersection(geometries[j]))
                guard let measured = try measure(shared, options: options) else { continue }
                overlaps.append(
                    Overlap(
                        firstID: usable[i].feature.id ?? "", firstFeatureIndex: usable[i].feature.featureIndex,
                        secondID: usable[j].feature.id ?? "", secondFeatureIndex: usable[j].feature.featureIndex,
                        geometry: shared, area: measured.area, width: measured.width,
                        location: measured.location, isSliver: measured.isSliver))
            }
        }
        return overlaps
    }

    /// Every area `union` leaves uncovered, once: each hole minus the parts of the union lying
    /// inside it (islands, filled, since their own holes are gaps of their own), then with a
    /// region, the region outside the union's filled parts.
    private static func findGaps(union: Geometry, options: ValidationOptions) throws -> [Gap] {
        let parts = try polygons(of: union)
        let filled = try parts.map { try Geometry.polygon(exterior: $0.exteriorRing().coordinates()) }
        let tree = parts.count > 1 ? try STRtree(filled) : nil
        var gaps: [Gap] = []
        for part in parts {
            for ring in try part.interiorRings() {
                let hole = try Geometry.polygon(exterior: ring.coordinates())
                let prepared = try PreparedGeometry(hole)
                var islands: [Geometry] = []
                for k in try tree?.query(hole) ?? [] {
                    // Parts of a union never cross: one point decides whether a part is inside.
                    if let p = try parts[k].pointOnSurface().pointCoordinate, try prepared.contains(Geometry.point(x: p.x, y: p.y)) {
                        islands.append(filled[k])
                    }
                }
                let gap = islands.isEmpty ? hole : try polygonalPart(hole.difference(Geometry.unaryUnion(islands)))
                for piece in try polygons(of: gap) {
                    if let m = try measure(piece, options: options) {
                        gaps.append(Gap(kind: .hole, geometry: piece, area: m.area, width: m.width, location: m.location, isSliver: m.isSliver))
                    }
                }
            }
        }
        if let region = options.region {
            let outside = try polygonalPart(region.difference(Geometry.unaryUnion(filled)))
            for part in try polygons(of: outside) {
                if let m = try measure(part, options: options) {
                    gaps.append(Gap(kind: .uncoveredRegion, geometry: part, area: m.area, width: m.width, location: m.location, isSliver: m.isSliver))
                }
            }
        }
        return gaps.sorted { $0.area > $1.area }
    }

    private static func measure(
        _ g: Geometry, options: ValidationOptions
    ) throws -> (area: Double, width: Double, location: Coordinate, isSliver: Bool)? {
        guard !g.isEmpty else { return nil }
        let area = try Geodesic.wgs84.area(g)
        guard area >= options.noiseArea else { return nil }
        let width = try LocalProjection.width(g)
        let location = try g.pointOnSurface().pointCoordinate ?? Coordinate(x: .nan, y: .nan)
        return (area, width, location, area < options.sliverArea || width < options.sliverWidth)
    }
}
