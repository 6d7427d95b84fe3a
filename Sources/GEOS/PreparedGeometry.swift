import CGEOS

/// A geometry with a spatial index over its edges, for many fast predicate queries against it.
///
/// Preparing is an explicit, cheap step (the index is built on the first query). Querying one
/// GEOS prepared geometry from two threads at once corrupts memory (libgeos/geos#825), so this
/// type is deliberately **not** `Sendable`: the compiler refuses to share it between tasks or
/// threads. Each worker prepares its own copy from the shared, `Sendable` ``Geometry``.
public final class PreparedGeometry {
    /// The geometry this was prepared from (kept alive: GEOS's prepared object points into it).
    public let geometry: Geometry
    private let pointer: OpaquePointer

    /// Prepares `geometry` for repeated predicate queries.
    public init(_ geometry: Geometry) throws(GEOSError) {
        self.geometry = geometry
        pointer = try withGEOS { (ctx: GEOSContext) throws(GEOSError) in
            ctx.reset()
            guard let p = GEOSPrepare_r(ctx.handle, geometry.pointer) else { throw ctx.error("prepare") }
            return p
        }
    }

    deinit {
        GEOSPreparedGeom_destroy_r(GEOSContext.current.handle, pointer)
    }

    @inline(__always)
    private func test(
        _ other: Geometry, _ name: String,
        _ call: (GEOSContextHandle_t, OpaquePointer, OpaquePointer) -> CChar
    ) throws(GEOSError) -> Bool {
        try withGEOS { (ctx: GEOSContext) throws(GEOSError) in try ctx.predicate(name) { call($0, pointer, other.pointer) } }
    }

    @inline(__always)
    private func testXY(
        _ x: Double, _ y: Double, _ name: String,
        _ call: (GEOSContextHandle_t, OpaquePointer, Double, Double) -> CChar
    ) throws(GEOSError) -> Bool {
        try withGEOS { (ctx: GEOSContext) throws(GEOSError) in
            ctx.reset()
            let r = call(ctx.handle, pointer, x, y)
            if r == 2 { throw ctx.error(name) }
            return r == 1
        }
    }

    /// The prepared geometry contains `other`.
    public func contains(_ other: Geometry) throws(GEOSError) -> Bool { try test(other, "prepared contains", GEOSPreparedContains_r) }
    /// `other` lies entirely in the interior (touching the boundary is not enough).
    public func containsProperly(_ other: Geometry) throws(GEOSError) -> Bool {
        try test(other, "prepared containsProperly", GEOSPreparedContainsProperly_r)
    }
    /// The prepared geometry covers `other` (boundary counts).
    public func covers(_ other: Geometry) throws(GEOSError) -> Bool { try test(other, "prepared covers", GEOSPreparedCovers_r) }
    /// The prepared geometry is covered by `other`.
    public func coveredBy(_ other: Geometry) throws(GEOSError) -> Bool { try test(other, "prepared coveredBy", GEOSPreparedCoveredBy_r) }
    /// They share at least one point.
    public func intersects(_ other: Geometry) throws(GEOSError) -> Bool { try test(other, "prepared intersects", GEOSPreparedIntersects_r) }
    /// The prepared geometry lies within `other`.
    public func within(_ other: Geometry) throws(GEOSError) -> Bool { try test(other, "prepared within", GEOSPreparedWithin_r) }

    /// The point (x, y) lies in the interior (GEOS 3.12 native; a temporary point before that).
    public func contains(x: Double, y: Double) throws(GEOSError) -> Bool { try testXY(x, y, "prepared containsXY", cgeos_prepared_contains_xy) }
    /// The point (x, y) lies in the interior or on the boundary.
    public func covers(x: Double, y: Double) throws(GEOSError) -> Bool { try testXY(x, y, "prepared intersectsXY", cgeos_prepared_intersects_xy) }
    /// The point (x, y) shares a point with the geometry: for a point that is the same as `covers`.
    public func intersects(x: Double, y: Double) throws(GEOSError) -> Bool { try testXY(x, y, "prepared intersectsXY", cgeos_prepared_intersects_xy) }
    /// The point (x, y) lies strictly inside (not on the boundary).
    public func containsProperly(x: Double, y: Double) throws(GEOSError) -> Bool {
        try testXY(x, y, "prepared containsProperlyXY", cgeos_prepared_contains_properly_xy)
    }
}

// Spelled out so the intent is visible: sharing one prepared geometry across threads is a
// heap corruption in GEOS, so it must not compile.
@available(*, unavailable, message: "GEOS prepared geometries are not thread-safe; prepare one per task")
extension PreparedGeometry: Sendable {}
