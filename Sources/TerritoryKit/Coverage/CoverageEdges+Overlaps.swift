import GEOS

extension CoverageEdges {
    /// Whether no two of `geometries` (valid polygons) share interior area, established by edge
    /// matching plus an exact check of only some pairs (see ``CoverageEdges`` for why that
    /// suffices). False as soon as one overlap is seen.
    ///
    /// An overlap always lies next to an unmatched segment of a polygon Q whose interior is on
    /// the overlap's side, and the other polygon reaches the open part of that segment. So a
    /// pair needs the exact `relate` only when one polygon reaches the open part of an unmatched
    /// segment of the other: polygons that meet the map's outline only at a shared vertex (the
    /// common case on a coverage's edge) are cleared by a few orientation tests.
    /// - Parameter tree: an STRtree over `geometries` the caller already has (built here otherwise).
    static func isOverlapFree(_ geometries: [Geometry], edges: CoverageEdges? = nil, tree: STRtree? = nil) throws -> Bool {
        let edges = try edges ?? CoverageEdges(geometries)
        if edges.pairsCheckedExactly.current != nil { return true }  // found so before
        var checked: [(Int, Int)] = []
        if edges.fullyMatched.contains(false) {
            let tree = try tree ?? STRtree(geometries)
            let contacts = UnmatchedContacts(geometries, edges: edges)
            for i in geometries.indices where !edges.fullyMatched[i] {
                var prepared: PreparedGeometry?
                // Pairs of two unmatched polygons are checked once, from the lower index.
                for j in try tree.query(geometries[i]) where j != i && (edges.fullyMatched[j] || j > i) {
                    guard try contacts.needExactCheck(i, j) else { continue }
                    checked.append((i, j))
                    if prepared == nil { prepared = try PreparedGeometry(geometries[i]) }
                    if try prepared!.intersects(geometries[j]), try geometries[i].relate(geometries[j], pattern: "2********") {
                        return false
                    }
                }
                contacts.forget(i)
            }
        }
        edges.pairsCheckedExactly.withLock { $0 = checked }
        return true
    }
}
