import Foundation
import GEOS
import TerritoryGDAL
import TerritoryKit
import TestFixtures
import XCTest

/// Which reader a path names: GeoJSON files the project's own, everything else GDAL's; plans
/// as alignments, maps, layers of a file; customers as CSV or through GDAL.
final class SourcePickingTests: XCTestCase {
    func testMapSourcesByPath() throws {
        XCTAssertTrue(VectorSource.map(Fixtures.url("nc_counties_sids2.geojson").path) is GeoJSONFile)
        for name in ["nc_counties.gpkg", "nc_counties_shp.zip", "nc_counties.gdb", "nc_counties_wkt.csv"] {
            XCTAssertTrue(VectorSource.map(gdalFixture(name)) is VectorSource, name)
        }
        XCTAssertTrue(VectorSource.map("PG:dbname=sales", layer: "territories") is VectorSource)
        let source = try XCTUnwrap(VectorSource.map(gdalFixture("nc_counties.gpkg"), layer: "nc_counties", sourceCRS: "EPSG:4326") as? VectorSource)
        XCTAssertEqual(source, VectorSource(gdalFixture("nc_counties.gpkg"), layer: "nc_counties", sourceCRS: "EPSG:4326"))
    }

    func testPlansAsAlignmentsMapsAndLayers() throws {
        let units = try TerritoryMap.load(GeoJSONFile(Fixtures.url("nc_counties_sids2.geojson")))
        let alignment = Fixtures.url("organisation/nc_plan_lon.csv").path
        let fromUnits = try TerritoryPlan.open(alignment, units: (units, "counties"))
        XCTAssertNotNil(fromUnits.alignment)
        XCTAssertThrowsError(try TerritoryPlan.open(alignment)) { error in
            XCTAssertTrue("\(error)".contains("is a unit alignment; name the units it aligns with --units"), "\(error)")
        }
        let map = try TerritoryPlan.open(Fixtures.url("nc_territories.geojson").path)
        let layer = try TerritoryPlan.open(gdalFixture("nc_territories.gpkg") + ":" + (try onlyLayer(gdalFixture("nc_territories.gpkg"))))
        XCTAssertEqual(layer.territoryIDs, map.territoryIDs)
    }

    func testCustomersAsCSVOrThroughGDAL() throws {
        XCTAssertFalse(CustomerSource(Fixtures.url("nc_customers.csv").path).readsThroughGDAL)
        XCTAssertTrue(CustomerSource(Fixtures.url("nc_customers.csv").path, layer: "nc_customers").readsThroughGDAL)
        XCTAssertTrue(CustomerSource(gdalFixture("nc_customers.xlsx")).readsThroughGDAL)
        let fromCSV = try CustomerSource(Fixtures.url("nc_customers.csv").path).open().readAll()
        let fromSheet = try CustomerSource(gdalFixture("nc_customers.xlsx")).open().readAll()
        XCTAssertEqual((0..<fromSheet.count).map { fromSheet.id($0) }, (0..<fromCSV.count).map { fromCSV.id($0) })
        XCTAssertEqual(fromSheet.lon, fromCSV.lon)
        XCTAssertThrowsError(try CustomerSource(gdalFixture("nc_customers.xlsx"), dialect: CSVDialect(delimiter: 0x3B)).open()) { error in
            XCTAssertTrue("\(error)".contains("--delimiter and --encoding apply to CSV files"), "\(error)")
        }
        let table = try CustomerSource(Fixtures.url("nc_customers.csv").path).table()
        XCTAssertEqual(table.rows.count, fromCSV.count)
    }

    /// The one layer's name, read with GDAL.
    private func onlyLayer(_ path: String) throws -> String {
        let names = Array(try GDALTestSupport.layers(path).keys)
        XCTAssertEqual(names.count, 1)
        return names[0]
    }
}
