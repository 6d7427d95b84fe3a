import CGEOS

// Set-theoretic overlay: intersection, union, difference, symmetric difference.
extension Geometry {
    @inline(__always)
    func binary(
        _ other: Geometry, _ name: String,
        _ call: (GEOSContextHandle_t, OpaquePointer, OpaquePointer) -> OpaquePointer?
    ) throws(GEOSError) -> Geometry {
        try withGEOS { (ctx: GEOSContext) throws(GEOSError) in
            ctx.reset()
            return try Geometry(owning: call(ctx.handle, pointer, other.pointer), context: ctx, operation: name)
        }
    }

    @inline(__always)
    func unary(_ name: String, _ call: (GEOSContextHandle_t, OpaquePointer) -> OpaquePointer?) throws(GEOSError) -> Geometry {
        try withGEOS { (ctx: GEOSContext) throws(GEOSError) in
            ctx.reset()
            return try Geometry(owning: call(ctx.handle, pointer), context: ctx, operation: name)
        }
    }

    /// The points shared by both.
    public func intersection(_ other: Geometry) throws(GEOSError) -> Geometry { try binary(other, "intersection", GEOSIntersection_r) }
    /// The points in either.
    public func union(_ other: Geometry) throws(GEOSError) -> Geometry { try binary(other, "union", GEOSUnion_r) }
    /// The points of `self` not in `other`.
    public func difference(_ other: Geometry) throws(GEOSError) -> Geometry { try binary(other, "difference", GEOSDifference_r) }
    /// The points in exactly one of the two.
    public func symmetricDifference(_ other: Geometry) throws(GEOSError) -> Geometry { try binary(other, "symDifference", GEOSSymDifference_r) }
    /// The union of all parts of this geometry (dissolves a collection into one geometry).
    public func unaryUnion() throws(GEOSError) -> Geometry { try unary("unaryUnion", GEOSUnaryUnion_r) }

    /// The union of many geometries, computed in one cascaded pass (much faster than folding `union`).
    public static func unaryUnion(_ geometries: [Geometry]) throws(GEOSError) -> Geometry {
        if geometries.isEmpty { return try empty(.geometryCollection) }
        return try collection(geometries).unaryUnion()
    }

    /// The union of polygons that form a clean coverage (edges shared exactly, no overlaps),
    /// through GEOS's `GEOSCoverageUnion` (since 3.8): matched edges are dropped and the rest
    /// rebuilt into polygons, without the overlay a general union needs.
    ///
    /// GEOS does not check the input: on polygons that are not a clean coverage the result can
    /// be wrong or the call can fail. Callers check the premise first (``isValid()`` on the
    /// result catches what slips through) and fall back to ``unaryUnion(_:)``.
    /// - Throws: ``GEOSError`` when GEOS cannot build the result.
    public static func coverageUnion(_ geometries: [Geometry]) throws(GEOSError) -> Geometry {
        if geometries.isEmpty { return try empty(.geometryCollection) }
        return try collection(geometries).unary("coverageUnion", GEOSCoverageUnion_r)
    }
}
