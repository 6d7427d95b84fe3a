import Foundation
import GEOS
import TestFixtures
import XCTest

/// design's regions through the CLI: territories grouped into contiguous, balanced regions of
/// whole territories, and territories designed inside given regions; checked on the written
/// files with GEOS directly.
final class RegionDesignCLITests: XCTestCase {
    let cli = CLIRunner()
    var counties: String { Fixtures.url("nc_counties_sids2.geojson").path }

    /// The features of a GeoJSON file: id, properties and geometry, read with Foundation and GEOS.
    func features(_ path: String) throws -> [(id: String, properties: [String: Any], geometry: Geometry)] {
        let object = try json(String(contentsOfFile: path, encoding: .utf8))
        return try (object["features"] as! [[String: Any]]).map { f in
            let properties = f["properties"] as! [String: Any]
            let geometry = try Geometry(geoJSON: String(decoding: try JSONSerialization.data(withJSONObject: f["geometry"]!), as: UTF8.self))
            return ("\(properties["id"]!)", properties, geometry)
        }
    }

    func testTerritoriesGroupedIntoRegions() throws {
        let dir = try Fixtures.temporaryDirectory()
        let out = dir.appendingPathComponent("t.geojson").path, regionsOut = dir.appendingPathComponent("r.geojson").path
        let r = try cli.ok([
            "design", counties, "--territories", "12", "--weight-property", "bir74", "--tolerance", "10", "--regions", "3", "-o", out,
            "--regions-output", regionsOut, "--format", "json",
        ])
        let summary = try json(r.stdout)
        let territories = try features(out), regions = try features(regionsOut)
        XCTAssertEqual(regions.map(\.id), ["R1", "R2", "R3"])
        XCTAssertEqual(Set(territories.compactMap { $0.properties["region"] as? String }), ["R1", "R2", "R3"])
        let listed = try XCTUnwrap(summary["regions"] as? [[String: Any]])
        var total = 0.0
        for (region, entry) in zip(regions, listed) {
            let members = territories.filter { $0.properties["region"] as? String == region.id }
            XCTAssertEqual(entry["territories"] as? [String], members.map(\.id))
            XCTAssertEqual(region.properties["territories"] as? Int, members.count)
            // A region is the union of its territories: same weight, same land.
            let weight = members.reduce(0.0) { $0 + (($1.properties["weight"] as? NSNumber)?.doubleValue ?? 0) }
            XCTAssertEqual((region.properties["weight"] as? NSNumber)?.doubleValue ?? -1, weight, accuracy: 0.5)
            let union = try Geometry.unaryUnion(members.map(\.geometry))
            XCTAssertLessThan(try union.symmetricDifference(region.geometry).planarArea(), 1e-9 * max(1, try union.planarArea()))
            XCTAssertLessThanOrEqual(abs(try XCTUnwrap(entry["deviation_pct"] as? Double)), 10 + 1e-9)
            total += weight
        }
        // The regions' targets: a third of the total each.
        XCTAssertEqual(try XCTUnwrap(listed.first?["target"] as? Double), total / 3, accuracy: 0.5)
        XCTAssertLessThanOrEqual(try XCTUnwrap(summary["regions_max_deviation_pct"] as? Double), 10 + 1e-9)
    }

    func testRegionsGoIntoAGeoPackageAsALayer() throws {
        let dir = try Fixtures.temporaryDirectory()
        let out = dir.appendingPathComponent("plan.gpkg").path
        _ = try cli.ok(["design", counties, "--territories", "6", "--weight-property", "bir74", "--tolerance", "10", "--regions", "2", "-o", out])
        // A layer named for them.
        let named = dir.appendingPathComponent("named.gpkg").path
        _ = try cli.ok([
            "design", counties, "--territories", "6", "--weight-property", "bir74", "--tolerance", "10", "--regions", "2", "-o",
            dir.appendingPathComponent("t.geojson").path, "--regions-output", named, "--regions-output-layer", "zones",
        ])
        XCTAssertEqual(try json(cli.ok(["validate", named, "--layer", "zones", "--format", "json"]).stdout)["territories"] as? Int, 2)
        let regions = try cli.ok(["validate", out, "--layer", "regions", "--format", "json"])
        let report = try json(regions.stdout)
        XCTAssertEqual(report["territories"] as? Int, 2)
        XCTAssertEqual(report["valid"] as? Bool, true)
        XCTAssertEqual((report["overlaps"] as? [Any])?.count, 0)
    }

    func testTerritoriesDesignedInsideRegions() throws {
        let dir = try Fixtures.temporaryDirectory()
        let out = dir.appendingPathComponent("t.geojson").path
        // The eight NC territories (unions of counties) as regions, two territories in each.
        let regionsMap = Fixtures.url("nc_territories.geojson").path
        let r = try cli.ok([
            "design", counties, "--within", regionsMap, "--territories-per-region", "2", "--weight-property", "bir74", "--tolerance", "25", "-o",
            out, "--format", "json",
        ])
        let summary = try json(r.stdout)
        let territories = try features(out), regions = try features(regionsMap)
        XCTAssertEqual(territories.count, 16)
        for t in territories {
            let region = try XCTUnwrap(regions.first { $0.id == t.properties["region"] as? String }, t.id)
            // Inside its region: nothing of the territory lies outside it.
            XCTAssertLessThan(
                try t.geometry.difference(region.geometry).planarArea(), 1e-9 * (try t.geometry.planarArea()), "\(t.id) leaves \(region.id)")
        }
        XCTAssertEqual(
            (summary["regions"] as? [[String: Any]])?.map { $0["territories"] as? [String] ?? [] }.map(\.count), Array(repeating: 2, count: 8))
        // Each territory's target is its region's mean.
        let rows = try XCTUnwrap(summary["territories"] as? [[String: Any]])
        for k in stride(from: 0, to: 16, by: 2) {
            let a = rows[k], b = rows[k + 1]
            XCTAssertEqual(a["target"] as? Double, b["target"] as? Double)
            let sum = (a["weight"] as! Double) + (b["weight"] as! Double), target = a["target"] as! Double
            XCTAssertEqual(sum, 2 * target, accuracy: 1)
        }
    }

    func testBadRegionOptionsAreOneLine() throws {
        let dir = try Fixtures.temporaryDirectory()
        let out = dir.appendingPathComponent("t.geojson").path
        let half = dir.appendingPathComponent("half.geojson").path
        // Regions that leave the east of the state out.
        let regions = try json(Fixtures.text("nc_territories.geojson"))
        var some = regions
        some["features"] = Array((regions["features"] as! [Any]).prefix(4))
        try JSONSerialization.data(withJSONObject: some).write(to: URL(fileURLWithPath: half))
        let cases: [([String], String)] = [
            (["--within", half, "--territories-per-region", "2"], "lies in no region; every unit needs one"),
            (["--within", Fixtures.url("nc_territories.geojson").path], "--within and --territories-per-region go together"),
            (["--territories", "8", "--within", half, "--territories-per-region", "2"], "give --territories-per-region, not --territories"),
            (["--territories", "8", "--regions", "9"], "9 regions of 8 territories"),
            (["--territories", "8", "--regions", "2", "--within", half], "give --regions or --within, not both"),
        ]
        for (extra, message) in cases {
            let r = try cli.run(arguments: ["design", counties, "--weight-property", "bir74", "-o", out] + extra)
            XCTAssertEqual(r.status, 2, "\(extra): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains(message), "\(extra): \(r.stderr)")
            XCTAssertFalse(FileManager.default.fileExists(atPath: out))
        }
    }
}
