import Foundation
import GEOS

/// Polygons after simplification, in planar units, held flat (a national coverage has hundreds
/// of thousands of rings): polygon `i` has parts, each an exterior ring then its holes, each
/// ring closed (first coordinate repeated last).
struct SimplifiedCoverage: Sendable {
    /// Every ring's coordinates, one after another.
    private(set) var coordinates: [Coordinate] = []
    /// Ring `r` is `coordinates[ringStart[r]..<ringStart[r + 1]]`.
    private(set) var ringStart: [Int] = [0]
    /// Whether ring `r` begins a part (an exterior ring).
    private(set) var startsPart: [Bool] = []
    /// Polygon `i`'s rings are `polygonStart[i]..<polygonStart[i + 1]`.
    private(set) var polygonStart: [Int] = [0]

    /// The number of polygons.
    var count: Int { polygonStart.count - 1 }

    /// Polygon `i`'s rings, part after part (what an SVG path with the even-odd rule draws).
    func rings(of i: Int) -> some Sequence<ArraySlice<Coordinate>> {
        (polygonStart[i]..<polygonStart[i + 1]).lazy.map { coordinates[ringStart[$0]..<ringStart[$0 + 1]] }
    }

    /// Polygon `i` as a GEOS Polygon or MultiPolygon (for checks; drawing reads the rings).
    func geometry(of i: Int) throws -> Geometry {
        var polygons: [Geometry] = []
        var exterior: [Coordinate] = [], holes: [[Coordinate]] = []
        for r in polygonStart[i]..<polygonStart[i + 1] {
            let ring = Array(coordinates[ringStart[r]..<ringStart[r + 1]])
            if startsPart[r] {
                if !exterior.isEmpty { polygons.append(try Geometry.polygon(exterior: exterior, holes: holes)) }
                exterior = ring; holes = []
            } else {
                holes.append(ring)
            }
        }
        if !exterior.isEmpty { polygons.append(try Geometry.polygon(exterior: exterior, holes: holes)) }
        return polygons.count == 1 ? polygons[0] : try Geometry.collection(polygons, type: .multiPolygon)
    }

    mutating func appendRing<C: Collection<Coordinate>>(_ ring: C, startsPart: Bool) {
        coordinates.append(contentsOf: ring)
        coordinates.append(ring.first!)
        ringStart.append(coordinates.count)
        self.startsPart.append(startsPart)
    }

    mutating func reserve(_ coordinateCount: Int) { coordinates.reserveCapacity(coordinateCount) }

    mutating func endPolygon() { polygonStart.append(ringStart.count - 1) }
}

/// Simplifies neighbouring polygons together, so that a border two polygons share is simplified
/// once and drawn identically on both sides: no slivers open between neighbours and none
/// overlap, however coarse the tolerance.
///
/// The method works on the coverage's own vertices, without noding or polygonizing (which took
/// seconds on 40,000 units): every distinct vertex gets a number; a vertex where the borders
/// branch (joined to other than exactly two vertices by the polygons' edges) is a junction; each
/// ring is cut at its junctions into chains, and a chain two rings share (walked in opposite
/// directions) is found once by its first edge. A ring with no junction (an island, or a hole
/// filled by one neighbour) is cut at its least vertex, which every ring with that outline picks
/// alike. The distinct chains are simplified together by ``ChainSimplifier``, which keeps every
/// chain's end points and lets no chain meet another elsewhere, and each ring is put back
/// together from its simplified chains. A ring left with fewer than three corners (smaller
/// than the tolerance) keeps its original vertices. Coverages whose neighbours do not share
/// vertices (T-junctions) are drawn correctly too: their borders are separate chains, each kept
/// within the tolerance of where it was. No GEOS call is involved, so the picture does not
/// depend on the installed GEOS (3.12's `GEOSCoverageSimplifyVW` is not used).
enum CoverageSimplifier {
    /// Each polygon simplified to within `tolerance` (planar units), in input order.
    static func simplify(_ polygons: [Geometry], tolerance: Double) throws -> SimplifiedCoverage {
        var rings = try NumberedRings(polygons)
        let chains = ChainSimplifier.simplify(rings.cutIntoChains(), tolerance: tolerance)
        var out = SimplifiedCoverage()
        out.reserve(chains.coordinates.count * 2)
        var ring: [Coordinate] = [], partDrawn = false, polygon = 0
        for r in 0..<rings.count {
            let owner = rings.owner[r]
            while polygon < owner.polygon { out.endPolygon(); polygon += 1 }
            ring.removeAll(keepingCapacity: true)
            for k in rings.chainStart[r]..<rings.chainStart[r + 1] {
                let c = chains.coordinates[chains.start[rings.chainOfRing[k]]..<chains.start[rings.chainOfRing[k] + 1]]
                if rings.reversed[k] { ring.append(contentsOf: c.reversed().dropLast()) } else { ring.append(contentsOf: c.dropLast()) }
            }
            if ring.count < 3 { ring = Array(rings.vertices(of: r)) }  // collapsed below the tolerance
            if owner.ring == 0 { partDrawn = ring.count >= 3 }
            guard partDrawn, ring.count >= 3 else { continue }  // no area at all (and its holes with it)
            out.appendRing(ring, startsPart: owner.ring == 0)
        }
        while polygon < polygons.count { out.endPolygon(); polygon += 1 }
        return out
    }

    /// The distinct border chains of `polygons`, before simplification (for tests).
    static func chains(of polygons: [Geometry]) throws -> Chains {
        var rings = try NumberedRings(polygons)
        return rings.cutIntoChains()
    }

    /// Distinct chains, flat: chain `i` is `coordinates[start[i]..<start[i + 1]]`.
    struct Chains {
        var coordinates: [Coordinate] = []
        var start: [Int] = [0]
    }
}

/// Every ring of a set of polygons on numbered vertices, and its cut into shared chains.
private struct NumberedRings {
    /// Distinct vertices (exact coordinates) and each ring's vertex numbers, without the closing
    /// repeat or consecutive repeats; ring `r` is `vertex[start[r]..<start[r + 1]]`.
    var coordinates: [Coordinate] = []
    var vertex: [Int32] = []
    var start: [Int] = [0]
    /// Polygon and ring number within its part (0 = exterior) of each ring.
    var owner: [(polygon: Int, ring: Int)] = []
    /// Ring `r` walks chains `chainOfRing[chainStart[r]..<chainStart[r + 1]]`, each backwards
    /// where `reversed` says so.
    var chainOfRing: [Int] = [], reversed: [Bool] = [], chainStart: [Int] = [0]

    var count: Int { owner.count }

    init(_ polygons: [Geometry]) throws {
        // In a coverage most vertices are shared by two or more rings: half the count is a
        // good first size (the table grows if need be).
        let total = polygons.reduce(0) { $0 + $1.numCoordinates }
        var number = OpenTable<PointKey, Int32>(expected: total / 2, empty: -1)
        vertex.reserveCapacity(total)
        for (p, polygon) in polygons.enumerated() {
            try polygon.forEachRing { r, ring in
                var last: Int32 = -1
                let first = vertex.count
                for c in ring.dropLast() {
                    let slot = number.findOrInsert(PointKey(c))
                    var v = number.values[slot]
                    if v < 0 {
                        v = Int32(coordinates.count)
                        number.values[slot] = v
                        coordinates.append(c)
                    }
                    if v != last { vertex.append(v) }
                    last = v
                }
                if vertex.count - first > 1, vertex[first] == vertex[vertex.count - 1] { vertex.removeLast() }
                start.append(vertex.count)
                owner.append((p, r))
            }
        }
    }

    func vertices(of r: Int) -> some Collection<Coordinate> { vertex[start[r]..<start[r + 1]].lazy.map { coordinates[Int($0)] } }

    /// Cuts every ring at its junctions; returns the distinct chains, each in the orientation
    /// that begins with its smaller first edge, and fills the rings' chain lists.
    mutating func cutIntoChains() -> CoverageSimplifier.Chains {
        // Junctions: vertices joined by the rings' edges to other than exactly two distinct
        // vertices. Each vertex notes its first two distinct neighbours and whether a third
        // came (no table of edges is needed).
        var first = [Int32](repeating: -1, count: coordinates.count), second = first
        var more = [Bool](repeating: false, count: coordinates.count)
        func link(_ v: Int32, _ w: Int32) {
            let i = Int(v)
            if first[i] == w || second[i] == w { return }
            if first[i] < 0 { first[i] = w } else if second[i] < 0 { second[i] = w } else { more[i] = true }
        }
        for r in 0..<count where start[r + 1] - start[r] > 1 {
            for k in start[r]..<start[r + 1] {
                let a = vertex[k], b = vertex[k + 1 < start[r + 1] ? k + 1 : start[r]]
                link(a, b)
                link(b, a)
            }
        }
        var junction = (0..<coordinates.count).map { more[$0] || second[$0] < 0 }
        var found = OpenTable<DirectedEdge, Int32>(expected: vertex.count / 4, empty: -1)
        var out = CoverageSimplifier.Chains()
        // The chains' vertex numbers, turned into coordinates at the end in one exact
        // allocation (growing an array of coordinates here was the drawing's memory peak).
        var chainVertices: [Int32] = []
        var chain: [Int32] = []
        for r in 0..<count {
            let ring = vertex[start[r]..<start[r + 1]]
            let n = ring.count
            if n >= 2 {
                // A ring without junctions is cut at its least vertex, as every ring on it will be.
                if !ring.contains(where: { junction[Int($0)] }) {
                    let least = ring.min { NumberedRings.less(coordinates[Int($0)], coordinates[Int($1)]) }!
                    junction[Int(least)] = true
                }
                let k0 = ring.firstIndex { junction[Int($0)] }!
                chain = [ring[k0]]
                for step in 1...n {
                    let v = ring[start[r] + (k0 - start[r] + step) % n]
                    chain.append(v)
                    guard junction[Int(v)] else { continue }
                    let forward = (chain[0], chain[1]), backward = (chain[chain.count - 1], chain[chain.count - 2])
                    let isForward = forward <= backward
                    let key = NumberedRings.directed(isForward ? forward : backward)
                    let slot = found.findOrInsert(key)
                    if found.values[slot] >= 0 {
                        chainOfRing.append(Int(found.values[slot]))
                    } else {
                        found.values[slot] = Int32(out.start.count - 1)
                        chainOfRing.append(out.start.count - 1)
                        if isForward { chainVertices += chain } else { chainVertices += chain.reversed() }
                        out.start.append(chainVertices.count)
                    }
                    reversed.append(!isForward)
                    chain = [v]
                }
            }
            chainStart.append(chainOfRing.count)
        }
        out.coordinates = chainVertices.map { coordinates[Int($0)] }
        return out
    }

    static func directed(_ e: (Int32, Int32)) -> DirectedEdge {
        DirectedEdge(bits: UInt64(UInt32(bitPattern: e.0)) << 32 | UInt64(UInt32(bitPattern: e.1)))
    }

    /// An edge from one numbered vertex to another, as one 64-bit key (a chain is found by its
    /// first edge in the direction it is stored).
    struct DirectedEdge: OpenTableKey {
        let bits: UInt64
        var mixedHash: UInt64 { mix64(bits) }
    }
    static func less(_ a: Coordinate, _ b: Coordinate) -> Bool { a.x != b.x ? a.x < b.x : a.y < b.y }
}
