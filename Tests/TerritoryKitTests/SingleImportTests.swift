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
