import Foundation
import GEOS

/// The valid range of lon/lat coordinates.
public enum CoordinateRange {
    /// Coordinates may pass ±180 / ±90 by this much (about 0.1 mm), the rounding noise of real
    /// data: Natural Earth's Russia reaches longitude 180.00000000000006.
    public static let tolerance = 1e-9

    /// Whether (lon, lat) lies in [-180, 180] x [-90, 90], within ``tolerance``.
    @inline(__always)
    public static func isValid(lon: Double, lat: Double) -> Bool {
        abs(lon) <= 180 + tolerance && abs(lat) <= 90 + tolerance
    }
}
