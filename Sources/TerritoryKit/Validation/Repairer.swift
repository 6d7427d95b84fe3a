import GEOS
import PROJ

/// Who keeps an overlapping area when repairing.
public enum OverlapPolicy: Sendable, Equatable {
    /// The territory earlier in map order keeps it.
    case earlierInOrder
    /// The territory sharing the longer border with the overlap (outside it) keeps it.
    case longerSharedBorder
}

/// Options for ``Repairer``.
public struct RepairOptions: Sendable, Equatable {
    /// Who keeps overlaps.
    public var overlapPolicy: OverlapPolicy = .earlierInOrder
    /// Gaps (holes in the union) up to this geodesic area (m²) are merged into the neighbour with
    /// the longest shared border; larger gaps are left for a person to decide.
    public var mergeGapsBelow: Double = 1_000_000
    /// The defaults: earlier in order keeps overlaps; gaps under 1 km² are merged.
    public init(overlapPolicy: OverlapPolicy = .earlierInOrder, mergeGapsBelow: Double = 1_000_000) {
        self.overlapPolicy = overlapPolicy; self.mergeGapsBelow = mergeGapsBelow
    }
}

/// What a repair changed.
public struct RepairLog: Sendable, Equatable {
    /// Ids of territories rebuilt with `makeValid`.
    public var madeValid: [String] = []
    /// Overlaps resolved: (winner id, loser id, area in m²).
    public var overlapsResolved: [Resolution] = []
    /// Gaps merged: (territory id, area in m²).
    public var gapsMerged: [Resolution] = []

    /// One change.
    public struct Resolution: Sendable, Equatable {
        /// The territory that received the area.
        public let territory: String
        /// The territory that gave it up (overlaps only).
        public let from: String?
        /// The geodesic area moved, m².
        public let area: Double
    }
}

/// Repairs a territory map, only when asked: invalid polygons are rebuilt with GEOS `makeValid`
/// (structure method), each overlap is given to one territory, and small gaps are merged into
/// the neighbour with the longest shared border. Validating the result reports it clean (for
/// gaps no larger than the merge limit).
public enum Repairer {
    /// The repaired map and what changed.
    public static func repair(_ map: TerritoryMap, options: RepairOptions = RepairOptions()) throws -> (map: TerritoryMap, log: RepairLog) {
        try wrapped {
            var territories = map.territories
            var log = RepairLog()
            for i in territories.indices where !(try territories[i].geometry.isValid()) {
                territories[i].geometry = try polygonalPart(territories[i].geometry.makeValid(method: .structure(keepCollapsed: false)))
                log.madeValid.append(territories[i].id)
            }
            // Overlaps: the loser gives up the whole winner, so the two share the winner's edges.
            let tree = try STRtree(territories.map(\.geometry))
            for i in territories.indices {
                for j in try tree.query(territories[i].geometry) where j > i {
                    let a = territories[i].geometry, b = territories[j].geometry
                    guard try a.relate(b, pattern: "2********") else { continue }
                    let shared = try polygonalPart(a.intersection(b))
                    let winner =
                        try options.overlapPolicy == .earlierInOrder
                        ? i
                        : (sharedBorder(shared, with: a) >= sharedBorder(shared, with: b) ? i : j)
                    let loser = winner == i ? j : i
                    territories[loser].geometry = try polygonalPart(territories[loser].geometry.difference(territories[winner].geometry))
                    log.overlapsResolved.append(
                        .init(
                            territory: territories[winner].id, from: territories[loser].id,
                            area: try Geodesic.wgs84.area(shared)))
                }
            }
            // Small holes in the union go to the neighbour with the longest border along them.
            let union = try polygonalPart(Geometry.unaryUnion(territories.map(\.geometry)))
            for polygon in try polygons(of: union) {
                for hole in try polygon.interiorRings() {
                    let gap = try Geometry.polygon(exterior: hole.coordinates())
                    let area = try Geodesic.wgs84.area(gap)
                    guard area <= options.mergeGapsBelow else { continue }
                    var best: (index: Int, length: Double)?
                    for t in try tree.query(gap) {
                        let length = try sharedBorder(gap, with: territories[t].geometry)
                        if length > 0, best == nil || length > best!.length { best = (t, length) }
                    }
                    guard let best else { continue }
                    territories[best.index].geometry = try polygonalPart(territories[best.index].geometry.union(gap))
                    log.gapsMerged.append(.init(territory: territories[best.index].id, from: nil, area: area))
                }
            }
            return (try TerritoryMap(checked: territories), log)
        }
    }

    /// Geodesic length (m) of the part of `piece`'s boundary that runs along `territory` outside `piece`.
    private static func sharedBorder(_ piece: Geometry, with territory: Geometry) throws -> Double {
        let rest = try territory.difference(piece)
        if rest.isEmpty { return 0 }
        return try Geodesic.wgs84.perimeter(piece.boundary().intersection(rest))
    }
}
