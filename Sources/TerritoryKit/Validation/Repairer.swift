import Foundation
import GEOS
import PROJ

/// Who keeps an overlapping area when repairing.
public enum OverlapPolicy: Sendable, Equatable {
    /// The territory earlier in map order keeps it (the border rule's owner).
    case earlierInOrder
    /// The territory sharing the longer border with the overlap (outside it) keeps it.
    case longerSharedBorder
    /// The larger territory (geodesic area) keeps it.
    case largest
    /// The smaller territory (geodesic area) keeps it.
    case smallest
}

/// Options for ``Repairer``.
public struct RepairOptions: Sendable, Equatable {
    /// Who keeps overlaps.
    public var overlapPolicy: OverlapPolicy = .earlierInOrder
    /// Gaps (holes in the union) up to this geodesic area (m²) are merged into the neighbour with
    /// the longest shared border; larger gaps are left for a person to decide.
    public var mergeGapsBelow: Double = 1_000_000
    /// Territories that nearly meet, closer than this many metres without touching (a sliver
    /// of gap between two edges that should coincide), are snapped together: the later one's
    /// vertices and edges onto the earlier one's. Nil: no snapping.
    public var snapWithin: Double?
    /// The defaults: earlier in order keeps overlaps; gaps under 1 km² are merged; no snapping.
    public init(overlapPolicy: OverlapPolicy = .earlierInOrder, mergeGapsBelow: Double = 1_000_000, snapWithin: Double? = nil) {
        self.overlapPolicy = overlapPolicy; self.mergeGapsBelow = mergeGapsBelow; self.snapWithin = snapWithin
    }
}

/// One change a repair made.
public struct RepairChange: Sendable, Equatable {
    /// What was repaired.
    public enum Kind: String, Sendable, Equatable {
        /// An invalid polygon rebuilt with GEOS `makeValid` (structure method).
        case madeValid = "made_valid"
        /// Two territories that nearly met snapped together.
        case snapped
        /// An overlap given to one of its territories.
        case overlap
        /// A gap enclosed by the coverage merged into a neighbour.
        case gap
    }
    /// What was repaired.
    public let kind: Kind
    /// The territories involved: the one that received the area (or was rebuilt or snapped)
    /// first, then the one that gave it up, if any.
    public let ids: [String]
    /// The geodesic area that changed hands or shape, m².
    public let area: Double
    /// A lon/lat point in the repaired piece (where GEOS found an invalid ring), when it has one.
    public let location: Coordinate?
}

/// What a repair changed.
public struct RepairLog: Sendable, Equatable {
    /// Ids of territories rebuilt with `makeValid`.
    public var madeValid: [String] = []
    /// Overlaps resolved: (winner id, loser id, area in m²).
    public var overlapsResolved: [Resolution] = []
    /// Gaps merged: (territory id, area in m²).
    public var gapsMerged: [Resolution] = []
    /// Every change, in the order made (invalid polygons, snapping, overlaps, gaps), but for
    /// ``settledSlivers``.
    public var changes: [RepairChange] = []
    /// Overlaps and gaps under 1 m² settled by the same rules: slivers a few millimetres wide
    /// that overlay arithmetic leaves where the repairs' new edges meet old ones. Counted, not
    /// listed.
    public var settledSlivers = 0

    /// Lists a change, or counts it as a settled sliver when under 1 m².
    mutating func record(_ change: RepairChange) {
        if change.area < 1, change.kind == .overlap || change.kind == .gap { settledSlivers += 1 } else { changes.append(change) }
    }

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
/// (structure method), territories that nearly meet are snapped together (when asked), each
/// overlap is given to one territory, and gaps are merged into the neighbour with the longest
/// shared border. Validating the result reports it clean (for gaps no larger than the merge
/// limit). Nothing outside the defects moves: a valid map comes back unchanged.
///
/// ## Example
/// ```swift
/// let damaged = try TerritoryMap(unchecked: territories)
/// let (fixed, log) = try Repairer.repair(damaged, options: RepairOptions(overlapPolicy: .largest, mergeGapsBelow: .infinity))
/// for change in log.changes { print(change.kind, change.ids, change.area) }
/// ```
/// - Throws: ``TerritoryError/geometry(_:)`` when GEOS fails, ``TerritoryError/invalidArgument(_:)``
///   for a negative snapping distance.
public enum Repairer {
    /// The repaired map and what changed.
    public static func repair(
        _ map: TerritoryMap, options: RepairOptions = RepairOptions()
    ) throws(TerritoryError) -> (map: TerritoryMap, log: RepairLog) {
        if let d = options.snapWithin, !(d >= 0 && d.isFinite) { throw .invalidArgument("the snapping distance must be >= 0 metres") }
        return try wrapped {
            var territories = map.territories
            var log = RepairLog()
            for i in territories.indices {
                guard let problem = try territories[i].geometry.validityProblem() else { continue }
                territories[i].geometry = try repairedPolygons(territories[i].geometry)
                log.madeValid.append(territories[i].id)
                log.changes.append(
                    RepairChange(
                        kind: .madeValid, ids: [territories[i].id], area: try Geodesic.wgs84.area(territories[i].geometry),
                        location: problem.location))
            }
            if let metres = options.snapWithin, metres > 0 { try snapNearMisses(&territories, within: metres, log: &log) }
            var changed = try resolveOverlaps(&territories, policy: options.overlapPolicy, among: nil, log: &log)
            changed.formUnion(try mergeGaps(&territories, below: options.mergeGapsBelow, near: nil, log: &log))
            // Overlay arithmetic in doubles leaves slivers a few millimetres wide where the new
            // edges meet the old ones: later passes settle them by the same rules, around the
            // territories that changed only.
            for _ in 0..<3 where !changed.isEmpty {
                var again = try resolveOverlaps(&territories, policy: options.overlapPolicy, among: changed, log: &log)
                again.formUnion(try mergeGaps(&territories, below: options.mergeGapsBelow, near: changed, log: &log))
                changed = again
            }
            return (try TerritoryMap(checked: territories), log)
        }
    }

    /// Snaps each later territory onto an earlier one it nearly meets: closer than `metres`
    /// (geodesic) without touching. Touching neighbours are left alone, so a clean coverage
    /// does not move.
    private static func snapNearMisses(_ territories: inout [Territory], within metres: Double, log: inout RepairLog) throws {
        let tree = try STRtree(territories.map(\.geometry))
        for j in territories.indices {
            guard let env = territories[j].geometry.envelope else { continue }
            let latitude = max(abs(env.minY), abs(env.maxY))
            // Degrees of longitude are the shorter ones away from the equator: the tolerance in
            // degrees is the longer reading, and the real distance is checked geodesically.
            let degrees = metres / 111_000 / max(cos(min(latitude, 89) * .pi / 180), 0.01)
            let near = try tree.query(territories[j].geometry.buffer(degrees, quadrantSegments: 2))
            for i in near where i < j {
                let (a, b) = try territories[j].geometry.nearestPoints(to: territories[i].geometry)
                guard a != b, try Geodesic.wgs84.distance(from: a, to: b) < metres else { continue }
                var moved = try territories[j].geometry.snapped(to: territories[i].geometry, tolerance: degrees)
                if try !moved.isValid() { moved = try repairedPolygons(moved) }
                let changed = try Geodesic.wgs84.area(polygonalPart(moved.symmetricDifference(territories[j].geometry)))
                territories[j].geometry = moved
                log.changes.append(RepairChange(kind: .snapped, ids: [territories[j].id, territories[i].id], area: changed, location: a))
            }
        }
    }

    /// Gives every overlap to one of its two territories; the other gives up the whole of the
    /// winner, so the two share the winner's edges. With `among`, only pairs with a territory in
    /// it are looked at. Returns the territories that changed.
    private static func resolveOverlaps(
        _ territories: inout [Territory], policy: OverlapPolicy, among: Set<Int>?, log: inout RepairLog
    ) throws -> Set<Int> {
        let tree = try STRtree(territories.map(\.geometry))
        var changed = Set<Int>()
        for i in territories.indices {
            for j in try tree.query(territories[i].geometry) where j > i {
                if let among, !among.contains(i), !among.contains(j) { continue }
                let a = territories[i].geometry, b = territories[j].geometry
                guard try a.relate(b, pattern: "2********") else { continue }
                let shared = try polygonalPart(a.intersection(b))
                let winner: Int
                switch policy {
                case .earlierInOrder: winner = i
                case .longerSharedBorder: winner = try sharedBorder(shared, with: a) >= sharedBorder(shared, with: b) ? i : j
                case .largest: winner = try Geodesic.wgs84.area(a) >= Geodesic.wgs84.area(b) ? i : j
                case .smallest: winner = try Geodesic.wgs84.area(a) <= Geodesic.wgs84.area(b) ? i : j
                }
                let loser = winner == i ? j : i
                territories[loser].geometry = try polygonalPart(territories[loser].geometry.difference(territories[winner].geometry))
                changed.insert(loser)
                let area = try Geodesic.wgs84.area(shared)
                log.overlapsResolved.append(.init(territory: territories[winner].id, from: territories[loser].id, area: area))
                log.record(
                    RepairChange(
                        kind: .overlap, ids: [territories[winner].id, territories[loser].id], area: area,
                        location: try shared.pointOnSurface().coordinates().first))
            }
        }
        return changed
    }

    /// Merges each hole of the union no larger than `limit` into the neighbour with the longest
    /// border along it. With `near`, only holes among those territories and their neighbours
    /// are looked at. Returns the territories that changed.
    private static func mergeGaps(_ territories: inout [Territory], below limit: Double, near: Set<Int>?, log: inout RepairLog) throws -> Set<Int> {
        let tree = try STRtree(territories.map(\.geometry))
        var region = Array(territories.indices)
        if let near {
            var around = near
            for t in near { around.formUnion(try tree.query(territories[t].geometry)) }
            region = around.sorted()
        }
        var changed = Set<Int>()
        let union = try polygonalPart(Geometry.unaryUnion(region.map { territories[$0].geometry }))
        for polygon in try polygons(of: union) {
            for hole in try polygon.interiorRings() {
                // What the ring encloses, less any territory inside it (islands in a lake, or,
                // looking at a few territories only, the rest of the map): the gap proper.
                let ring = try Geometry.polygon(exterior: hole.coordinates())
                let inside = try tree.query(ring).map { territories[$0].geometry }
                let gap = try polygonalPart(inside.isEmpty ? ring : ring.difference(Geometry.unaryUnion(inside)))
                if gap.isEmpty { continue }
                let area = try Geodesic.wgs84.area(gap)
                guard area <= limit else { continue }
                var best: (index: Int, length: Double)?
                for t in try tree.query(gap) {
                    let length = try sharedBorder(gap, with: territories[t].geometry)
                    if length > 0, best == nil || length > best!.length { best = (t, length) }
                }
                guard let best else { continue }
                territories[best.index].geometry = try polygonalPart(territories[best.index].geometry.union(gap))
                changed.insert(best.index)
                log.gapsMerged.append(.init(territory: territories[best.index].id, from: nil, area: area))
                log.record(
                    RepairChange(kind: .gap, ids: [territories[best.index].id], area: area, location: try gap.pointOnSurface().coordinates().first))
            }
        }
        return changed
    }

    /// Geodesic length (m) of the part of `piece`'s boundary that runs along `territory` outside `piece`.
    private static func sharedBorder(_ piece: Geometry, with territory: Geometry) throws -> Double {
        let rest = try territory.difference(piece)
        if rest.isEmpty { return 0 }
        return try Geodesic.wgs84.perimeter(piece.boundary().intersection(rest))
    }
}
