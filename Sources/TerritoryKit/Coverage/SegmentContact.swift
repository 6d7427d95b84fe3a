import GEOS

/// Exact contact tests between a segment and a polygon, on the kernels the point locator uses
/// (``SegmentIntersection``, ``RayCrossing``), for the coverage engine's filter: an overlap can only sit next to an
/// unmatched segment whose *open* part (its end points excluded) another polygon reaches.
enum SegmentContact {
    /// Whether the polygon with `rings` has a point on the open segment a–b (a and b excluded).
    /// May answer true when it cannot decide cheaply (then the caller checks exactly), never
    /// false when the answer is true.
    static func polygon(_ rings: [[Coordinate]], meetsOpenSegment a: Coordinate, _ b: Coordinate) -> Bool {
        let minX = min(a.x, b.x), maxX = max(a.x, b.x), minY = min(a.y, b.y), maxY = max(a.y, b.y)
        for ring in rings {
            for k in 1..<ring.count {
                let p = ring[k - 1], q = ring[k]
                // Disjoint boxes: no contact.
                if max(p.x, q.x) < minX || min(p.x, q.x) > maxX || max(p.y, q.y) < minY || min(p.y, q.y) > maxY { continue }
                if SegmentIntersection.closedSegment(p, q, meetsOpenSegment: a, b) { return true }
            }
        }
        // The boundary does not reach the open segment, so it lies wholly inside or outside the
        // polygon: an end point strictly inside or outside says which.
        for end in [a, b] {
            switch locate(end, in: rings) {
            case .inside: return true
            case .outside: return false
            case .boundary: continue
            }
        }
        return true  // both ends on the boundary (a chord): undecided here
    }

    enum Location { case inside, outside, boundary }

    /// Where a point lies relative to a polygon given by its closed rings (even-odd over all
    /// rings, which is the polygon's interior for a valid polygon), exactly (``RayCrossing``).
    static func locate(_ c: Coordinate, in rings: [[Coordinate]]) -> Location {
        var inside = false
        for ring in rings {
            for k in 1..<ring.count {
                let p = ring[k - 1], q = ring[k]
                switch RayCrossing.edge(x: c.x, y: c.y, p.x, p.y, q.x, q.y) {
                case .misses: continue
                case .crosses: inside.toggle()
                case .onBoundary: return .boundary
                }
            }
        }
        return inside ? .inside : .outside
    }
}
