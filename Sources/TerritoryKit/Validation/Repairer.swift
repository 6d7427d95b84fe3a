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
    /// Every change, in the order made (invalid polygons, snapping, overlaps, gaps).
    public var changes: [RepairChange] = []
    /// Of the overlaps and gaps in ``changes``, those under 1 m²: slivers where two polygons
    /// drawn at different scales nearly follow one another.
    public var settledSlivers = 0

    /// Lists a change (counting it among the slivers too when an overlap or gap under 1 m²).
    mutating func record(_ change: RepairChange) {
        if change.area < 1, change.kind == .overlap || change.kind == .gap { settledSlivers += 1 }
        changes.append(change)
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
/// (structure method, which keeps every lobe of a self-crossing ring), territories that nearly
/// meet are snapped together (when asked), then the map is rebuilt from the faces of its noded
/// linework: each overlap is given to one territory, and gaps are merged into the neighbour with
/// the longest shared border. Validating the result reports it clean (for gaps no larger than the
/// merge limit) after one pass, and repairing it again changes nothing. Nothing outside the
/// defects moves: a valid map comes back unchanged.
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
            try rebuildCoverage(&territories, options: options, log: &log)
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

    /// Rebuilds the map from its faces: every territory's boundary is noded against every other
    /// (GEOS unary union of the linework) and polygonized, so each face lies inside the same
    /// territories throughout and its edges are shared exactly with its neighbours. A face inside
    /// two or more territories (an overlap) goes to one of them by `policy`; faces inside none
    /// (enclosed gaps), taken together where they touch, go to the neighbour with the longest
    /// border along them when no larger than the merge limit. Each territory is then the union
    /// of its faces. Built this way the result is a clean coverage in one pass (no sliver is left
    /// by overlay arithmetic: nothing is cut from anything), and a second pass finds nothing to
    /// change. A map whose faces each lie in exactly one territory is left as it is.
    private static func rebuildCoverage(_ territories: inout [Territory], options: RepairOptions, log: inout RepairLog) throws {
        let geometries = territories.map(\.geometry)
        guard !geometries.isEmpty else { return }
        let linework = try Geometry.unaryUnion(geometries.map { try $0.boundary() })
        let faces = try polygons(of: Geometry.polygonize([linework]))
        let tree = try STRtree(geometries)
        let prepared = try geometries.map { try PreparedGeometry($0) }
        let owners: [[Int]] = try faces.map { face in
            let inside = try face.pointOnSurface()
            return try tree.query(inside).filter { try prepared[$0].contains(inside) }.sorted()
        }
        guard owners.contains(where: { $0.count != 1 }) else { return }

        var members = [[Geometry]](repeating: [], count: territories.count)
        var areas: [Int: Double] = [:]
        func area(_ t: Int) throws -> Double {
            if let a = areas[t] { return a }
            let a = try Geodesic.wgs84.area(geometries[t])
            areas[t] = a
            return a
        }
        // Overlaps, by pair (winner, loser): the area and the place of the largest face.
        var overlaps: [Pair: (area: Double, largest: Double, at: Coordinate?)] = [:]
        var order: [Pair] = []
        var uncovered: [Int] = []
        // Each face's territory, -1 for a face inside none.
        var territoryOfFace = [Int](repeating: -1, count: faces.count)
        for (k, (face, inside)) in zip(faces, owners).enumerated() {
            if inside.isEmpty { uncovered.append(k); continue }
            if inside.count == 1 { members[inside[0]].append(face); territoryOfFace[k] = inside[0]; continue }
            var winner = inside[0]
            for t in inside.dropFirst() {
                switch options.overlapPolicy {
                case .earlierInOrder: break
                case .longerSharedBorder:
                    if try sharedBorder(face, with: geometries[t]) > sharedBorder(face, with: geometries[winner]) { winner = t }
                case .largest: if try area(t) > area(winner) { winner = t }
                case .smallest: if try area(t) < area(winner) { winner = t }
                }
            }
            members[winner].append(face)
            territoryOfFace[k] = winner
            let a = try Geodesic.wgs84.area(face)
            for loser in inside where loser != winner {
                let pair = Pair(winner: winner, loser: loser)
                var entry = overlaps[pair] ?? (0, 0, nil)
                if entry.area == 0 { order.append(pair) }
                entry.area += a
                if a > entry.largest { entry.largest = a; entry.at = try face.pointOnSurface().coordinates().first }
                overlaps[pair] = entry
            }
        }
        for pair in order {
            let entry = overlaps[pair]!
            let (winnerID, loserID) = (territories[pair.winner].id, territories[pair.loser].id)
            log.overlapsResolved.append(.init(territory: winnerID, from: loserID, area: entry.area))
            log.record(RepairChange(kind: .overlap, ids: [winnerID, loserID], area: entry.area, location: entry.at))
        }
        // Gaps: the uncovered faces that touch make one gap. It goes to the territory whose faces
        // border it longest, measured along the faces' own edges (one noding: they coincide
        // exactly, where the original outlines may lie a rounding error apart); its faces join
        // that territory as they are.
        let faceTree = try STRtree(faces)
        for group in try touchingGroups(uncovered.map { faces[$0] }) {
            let indices = group.map { uncovered[$0] }
            let a = try indices.reduce(0) { $0 + (try Geodesic.wgs84.area(faces[$1])) }
            guard a <= options.mergeGapsBelow else { continue }
            var border = [Int: Double]()
            for g in indices {
                let edge = try faces[g].boundary()
                for h in try faceTree.query(faces[g]) where territoryOfFace[h] >= 0 {
                    let shared = try Geodesic.wgs84.perimeter(edge.intersection(faces[h].boundary()))
                    if shared > 0 { border[territoryOfFace[h], default: 0] += shared }
                }
            }
            // The longest border; the earlier territory on a tie.
            guard let best = border.max(by: { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key })?.key else { continue }
            members[best] += indices.map { faces[$0] }
            for g in indices { territoryOfFace[g] = best }
            let gap = try Geometry.unaryUnion(indices.map { faces[$0] })
            log.gapsMerged.append(.init(territory: territories[best].id, from: nil, area: a))
            log.record(RepairChange(kind: .gap, ids: [territories[best].id], area: a, location: try gap.pointOnSurface().coordinates().first))
        }
        for t in territories.indices {
            let parts = members[t]
            // Faces of one noding share their edges exactly: the coverage union joins them
            // without overlay arithmetic.
            let union = (try? Geometry.coverageUnion(parts)).flatMap { (try? $0.isValid()) == true ? $0 : nil }
            territories[t].geometry = try polygonalPart(union ?? Geometry.unaryUnion(parts))
        }
    }

    /// The faces that touch one another, in groups (positions in `faces`, each group in order,
    /// groups by their first face).
    private static func touchingGroups(_ faces: [Geometry]) throws -> [[Int]] {
        guard !faces.isEmpty else { return [] }
        var parent = Array(faces.indices)
        func root(_ i: Int) -> Int {
            var i = i
            while parent[i] != i { parent[i] = parent[parent[i]]; i = parent[i] }
            return i
        }
        let tree = try STRtree(faces)
        for i in faces.indices {
            for j in try tree.query(faces[i]) where j > i {
                if try faces[i].intersects(faces[j]) { parent[root(j)] = root(i) }
            }
        }
        return Dictionary(grouping: faces.indices, by: root).values.map { $0.sorted() }.sorted { $0[0] < $1[0] }
    }

    /// An overlap's winner and loser, by territory position.
    private struct Pair: Hashable {
        let winner: Int, loser: Int
    }

    /// Geodesic length (m) of the part of `piece`'s boundary that runs along `territory` outside `piece`.
    private static func sharedBorder(_ piece: Geometry, with territory: Geometry) throws -> Double {
        let rest = try territory.difference(piece)
        if rest.isEmpty { return 0 }
        return try Geodesic.wgs84.perimeter(piece.boundary().intersection(rest))
    }
}
