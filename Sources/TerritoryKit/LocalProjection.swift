import GEOS
import PROJ

/// Local equal-area views of lon/lat geometries, for measures that need metres in a plane:
/// widths (maximum inscribed circle), minimum bounding circles, convex hulls.
///
/// Each geometry is projected with a Lambert azimuthal equal-area projection centred near it
/// (the centre rounded to 0.25°, so nearby geometries share one PROJ object), where areas are
/// exact and distances within a territory's extent are distorted by well under 1%.
enum LocalProjection {
    /// The geometry projected to metres around its own centre.
    static func project(_ geometry: Geometry) throws -> Geometry {
        try wrapped {
            guard let e = geometry.envelope else { return geometry }
            let lon = ((e.minX + e.maxX) / 2 * 4).rounded() / 4
            let lat = ((e.minY + e.maxY) / 2 * 4).rounded() / 4
            return try CoordinateTransformer.localEqualArea(center: Coordinate(x: lon, y: lat)).transform(geometry)
        }
    }

    /// Width in metres: twice the radius of the largest circle inside the (polygonal) geometry.
    static func width(_ geometry: Geometry) throws -> Double {
        let projected = try project(geometry)
        let area = try wrapped { try projected.planarArea() }
        guard area > 0 else { return 0 }
        let tolerance = max(0.001, area.squareRoot() / 1000)
        return try wrapped { 2 * (try projected.maximumInscribedCircle(tolerance: tolerance).radius) }
    }
}
