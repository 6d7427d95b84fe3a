// Only TerritoryKit is imported here (and XCTest and the fixtures): the GEOS and PROJ types its
// API uses must come with it.
import XCTest
import TerritoryKit
import TestFixtures

/// What a user of the public API sees: one import, option structs with memberwise initialisers,
/// names that say what things are.
final class PublicAPITests: XCTestCase {
    func testGeometryAndGeodesicComeWithTerritoryKit() throws {
        let square: Geometry = try Geometry.rectangle(Envelope(minX: -79, minY: 35, maxX: -78, maxY: 36))
        let map = try TerritoryMap([Territory(id: "A", geometry: square)])
        let centre: Coordinate = try XCTUnwrap(map.territories[0].geometry.centroid().pointCoordinate)
        XCTAssertEqual(centre.x, -78.5, accuracy: 1e-9)
        XCTAssertGreaterThan(try Geodesic.wgs84.area(square), 1e10)
        let projected = try CoordinateTransformer(from: "EPSG:4326", to: "EPSG:3857").transform(centre)
        XCTAssertLessThan(projected.x, 0)
    }

    func testOptionStructsHaveMemberwiseInits() throws {
        let validation = ValidationOptions(sliverArea: 5, engine: .pairwise)
        XCTAssertEqual(validation.sliverArea, 5)
        XCTAssertEqual(validation.sliverWidth, 50)
        let render = RenderOptions(width: 400, coloring: .territory)
        XCTAssertEqual(render.width, 400)
        let columns = CustomerColumns(id: "customer", weight: "revenue", weightRequired: true)
        XCTAssertEqual(columns.lon, "lon")
        XCTAssertEqual(columns.weight, "revenue")
        XCTAssertEqual(PropertyNames(name: "label").name, "label")
        XCTAssertEqual(PropertyNames(id: "code").id, "code")
        let batch = try CustomerBatch(ids: ["a"], lon: [0.5], lat: [0.5])
        XCTAssertEqual(batch.count, 1)
    }

    func testOverlapNamesItsTerritoriesAndOneFeatureIndexName() throws {
        let report = try Validator.validate(contentsOf: Fixtures.url("nc_territories_damaged.geojson"))
        let overlap = try XCTUnwrap(report.overlaps.first)
        XCTAssertEqual([overlap.firstID, overlap.secondID], ["T5", "T6"])
        XCTAssertLessThan(overlap.firstFeatureIndex, overlap.secondFeatureIndex)
        let features = try TerritoryMap.inspect(GeoJSONFile(Fixtures.url("nc_territories.geojson")))
        XCTAssertEqual(features.map(\.featureIndex), Array(0..<8))
        XCTAssertEqual(features.map(\.record.featureIndex), Array(0..<8))
        XCTAssertEqual(PropertyNames(id: "name").id, "name")
    }
}
