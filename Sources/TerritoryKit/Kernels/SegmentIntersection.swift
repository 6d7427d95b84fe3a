/// Exact contact tests between segments, on the orientation predicate, each written once: closed
/// segments (the ring checks and the simplifier's topology check), a shared end point's overlap,
/// and a closed segment against an open one (the coverage's filter).
enum SegmentIntersection {
    /// Whether closed segments a–b and c–d have any point in common (exact, collinear overlaps
    /// included).
    static func closedSegmentsMeet(_ a: Coordinate, _ b: Coordinate, _ c: Coordinate, _ d: Coordinate) -> Bool {
        let o1 = RobustOrientation.index(a.x, a.y, b.x, b.y, c.x, c.y), o2 = RobustOrientation.index(a.x, a.y, b.x, b.y, d.x, d.y)
        if o1 * o2 > 0 { return false }
        let o3 = RobustOrientation.index(c.x, c.y, d.x, d.y, a.x, a.y), o4 = RobustOrientation.index(c.x, c.y, d.x, d.y, b.x, b.y)
        if o3 * o4 > 0 { return false }
        if o1 == 0 && o2 == 0 {
            // Collinear: they meet when their extents along the line overlap.
            return max(min(a.x, b.x), min(c.x, d.x)) <= min(max(a.x, b.x), max(c.x, d.x))
                && max(min(a.y, b.y), min(c.y, d.y)) <= min(max(a.y, b.y), max(c.y, d.y))
        }
        return true
    }

    /// Whether segments p–q and p–r, which share the end point p, also share more than p: r on
    /// the ray from p through q (or q on the ray through r), so the two overlap along a line.
    static func overlapBeyondSharedEnd(_ p: Coordinate, _ q: Coordinate, _ r: Coordinate) -> Bool {
        guard RobustOrientation.index(p.x, p.y, q.x, q.y, r.x, r.y) == 0 else { return false }
        // On one line through p: same side of p, compared exactly on an axis the line moves along.
        if q.x != p.x { return (q.x < p.x) == (r.x < p.x) }
        return (q.y < p.y) == (r.y < p.y)
    }

    /// Whether closed segment p–q has a point on open segment a–b (a and b excluded): the
    /// coverage filter's question, where touching at a shared end point is no contact.
    static func closedSegment(_ p: Coordinate, _ q: Coordinate, meetsOpenSegment a: Coordinate, _ b: Coordinate) -> Bool {
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
}
