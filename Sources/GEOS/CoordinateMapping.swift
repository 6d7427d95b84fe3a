import CGEOS

extension Geometry {
    /// A copy of this geometry with every coordinate sequence (each point, line and ring)
    /// passed through `transform` in one call, structure and types kept.
    ///
    /// This is how whole geometries are reprojected in bulk: `transform` receives a ring's
    /// coordinates as one array, so a projection library can convert them in one call.
    public func mappingCoordinates(_ transform: ([Coordinate]) throws -> [Coordinate]) throws -> Geometry {
        func mapped(_ coordinates: [Coordinate]) throws -> [Coordinate] {
            let out = try transform(coordinates)
            guard out.count == coordinates.count else {
                throw GEOSError.invalidInput("coordinate transform returned \(out.count) coordinates for \(coordinates.count)")
            }
            return out
        }
        if isEmpty { return try clone() }
        switch type {
        case .point:
            let c = try mapped(coordinates())[0]
            return try Geometry.point(x: c.x, y: c.y)
        case .lineString:
            return try Geometry.lineString(mapped(coordinates()))
        case .linearRing:
            return try withGEOS { (ctx: GEOSContext) throws in
                let ring = try Geometry.linearRing(mapped(coordinates()), context: ctx)
                return try Geometry(owning: ring, context: ctx, operation: "createLinearRing")
            }
        case .polygon:
            let exterior = try mapped(exteriorRing().coordinates())
            let holes = try interiorRings().map { try mapped($0.coordinates()) }
            return try Geometry.polygon(exterior: exterior, holes: holes)
        case .multiPoint, .multiLineString, .multiPolygon, .geometryCollection:
            return try Geometry.collection(parts.map { try $0.mappingCoordinates(transform) }, type: type)
        }
    }
}
