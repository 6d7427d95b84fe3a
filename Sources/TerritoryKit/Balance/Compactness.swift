import Foundation
import GEOS
import PROJ

/// How compact a territory's shape is. Every ratio is 1 for a disc and falls toward 0 for
/// stretched or ragged shapes.
public struct Compactness: Sendable, Equatable {
    /// Polsby-Popper: 4π·area / perimeter², from the geodesic area and perimeter.
    public let polsbyPopper: Double
    /// Reock: area / area of the minimum bounding circle, in a local equal-area projection.
    public let reock: Double
    /// Area / area of the convex hull, in a local equal-area projection.
    public let convexHullRatio: Double
    /// The number of separate polygons (1 = contiguous).
    public let parts: Int

    /// Measures a lon/lat polygonal geometry.
    public init(_ geometry: Geometry) throws(TerritoryError) {
        self = try wrapped { try Compactness(measuring: geometry) }
    }

    /// The work of the public initialiser above, whose errors that one converts.
    init(measuring geometry: Geometry) throws {
        let m = try wrapped { try Geodesic.wgs84.measure(geometry) }
        polsbyPopper = TerritoryKit.polsbyPopper(area: m.area, perimeter: m.perimeter)
        let projected = try LocalProjection.project(geometry)
        let (area, circle, hull) = try wrapped {
            (try projected.planarArea(), try projected.minimumBoundingCircle().radius, try projected.convexHull().planarArea())
        }
        reock = circle > 0 ? area / (.pi * circle * circle) : 0
        convexHullRatio = hull > 0 ? area / hull : 0
        parts = try polygons(of: geometry).count
    }
}
