import Foundation
import GEOS

/// Edge matching over a set of polygons, the linear-time core of coverage checks (the idea of
/// GEOS 3.12's CoverageValidator, written here so it runs on GEOS 3.11 too).
///
/// Every ring segment is hashed by its two end points, bit for bit, with rings oriented so that
/// each polygon's interior lies to the left of its segments. In a clean coverage a segment
/// inside the covered area is seen exactly twice, once in each direction, from two polygons: it
/// is *matched*, and the coverage count (how many polygons cover a point) does not change
/// across it. Every other segment (on the outer boundary, around a gap, near-misses that are not
/// bit-identical, duplicates) is *unmatched*; its polygons must take the exact path.
///
/// Why that is enough to rule out overlaps, used by ``Validator`` and ``UnitGraph``: the count
/// only changes across unmatched segments, so any region covered twice is bounded by unmatched
/// segments, and at least one of them belongs to a polygon whose interior lies on the covered-
/// twice side. That polygon is not fully matched, so checking every polygon that has an
/// unmatched segment exactly against its neighbours finds an overlap whenever there is one.
struct CoverageEdges {
    /// For each polygon: whether every segment of it is matched.
    let fullyMatched: [Bool]
    /// Matched segments: the polygon on the left (whose interior the segment bounds), the one
    /// on the right, and the segment's end points.
    let shared: [(left: Int32, right: Int32, a: Coordinate, b: Coordinate)]
    /// The unmatched segments with their sides, part after part (the matching splits the key
    /// space by hash so that large maps are matched on every core, each part by its own thread,
    /// with no sharing), and the same keyed for lookup when some polygon needs its segments scanned
    /// (made once, when matching ends, so no search shares it under a lock). The tables of all segments are dropped
    /// once matching is done: on a coverage the unmatched ones are a small fraction (the outline,
    /// near-miss borders), so later lookups touch a small table, and the memory goes back before
    /// drawing or reporting starts (100 MB on 40,000 real-shaped units).
    private let unmatchedList: [(key: SegmentKey, sides: Sides)]
    private let unmatchedLookup: OpenTable<SegmentKey, Bool>?
    /// Set by ``isOverlapFree(_:edges:tree:)`` once it has found these polygons free
    /// of overlaps: the pairs it had to check exactly, which are also the pairs whose contact
    /// the unit graph computes exactly. Drawing a map validates it and then colours it from the
    /// same edges; this spares the second search (a fifth of the drawing on 40,000 units).
    let pairsCheckedExactly = Locked<[(Int, Int)]?>(nil)
    /// Polygon `i`'s unmatched segments are `unmatchedSegmentsFlat[unmatchedStart[i]..<unmatchedStart[i + 1]]`,
    /// unless `scanForUnmatched[i]` (it shares a side of a segment with another polygon).
    private let unmatchedStart: [Int]
    private let unmatchedSegmentsFlat: [(Coordinate, Coordinate)]
    private let scanForUnmatched: [Bool]

    /// Matches the segments of `geometries` (Polygons or MultiPolygons; other types have no
    /// segments and count as fully matched).
    /// - Throws: ``GEOSError`` when GEOS cannot hand out coordinates.
    /// - Parameter parts: how many tables (threads); by default 2 for large maps on several cores.
    init(_ geometries: [Geometry], parts: Int? = nil) throws {
        let segments = geometries.reduce(0) { $0 + $1.numCoordinates }
        let parts = parts ?? (segments > 100_000 && ProcessInfo.processInfo.activeProcessorCount > 1 ? 2 : 1)
        precondition(parts > 0 && parts & (parts - 1) == 0, "parts must be a power of two")
        let results = Locked([Result<PartResult, Error>?](repeating: nil, count: parts))
        onEachWorker(parts) { part in
            // In a coverage most segments are shared: start at half the count, grow if need be.
            var table = OpenTable<SegmentKey, Sides>(expected: segments / 2 / parts, empty: Sides())
            var unmatched = [Bool](repeating: false, count: geometries.count)
            var repeats = [Bool](repeating: false, count: geometries.count)
            do {
                for (i, g) in geometries.enumerated() {
                    let polygon = Int32(i)
                    try CoverageEdges.forEachSegment(of: g) { key, interiorOnLeft in
                        guard parts == 1 || CoverageEdges.part(of: key, parts) == part else { return }
                        let slot = table.findOrInsert(key)
                        table.values[slot].add(polygon, interiorOnLeft: interiorOnLeft) {
                            unmatched[Int($0)] = true
                            repeats[Int($0)] = true
                        }
                    }
                }
            } catch {
                results.withLock { $0[part] = .failure(error) }
                return
            }
            var shared: [(left: Int32, right: Int32, a: Coordinate, b: Coordinate)] = []
            var open: [(key: SegmentKey, sides: Sides)] = []
            shared.reserveCapacity(table.count / 2)
            table.forEach { key, s in
                if s.isMatched {
                    let (a, b) = key.points
                    shared.append((s.left, s.right, a, b))
                } else {
                    if s.left >= 0 { unmatched[Int(s.left)] = true }
                    if s.right >= 0 { unmatched[Int(s.right)] = true }
                    open.append((key, s))
                }
            }
            results.withLock { $0[part] = .success((open, unmatched, repeats, shared)) }
        }
        var open: [(key: SegmentKey, sides: Sides)] = []
        var unmatched = [Bool](repeating: false, count: geometries.count)
        var repeats = [Bool](repeating: false, count: geometries.count)
        var shared: [(left: Int32, right: Int32, a: Coordinate, b: Coordinate)] = []
        let finished = results.current
        for part in 0..<parts {
            let (segments, flags, repeatFlags, pieces) = try finished[part]!.get()
            open += segments
            for i in flags.indices where flags[i] { unmatched[i] = true }
            for i in repeatFlags.indices where repeatFlags[i] { repeats[i] = true }
            shared += pieces
        }
        // Each polygon's unmatched segments, from the sides recorded: a polygon that claimed a
        // side first is on record there (once per side it claimed). Polygons that claimed an
        // already taken side are not all on record: theirs are found by scanning (`repeats`).
        func forEachOwner(_ s: Sides, _ body: (Int) -> Void) {
            if s.left >= 0 { body(Int(s.left)) }
            if s.right >= 0 { body(Int(s.right)) }
        }
        var start = [Int](repeating: 0, count: geometries.count + 1)
        for (_, s) in open { forEachOwner(s) { start[$0 + 1] += 1 } }
        for i in 0..<geometries.count { start[i + 1] += start[i] }
        var next = start
        var flat = [(Coordinate, Coordinate)](repeating: (Coordinate(x: 0, y: 0), Coordinate(x: 0, y: 0)), count: start[geometries.count])
        for (key, s) in open {
            forEachOwner(s) { p in
                flat[next[p]] = key.points
                next[p] += 1
            }
        }
        fullyMatched = unmatched.map { !$0 }
        self.shared = shared
        self.unmatchedList = open
        self.unmatchedStart = start
        self.unmatchedSegmentsFlat = flat
        self.scanForUnmatched = repeats
        // Only a polygon sharing a side with another has its unmatched segments found by a walk
        // (``scannedUnmatchedSegments(of:)``); few maps have one.
        if repeats.contains(true) {
            var lookup = OpenTable<SegmentKey, Bool>(expected: open.count, empty: false)
            for s in open { lookup.values[lookup.findOrInsert(s.key)] = true }
            unmatchedLookup = lookup
        } else {
            unmatchedLookup = nil
        }
    }

    /// Which table holds `key`.
    @inline(__always) static func part(of key: SegmentKey, _ parts: Int) -> Int { Int(key.mixedHash & UInt64(parts - 1)) }

    /// Whether the unmatched segments form only outer rings: simple closed rings, each vertex
    /// starting at most one, all counter-clockwise with the covered side on their left. Then, on a
    /// map without overlaps, they are the union's boundary and the union has no holes: there is
    /// no gap, and no union needs computing. Nil when they do not form such rings (near-miss
    /// borders, rings touching at a vertex, overlaps): the caller computes the union.
    func outlineHasNoHoles() -> Bool? {
        // Directed unmatched segments, interior on the left: start → the index of its end in
        // `ends` (an index, not the point, keeps the table small on a long outline).
        var next = OpenTable<PointKey, Int32>(expected: unmatchedList.count + 1, empty: -1)
        var ends: [PointKey] = []
        ends.reserveCapacity(unmatchedList.count)
        func directed(_ key: SegmentKey, _ s: Sides) -> (from: PointKey, to: PointKey) {
            let (a, b) = key.points
            return s.left >= 0 ? (PointKey(a), PointKey(b)) : (PointKey(b), PointKey(a))
        }
        for (key, s) in unmatchedList {
            guard !s.repeated, (s.left >= 0) != (s.right >= 0) else { return nil }
            let (from, to) = directed(key, s)
            let i = next.findOrInsert(from)
            guard next.values[i] < 0 else { return nil }  // two segments leave one vertex
            next.values[i] = Int32(ends.count)
            ends.append(to)
        }
        // Vertices walked, by their slot in `next` (which no longer moves).
        var visited = [Bool](repeating: false, count: next.keys.count)
        for (key, s) in unmatchedList {
            let start = directed(key, s).from
            if visited[next.find(start)!] { continue }
            var area = 0.0, at = start
            repeat {
                guard let i = next.find(at), !visited[i], next.values[i] >= 0 else { return nil }
                let to = ends[Int(next.values[i])]
                visited[i] = true
                let p = at.coordinate, q = to.coordinate
                area += RingArea.term(p, q)
                at = to
            } while at != start
            guard area > 0 else { return area < 0 ? false : nil }
        }
        return true
    }

    /// The segments of polygon `i`, `g`, that are not matched (in no particular order; a
    /// segment the polygon runs along twice is listed twice).
    func unmatchedSegments(of i: Int, _ g: Geometry) throws -> [(Coordinate, Coordinate)] {
        guard scanForUnmatched[i] else { return Array(unmatchedSegmentsFlat[unmatchedStart[i]..<unmatchedStart[i + 1]]) }
        return try scannedUnmatchedSegments(of: g)
    }

    /// The segments of `g` (one of the polygons matched) that are not matched, found by
    /// walking its rings (the exact path the recorded lists are tested against).
    func scannedUnmatchedSegments(of g: Geometry) throws -> [(Coordinate, Coordinate)] {
        // The unmatched segments keyed for lookup (made with the edges whenever a polygon needs a walk).
        let lookup =
            unmatchedLookup
            ?? {
                var made = OpenTable<SegmentKey, Bool>(expected: unmatchedList.count, empty: false)
                for s in unmatchedList { made.values[made.findOrInsert(s.key)] = true }
                return made
            }()
        var out: [(Coordinate, Coordinate)] = []
        try CoverageEdges.forEachSegment(of: g) { key, _ in
            // Every segment of a matched polygon was seen: it is matched unless listed here.
            if lookup.find(key) == nil { return }
            out.append(key.points)
        }
        return out
    }

    /// The polygons of `g` as rings oriented with the interior on the left (exteriors
    /// counter-clockwise, holes clockwise), each non-degenerate segment handed to `body` as its
    /// canonical key and whether the interior lies left of the key's direction.
    static func forEachSegment(of g: Geometry, _ body: (SegmentKey, Bool) -> Void) throws {
        try g.forEachRing { r, ring in
            guard ring.count >= 4 else { return }
            let counterClockwise = RingArea.twiceSigned(ring) > 0
            let reversed = counterClockwise != (r == 0)
            for k in 0..<(ring.count - 1) {
                let a = ring[k], b = ring[k + 1]
                if a.x == b.x && a.y == b.y { continue }
                let (key, forward) = SegmentKey.of(a, b)
                body(key, forward != reversed)
            }
        }
    }
}

/// One part's result of ``CoverageEdges``: its unmatched segments, the polygons with an
/// unmatched segment, those that claimed a side already taken, and the matched segments.
private typealias PartResult = ([(key: SegmentKey, sides: Sides)], [Bool], [Bool], [(left: Int32, right: Int32, a: Coordinate, b: Coordinate)])

/// A segment's end points, bit for bit, in a canonical order (the lexicographically smaller
/// point first), so that both traversals of a segment have one key.
struct SegmentKey: Hashable {
    let x0, y0, x1, y1: UInt64

    /// The key of segment a→b, and whether a→b runs in the key's direction.
    @inline(__always)
    static func of(_ a: Coordinate, _ b: Coordinate) -> (SegmentKey, Bool) {
        // Adding 0 turns -0.0 into +0.0, so the two zeros (equal as numbers) share one key.
        let ax = a.x + 0, ay = a.y + 0, bx = b.x + 0, by = b.y + 0
        if ax < bx || (ax == bx && ay < by) {
            return (SegmentKey(x0: ax.bitPattern, y0: ay.bitPattern, x1: bx.bitPattern, y1: by.bitPattern), true)
        }
        return (SegmentKey(x0: bx.bitPattern, y0: by.bitPattern, x1: ax.bitPattern, y1: ay.bitPattern), false)
    }

    /// The end points, in key order.
    var points: (Coordinate, Coordinate) {
        (Coordinate(x: Double(bitPattern: x0), y: Double(bitPattern: y0)), Coordinate(x: Double(bitPattern: x1), y: Double(bitPattern: y1)))
    }
}

/// Who uses one segment: the polygon with its interior left of the key's direction, the one
/// with its interior on the right, and whether any side was claimed twice.
struct Sides {
    var left: Int32 = -1
    var right: Int32 = -1
    var repeated = false

    /// A segment is matched when exactly two different polygons use it, on opposite sides.
    var isMatched: Bool { !repeated && left >= 0 && right >= 0 && left != right }

    /// Records `polygon` on one side; a side already taken marks both polygons through `mark`.
    @inline(__always)
    mutating func add(_ polygon: Int32, interiorOnLeft: Bool, mark: (Int32) -> Void) {
        if interiorOnLeft {
            if left < 0 { left = polygon } else { repeated = true; mark(left); mark(polygon) }
        } else {
            if right < 0 { right = polygon } else { repeated = true; mark(right); mark(polygon) }
        }
    }
}

extension SegmentKey: OpenTableKey {
    var mixedHash: UInt64 { mix64(x0 ^ mix64(y0 ^ mix64(x1 ^ mix64(y1)))) }
}
