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
