/// A quick, exact proof that a small polygon without holes is valid, so that loading a map of
/// tens of thousands of small units (Voronoi cells, ZIP areas) can skip GEOS's general validity
/// check (a noding of the ring) for most of them.
///
/// It only ever answers "certainly valid"; anything else (a touch, a spike, a degenerate ring,
/// too many vertices to be quick) goes to GEOS, which gives the reason and the place. The tests
/// compare it with GEOS on every small ring of the fixtures and on thousands of seeded random
/// rings full of touches, spikes and collinear edges.
enum SimpleRingCheck {
    /// Whether the closed ring (flat `[x0, y0, x1, y1, ...]`, last position = first) is certainly
    /// a valid polygon shell: at least three distinct vertices, adjacent edges meeting only at
    /// their shared vertex, no two other edges touching. Consecutive repeated positions are
    /// allowed, as GEOS allows them. False means "ask GEOS", not "invalid".
    static func isCertainlyValid(_ flat: [Double], maxVertices: Int = 32) -> Bool {
        var xs: [Double] = [], ys: [Double] = []
        xs.reserveCapacity(flat.count / 2); ys.reserveCapacity(flat.count / 2)
        var k = 0
        while k + 1 < flat.count {
            let x = flat[k], y = flat[k + 1]
            if xs.isEmpty || x != xs[xs.count - 1] || y != ys[ys.count - 1] { xs.append(x); ys.append(y) }
            k += 2
        }
        // Drop the closing position (equal to the first once duplicates are gone).
        if xs.count > 1, xs[0] == xs[xs.count - 1], ys[0] == ys[ys.count - 1] { xs.removeLast(); ys.removeLast() }
        let n = xs.count
        guard n >= 3, n <= maxVertices else { return false }
        for i in 0..<n {
            let ax = xs[i], ay = ys[i], bx = xs[(i + 1) % n], by = ys[(i + 1) % n]
            for j in (i + 1)..<n {
                let cx = xs[j], cy = ys[j], dx = xs[(j + 1) % n], dy = ys[(j + 1) % n]
                if j == i + 1 {
                    // Edges a-b and b-d share b: they must not fold back over each other.
                    if folds(ax, ay, bx, by, dx, dy) { return false }
                } else if i == 0 && j == n - 1 {
                    // Edges c-a and a-b share a.
                    if folds(cx, cy, ax, ay, bx, by) { return false }
                } else if max(ax, bx) >= min(cx, dx), max(cx, dx) >= min(ax, bx), max(ay, by) >= min(cy, dy), max(cy, dy) >= min(ay, by),
                    closedSegmentsMeet(ax, ay, bx, by, cx, cy, dx, dy)
                {
                    return false
                }
            }
        }
        return true
    }

    /// Whether edges p-q and q-r (meeting at q) overlap beyond q: r on the line p-q, on p's side.
    private static func folds(_ px: Double, _ py: Double, _ qx: Double, _ qy: Double, _ rx: Double, _ ry: Double) -> Bool {
        SegmentIntersection.overlapBeyondSharedEnd(Coordinate(x: qx, y: qy), Coordinate(x: px, y: py), Coordinate(x: rx, y: ry))
    }

    /// Whether closed segments a-b and c-d have any point in common (exact).
    private static func closedSegmentsMeet(
        _ ax: Double, _ ay: Double, _ bx: Double, _ by: Double,
        _ cx: Double, _ cy: Double, _ dx: Double, _ dy: Double
    ) -> Bool {
        SegmentIntersection.closedSegmentsMeet(Coordinate(x: ax, y: ay), Coordinate(x: bx, y: by), Coordinate(x: cx, y: cy), Coordinate(x: dx, y: dy))
    }
}
