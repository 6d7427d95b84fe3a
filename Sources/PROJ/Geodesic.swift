import CPROJ

/// A reference ellipsoid, by its equatorial radius and flattening.
public struct Ellipsoid: Sendable, Hashable {
    /// Equatorial radius in metres.
    public let semiMajorAxis: Double
    /// Flattening (a - b) / a; 0 for a sphere.
    public let flattening: Double

    /// An ellipsoid from its equatorial radius (m) and flattening.
    public init(semiMajorAxis: Double, flattening: Double) {
        self.semiMajorAxis = semiMajorAxis
        self.flattening = flattening
    }

    /// WGS 84, the ellipsoid of GPS and of GeoJSON (EPSG:7030).
    public static let wgs84 = Ellipsoid(semiMajorAxis: 6_378_137, flattening: 1 / 298.257223563)
    /// GRS 1980, the ellipsoid of NAD83 and ETRS89 (EPSG:7019).
    public static let grs80 = Ellipsoid(semiMajorAxis: 6_378_137, flattening: 1 / 298.257222101)
    /// A sphere of the given radius.
    public static func sphere(radius: Double) -> Ellipsoid { Ellipsoid(semiMajorAxis: radius, flattening: 0) }
}

/// The solution of the inverse geodesic problem between two points.
public struct GeodesicInverse: Sendable, Equatable {
    /// Shortest distance along the ellipsoid, in metres.
    public let distance: Double
    /// Azimuth at the first point, degrees clockwise from north.
    public let initialAzimuth: Double
    /// Azimuth at the second point (the forward direction there), degrees clockwise from north.
    public let finalAzimuth: Double
}

/// The geodesic size of a geometry.
public struct GeodesicMeasure: Sendable, Equatable {
    /// Area in m² (holes subtracted).
    public var area: Double = 0
    /// Length of every ring (or line) in metres, holes included.
    public var perimeter: Double = 0
    /// The part of ``perimeter`` that belongs to holes, in metres.
    public var holePerimeter: Double = 0
    /// The length of the exterior rings alone: the perimeter pyproj's
    /// `Geod.geometry_area_perimeter` reports for polygons with holes.
    public var exteriorPerimeter: Double { perimeter - holePerimeter }

    /// A measure from its parts (zero unless given).
    public init(area: Double = 0, perimeter: Double = 0, holePerimeter: Double = 0) {
        self.area = area; self.perimeter = perimeter; self.holePerimeter = holePerimeter
    }
}

/// Geodesic measurements on an ellipsoid with Karney's algorithms (PROJ's `geodesic.h`),
/// accurate to nanometres: areas in m², lengths and distances in m, for lon/lat coordinates
/// in degrees (x = longitude, y = latitude).
///
/// ## Example
/// ```swift
/// let raleigh = Coordinate(x: -78.64, y: 35.78), charlotte = Coordinate(x: -80.84, y: 35.23)
/// let metres = try Geodesic.wgs84.distance(from: raleigh, to: charlotte)   // about 208 km
/// let km2 = try Geodesic.wgs84.area(territory.geometry) / 1e6
/// ```
/// - Throws: ``PROJError/invalidInput(_:)`` for a coordinate that is not finite or a latitude
///   beyond ±90°, and for a polygon whose rings are invalid (a bow-tie has no area to measure).
public struct Geodesic: Sendable {
    /// The ellipsoid measured on.
    public let ellipsoid: Ellipsoid
    /// The ellipsoid as PROJ prepared it (zeros when PROJ could not be loaded).
    private let g: cproj_geodesic
    /// PROJ's functions, taken once here: the measures run in hot loops (nearest territories,
    /// drive times), where fetching the table on every call cost a few percent. Nil when PROJ
    /// could not be loaded, `failure` then saying why (thrown by every measure).
    private let api: CPROJAPI?
    private let failure: PROJError?

    /// Measurements on `ellipsoid` (WGS 84 unless said otherwise).
    public init(_ ellipsoid: Ellipsoid = .wgs84) {
        self.ellipsoid = ellipsoid
        var g = cproj_geodesic()
        switch PROJLibrary.loaded {
        case let .success(api):
            api.geod_init(&g, ellipsoid.semiMajorAxis, ellipsoid.flattening)
            self.api = api; failure = nil
        case let .failure(error):
            api = nil; failure = error
        }
        self.g = g
    }

    /// Runs a PROJ geodesic routine on the prepared ellipsoid.
    @inline(__always)
    private func withGeodesic<R>(_ body: (CPROJAPI, UnsafePointer<cproj_geodesic>) -> R) throws(PROJError) -> R {
        guard let api else { throw failure! }
        return withUnsafePointer(to: g) { body(api, $0) }
    }

    /// Measurements on WGS 84.
    public static let wgs84 = Geodesic(.wgs84)

    // MARK: Points

    /// Distance and azimuths between two lon/lat points (the inverse problem).
    public func inverse(from a: Coordinate, to b: Coordinate) throws(PROJError) -> GeodesicInverse {
        try Geodesic.check(a, "from"); try Geodesic.check(b, "to")
        var s12 = 0.0, azi1 = 0.0, azi2 = 0.0
        try withGeodesic { api, g in api.geod_inverse(g, a.y, a.x, b.y, b.x, &s12, &azi1, &azi2) }
        return GeodesicInverse(distance: s12, initialAzimuth: azi1, finalAzimuth: azi2)
    }

    /// Shortest distance in metres between two lon/lat points.
    public func distance(from a: Coordinate, to b: Coordinate) throws(PROJError) -> Double {
        try Geodesic.check(a, "from"); try Geodesic.check(b, "to")
        var s12 = 0.0
        // Null azimuth outputs: PROJ then skips computing them (a third less work).
        try withGeodesic { api, g in api.geod_inverse(g, a.y, a.x, b.y, b.x, &s12, nil, nil) }
        return s12
    }

    /// The point reached from `start` going `distance` metres at `azimuth` degrees (the direct
    /// problem), and the azimuth of travel on arrival.
    public func destination(from start: Coordinate, azimuth: Double, distance: Double) throws(PROJError) -> (point: Coordinate, azimuth: Double) {
        try Geodesic.check(start, "start")
        guard azimuth.isFinite, distance.isFinite else { throw PROJError.invalidInput("azimuth and distance must be finite") }
        var lat2 = 0.0, lon2 = 0.0, azi2 = 0.0
        try withGeodesic { api, g in api.geod_direct(g, start.y, start.x, azimuth, distance, &lat2, &lon2, &azi2) }
        return (Coordinate(x: lon2, y: lat2), azi2)
    }

    // MARK: Rings and geometries

    /// Signed area (m², positive when counter-clockwise) and perimeter (m) of one ring.
    /// The ring may be given closed (last = first) or open; both give the same result.
    public func ring(_ coordinates: [Coordinate]) throws(PROJError) -> (area: Double, perimeter: Double) {
        for (i, c) in coordinates.enumerated() { try Geodesic.check(c, "vertex \(i)") }
        var lats = coordinates.map(\.y)
        var lons = coordinates.map(\.x)
        var area = 0.0, perimeter = 0.0
        try withGeodesic { api, g in api.geod_polygonarea(g, &lats, &lons, Int32(coordinates.count), &area, &perimeter) }
        return (area, perimeter)
    }

    /// Length in metres of a path through `coordinates` (not closed).
    public func pathLength(_ coordinates: [Coordinate]) throws(PROJError) -> Double {
        var total = 0.0
        for i in coordinates.indices.dropFirst() {
            total += try distance(from: coordinates[i - 1], to: coordinates[i])
        }
        return total
    }

    static func check(_ c: Coordinate, _ what: String) throws(PROJError) {
        guard c.isFinite else { throw PROJError.invalidInput("\(what) \(c) is not finite") }
        guard abs(c.y) <= 90 else { throw PROJError.invalidInput("\(what) latitude \(c.y) is outside [-90, 90]") }
    }
}
