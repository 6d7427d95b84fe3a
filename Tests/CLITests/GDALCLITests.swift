import Foundation
import GDAL
import TerritoryGDAL
import TerritoryKit
import TestFixtures
import XCTest

/// Every command on GDAL sources and outputs, against the same command on the GeoJSON/CSV
/// fixtures; bad GDAL input as one line, exit 2, nothing written.
final class GDALCLITests: XCTestCase {
    let cli = CLIRunner()
    func gdal(_ name: String) -> String { Fixtures.url("gdal/\(name)").path }
    var territories: String { Fixtures.url("nc_territories.geojson").path }
    var counties: String { Fixtures.url("nc_counties_sids2.geojson").path }
    var customers: String { Fixtures.url("nc_customers.csv").path }

    func testCommandsReadEveryKindOfSourceAlike() throws {
        // Territories as GeoPackage and as a State Plane (feet) Shapefile; customers as a
        // GeoPackage point layer and as Excel / ODS sheets: the same output as the fixtures.
        let reference = try cli.ok(["assign", territories, customers]).stdout
        for map in [gdal("nc_territories.gpkg"), gdal("nc_territories_2264.shp")] {
            for people in [customers, gdal("nc_customers.gpkg"), gdal("nc_customers.xlsx"), gdal("nc_customers.ods")] {
                XCTAssertEqual(try cli.ok(["assign", map, people]).stdout, reference, "\(map) \(people)")
            }
        }
        let report = try cli.ok(["report", territories, customers, "--format", "json"]).stdout
        XCTAssertEqual(try cli.ok(["report", gdal("nc_territories.gpkg"), gdal("nc_customers.xlsx"), "--format", "json"]).stdout, report)
        let stops = try Fixtures.temporaryDirectory()
        let route = try cli.ok(["route", territories, customers, "--format", "json", "--output", stops.appendingPathComponent("a.csv").path]).stdout
        let routeGDAL = try cli.ok([
            "route", gdal("nc_territories_2264.shp"), gdal("nc_customers.gpkg"), "--format", "json", "--output",
            stops.appendingPathComponent("b.csv").path,
        ])
        XCTAssertEqual(routeGDAL.stdout, route)
        XCTAssertEqual(try Data(contentsOf: stops.appendingPathComponent("a.csv")), try Data(contentsOf: stops.appendingPathComponent("b.csv")))
        let adjacency = try cli.ok(["adjacency", counties]).stdout
        XCTAssertEqual(try cli.ok(["adjacency", gdal("nc_counties_shp.zip")]).stdout, adjacency)
        let design = try cli.ok(["design", counties, "--territories", "2", "--weight-property", "bir74", "--output", "/dev/null", "--format", "json"])
        let designGDAL = try cli.ok([
            "design", gdal("nc_counties.fgb"), "--territories", "2", "--weight-property", "bir74", "--output", "/dev/null", "--format", "json",
        ])
        XCTAssertEqual(designGDAL.stdout, design.stdout)
        // Written to as a device, not replaced by a file.
        let null = try FileManager.default.attributesOfItem(atPath: "/dev/null")
        XCTAssertEqual(null[.type] as? FileAttributeType, .typeCharacterSpecial)
        let validate = try cli.run("validate", gdal("nc_counties.gdb"), "--format", "json")
        XCTAssertEqual(validate.status, 0, validate.stderr)
        XCTAssertTrue(validate.stdout.contains("\"territories\":100"), validate.stdout)
        let dir = try Fixtures.temporaryDirectory()
        let svg = dir.appendingPathComponent("map.svg").path
        _ = try cli.ok(["render", gdal("nc_territories.gpkg"), gdal("nc_customers.xlsx"), "--output", svg])
        // Every territory drawn with the customers shapely counts in it (fixtures/reference/nc_report.csv).
        let drawn = try String(contentsOfFile: svg, encoding: .utf8).matches(
            of: /class="territory" data-territory-id="([^"]+)"[^>]* data-customers="(\d+)"/)
        let counted = try Fixtures.referenceRows("reference/nc_report.csv")
        XCTAssertEqual(drawn.map { "\($0.output.1):\($0.output.2)" }, counted.map { "\($0["id"]!):\($0["customers"]!)" })
    }

    func testOutputsToAGeoPackageAndOtherFormats() throws {
        let dir = try Fixtures.temporaryDirectory()
        let plan = dir.appendingPathComponent("plan.gpkg").path
        let design = try cli.ok([
            "design", counties, "--territories", "3", "--weight-property", "bir74", "--tolerance", "1", "--output", plan, "--output-layer",
            "territories", "--units-output", plan, "--units-output-layer", "units",
        ])
        _ = try cli.ok(["assign", plan, customers, "--layer", "territories", "--output", plan, "--output-layer", "assignments"])
        _ = try cli.ok(["route", plan, customers, "--layer", "territories", "--output", plan, "--output-layer", "routes"])
        XCTAssertEqual(try layers(plan), ["territories": 3, "units": 100, "assignments": 117, "routes": 64])
        // The territories read back are the ones the GeoJSON output holds.
        let geojson = dir.appendingPathComponent("plan.geojson").path
        let csv = dir.appendingPathComponent("units.csv").path
        let again = try cli.ok([
            "design", counties, "--territories", "3", "--weight-property", "bir74", "--tolerance", "1", "--output", geojson, "--units-output", csv,
        ])
        XCTAssertEqual(again.stdout, design.stdout)
        XCTAssertEqual(
            try cli.ok(["validate", plan, "--layer", "territories", "--format", "json"]).stdout.replacingOccurrences(of: plan, with: ""),
            try cli.ok(["validate", geojson, "--format", "json"]).stdout.replacingOccurrences(of: geojson, with: ""))
        // The units table holds the CSV's rows.
        let unitsCSV = try CSVTable.read(contentsOf: URL(fileURLWithPath: csv)).rows
        XCTAssertEqual(try layerRows(plan, layer: "units"), unitsCSV)
        // Other formats by extension, and another CRS. The validation reports name features by
        // position, so they also hold each format to the map's order (which is its border rule).
        // The same plan is written again by rebalancing its own alignment (nothing moves: the
        // design's writer without another search).
        // (Its territories come in the order the alignment names them first.)
        let samePlan = ["design", counties, "--from", csv, "--weight-property", "bir74", "--tolerance", "1"]
        let rewritten = dir.appendingPathComponent("rewritten.geojson").path
        XCTAssertTrue(try cli.ok(samePlan + ["--output", rewritten, "--format", "json"]).stdout.contains(#""moved_units":0,"#))
        let expected = try cli.ok(["validate", rewritten, "--format", "json"]).stdout.replacingOccurrences(of: rewritten, with: "")
        for name in ["plan.shp", "plan.fgb", "plan.kml"] {
            let path = dir.appendingPathComponent(name).path
            _ = try cli.ok(samePlan + ["--output", path])
            XCTAssertEqual(try cli.ok(["validate", path, "--format", "json"]).stdout.replacingOccurrences(of: path, with: ""), expected, name)
        }
        let albers = dir.appendingPathComponent("albers.gpkg").path
        _ = try cli.ok(samePlan + ["--output", albers, "--output-crs", "EPSG:5070"])
        XCTAssertEqual(try VectorDataset.open(albers).layers.first?.spatialReference?.authority, "EPSG:5070")
        let sheet = dir.appendingPathComponent("assignments.xlsx").path
        _ = try cli.ok(["assign", territories, customers, "--output", sheet])
        XCTAssertEqual(try VectorDataset.open(sheet).driverName, "XLSX")
        let named = dir.appendingPathComponent("assignments.db").path
        _ = try cli.ok(["assign", territories, customers, "--output", named, "--output-format", "gpkg"])
        XCTAssertEqual(try VectorDataset.open(named).driverName, "GPKG")
    }

    func testBadGDALInputIsOneLineAndWritesNothing() throws {
        let dir = try Fixtures.temporaryDirectory()
        let output = dir.appendingPathComponent("out.gpkg").path
        let noSHX = dir.appendingPathComponent("noshx.shp").path
        try FileManager.default.copyItem(atPath: gdal("nc_counties.shp"), toPath: noSHX)
        try FileManager.default.copyItem(atPath: gdal("nc_counties.dbf"), toPath: dir.appendingPathComponent("noshx.dbf").path)
        // A Shapefile cut off at half its .shp (the .shx, .dbf and .prj whole).
        let cut = dir.appendingPathComponent("cutoff.shp").path
        let shp = try Data(contentsOf: URL(fileURLWithPath: gdal("nc_counties.shp")))
        try shp.prefix(shp.count / 2).write(to: URL(fileURLWithPath: cut))
        for ext in ["shx", "dbf", "prj"] {
            try FileManager.default.copyItem(atPath: gdal("nc_counties.\(ext)"), toPath: dir.appendingPathComponent("cutoff.\(ext)").path)
        }
        let truncated = dir.appendingPathComponent("truncated.gpkg").path
        try Data(try Data(contentsOf: URL(fileURLWithPath: gdal("nc_territories.gpkg"))).prefix(20_000)).write(to: URL(fileURLWithPath: truncated))
        let cases: [([String], String)] = [
            (["assign", noSHX, customers], "noshx.shp: cannot read: Unable to open"),
            (["assign", truncated, customers], "truncated.gpkg: cannot read:"),
            (["assign", cut, customers], "cutoff.shp: cannot read: the .shp file is damaged: \(shp.count / 2) bytes of the \(shp.count)"),
            (["validate", cut], "the .shp file is damaged"),
            (["assign", gdal("nc_territories.gpkg"), customers, "--layer", "nope"], "no layer \"nope\" (layers: territories)"),
            (["assign", gdal("nc_mixed.gpkg"), customers], "wrong geometry type: geometry type is Point"),
            (["assign", gdal("nc_points.gpkg"), customers], "wrong geometry type: geometry type is Point"),
            (["assign", gdal("nc_no_crs.shp"), customers], "declares no CRS"),
            (["assign", gdal("nc_no_crs.shp"), customers, "--source-crs", "EPSG:999999"], "EPSG:999999"),
            (["assign", territories, gdal("nc_customers.xlsx"), "--weight-column", "revenue"], "missing column \"revenue\""),
            (["assign", territories, gdal("nc_counties.gpkg"), "--customers-layer", "counties"], "customers must be points"),
            (["assign", "PG:host=127.0.0.1 port=1 dbname=none connect_timeout=5", customers], "Connection refused"),
            (["assign", territories, customers, "--output", "PG:host=127.0.0.1 port=1 dbname=none", "--output-layer", "a"], "cannot connect"),
            (["assign", territories, customers, "--output", "PG:host=127.0.0.1 port=1 dbname=none"], "--output-layer"),
            (["assign", territories, customers, "--output", output, "--output-crs", "EPSG:999999"], "EPSG:999999"),
            (["assign", territories, customers, "--output", output, "--output-format", "nosuchformat"], "GDAL has no nosuchformat driver"),
            (["design", counties, "--territories", "2", "--output", output, "--output-crs", "+proj=ortho +lat_0=-35 +lon_0=100"], "cannot write"),
            // The second output fails: the first, made already, does not appear either.
            (
                [
                    "design", counties, "--territories", "2", "--output", output, "--units-output", "PG:host=127.0.0.1 port=1 dbname=none",
                    "--units-output-layer", "units",
                ], "cannot connect"
            ),
        ]
        for (arguments, expected) in cases {
            let r = try cli.run(arguments: arguments)
            XCTAssertEqual(r.status, 2, "\(arguments): \(r.stderr)")
            XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, "\(arguments): \(r.stderr)")
            XCTAssertTrue(r.stderr.hasPrefix("territory: error: ") && r.stderr.contains(expected), "\(arguments): \(r.stderr)")
            XCTAssertEqual(r.stdout, "", "\(arguments)")
            let left = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter {
                !$0.hasPrefix("noshx") && !$0.hasPrefix("cutoff.") && $0 != "truncated.gpkg"
            }
            XCTAssertEqual(left, [], "\(arguments): nothing written")
        }
    }

    /// Each layer's feature count.
    func layers(_ path: String) throws -> [String: Int] {
        Dictionary(uniqueKeysWithValues: try VectorDataset.open(path).layers.map { ($0.name, $0.featureCount) })
    }

    /// Ids reach a table as text unless every one is an integer that reads back as written:
    /// two ids beyond 2⁶³ stay two, `-0` stays `-0`, `007` stays `007`.
    func testIdsNeverPassThroughADouble() throws {
        let dir = try Fixtures.temporaryDirectory()
        let people = dir.appendingPathComponent("big_ids.csv")
        let ids = ["9223372036854775808", "9223372036854775809", "-0", "007", "12"]
        try ("id,lon,lat\n" + ids.map { "\($0),-79.0,35.5\n" }.joined()).write(to: people, atomically: true, encoding: .utf8)
        let table = dir.appendingPathComponent("a.gpkg").path
        _ = try cli.ok(["assign", territories, people.path, "-o", table, "--output-layer", "assignments"])
        let dataset = try VectorDataset.open(table)
        let layer = try XCTUnwrap(dataset.layer(named: "assignments"))
        XCTAssertEqual(layer.fields.first { $0.name == "customer_id" }?.type, .string)
        XCTAssertEqual(try layerRows(table, layer: "assignments").map(\.[0]), ids)
        // A column of plain integer ids stays an integer column.
        let plain = dir.appendingPathComponent("plain.csv")
        try "id,lon,lat\n1,-79.0,35.5\n-2,-79.0,35.5\n".write(to: plain, atomically: true, encoding: .utf8)
        _ = try cli.ok(["assign", territories, plain.path, "-o", table, "--output-layer", "plain"])
        XCTAssertEqual(try VectorDataset.open(table).layer(named: "plain")?.fields.first { $0.name == "customer_id" }?.type, .integer64)
    }
}
