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

    /// Width in metres: twice the radius of the largest circle inside the (polygonal) geometry,
    /// found by GEOS to 1/1000 of the geometry's extent, or 2·area/perimeter where that is larger
    /// (the width of a long thin strip, which is below that precision).
    ///
    /// The precision must follow the extent: GEOS refines a grid down to the tolerance, so a
    /// tolerance tied to the area made a 100 km sliver a few metres wide cost billions of cells
    /// (found by fuzzing validation).
    static func width(_ geometry: Geometry) throws -> Double {
        let projected = try project(geometry)
        return try wrapped {
            let area = try projected.planarArea()
            guard area > 0, let e = projected.envelope else { return 0 }
            let diagonal = (e.width * e.width + e.height * e.height).squareRoot()
            let tolerance = max(0.001, diagonal / 1000)
            let inscribed = 2 * (try projected.maximumInscribedCircle(tolerance: tolerance).radius)
            let perimeter = try projected.planarLength()
            return max(inscribed, perimeter > 0 ? 2 * area / perimeter : 0)
        }
    }
}
