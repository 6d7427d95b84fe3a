import GEOS
import PROJ

extension Geometry {
    /// The area within `metres` of this lon/lat geometry (negative shrinks polygons), buffered in
    /// a Lambert azimuthal equal-area plane centred on the geometry and brought back to lon/lat.
    ///
    /// GEOS buffers in the coordinates' own units, degrees for lon/lat, where a degree of
    /// longitude shrinks towards the poles; this measures the distance on the ground instead.
    /// Within a few hundred kilometres of the centre the projection's scale error stays under
    /// about 1%, so buffers of territory-sized geometries are true to that.
    ///
    /// ## Example
    /// ```swift
    /// let depot = try Geometry.point(x: -78.64, y: 35.78)
    /// let reach = try depot.buffered(metres: 25_000)   // a 25 km disc, not 25,000 degrees
    /// ```
    /// - Throws: ``TerritoryError`` when PROJ cannot project the coordinates (e.g. out of range)
    ///   or GEOS fails.
    public func buffered(metres: Double, quadrantSegments: Int = 8) throws(TerritoryError) -> Geometry {
        try wrapped {
            guard let e = envelope else { return self }
            let local = try CoordinateTransformer.localEqualArea(center: Coordinate(x: (e.minX + e.maxX) / 2, y: (e.minY + e.maxY) / 2))
            let projected = try local.transform(self).buffer(metres, quadrantSegments: quadrantSegments)
            return try local.inverse.transform(projected)
        }
    }
}
