import XCTest
import GEOS
import TestFixtures

final class PreparedAndSTRtreeTests: XCTestCase {
    /// Every city against every country: the prepared point paths must give the plain answers.
    func testPreparedPointPredicatesAgreeWithPlainGEOS() throws {
        let countries = try fixtureGeometries("naturalearth_countries.geojson")
        let cities = try fixtureGeometries("naturalearth_cities.geojson")
        var hits = 0
        for country in countries {
            let prepared = try PreparedGeometry(country)
            for city in cities {
                let c = try XCTUnwrap(city.pointCoordinate)
                let covers = try country.covers(city)
                XCTAssertEqual(try prepared.covers(x: c.x, y: c.y), covers)
                XCTAssertEqual(try prepared.intersects(x: c.x, y: c.y), covers)
                XCTAssertEqual(try prepared.contains(x: c.x, y: c.y), try country.contains(city))
                XCTAssertEqual(try prepared.containsProperly(x: c.x, y: c.y), try prepared.containsProperly(city))
                XCTAssertEqual(try prepared.covers(city), covers)
                if covers { hits += 1 }
            }
        }
        XCTAssertGreaterThan(hits, 150)
    }

    func testPreparedGeometryPredicates() throws {
        let prepared = try PreparedGeometry(square(0, 0, 10))
        let inner = try square(1, 1, 1)
        XCTAssertTrue(try prepared.contains(inner))
        XCTAssertTrue(try prepared.containsProperly(inner))
        XCTAssertTrue(try prepared.covers(inner))
        XCTAssertFalse(try prepared.within(inner))
        XCTAssertTrue(try prepared.coveredBy(square(-1, -1, 20)))
        XCTAssertTrue(try prepared.intersects(square(9, 9, 5)))
        XCTAssertTrue(try prepared.covers(x: 10, y: 5))
        XCTAssertFalse(try prepared.contains(x: 10, y: 5))
        XCTAssertFalse(try prepared.containsProperly(x: 10, y: 5))
    }

    func testSTRtreeQueryMatchesBruteForce() throws {
        let counties = try fixtureGeometries("nc_counties_sids2.geojson")
        let tree = try STRtree(counties)
        XCTAssertEqual(tree.count, 100)
        for probe in counties.prefix(25) {
            let box = try XCTUnwrap(probe.envelope)
            let expected = counties.indices.filter { counties[$0].envelope!.intersects(box) }
            XCTAssertEqual(try tree.query(box), expected)
            XCTAssertEqual(try tree.query(probe), expected)
        }
        XCTAssertEqual(try tree.query(Envelope(minX: 0, minY: 0, maxX: 1, maxY: 1)), [])
    }

    func testSTRtreeNearestMatchesBruteForce() throws {
        let counties = try fixtureGeometries("nc_counties_sids2.geojson")
        let tree = try STRtree(counties)
        for (x, y) in [(-84.0, 34.0), (-75.0, 36.5), (-79.0, 37.5), (-80.5, 35.5)] {
            let p = try Geometry.point(x: x, y: y)
            let distances = try counties.map { try $0.planarDistance(to: p) }
            let best = distances.min()!
            let found = try XCTUnwrap(tree.nearest(to: p))
            XCTAssertEqual(distances[found], best, "nearest to (\(x), \(y))")
        }
        XCTAssertNil(try STRtree([]).nearest(to: Geometry.point(x: 0, y: 0)))
    }

    func testSTRtreeOverEnvelopes() throws {
        let boxes = (0..<10).map { Envelope(minX: Double($0), minY: 0, maxX: Double($0) + 0.5, maxY: 1) }
        let tree = try STRtree(envelopes: boxes)
        XCTAssertEqual(try tree.query(Envelope(minX: 2.2, minY: 0.5, maxX: 4.1, maxY: 3)), [2, 3, 4])
    }
}
