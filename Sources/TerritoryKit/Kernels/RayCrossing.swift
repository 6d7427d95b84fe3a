/// Where a point lies against a polygon's rings, exactly: the count of edges crossing the
/// horizontal ray to the right of the point (GEOS's `RayCrossingCounter`), each edge half-open in
/// y so that a ray through a vertex counts once, and the orientation predicate deciding on which
/// side of an edge the point is. Written once for the assignment's point locator (flat edge
/// tables) and the coverage's contact tests (rings of coordinates).
enum RayCrossing {
    /// What one edge says about the point.
    enum Edge { case misses, crosses, onBoundary }

    /// Whether edge (x1, y1)–(x2, y2) crosses the ray to the right of (x, y), or has the point
    /// on it. Over every edge of closed rings, an odd number of crossings is inside (even-odd:
    /// the polygon's interior for a valid polygon), and any `onBoundary` is the boundary.
    @inline(__always)
    static func edge(x: Double, y: Double, _ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double) -> Edge {
        if x1 < x && x2 < x { return .misses }  // wholly left of the point: neither crosses nor holds it
        if x == x2 && y == y2 { return .onBoundary }  // a vertex (each is some edge's end)
        if y1 == y && y2 == y {
            // A horizontal edge on the ray's line: the point is on it or the ray runs along it.
            return x >= min(x1, x2) && x <= max(x1, x2) ? .onBoundary : .misses
        }
        guard (y1 > y && y2 <= y) || (y2 > y && y1 <= y) else { return .misses }
        var orientation = RobustOrientation.index(x1, y1, x2, y2, x, y)
        if orientation == 0 { return .onBoundary }
        if y2 < y1 { orientation = -orientation }
        return orientation > 0 ? .crosses : .misses
    }
}
