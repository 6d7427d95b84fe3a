import CGEOS

// Binary spatial predicates (DE-9IM based), each one GEOS call on the thread's context.
extension Geometry {
    /// Runs a GEOS predicate returning 1 / 0 / 2 (error) and maps it to a Bool or a thrown error.
    @inline(__always)
    func predicate(
        _ other: Geometry, _ name: String,
        _ call: (GEOSContextHandle_t, OpaquePointer, OpaquePointer) -> CChar
    ) throws(GEOSError) -> Bool {
        try withGEOS { (ctx: GEOSContext) throws(GEOSError) in try ctx.predicate(name) { call($0, pointer, other.pointer) } }
    }

    /// No point of `other` lies outside `self`, and the interiors share a point.
    public func contains(_ other: Geometry) throws(GEOSError) -> Bool { try predicate(other, "contains", GEOSContains_r) }
    /// No point of `other` lies outside `self` (boundary points count as covered).
    public func covers(_ other: Geometry) throws(GEOSError) -> Bool { try predicate(other, "covers", GEOSCovers_r) }
    /// No point of `self` lies outside `other`.
    public func coveredBy(_ other: Geometry) throws(GEOSError) -> Bool { try predicate(other, "coveredBy", GEOSCoveredBy_r) }
    /// `other` contains `self`.
    public func within(_ other: Geometry) throws(GEOSError) -> Bool { try predicate(other, "within", GEOSWithin_r) }
    /// The geometries share at least one point.
    public func intersects(_ other: Geometry) throws(GEOSError) -> Bool { try predicate(other, "intersects", GEOSIntersects_r) }
    /// The geometries share no point.
    public func disjoint(_ other: Geometry) throws(GEOSError) -> Bool { try predicate(other, "disjoint", GEOSDisjoint_r) }
    /// Same dimension, interiors intersect, and neither covers the other.
    public func overlaps(_ other: Geometry) throws(GEOSError) -> Bool { try predicate(other, "overlaps", GEOSOverlaps_r) }
    /// They share boundary points but no interior points.
    public func touches(_ other: Geometry) throws(GEOSError) -> Bool { try predicate(other, "touches", GEOSTouches_r) }
    /// They share some interior points, of lower dimension than the larger geometry.
    public func crosses(_ other: Geometry) throws(GEOSError) -> Bool { try predicate(other, "crosses", GEOSCrosses_r) }
    /// Topologically equal: the same point set, whatever the vertex order.
    public func equals(_ other: Geometry) throws(GEOSError) -> Bool { try predicate(other, "equals", GEOSEquals_r) }

    /// Structurally equal: same type and same vertices in the same order, within `tolerance`.
    public func equalsExact(_ other: Geometry, tolerance: Double = 0) throws(GEOSError) -> Bool {
        try predicate(other, "equalsExact") { h, a, b in GEOSEqualsExact_r(h, a, b, tolerance) }
    }

    /// The DE-9IM intersection matrix, e.g. `212101212`.
    public func relate(_ other: Geometry) throws(GEOSError) -> String {
        try withGEOS { (ctx: GEOSContext) throws(GEOSError) in
            ctx.reset()
            guard let matrix = GEOSRelate_r(ctx.handle, pointer, other.pointer) else { throw ctx.error("relate") }
            defer { GEOSFree_r(ctx.handle, matrix) }
            return String(cString: matrix)
        }
    }

    /// Whether the DE-9IM matrix matches `pattern` (nine of `T F * 0 1 2`), e.g. `T*F**F***`.
    public func relate(_ other: Geometry, pattern: String) throws(GEOSError) -> Bool {
        guard pattern.count == 9, pattern.allSatisfy({ "TF*012".contains($0) }) else {
            throw GEOSError.invalidInput("DE-9IM pattern must be nine of T F * 0 1 2, got '\(pattern)'")
        }
        return try predicate(other, "relatePattern") { h, a, b in GEOSRelatePattern_r(h, a, b, pattern) }
    }
}
