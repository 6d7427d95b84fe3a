import XCTest
import TerritoryKit
import TestFixtures

/// The library's entry points throw only ``TerritoryError``: each `catch` below binds `error`
/// statically as `TerritoryError`, which compiles only because the entry points are declared
/// `throws(TerritoryError)`; GEOS and PROJ failures arrive wrapped, never raw.
final class TypedErrorTests: XCTestCase {
    func testGEOSAndPROJFailuresArriveWrapped() throws {
        let bowTie = try Geometry(wkt: "POLYGON ((0 0, 1 1, 1 0, 0 1, 0 0))")
        do {
            _ = try Compactness(bowTie)
            XCTFail("a bow-tie has no compactness")
        } catch {
            guard case .projection = error else { return XCTFail("\(error)") }
            XCTAssertTrue(error.description.contains("Self-intersection"), error.description)
        }
        // UnitGraph throws only where GEOS or PROJ fail, which no valid input makes them do: its
        // error type is checked where the compiler checks it, in a typed function value.
        let build: ([Geometry]) throws(TerritoryError) -> UnitGraph = { geometries throws(TerritoryError) in try UnitGraph(geometries) }
        XCTAssertEqual(try build([bowTie]).neighbours, [[]])
        let map = try TerritoryMap.load(GeoJSONFile(Fixtures.url("nc_territories.geojson")))
        do {
            _ = try BalanceReport(map: map, tally: BalanceTally(territoryCount: 3))
            XCTFail("a tally of the wrong size")
        } catch {
            guard case .invalidArgument = error else { return XCTFail("\(error)") }
        }
        do {
            var options = RenderOptions()
            options.projection = "EPSG:999999"
            _ = try MapRenderer.svg(map: map, options: options)
            XCTFail("an unknown CRS")
        } catch {
            guard case .projection = error else { return XCTFail("\(error)") }
        }
    }

    func testGeometryTypeIsKnownFromConstruction() throws {
        XCTAssertEqual(try Geometry(wkt: "MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)))").type, .multiPolygon)
        XCTAssertEqual(try Geometry(wkt: "GEOMETRYCOLLECTION EMPTY").type, .geometryCollection)
        XCTAssertEqual(try Geometry(wkt: "POINT (1 2)").type, .point)
    }
}
