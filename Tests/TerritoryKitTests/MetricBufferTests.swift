import XCTest
import TerritoryKit
import TestFixtures

/// Buffers in metres for lon/lat data.
final class MetricBufferTests: XCTestCase {
    func testBufferInMetres() throws {
        let raleigh = try Geometry.point(x: -78.64, y: 35.78)
        let disc = try raleigh.buffered(metres: 25_000, quadrantSegments: 32)
        // A 25 km disc: its geodesic area is π·25 km² to within the projection's small error.
        XCTAssertEqual(try Geodesic.wgs84.area(disc), Double.pi * 25_000 * 25_000, accuracy: 0.005 * Double.pi * 25_000 * 25_000)
        // Every vertex is 25 km from the centre on the ellipsoid.
        for c in try disc.exteriorRing().coordinates() {
            XCTAssertEqual(try Geodesic.wgs84.distance(from: Coordinate(x: -78.64, y: 35.78), to: c), 25_000, accuracy: 50)
        }
        // The inverse of an operation string runs it backwards.
        let local = try CoordinateTransformer.localEqualArea(center: Coordinate(x: -78, y: 35))
        let there = try local.transform(Coordinate(x: -78.64, y: 35.78))
        let back = try local.inverse.transform(there)
        // (PROJ's ellipsoidal laea inverts the authalic latitude by a series: ~1 mm, 1e-8°.)
        XCTAssertEqual(back.x, -78.64, accuracy: 1e-7); XCTAssertEqual(back.y, 35.78, accuracy: 1e-7)
        // A county grows by about its perimeter × distance.
        let county = try TerritoryMap.load(GeoJSONFile(Fixtures.url("nc_counties_sids2.geojson"))).territories[0].geometry
        let m = try Geodesic.wgs84.measure(county)
        let grown = try Geodesic.wgs84.area(county.buffered(metres: 1_000))
        XCTAssertEqual(grown - m.area, m.perimeter * 1_000, accuracy: 0.05 * m.perimeter * 1_000)
    }
}
