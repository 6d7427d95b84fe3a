// Only TerritoryKit is imported here (and XCTest and the fixtures): the GEOS and PROJ types its
// API uses must come with it.
import XCTest
import TerritoryKit
import TestFixtures

final class SingleImportTests: XCTestCase {
    func testGeometryAndGeodesicComeWithTerritoryKit() throws {
        let square: Geometry = try Geometry.rectangle(Envelope(minX: -79, minY: 35, maxX: -78, maxY: 36))
        let map = try TerritoryMap([Territory(id: "A", geometry: square)])
        let centre: Coordinate = try XCTUnwrap(map.territories[0].geometry.centroid().pointCoordinate)
        XCTAssertEqual(centre.x, -78.5, accuracy: 1e-9)
        XCTAssertGreaterThan(try Geodesic.wgs84.area(square), 1e10)
        let projected = try CoordinateTransformer(from: "EPSG:4326", to: "EPSG:3857").transform(centre)
        XCTAssertLessThan(projected.x, 0)
    }
}

/// Maps built in code are held to the rules a file is.
final class InCodeStrictnessTests: XCTestCase {
    func testBowTieAndOutOfRangeTerritoriesAreRefused() throws {
        let bowTie = try Geometry(wkt: "POLYGON ((0 0, 1 1, 1 0, 0 1, 0 0))")
        XCTAssertThrowsError(try TerritoryMap([Territory(id: "b", geometry: bowTie)])) { error in
            guard case let .badFeature(source, index, id, defect)? = error as? TerritoryError else { return XCTFail("\(error)") }
            XCTAssertEqual(source, "<map>"); XCTAssertEqual(index, 0); XCTAssertEqual(id, "b")
            XCTAssertEqual(defect.kind, .invalidGeometry)
        }
        let east = try Geometry.rectangle(Envelope(minX: 199, minY: 0, maxX: 200, maxY: 1))
        XCTAssertThrowsError(try TerritoryMap([Territory(id: "ok", geometry: Geometry.rectangle(Envelope(minX: 0, minY: 0, maxX: 1, maxY: 1))),
                                               Territory(id: "east", geometry: east)])) { error in
            guard case let .badFeature(_, index, _, defect)? = error as? TerritoryError else { return XCTFail("\(error)") }
            XCTAssertEqual(index, 1)
            XCTAssertEqual(defect.kind, .coordinateOutOfRange)
        }
        XCTAssertThrowsError(try TerritoryMap([Territory(id: "p", geometry: Geometry.point(x: 0, y: 0))]))
        XCTAssertThrowsError(try TerritoryMap([Territory(id: "e", geometry: Geometry.empty(.polygon))]))
    }
}

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
        let county = try TerritoryMap.load(contentsOf: Fixtures.url("nc_counties_sids2.geojson")).territories[0].geometry
        let m = try Geodesic.wgs84.measure(county)
        let grown = try Geodesic.wgs84.area(county.buffered(metres: 1_000))
        XCTAssertEqual(grown - m.area, m.perimeter * 1_000, accuracy: 0.05 * m.perimeter * 1_000)
    }
}
