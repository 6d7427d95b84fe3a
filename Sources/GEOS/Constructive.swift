import CGEOS

// Geometries derived from one geometry: buffer, simplification, hulls, centres, circles.
extension Geometry {
    /// The area within `distance` (negative shrinks polygons), with `quadrantSegments` segments per
    /// quarter circle. Planar, in the geometry's own units: for lon/lat data `distance` is in
    /// **degrees** (TerritoryKit's `buffered(metres:)` buffers lon/lat by metres).
    public func buffer(_ distance: Double, quadrantSegments: Int = 8) throws(GEOSError) -> Geometry {
        try unary("buffer") { h, g in GEOSBuffer_r(h, g, distance, Int32(quadrantSegments)) }
    }

    /// Douglas-Peucker simplification that keeps the topology valid (no new self-intersections,
    /// holes stay inside).
    public func simplifyPreservingTopology(tolerance: Double) throws(GEOSError) -> Geometry {
        try unary("topologyPreserveSimplify") { h, g in GEOSTopologyPreserveSimplify_r(h, g, tolerance) }
    }

    /// This geometry with its vertices and segments snapped onto `reference`'s vertices
    /// within `tolerance` (coordinate units): near-coincident edges become coincident.
    public func snapped(to reference: Geometry, tolerance: Double) throws(GEOSError) -> Geometry {
        try withGEOS { (ctx: GEOSContext) throws(GEOSError) in
            ctx.reset()
            return try Geometry(owning: GEOSSnap_r(ctx.handle, pointer, reference.pointer, tolerance), context: ctx, operation: "snap")
        }
    }

    /// The smallest convex polygon holding the geometry.
    public func convexHull() throws(GEOSError) -> Geometry { try unary("convexHull", GEOSConvexHull_r) }

    /// The centre of mass (may lie outside a concave polygon).
    public func centroid() throws(GEOSError) -> Geometry { try unary("centroid", GEOSGetCentroid_r) }

    /// A point guaranteed to lie in the interior of the geometry (for labels and locations).
    public func pointOnSurface() throws(GEOSError) -> Geometry { try unary("pointOnSurface", GEOSPointOnSurface_r) }

    /// The boundary (rings of a polygon, end points of a line).
    public func boundary() throws(GEOSError) -> Geometry { try unary("boundary", GEOSBoundary_r) }

    /// The envelope as a polygon (or a point, for a single point).
    public func envelopeGeometry() throws(GEOSError) -> Geometry { try unary("envelope", GEOSEnvelope_r) }

    /// The smallest circle holding the geometry, with its centre and radius (planar units).
    public func minimumBoundingCircle() throws(GEOSError) -> Circle {
        try withGEOS { (ctx: GEOSContext) throws(GEOSError) in
            ctx.reset()
            var radius = 0.0
            var center: OpaquePointer?
            let polygon = try Geometry(
                owning: GEOSMinimumBoundingCircle_r(ctx.handle, pointer, &radius, &center),
                context: ctx, operation: "minimumBoundingCircle")
            let c = try Geometry(owning: center, context: ctx, operation: "minimumBoundingCircle centre")
            return Circle(polygon: polygon, center: try c.coordinates().first ?? Coordinate(x: .nan, y: .nan), radius: radius)
        }
    }

    /// The largest circle inside a polygon: its centre and radius, found to within `tolerance`
    /// (planar units). The radius says how "thick" the polygon is at its thickest.
    public func maximumInscribedCircle(tolerance: Double) throws(GEOSError) -> (center: Coordinate, radius: Double) {
        let line = try unary("maximumInscribedCircle") { h, g in GEOSMaximumInscribedCircle_r(h, g, tolerance) }
        let ends = try line.coordinates()
        guard ends.count == 2 else { throw GEOSError.invalidInput("maximumInscribedCircle of an empty geometry") }
        let dx = ends[1].x - ends[0].x, dy = ends[1].y - ends[0].y
        return (ends[0], (dx * dx + dy * dy).squareRoot())
    }

    /// The x, y of a point geometry.
    public var pointCoordinate: Coordinate? {
        guard type == .point, !isEmpty else { return nil }
        return try? coordinates().first
    }
}

/// A circle and the polygon GEOS uses to approximate it.
public struct Circle: Sendable {
    /// The polygon approximating the circle.
    public let polygon: Geometry
    /// The circle's centre.
    public let center: Coordinate
    /// The circle's radius, in the geometry's units.
    public let radius: Double
}
