import Foundation
import GEOS
import PROJ

/// An ordered set of territories with unique ids: the map of a sales organisation.
///
/// Order matters: when territories overlap, the border rule gives a customer to the earlier one.
///
/// ## Example
/// ```swift
/// let map = try TerritoryMap.load(GeoJSONFile(URL(fileURLWithPath: "territories.geojson")))
/// let square = try Geometry.rectangle(Envelope(minX: -79, minY: 35, maxX: -78, maxY: 36))
/// let drawn = try TerritoryMap([Territory(id: "Raleigh", geometry: square, rep: "Ann")])
/// ```
/// - Throws: ``TerritoryError/badFeature(source:index:id:defect:)`` from loading or building a
///   map with a defective territory (invalid polygon, coordinates out of range, wrong geometry
///   type), ``TerritoryError/invalidArgument(_:)`` for a repeated id.
public struct TerritoryMap: Sendable {
    /// The territories in map order.
    public var territories: [Territory]

    /// A map of territories built in code, held to the same rules as a loaded file: ids must be
    /// unique, and every territory a non-empty, valid Polygon or MultiPolygon with finite
    /// coordinates inside lon [-180, 180], lat [-90, 90].
    /// - Throws: ``TerritoryError/invalidArgument(_:)`` for a repeated id,
    ///   ``TerritoryError/badFeature(source:index:id:defect:)`` (source `<map>`, the index in
    ///   `territories`) for a territory a file would be refused for.
    public init(_ territories: [Territory]) throws(TerritoryError) {
        self = try wrapped { try TerritoryMap(checking: territories) }
    }

    /// The work of the public initialiser above, whose errors that one converts.
    init(checking territories: [Territory]) throws {
        for (i, t) in territories.enumerated() {
            if let defect = try TerritoryMap.defect(of: t.geometry) {
                throw TerritoryError.badFeature(source: "<map>", index: i, id: t.id, defect: defect)
            }
        }
        try self.init(checked: territories)
    }

    /// A map whose geometries are taken as they are (only the ids are checked): for a damaged
    /// map built in code that ``Validator`` should report on or ``Repairer`` should fix. Other
    /// uses (assignment, reports) expect the checks of ``init(_:)``.
    /// - Throws: ``TerritoryError/invalidArgument(_:)`` for a repeated id.
    public init(unchecked territories: [Territory]) throws(TerritoryError) {
        self = try wrapped { try TerritoryMap(checked: territories) }
    }

    /// A map of territories whose geometries were already checked (loaded strictly, repaired or
    /// dissolved from checked units); only the ids are checked.
    /// - Parameter idsAreUnique: the ids were already checked (a strict load refuses repeated
    ///   ids as feature defects), so they are not hashed a second time.
    init(checked territories: [Territory], idsAreUnique: Bool = false) throws {
        if !idsAreUnique {
            var seen = Set<String>(minimumCapacity: territories.count)
            for t in territories where !seen.insert(t.id).inserted {
                throw TerritoryError.invalidArgument("duplicate territory id \(t.id)")
            }
        }
        var numbered = territories
        for i in numbered.indices where numbered[i].featureIndex == Territory.unplaced { numbered[i].featureIndex = i }
        self.territories = numbered
    }

    /// Why a geometry could not be a territory, or nil when it can.
    static func defect(of geometry: Geometry) throws -> FeatureDefect? {
        guard geometry.type == .polygon || geometry.type == .multiPolygon else {
            return FeatureDefect(.wrongGeometryType, "geometry type is \(geometry.type); a territory must be a Polygon or MultiPolygon")
        }
        guard !geometry.isEmpty else { return FeatureDefect(.emptyGeometry, "the geometry is empty") }
        var bad: FeatureDefect?
        try wrapped {
            try geometry.forEachRing { _, ring in
                guard bad == nil else { return }
                if let c = ring.first(where: { !$0.x.isFinite || !$0.y.isFinite }) {
                    bad = FeatureDefect(.nonFiniteCoordinate, "coordinate \(c) is not finite")
                } else if let c = ring.first(where: { !CoordinateRange.isValid(lon: $0.x, lat: $0.y) }) {
                    bad = FeatureDefect(.coordinateOutOfRange, "\(c) is outside lon [-180, 180] / lat [-90, 90]", location: c)
                }
            }
            if bad == nil, let problem = try geometry.validityProblem() {
                bad = FeatureDefect(.invalidGeometry, problem.reason, location: problem.location)
            }
        }
        return bad
    }

    /// The number of territories.
    public var count: Int { territories.count }

    /// The position of the territory with `id`.
    public func index(of id: String) -> Int? { territories.firstIndex { $0.id == id } }

    /// The territories' ids, in map order.
    public var ids: [String] { territories.map(\.id) }
}
