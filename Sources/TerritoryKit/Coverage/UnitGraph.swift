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
/// The ``Method/coverage`` method builds the graph from edge matching (``CoverageEdges``): a
/// segment found in two units, once in each direction, is a piece of their shared border. Units
/// with edges that match nowhere bit for bit (near-miss borders, the map's outer boundary) and
/// their neighbours take the exact path, GEOS's intersection of the two boundaries; so does the
/// whole map when it has overlaps. ``Method/pairwise`` takes the exact path for every pair of
/// units whose envelopes meet; both give the same graph.
///
/// ## Example
/// ```swift
/// let counties = try TerritoryMap.load(contentsOf: URL(fileURLWithPath: "counties.geojson"))
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
    public init(map: TerritoryMap, method: Method = .coverage) throws {
        try self.init(map.territories.map(\.geometry), method: method)
    }

    /// The graph of polygons (lon/lat), in the given order.
    /// - Throws: ``TerritoryError`` when GEOS or PROJ fails on a geometry.
    public init(_ geometries: [Geometry], method: Method = .coverage) throws {
        var borders: [UInt64: Double] = [:]  // pair → shared length (0 = touching at points)
        try wrapped {
            let edges = method == .coverage ? try CoverageEdges(geometries) : nil
            var exact = [Bool](repeating: true, count: geometries.count)
            if let edges, try Validator.isOverlapFree(geometries, edges: edges) {
                exact = edges.fullyMatched.map { !$0 }
                // Matched segments between two fully matched units are their whole shared border.
                let segments = edges.shared.filter { !exact[Int($0.left)] && !exact[Int($0.right)] }
                let lengths = try UnitGraph.geodesicLengths(segments.map { ($0.a, $0.b) })
                for (s, length) in zip(segments, lengths) { borders[UnitGraph.pair(Int(s.left), Int(s.right)), default: 0] += length }
                try UnitGraph.addVertexTouches(geometries, among: exact.map { !$0 }, to: &borders)
            }
            guard exact.contains(true) else { return }
            let tree = try STRtree(geometries)
            var boundaries: [Int: Geometry] = [:]
            func boundary(_ i: Int) throws -> Geometry {
                if let b = boundaries[i] { return b }
                let b = try geometries[i].boundary()
                boundaries[i] = b
                return b
            }
            for i in geometries.indices where exact[i] {
                let prepared = try PreparedGeometry(geometries[i])
                // A pair of two exact units is computed once, from the lower index.
                for j in try tree.query(geometries[i]) where j != i && (!exact[j] || j > i) {
                    guard try prepared.intersects(geometries[j]) else { continue }
                    let shared = try boundary(i).intersection(boundary(j))
                    if shared.isEmpty { continue }
                    borders[UnitGraph.pair(i, j)] = try UnitGraph.geodesicLength(ofLinesIn: shared)
                }
            }
        }
        let sorted = borders.keys.sorted()
        var rook: [Border] = [], queen: [Touch] = []
        var neighbours = [[Int]](repeating: [], count: geometries.count)
        for key in sorted {
            let a = Int(key >> 32), b = Int(key & 0xFFFF_FFFF), length = borders[key]!
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

    static func pair(_ i: Int, _ j: Int) -> UInt64 { UInt64(min(i, j)) << 32 | UInt64(max(i, j)) }

    /// Pairs of fully matched units sharing a vertex exactly, recorded as touching unless they
    /// already share a border. Between fully matched units of an overlap-free map, a contact at a
    /// point can only be a shared vertex: a vertex inside another unit's edge would put the
    /// first unit's interior on one side of an edge bounding two others.
    static func addVertexTouches(_ geometries: [Geometry], among: [Bool], to borders: inout [UInt64: Double]) throws {
        var vertices = 0
        for (i, g) in geometries.enumerated() where among[i] { vertices += g.numCoordinates }
        var table = OpenTable<PointKey>(expected: vertices)
        // Up to three units per vertex inline (a coverage's vertices join two or three), more
        // in a side table.
        var units = [Int32](repeating: -1, count: table.keys.count * 3)
        var more: [Int: [Int32]] = [:]
        for (i, g) in geometries.enumerated() where among[i] {
            let unit = Int32(i)
            try g.forEachRing { _, ring in
                for k in 0..<max(0, ring.count - 1) {  // the closing vertex repeats the first
                    let base = table.findOrInsert(PointKey(ring[k])).slot * 3
                    if units[base] == unit || units[base + 1] == unit || units[base + 2] == unit { continue }
                    if units[base] < 0 { units[base] = unit } else if units[base + 1] < 0 { units[base + 1] = unit
                    } else if units[base + 2] < 0 { units[base + 2] = unit
                    } else if more[base]?.contains(unit) != true { more[base, default: []].append(unit) }
                }
            }
        }
        func touch(_ a: Int32, _ b: Int32) {
            let key = pair(Int(a), Int(b))
            if borders[key] == nil { borders[key] = 0 }
        }
        for base in stride(from: 0, to: units.count, by: 3) where units[base + 1] >= 0 {
            let at = [units[base], units[base + 1]] + (units[base + 2] >= 0 ? [units[base + 2]] : []) + (more[base] ?? [])
            for x in at.indices { for y in at.indices where y > x { touch(at[x], at[y]) } }
        }
    }

    /// The geodesic length of each segment, on all cores for long lists (Karney's inverse
    /// problem is the costliest step of a large graph).
    static func geodesicLengths(_ segments: [(Coordinate, Coordinate)]) throws -> [Double] {
        let chunks = segments.count < 20_000 ? 1 : ProcessInfo.processInfo.activeProcessorCount
        // Lengths, then one failure flag per chunk: each chunk writes only its own slots.
        var results = [Double](repeating: 0, count: segments.count + chunks)
        results.withUnsafeMutableBufferPointer { out in
            let buffer = UnsafeSendableBuffer(out)
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                let range = (segments.count * c / chunks)..<(segments.count * (c + 1) / chunks)
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

/// A buffer whose disjoint slices are written from several threads of one `concurrentPerform`.
private struct UnsafeSendableBuffer: @unchecked Sendable {
    let base: UnsafeMutableBufferPointer<Double>
    init(_ base: UnsafeMutableBufferPointer<Double>) { self.base = base }
}

/// A point, bit for bit (with -0.0 as +0.0).
struct PointKey: Hashable {
    let x, y: UInt64
    init(_ c: Coordinate) { x = (c.x + 0).bitPattern; y = (c.y + 0).bitPattern }
    var coordinate: Coordinate { Coordinate(x: Double(bitPattern: x), y: Double(bitPattern: y)) }
}
