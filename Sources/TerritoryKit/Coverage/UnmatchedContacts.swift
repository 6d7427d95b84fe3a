import GEOS

/// Which pairs of polygons the coverage engine must still check exactly.
///
/// On a coverage, two polygons can only overlap, or share a border that is not made of matched
/// segments, where one of them reaches the *open* part (the end points excluded) of an unmatched
/// segment of the other (``CoverageEdges`` and ``Validator`` say why). Polygons that meet the
/// map's outline at a shared vertex only, the common case, are cleared by a few exact
/// orientation tests instead of a GEOS `relate` or intersection.
final class UnmatchedContacts {
    private let geometries: [Geometry]
    private let edges: CoverageEdges
    private var rings: [Int: [[Coordinate]]] = [:]
    private var unmatched: [Int: [(Coordinate, Coordinate)]] = [:]

    init(_ geometries: [Geometry], edges: CoverageEdges) {
        self.geometries = geometries
        self.edges = edges
    }

    /// Whether the pair (i, j) needs the exact check; `i` has unmatched segments. Answers true
    /// whenever in doubt.
    func needExactCheck(_ i: Int, _ j: Int) throws -> Bool {
        try reaches(j, openSegmentsOf: i) || (!edges.fullyMatched[j] && reaches(i, openSegmentsOf: j))
    }

    /// Drops what is cached for polygon `i` (once no later pair needs it).
    func forget(_ i: Int) {
        rings[i] = nil
        unmatched[i] = nil
    }

    private func reaches(_ j: Int, openSegmentsOf i: Int) throws -> Bool {
        guard let box = geometries[j].envelope else { return false }
        let segments = try unmatchedSegments(i)
        // The test scans j's edges for each segment: for large outlines the exact check is
        // cheaper, and answering true (check exactly) is always safe.
        if segments.count * geometries[j].numCoordinates > 50_000 { return true }
        for (a, b) in segments {
            if max(a.x, b.x) < box.minX || min(a.x, b.x) > box.maxX || max(a.y, b.y) < box.minY || min(a.y, b.y) > box.maxY { continue }
            if SegmentContact.polygon(try ringsOf(j), meetsOpenSegment: a, b) { return true }
        }
        return false
    }

    private func ringsOf(_ i: Int) throws -> [[Coordinate]] {
        if let r = rings[i] { return r }
        let r = try geometries[i].polygonRings()
        rings[i] = r
        return r
    }

    private func unmatchedSegments(_ i: Int) throws -> [(Coordinate, Coordinate)] {
        if let u = unmatched[i] { return u }
        let u = try edges.unmatchedSegments(of: i, geometries[i])
        unmatched[i] = u
        return u
    }
}
