import GEOS

/// Where a point lies relative to a polygonal area.
public enum PointLocation: Sendable, Equatable {
    /// Strictly inside.
    case interior
    /// On an edge or a vertex.
    case boundary
    /// Outside.
    case exterior
}

/// A point-in-polygon index over one Polygon or MultiPolygon: the edges sorted into horizontal
/// stripes, so a query looks only at the few edges whose y-range holds the point's y.
///
/// The counting rule is GEOS's `RayCrossingCounter` (as used by prepared geometries): a
/// horizontal ray to the right of the point, half-open edge crossings, and exact orientation,
/// so the answer equals GEOS's `covers` / `containsProperly` for every point, including points
/// exactly on edges and vertices (checked point for point in the tests). Crossings are counted
/// over all rings of all parts together, as GEOS's indexed locator does.
///
/// Immutable after construction, so one locator is shared by every worker thread.
public struct PolygonLocator: Sendable {
    /// The polygon's bounding box.
    public let envelope: Envelope
    let minY: Double
    let stripeScale: Double
    let stripeCount: Int
    /// Offsets into `edges` (in edges, not doubles) where each stripe starts; `stripeCount + 1` entries.
    let stripeStarts: [Int32]
    /// Edges as `x1, y1, x2, y2` in ring order, grouped by stripe (an edge spanning several
    /// stripes is stored in each).
    let edges: [Double]
    /// Every ring as flat `[x0, y0, ..., xn, yn]` (closed), for distance queries.
    let rings: [[Double]]

    /// Builds the index for a Polygon or MultiPolygon.
    public init(_ geometry: Geometry) throws(TerritoryError) {
        guard geometry.type.isPolygonal else {
            throw TerritoryError.invalidArgument("a point-in-polygon index needs a Polygon or MultiPolygon, got \(geometry.type)")
        }
        let rings = try wrapped { try geometry.polygonRings() }.map { ring in ring.flatMap { [$0.x, $0.y] } }
        self.init(rings: rings, envelope: geometry.envelope)
    }

    init(rings: [[Double]], envelope: Envelope?) {
        self.rings = rings
        self.envelope = envelope ?? Envelope(minX: .infinity, minY: .infinity, maxX: -.infinity, maxY: -.infinity)
        let edgeCount = rings.reduce(0) { $0 + max(0, $1.count / 2 - 1) }
        guard let envelope, edgeCount > 0 else {
            minY = 0; stripeScale = 0; stripeCount = 1; stripeStarts = [0, 0]; edges = []
            return
        }
        // About two edges per stripe on average: short scans, memory a small multiple of the rings.
        let count = max(1, min(1 << 16, edgeCount / 2))
        let height = envelope.height
        let scale = height > 0 ? Double(count) / height : 0
        minY = envelope.minY
        stripeScale = scale
        stripeCount = count
        @inline(__always) func stripe(_ y: Double) -> Int {
            let s = Int(((y - envelope.minY) * scale).rounded(.down))
            return s < 0 ? 0 : (s >= count ? count - 1 : s)
        }
        // Two passes: count per stripe, then fill.
        var counts = [Int32](repeating: 0, count: count + 1)
        for ring in rings {
            var k = 0
            while k + 3 < ring.count {
                let a = stripe(ring[k + 1]), b = stripe(ring[k + 3])
                for s in min(a, b)...max(a, b) { counts[s + 1] += 1 }
                k += 2
            }
        }
        for s in 0..<count { counts[s + 1] += counts[s] }
        var fill = Array(counts.dropLast())
        var edges = [Double](repeating: 0, count: Int(counts[count]) * 4)
        for ring in rings {
            var k = 0
            while k + 3 < ring.count {
                let a = stripe(ring[k + 1]), b = stripe(ring[k + 3])
                for s in min(a, b)...max(a, b) {
                    let at = Int(fill[s]) * 4
                    edges[at] = ring[k]; edges[at + 1] = ring[k + 1]; edges[at + 2] = ring[k + 2]; edges[at + 3] = ring[k + 3]
                    fill[s] += 1
                }
                k += 2
            }
        }
        stripeStarts = counts
        self.edges = edges
    }

    /// Where (x, y) lies: interior, boundary or exterior.
    @inline(__always)
    public func locate(x: Double, y: Double) -> PointLocation {
        guard x >= envelope.minX, x <= envelope.maxX, y >= envelope.minY, y <= envelope.maxY else { return .exterior }
        var s = Int(((y - minY) * stripeScale).rounded(.down))
        s = s < 0 ? 0 : (s >= stripeCount ? stripeCount - 1 : s)
        return edges.withUnsafeBufferPointer { e in
            stripeStarts.withUnsafeBufferPointer { starts in
                PolygonLocator.crossings(x: x, y: y, edges: e.baseAddress!, from: Int(starts[s]) * 4, to: Int(starts[s + 1]) * 4)
            }
        }
    }

    /// Where (x, y) lies, from the edges `edges[from..<to]` (x1, y1, x2, y2 each) of its stripe:
    /// the ray-crossing count of GEOS's `RayCrossingCounter::countSegment`, edge by edge
    /// (``RayCrossing``).
    @inline(__always)
    static func crossings(x: Double, y: Double, edges e: UnsafePointer<Double>, from: Int, to stop: Int) -> PointLocation {
        var crossings = 0
        var i = from
        while i < stop {
            switch RayCrossing.edge(x: x, y: y, e[i], e[i + 1], e[i + 2], e[i + 3]) {
            case .misses: break
            case .crosses: crossings += 1
            case .onBoundary: return .boundary
            }
            i += 4
        }
        return crossings & 1 == 1 ? .interior : .exterior
    }

    /// Whether the area covers (x, y): inside or on the boundary.
    @inline(__always)
    public func covers(x: Double, y: Double) -> Bool { locate(x: x, y: y) != .exterior }
}

/// Every territory's locator flattened into raw tables owned by one object, for the assigner's
/// hot path.
///
/// Why: calling `locate` on `locators[t]` copies the `PolygonLocator` out of the array, which
/// retains its arrays; with several threads assigning at once, all of them increment and
/// decrement the same reference counts, and that cache line bouncing between cores kept two
/// threads at about 1.3x one. Raw tables need no reference counting. They are written once, in
/// `init`, and only read afterwards, from any thread.
final class LocatorTable: @unchecked Sendable {
    struct Entry {
        let envelope: Envelope
        let minY: Double, stripeScale: Double
        let stripeCount: Int
        /// Where this locator's edges and stripe starts begin in the shared tables.
        let edgeBase: Int, startBase: Int
    }
    private let entries: UnsafeMutableBufferPointer<Entry>
    private let edges: UnsafeMutableBufferPointer<Double>
    private let starts: UnsafeMutableBufferPointer<Int32>

    init(_ locators: [PolygonLocator]) {
        entries = .allocate(capacity: max(1, locators.count))
        edges = .allocate(capacity: max(1, locators.reduce(0) { $0 + $1.edges.count }))
        starts = .allocate(capacity: max(1, locators.reduce(0) { $0 + $1.stripeStarts.count }))
        var edgeBase = 0, startBase = 0
        for (t, l) in locators.enumerated() {
            (entries.baseAddress! + t).initialize(
                to: Entry(
                    envelope: l.envelope, minY: l.minY, stripeScale: l.stripeScale,
                    stripeCount: l.stripeCount, edgeBase: edgeBase, startBase: startBase))
            for (k, v) in l.edges.enumerated() { edges[edgeBase + k] = v }
            for (k, v) in l.stripeStarts.enumerated() { starts[startBase + k] = v }
            edgeBase += l.edges.count
            startBase += l.stripeStarts.count
        }
    }

    deinit {
        entries.deallocate()
        edges.deallocate()
        starts.deallocate()
    }

    /// Where (x, y) lies relative to territory `t` (as ``PolygonLocator/locate(x:y:)``).
    @inline(__always)
    func locate(_ t: Int, x: Double, y: Double) -> PointLocation {
        let entry = entries[t]
        let env = entry.envelope
        guard x >= env.minX, x <= env.maxX, y >= env.minY, y <= env.maxY else { return .exterior }
        var s = Int(((y - entry.minY) * entry.stripeScale).rounded(.down))
        s = s < 0 ? 0 : (s >= entry.stripeCount ? entry.stripeCount - 1 : s)
        let from = Int(starts[entry.startBase + s]) * 4, to = Int(starts[entry.startBase + s + 1]) * 4
        return PolygonLocator.crossings(x: x, y: y, edges: edges.baseAddress! + entry.edgeBase, from: from, to: to)
    }
}
