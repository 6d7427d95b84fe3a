import XCTest
import GEOS
import TestFixtures

final class OverlayAndConstructiveTests: XCTestCase {
    func testOverlayOnSquares() throws {
        let a = try square(0, 0, 2), b = try square(1, 1, 2)
        XCTAssertEqual(try a.intersection(b).planarArea(), 1, accuracy: 1e-12)
        XCTAssertEqual(try a.union(b).planarArea(), 7, accuracy: 1e-12)
        XCTAssertEqual(try a.difference(b).planarArea(), 3, accuracy: 1e-12)
        XCTAssertEqual(try a.symmetricDifference(b).planarArea(), 6, accuracy: 1e-12)
        XCTAssertTrue(try Geometry.unaryUnion([]).isEmpty)
    }

    func testUnionOfNorthCarolinaCountiesHasNoOverlapLoss() throws {
        // The 100 counties tile the state without overlaps (see fixtures/README.md), so the
        // union's area equals the sum of the counties' areas.
        let counties = try fixtureGeometries("nc_counties_sids2.geojson")
        let union = try Geometry.unaryUnion(counties)
        XCTAssertTrue(union.type.isPolygonal)
        let sum = try counties.reduce(0.0) { $0 + (try $1.planarArea()) }
        XCTAssertEqual(try union.planarArea(), sum, accuracy: sum * 1e-9)
        XCTAssertTrue(try union.isValid())
    }

    func testBufferHullCentroidAndSurfacePoint() throws {
        let p = try Geometry.point(x: 0, y: 0)
        let disc = try p.buffer(10, quadrantSegments: 64)
        XCTAssertEqual(try disc.planarArea(), Double.pi * 100, accuracy: 0.1)
        let l = try Geometry(wkt: "POLYGON ((0 0, 10 0, 10 1, 1 1, 1 10, 0 10, 0 0))")
        XCTAssertEqual(try l.convexHull().planarArea(), 100 - 81.0 / 2, accuracy: 1e-9)
        let c = try XCTUnwrap(l.centroid().pointCoordinate)
        XCTAssertEqual(c.x, c.y, accuracy: 1e-12)
        let surface = try l.pointOnSurface()
        XCTAssertTrue(try l.covers(surface))
        XCTAssertEqual(try l.boundary().type, .lineString)
        XCTAssertEqual(try l.envelopeGeometry().planarArea(), 100)
    }

    func testSimplifyKeepsEveryCountyValid() throws {
        for county in try fixtureGeometries("nc_counties_sids2.geojson") {
            let simple = try county.simplifyPreservingTopology(tolerance: 0.01)
            XCTAssertTrue(try simple.isValid())
            XCTAssertLessThanOrEqual(simple.numCoordinates, county.numCoordinates)
        }
    }

    func testCircles() throws {
        let sq = try square(0, 0, 2)
        let mbc = try sq.minimumBoundingCircle()
        XCTAssertEqual(mbc.radius, 2.squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(mbc.center, Coordinate(x: 1, y: 1))
        let mic = try sq.maximumInscribedCircle(tolerance: 1e-6)
        XCTAssertEqual(mic.radius, 1, accuracy: 1e-5)
        XCTAssertEqual(mic.center.x, 1, accuracy: 1e-5)
        XCTAssertThrowsError(try Geometry.empty(.polygon).maximumInscribedCircle(tolerance: 1))
    }

    func testPlanarDistanceAndNearestPoints() throws {
        let a = try square(0, 0, 1), b = try square(4, 0, 1)
        XCTAssertEqual(try a.planarDistance(to: b), 3)
        let (pa, pb) = try a.nearestPoints(to: b)
        XCTAssertEqual(pa.x, 1); XCTAssertEqual(pb.x, 4)
    }
}
