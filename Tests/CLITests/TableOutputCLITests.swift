import Foundation
import GDAL
import GeoTypes
import TerritoryKit
import TestFixtures
import XCTest

/// Tables written through GDAL (a GeoPackage, a database) stream as fields through a spool on
/// disk and, in a file, commit in batches of 100,000 rows: more rows than one batch arrive whole,
/// as the CSV output has them, in a new GeoPackage, beside another layer of an existing one, and
/// in a PostGIS table; status, distances and moves likewise. (Their memory and speed are measured in Benchmarks/peers/compare_outputs.sh.)
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

    /// Every streamed table reaches GDAL as the CSV has it: assignments with key accounts'
    /// status and nearest-fallback distances, and a plan change's moves; the summary printed is
    /// the same whichever the output.
    func testStatusDistancesAndMovesArriveAsTheCSVHasThem() throws {
        let dir = try Fixtures.temporaryDirectory()
        let customers = Fixtures.url("nc_accounts.csv").path
        let accounts = Fixtures.url("organisation/nc_key_accounts.csv").path
        let gpkg = dir.appendingPathComponent("out.gpkg").path
        // Key accounts (a status column) on the accounts file; the nearest fallback (distances)
        // on the customers, some of whom lie outside every territory.
        let cases: [(String, [String], String, (CSVTable) -> Bool)] = [
            (customers, ["--accounts", accounts, "--nearest-within", "20000"], "assignments", { $0.rows.contains { $0[2] == "account" } }),
            (Fixtures.url("nc_customers.csv").path, ["--nearest-within", "20000"], "nearest", { $0.rows.contains { !$0[2].isEmpty } }),
        ]
        var table = CSVTable(source: "", header: [], rows: [], lines: [])
        for (file, options, name, holds) in cases {
            let out = dir.appendingPathComponent("\(name).csv")
            let csv = try cli.ok(["assign", territories, file, "-o", out.path] + options)
            table = try CSVTable.read(contentsOf: out)
            XCTAssertTrue(holds(table), "\(name): \(table.header)")
            let layer = try cli.ok(["assign", territories, file, "-o", gpkg, "--output-layer", name] + options)
            // A distance is a real field: read back in its shortest form (11770.0 as 11770).
            let expected = table.rows.map { row in row.map { field in field.contains(".") ? Double(field).map(NumberText.shortest) ?? field : field }
            }
            XCTAssertEqual(try layerRows(gpkg, layer: name), expected, name)
            XCTAssertEqual(layer.stdout, csv.stdout, "\(name): the same summary")
        }
        // Moves from the map to a design of it, as CSV and as a layer of the same GeoPackage.
        let plan = dir.appendingPathComponent("plan.geojson").path
        _ = try cli.ok(["design", Fixtures.url("nc_counties_sids2.geojson").path, "--territories", "4", "--weight-property", "bir74", "-o", plan])
        let moves = dir.appendingPathComponent("moves.csv")
        _ = try cli.ok(["diff", territories, plan, "--customers", customers, "--moves-output", moves.path])
        _ = try cli.ok(["diff", territories, plan, "--customers", customers, "--moves-output", gpkg, "--output-layer", "moves"])
        let expected = try CSVTable.read(contentsOf: moves).rows
        XCTAssertGreaterThan(expected.count, 100)
        XCTAssertEqual(try layerRows(gpkg, layer: "moves"), expected)
        XCTAssertEqual(try layerRows(gpkg, layer: "nearest").count, table.rows.count, "the other layers kept")
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
