import Foundation
import GEOS
import PROJ

/// Which units of a map touch, and along how much border: the unit adjacency graph that
/// territory design is built on.
///
/// Two units are *rook* neighbours when their boundaries share a border of positive length
/// (the shared length is measured on the WGS 84 ellipsoid, in metres), and *queen*-only
/// neighbours when they touch at points only. Units that overlap count as rook neighbours when
/// their boundaries share a positive length, like any others.
///
/// The ``Method/coverage`` method builds the graph from edge matching (`CoverageEdges`, internal): a
/// segment found in two units, once in each direction, is a piece of their shared border. Units
/// with edges that match nowhere bit for bit (near-miss borders, the map's outer boundary) and
/// their neighbours take the exact path, GEOS's intersection of the two boundaries; so does the
/// whole map when it has overlaps. ``Method/pairwise`` takes the exact path for every pair of
/// units whose envelopes meet; both give the same graph.
///
/// ## Example
/// ```swift
/// let counties = try TerritoryMap.load(GeoJSONFile(URL(fileURLWithPath: "counties.geojson")))
/// let graph = try UnitGraph(map: counties)
/// for border in graph.rook where border.a == 0 {
///     print(counties.territories[border.b].id, border.length)   // metres of shared border
/// }
/// print(graph.components.count)   // 1 when every unit can be reached through shared borders
/// ```
public struct UnitGraph: Sendable {
    /// A border of positive length shared by units `a` < `b` (indices in map order).
    public struct Border: Sendable, Equatable {
        /// The earlier unit.
        public let a: Int
        /// The later unit.
        public let b: Int
        /// The shared border's geodesic length in metres.
        public let length: Double
    }

    /// Units `a` < `b` that touch at points only.
    public struct Touch: Sendable, Equatable, Hashable {
        /// The earlier unit.
        public let a: Int
        /// The later unit.
        public let b: Int
    }

    /// How the graph is computed; both give the same graph.
    public enum Method: String, Sendable, CaseIterable {
        /// Edge matching, with the exact path only where edges do not match.
        case coverage
        /// GEOS boundary intersection for every pair of units whose envelopes meet.
        case pairwise
    }

    /// The number of units.
    public let unitCount: Int
    /// Rook neighbours with their shared border, ordered by `a`, then `b`.
    public let rook: [Border]
    /// Queen-only neighbours (touching at points, no shared border), ordered by `a`, then `b`.
    public let queen: [Touch]
    /// Each unit's rook neighbours, ascending.
    public let neighbours: [[Int]]
    /// The groups of units connected through shared borders, each ascending, ordered by their
    /// first unit. One component means every unit can be reached from every other.
    public let components: [[Int]]

    /// The graph of a map's territories (or units), in map order.
    /// - Throws: ``TerritoryError`` when GEOS or PROJ fails on a geometry.
    public init(map: TerritoryMap, method: Method = .coverage) throws(TerritoryError) {
        try self.init(map.territories.map(\.geometry), method: method)
    }

    /// The graph of polygons (lon/lat), in the given order.
    /// - Throws: ``TerritoryError`` when GEOS or PROJ fails on a geometry.
    public init(_ geometries: [Geometry], method: Method = .coverage) throws(TerritoryError) {
        self = try wrapped { try UnitGraph(building: geometries, method: method) }
    }

    /// Each polygon's rook neighbours (sharing a border of positive length), ascending, without
    /// measuring borders or collecting point contacts: what colouring a map needs, at a
    /// fraction of the time and memory of the whole graph on a national coverage.
    static func rookNeighbours(of geometries: [Geometry], edges: CoverageEdges? = nil) throws -> [[Int]] {
        try UnitGraph(building: geometries, method: .coverage, measuringBorders: false, edges: edges).neighbours
    }

    /// The work of the public initialiser above, whose errors that one converts. Without
    /// `measuringBorders`, matched borders count as length 1 and queen contacts are not sought
    /// (for ``rookNeighbours(of:)``).
    init(building geometries: [Geometry], method: Method, measuringBorders: Bool = true, edges given: CoverageEdges? = nil) throws {
        // Pair → shared length: 0 for touching at points, -1 for no contact (after an exact check).
        var borders = OpenTable<PairKey, Double>(expected: geometries.count * 4, empty: 0)
        try wrapped {
            // Shared vertices are collected on a second core while the edges are matched.
            let touches = method == .coverage && measuringBorders ? UnitGraph.vertexTouchesInBackground(geometries) : nil
            let edges = method == .coverage ? try given ?? CoverageEdges(geometries) : nil
            // Pairs whose contact is computed exactly, by GEOS: every candidate pair with the
            // pairwise method or on a map with overlaps; else only where an unmatched segment's
            // open part is reached (see `UnmatchedContacts`), the pairs the overlap check
            // looked at exactly.
            var exactPairs: [(Int, Int)] = []
            if let edges, try CoverageEdges.isOverlapFree(geometries, edges: edges) {
                // Matched segments are the whole border between the two units they separate,
                // and units touching at a point share that vertex exactly.
                let lengths = measuringBorders ? try UnitGraph.geodesicLengths(edges.shared.map { ($0.a, $0.b) }) : nil
                for (k, s) in edges.shared.enumerated() {
                    borders.values[borders.findOrInsert(PairKey(Int(s.left), Int(s.right)))] += lengths?[k] ?? 1
                }
                if let touches { for key in try touches.get() { _ = borders.findOrInsert(key) } }
                exactPairs = edges.pairsCheckedExactly.current!
            } else {
                let tree = try STRtree(geometries)
                for i in geometries.indices {
                    for j in try tree.query(geometries[i]) where j > i { exactPairs.append((i, j)) }
                }
            }
            var boundaries: [Int: Geometry] = [:]
            func boundary(_ i: Int) throws -> Geometry {
                if let b = boundaries[i] { return b }
                let b = try geometries[i].boundary()
                boundaries[i] = b
                return b
            }
            for (i, j) in exactPairs {
                let shared = try geometries[i].intersects(geometries[j]) ? boundary(i).intersection(boundary(j)) : nil
                let length = try shared.map { $0.isEmpty ? -1 : try UnitGraph.geodesicLength(ofLinesIn: $0) } ?? -1
                if length >= 0 || borders.find(PairKey(i, j)) != nil { borders.values[borders.findOrInsert(PairKey(i, j))] = length }
            }
        }
        var contacts: [(key: UInt64, length: Double)] = []
        contacts.reserveCapacity(borders.count)
        borders.forEach { key, length in if length >= 0 { contacts.append((key.bits, length)) } }
        contacts.sort { $0.key < $1.key }
        var rook: [Border] = [], queen: [Touch] = []
        var neighbours = [[Int]](repeating: [], count: geometries.count)
        for (key, length) in contacts {
            let a = Int(key >> 32), b = Int(key & 0xFFFF_FFFF)
            if length > 0 {
                rook.append(Border(a: a, b: b, length: length))
                neighbours[a].append(b); neighbours[b].append(a)
            } else {
                queen.append(Touch(a: a, b: b))
            }
        }
        unitCount = geometries.count
        self.rook = rook
        self.queen = queen
        self.neighbours = neighbours.map { $0.sorted() }
        components = UnitGraph.components(count: geometries.count, rook)
    }

    /// The shared border of units `a` and `b` in metres (0 when they share none).
    public func sharedBorder(_ a: Int, _ b: Int) -> Double {
        let (lo, hi) = (min(a, b), max(a, b))
        var range = rook.startIndex..<rook.endIndex
        // `rook` is sorted by (a, b): binary search.
        while !range.isEmpty {
            let mid = range.lowerBound + range.count / 2
            let m = rook[mid]
            if (m.a, m.b) == (lo, hi) { return m.length }
            if (m.a, m.b) < (lo, hi) { range = (mid + 1)..<range.upperBound } else { range = range.lowerBound..<mid }
        }
        return 0
    }

    /// ``vertexTouches(_:)`` computed on another thread; `get()` waits for it.
    static func vertexTouchesInBackground(_ geometries: [Geometry]) -> BackgroundResult<[PairKey]> {
        BackgroundResult { try vertexTouches(geometries) }
    }

    /// The pairs of units sharing a vertex exactly (with repeats). On an overlap-free map, two
    /// units that touch at points only, and whose contact needs no exact check, share a vertex:
    /// a vertex of one inside the open edge of another would put the first unit's interior on
    /// one side of a segment that already bounds two others.
    static func vertexTouches(_ geometries: [Geometry]) throws -> [PairKey] {
        let vertices = geometries.reduce(0) { $0 + $1.numCoordinates }
        // Up to three units per vertex inline (a coverage's vertices join two or three, and are
        // shared, hence a third of the count to start), more in a side table.
        var table = OpenTable<PointKey, UnitsAtVertex>(expected: vertices / 3, empty: UnitsAtVertex())
        var more: [PointKey: [Int32]] = [:]
        for (i, g) in geometries.enumerated() {
            let unit = Int32(i)
            try g.forEachRing { _, ring in
                for k in 0..<max(0, ring.count - 1) {  // the closing vertex repeats the first
                    let point = PointKey(ring[k])
                    let slot = table.findOrInsert(point)
                    if !table.values[slot].add(unit), more[point]?.contains(unit) != true { more[point, default: []].append(unit) }
                }
            }
        }
        var pairs: [PairKey] = []
        func touch(_ a: Int32, _ b: Int32) { pairs.append(PairKey(Int(a), Int(b))) }
        table.forEach { point, u in
            guard u.b >= 0 else { return }
            touch(u.a, u.b)
            if u.c >= 0 { touch(u.a, u.c); touch(u.b, u.c) }
            if let extra = more[point] {
                let all = [u.a, u.b, u.c] + extra
                // The pairs among the first three are done; each pair with a later unit is new.
                for y in 3..<all.count { for x in 0..<y { touch(all[x], all[y]) } }
            }
        }
        return pairs
    }

    /// The geodesic length of each segment, on all cores for long lists (Karney's inverse
    /// problem is the costliest step of a large graph).
    static func geodesicLengths(_ segments: [(Coordinate, Coordinate)]) throws -> [Double] {
        let chunks = segments.count < 2_000 ? 1 : ProcessInfo.processInfo.activeProcessorCount
        // Lengths, then one failure flag per chunk: each chunk writes only its own slots.
        var results = [Double](repeating: 0, count: segments.count + chunks)
        results.withUnsafeMutableBufferPointer { out in
            let buffer = SharedBuffer(out)
            onEachWorker(chunks) { c in
                let range = chunk(c, of: chunks, in: segments.count)
                for k in range {
                    // PROJ rejects no finite lon/lat pair, and units were range-checked on loading.
                    guard let d = try? Geodesic.wgs84.distance(from: segments[k].0, to: segments[k].1) else {
                        buffer.base[segments.count + c] = 1
                        continue
                    }
                    buffer.base[k] = d
                }
            }
        }
        let failed = results[segments.count...].contains { $0 != 0 }
        let lengths = Array(results[..<segments.count])
        if failed { throw TerritoryError.invalidArgument("a border segment has coordinates PROJ cannot measure") }
        return lengths
    }

    /// The geodesic length (m) of the linear parts of an intersection result.
    static func geodesicLength(ofLinesIn g: Geometry) throws -> Double {
        switch g.type {
        case .lineString, .linearRing: return try Geodesic.wgs84.pathLength(g.coordinates())
        case .multiLineString, .geometryCollection: return try g.parts.reduce(0) { $0 + (try geodesicLength(ofLinesIn: $1)) }
        default: return 0
        }
    }

    /// Connected components by union-find over the rook borders.
    static func components(count: Int, _ borders: [Border]) -> [[Int]] {
        var parent = Array(0..<count)
        func root(_ x: Int) -> Int {
            var x = x
            while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }
            return x
        }
        for b in borders {
            let (ra, rb) = (root(b.a), root(b.b))
            if ra != rb { parent[max(ra, rb)] = min(ra, rb) }
        }
        var groups: [Int: [Int]] = [:]
        for i in 0..<count { groups[root(i), default: []].append(i) }
        return groups.values.sorted { $0[0] < $1[0] }
    }
}

/// Two units, the lower index first, as one 64-bit key (and sort order).
struct PairKey: Equatable, OpenTableKey {
    let bits: UInt64
    init(_ i: Int, _ j: Int) { bits = UInt64(min(i, j)) << 32 | UInt64(max(i, j)) }
    var mixedHash: UInt64 { mix64(bits) }
}

/// The first three units seen at a vertex (-1 for none).
struct UnitsAtVertex {
    var a: Int32 = -1, b: Int32 = -1, c: Int32 = -1

    /// Records `unit`; false when three others are already there (the caller keeps it aside).
    @inline(__always)
    mutating func add(_ unit: Int32) -> Bool {
        if a == unit || b == unit || c == unit { return true }
        if a < 0 { a = unit } else if b < 0 { b = unit } else if c < 0 { c = unit } else { return false }
        return true
    }
}
