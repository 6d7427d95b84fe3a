import Foundation
import GDAL
import TerritoryKit
import TestFixtures
import XCTest

/// Tables written through GDAL (a GeoPackage, a database) stream through a spool on disk and,
/// in a file, commit in batches of 100,000 rows: more rows than one batch arrive whole, as the
/// CSV output has them, in a new GeoPackage, beside another layer of an existing one, and in a
/// PostGIS table. (Their memory and speed are measured in Benchmarks/peers/compare_outputs.sh.)
final class TableOutputCLITests: XCTestCase {
    let cli = CLIRunner()
    let territories = Fixtures.url("nc_territories.geojson").path

    /// Customers spread over North Carolina's bounding box (about half fall in a territory), with
    /// text ids as a CRM exports them, one with a quote, a comma and a line break.
    private func customers(_ count: Int, in dir: URL) throws -> String {
        var generator = SystemRandomNumberGenerator()
        var text = "id,lon,lat\n\"key \"\"7\"\", north,\nside\",-78.6,35.8\n"
        text.reserveCapacity(count * 24)
        for i in 1..<count {
            let lon = Int.random(in: -843_000 ... -755_000, using: &generator), lat = Int.random(in: 339_000...366_000, using: &generator)
            text += "c\(i),\(Double(lon) / 10_000),\(Double(lat) / 10_000)\n"
        }
        let path = dir.appendingPathComponent("customers.csv").path
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        return path
    }

    func testMoreRowsThanOneBatchArriveWhole() throws {
        let dir = try Fixtures.temporaryDirectory()
        let file = try customers(120_000, in: dir)
        let csv = try CSVTable.read(contentsOf: URL(fileURLWithPath: file))
        XCTAssertEqual(csv.rows.count, 120_000)
        let assigned = try CSVTable.parse(Array(cli.ok(["assign", territories, file]).stdout.utf8)).rows
        XCTAssertEqual(assigned.count, 120_000)
        XCTAssertEqual(assigned.first?.first, "key \"7\", north,\nside")
        let gpkg = dir.appendingPathComponent("plan.gpkg").path
        var destinations = [(gpkg, "assignments", [String]()), (gpkg, "second", ["--output-layer", "second"])]
        if let pg = ProcessInfo.processInfo.environment["TERRITORY_TEST_PG"] {
            destinations.append(("PG:" + pg, "streamed", ["--output-layer", "streamed"]))
        }
        for (destination, layer, extra) in destinations {
            _ = try cli.ok(["assign", territories, file, "-o", destination, "--quiet"] + extra)
            XCTAssertEqual(try layerRows(destination, layer: layer), assigned, layer)
        }
        // The second write kept the GeoPackage's first layer.
        XCTAssertEqual(try layerRows(gpkg, layer: "assignments").count, 120_000)
    }

    /// A Shapefile keeps 10 bytes of a field name: the names it cut are named in a warning, with
    /// the names written, which are the file's.
    func testFieldNamesAShapefileCutsAreNamed() throws {
        let dir = try Fixtures.temporaryDirectory()
        let shp = dir.appendingPathComponent("plan.shp").path
        let customers = Fixtures.url("nc_customers.csv").path
        let run = try cli.ok(["assign", territories, customers, "-o", shp, "--nearest-within", "1000"])
        XCTAssertTrue(
            run.stderr.contains("warning: \(shp): the ESRI Shapefile format cut field names: customer_id → customer_i, territory_id → territory_"),
            run.stderr)
        // Rows without geometry: GDAL writes the Shapefile's table alone, plan.dbf.
        let dbf = dir.appendingPathComponent("plan.dbf").path
        XCTAssertEqual(try XCTUnwrap(VectorDataset.open(dbf).layers.first).fields.map(\.name), ["customer_i", "territory_", "distance_m"])
        let gpkg = try cli.ok(["assign", territories, customers, "-o", dir.appendingPathComponent("plan.gpkg").path])
        XCTAssertFalse(gpkg.stderr.contains("warning"), gpkg.stderr)
    }
}
