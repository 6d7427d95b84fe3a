import Foundation
import XCTest
import PROJ
import TestFixtures

final class GeodesicTests: XCTestCase {
    /// A ring's signed area changes sign with its direction; open or closed, it measures the same
    /// (the first NC county's ring, read with Foundation).
    func testRingAreaFollowsWinding() throws {
        let county = try XCTUnwrap(
            try JSONSerialization.jsonObject(with: Data(Fixtures.text("nc_counties_sids2.geojson").utf8)) as? [String: Any])
        let geometry = try XCTUnwrap(((county["features"] as? [[String: Any]])?.first?["geometry"]) as? [String: Any])
        let rings = try XCTUnwrap(geometry["coordinates"] as? [[[Double]]])
        let ring = rings[0].map { Coordinate(x: $0[0], y: $0[1]) }
        let signed = try Geodesic.wgs84.ring(ring).area
        XCTAssertNotEqual(signed, 0)
        XCTAssertEqual(try Geodesic.wgs84.ring(ring.reversed()).area, -signed, accuracy: 1e-6)
        // Open or closed rings measure the same.
        XCTAssertEqual(try Geodesic.wgs84.ring(Array(ring.dropLast())).area, signed, accuracy: abs(signed) * 1e-12)
    }

    func testEquatorAndSphereValues() throws {
        // Along the equator the geodesic is the equator: 1° of longitude = a·π/180.
        let d = try Geodesic.wgs84.distance(from: Coordinate(x: 0, y: 0), to: Coordinate(x: 1, y: 0))
        XCTAssertEqual(d, 6_378_137 * Double.pi / 180, accuracy: 1e-6)
        // One octant of a sphere is 1/8 of its surface.
        let sphere = Geodesic(.sphere(radius: 1000))
        let octant = [Coordinate(x: 0, y: 0), Coordinate(x: 90, y: 0), Coordinate(x: 0, y: 90), Coordinate(x: 0, y: 0)]
        XCTAssertEqual(try sphere.ring(octant).area, 4 * Double.pi * 1e6 / 8, accuracy: 1e-6)
    }

    func testDirectInvertsInverse() throws {
        let g = Geodesic.wgs84
        let jfk = Coordinate(x: -73.78, y: 40.64), sin = Coordinate(x: 103.99, y: 1.36)
        let inv = try g.inverse(from: jfk, to: sin)
        XCTAssertEqual(inv.distance, 15_347_000, accuracy: 1_000)  // ~15,347 km (Karney's example pair)
        let (arrived, azimuth) = try g.destination(from: jfk, azimuth: inv.initialAzimuth, distance: inv.distance)
        XCTAssertEqual(arrived.x, sin.x, accuracy: 1e-9)
        XCTAssertEqual(arrived.y, sin.y, accuracy: 1e-9)
        XCTAssertEqual(azimuth, inv.finalAzimuth, accuracy: 1e-9)
    }

    func testBadLatitudesAreRefused() {
        XCTAssertThrowsError(try Geodesic.wgs84.distance(from: Coordinate(x: 0, y: 91), to: Coordinate(x: 0, y: 0)))
        XCTAssertThrowsError(try Geodesic.wgs84.ring([Coordinate(x: .nan, y: 0)]))
    }

}
