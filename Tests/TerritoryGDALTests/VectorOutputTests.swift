import Foundation
import TerritoryGDAL
import TerritoryKit
import TestFixtures
import XCTest

/// Writing maps and tables through GDAL: what is read back is what was written; a failed
/// write leaves nothing behind and keeps what was there.
final class VectorOutputTests: XCTestCase {
    func testMapsRoundTripThroughEveryWritableFormat() throws {
        let reference = try TerritoryMap.load(GeoJSONFile(Fixtures.url("nc_counties_sids2.geojson")))
        let features = try reference.outputFeatures()
        let dir = try Fixtures.temporaryDirectory()
        for ext in ["gpkg", "shp", "fgb", "kml", "csv", "geojsonl", "gml"] {
            let path = dir.appendingPathComponent("map.\(ext)").path
            try VectorOutput(path, layer: "map").write(features: features)
            let back = try TerritoryMap.load(VectorSource(path))
            try assertSameMap(reference, back, tolerance: ext == "gml" ? 1e-12 : 0, ext)
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix(".") }
        XCTAssertEqual(leftovers, [], "no temporary folder left")
    }

    func testOutputCRS() throws {
        let reference = try TerritoryMap.load(GeoJSONFile(Fixtures.url("nc_counties_sids2.geojson")))
        let dir = try Fixtures.temporaryDirectory()
        let path = dir.appendingPathComponent("albers.gpkg").path
        try VectorOutput(path, crs: "EPSG:5070").write(features: reference.outputFeatures())
        let back = try TerritoryMap.load(VectorSource(path))
        try assertSameMap(reference, back, tolerance: 1e-8, "EPSG:5070 and back")
        XCTAssertThrowsError(try VectorOutput(path, crs: "EPSG:999999")) { XCTAssertTrue("\($0)".contains("--output-crs EPSG:999999"), "\($0)") }
    }

    func testTablesKeepTheirColumnsAndTypes() throws {
        let dir = try Fixtures.temporaryDirectory()
        let csv = "customer_id,territory_id,distance_m,zip\n7,T1,,02134\n12,T2,15.5,27601\n\"a,b\",,3,00501\n"
        let table = try CSVTable.parse(Array(csv.utf8))
        let path = dir.appendingPathComponent("out.gpkg").path
        try VectorOutput(path, layer: "assignments").write(table: table)
        let reader = try CustomerCSVReader.open(
            VectorSource(path, layer: "assignments"),
            columns: {
                var c = CustomerColumns(); c.id = "customer_id"; c.lon = "distance_m"; c.lat = "distance_m"
                return c
            }())
        XCTAssertEqual(reader.header, ["customer_id", "territory_id", "distance_m", "zip"])
        // ZIP codes keep their leading zeros (text); ids mixing numbers and text stay text.
        let dataset = try GDALTestSupport.fields(path, layer: "assignments")
        XCTAssertEqual(dataset, ["customer_id: string", "territory_id: string", "distance_m: real", "zip: string"])
    }

    func testAnExistingGeoPackageKeepsItsOtherLayers() throws {
        let dir = try Fixtures.temporaryDirectory()
        let path = dir.appendingPathComponent("plan.gpkg").path
        try VectorOutput(path, layer: "units").write(features: ncCountyFeatures())
        try VectorOutput(path, layer: "alignment").write(table: CSVTable.parse(Array("unit_id,territory_id\n37009,T1\n".utf8)))
        try VectorOutput(path, layer: "alignment").write(table: CSVTable.parse(Array("unit_id,territory_id\n37009,T2\n37005,T2\n".utf8)))
        XCTAssertEqual(try GDALTestSupport.layers(path), ["units": 100, "alignment": 2])
    }

    func testAFailedWriteLeavesNothingAndKeepsWhatWasThere() throws {
        let dir = try Fixtures.temporaryDirectory()
        let path = dir.appendingPathComponent("plan.gpkg").path
        try VectorOutput(path, layer: "territories").write(features: ncCountyFeatures())
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        // An orthographic view of North Carolina cannot show the far side of the Earth: the
        // write fails part-way through the countries.
        let world = try TerritoryMap.load(GeoJSONFile(Fixtures.url("naturalearth_countries.geojson"))).outputFeatures()
        let ortho = "+proj=ortho +lat_0=35 +lon_0=-79 +datum=WGS84"
        for target in [path, dir.appendingPathComponent("world.shp").path, dir.appendingPathComponent("world.fgb").path] {
            XCTAssertThrowsError(try VectorOutput(target, layer: "territories", crs: ortho).write(features: world)) { error in
                XCTAssertTrue("\(error)".contains("cannot write"), "\(error)")
            }
        }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), before, "the GeoPackage is unchanged")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted(), ["plan.gpkg"])
        // No folder to write in.
        XCTAssertThrowsError(try VectorOutput("/nonexistent/x.gpkg").write(table: CSVTable.parse(Array("a\n1\n".utf8)))) { error in
            XCTAssertTrue("\(error)".contains("no folder /nonexistent"), "\(error)")
        }
    }

    /// The field types written from typed features are those GDAL's own GeoJSON reader gives the
    /// same map (the reader GDAL outputs went through before), and the values read back are
    /// the map's.
    func testFeatureFieldTypesAreGDALsOwnForTheSameMap() throws {
        let dir = try Fixtures.temporaryDirectory()
        for name in ["nc_counties_sids2", "nc_territories", "naturalearth_countries"] {
            let map = try TerritoryMap.load(GeoJSONFile(Fixtures.url("\(name).geojson")))
            let geoJSON = dir.appendingPathComponent("\(name).geojson")
            try map.write(to: geoJSON)
            let path = dir.appendingPathComponent("\(name).gpkg").path
            try VectorOutput(path, layer: "map").write(features: map.outputFeatures())
            XCTAssertEqual(
                try GDALTestSupport.fields(path, layer: "map"), try GDALTestSupport.fields(geoJSON.path, layer: name), name)
            let back = try TerritoryMap.load(VectorSource(path))
            XCTAssertEqual(back.ids, map.ids, name)
        }
    }

    /// A table handed over as fields is the layer its CSV text gave when read back (the path
    /// tables took before): the same field types, values and points, for real outputs.
    func testOutputTablesAreTheLayersTheirCSVGave() throws {
        let dir = try Fixtures.temporaryDirectory()
        let counties = try TerritoryMap.load(GeoJSONFile(Fixtures.url("nc_counties_sids2.geojson")))
        let customers = try CustomerCSVReader(contentsOf: Fixtures.url("nc_customers.csv")).readAll()
        let territories = try TerritoryMap.load(GeoJSONFile(Fixtures.url("nc_territories.geojson")))
        let routes = try RoutePlanner().routes(
            map: territories, customers: customers, assignments: TerritoryAssigner(map: territories).assign(customers))
        let tables: [(String, OutputTable)] = [
            ("adjacency", try UnitGraph(map: counties).table(unitIDs: counties.ids)),
            ("routes", TerritoryRoute.table(routes, territoryIDs: territories.ids, customers: customers)),
        ]
        for (name, table) in tables {
            let typed = dir.appendingPathComponent("\(name)-typed.gpkg").path, parsed = dir.appendingPathComponent("\(name)-csv.gpkg").path
            try VectorOutput(typed, layer: name).write(table: table)
            try VectorOutput(parsed, layer: name).write(table: CSVTable.parse(table.csv))
            XCTAssertEqual(try GDALTestSupport.fields(typed, layer: name), try GDALTestSupport.fields(parsed, layer: name), name)
            let a = try GDALTestSupport.features(typed, layer: name), b = try GDALTestSupport.features(parsed, layer: name)
            XCTAssertGreaterThan(table.rows.count, 60, name)
            XCTAssertEqual(a.count, table.rows.count, name)
            XCTAssertTrue(zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }, name)
        }
    }

    func ncCountyFeatures() throws -> [OutputFeature] {
        try TerritoryMap.load(GeoJSONFile(Fixtures.url("nc_counties_sids2.geojson"))).outputFeatures()
    }
}
