/// Exact contact tests between segments, on the orientation predicate: what the ring checks and
/// the simplifier's topology check share.
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
}
