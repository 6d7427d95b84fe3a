import CGEOS

// Planar measures, in the square or linear units of the coordinates. For lon/lat data these
// are degrees, which are not areas or lengths: use the PROJ face's geodesic measures instead.
extension Geometry {
    /// Planar area in squared coordinate units. Meaningless for lon/lat (degrees²).
    public func planarArea() throws(GEOSError) -> Double {
        try withGEOS { (ctx: GEOSContext) throws(GEOSError) in
            ctx.reset()
            var area = 0.0
            guard GEOSArea_r(ctx.handle, pointer, &area) == 1 else { throw ctx.error("area") }
            return area
        }
    }

    /// Planar length (perimeter, for polygons) in coordinate units.
    public func planarLength() throws(GEOSError) -> Double {
        try withGEOS { (ctx: GEOSContext) throws(GEOSError) in
            ctx.reset()
            var length = 0.0
            guard GEOSLength_r(ctx.handle, pointer, &length) == 1 else { throw ctx.error("length") }
            return length
        }
    }

    /// Planar minimum distance to `other` in coordinate units.
    public func planarDistance(to other: Geometry) throws(GEOSError) -> Double {
        try withGEOS { (ctx: GEOSContext) throws(GEOSError) in
            ctx.reset()
            var distance = 0.0
            guard GEOSDistance_r(ctx.handle, pointer, other.pointer, &distance) == 1 else { throw ctx.error("distance") }
            return distance
        }
    }

    /// The two closest points, one on each geometry (`self` first).
    public func nearestPoints(to other: Geometry) throws(GEOSError) -> (Coordinate, Coordinate) {
        try withGEOS { (ctx: GEOSContext) throws(GEOSError) in
            ctx.reset()
            guard let seq = GEOSNearestPoints_r(ctx.handle, pointer, other.pointer) else { throw ctx.error("nearestPoints") }
            defer { GEOSCoordSeq_destroy_r(ctx.handle, seq) }
            var a = Coordinate(x: 0, y: 0), b = Coordinate(x: 0, y: 0)
            GEOSCoordSeq_getXY_r(ctx.handle, seq, 0, &a.x, &a.y)
            GEOSCoordSeq_getXY_r(ctx.handle, seq, 1, &b.x, &b.y)
            return (a, b)
        }
    }
}
