import GEOS

/// Exact contact tests between a segment and a polygon, with the robust orientation predicate
/// the point locator uses, for the coverage engine's filter: an overlap can only sit next to an
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
                if segment(p, q, meetsOpenSegment: a, b) { return true }
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

    /// Whether closed segment p–q has a point on open segment a–b.
    static func segment(_ p: Coordinate, _ q: Coordinate, meetsOpenSegment a: Coordinate, _ b: Coordinate) -> Bool {
        let o1 = RobustOrientation.index(a.x, a.y, b.x, b.y, p.x, p.y)
        let o2 = RobustOrientation.index(a.x, a.y, b.x, b.y, q.x, q.y)
        if o1 == 0 && o2 == 0 {
            // Collinear: compare positions along the line (exact, the points are on one line).
            let useX = a.x != b.x
            let (s, t) = useX ? (min(a.x, b.x), max(a.x, b.x)) : (min(a.y, b.y), max(a.y, b.y))
            let (u, v) = useX ? (min(p.x, q.x), max(p.x, q.x)) : (min(p.y, q.y), max(p.y, q.y))
            return max(s, u) <= min(t, v) && max(s, u) < t && min(t, v) > s
        }
        if o1 * o2 > 0 { return false }  // p and q strictly on one side
        let o3 = RobustOrientation.index(p.x, p.y, q.x, q.y, a.x, a.y)
        let o4 = RobustOrientation.index(p.x, p.y, q.x, q.y, b.x, b.y)
        if o3 * o4 > 0 { return false }  // a and b strictly on one side of p–q
        if o3 == 0 || o4 == 0 {
            // The contact is at a or b (an end point of a–b lies on p–q) unless p or q itself
            // lies strictly inside a–b.
            return (o1 == 0 && strictlyBetween(p, a, b)) || (o2 == 0 && strictlyBetween(q, a, b))
        }
        if o1 == 0 { return strictlyBetween(p, a, b) }
        if o2 == 0 { return strictlyBetween(q, a, b) }
        return true  // a proper crossing, inside both segments
    }

    /// Whether `p`, known to be on the line a–b, lies strictly between a and b.
    private static func strictlyBetween(_ p: Coordinate, _ a: Coordinate, _ b: Coordinate) -> Bool {
        if a.x != b.x { return min(a.x, b.x) < p.x && p.x < max(a.x, b.x) }
        return min(a.y, b.y) < p.y && p.y < max(a.y, b.y)
    }

    enum Location { case inside, outside, boundary }

    /// Where a point lies relative to a polygon given by its rings (even-odd over all rings,
    /// which is the polygon's interior for a valid polygon), exactly.
    static func locate(_ c: Coordinate, in rings: [[Coordinate]]) -> Location {
        var inside = false
        for ring in rings {
            for k in 1..<ring.count {
                let p = ring[k - 1], q = ring[k]
                if (p.y > c.y) != (q.y > c.y) {
                    let o = RobustOrientation.index(p.x, p.y, q.x, q.y, c.x, c.y)
                    if o == 0 { return .boundary }
                    // Upward edges with the point on their left, downward ones with it on their right.
                    if (o > 0) == (q.y > p.y) { inside.toggle() }
                } else if p.y == c.y && q.y == c.y && min(p.x, q.x) <= c.x && c.x <= max(p.x, q.x) {
                    return .boundary  // on a horizontal edge
                } else if p.x == c.x && p.y == c.y {
                    return .boundary  // a vertex
                }
            }
        }
        return inside ? .inside : .outside
    }
}
