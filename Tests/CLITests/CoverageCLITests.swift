import Foundation
import XCTest
import TestFixtures

/// `territory adjacency`, and validate's warnings and engines, end to end.
final class CoverageCLITests: XCTestCase {
    let cli = CLIRunner()

    func testAdjacencyCSVAndSummary() throws {
        let dir = try Fixtures.temporaryDirectory()
        let out = dir.appendingPathComponent("adjacency.csv")
        let r = try cli.run("adjacency", Fixtures.url("nc_counties_sids2.geojson").path, "--output", out.path)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "231 pairs sharing a border, 14 touching at points only, 1 connected component\n")
        let lines = try String(contentsOf: out, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.first, "a,b,shared_border_m")
        XCTAssertEqual(lines.count, 232)
        // Ids as written, `a` earlier in the file than `b`, rows in file order of a, then b.
        let order = try Fixtures.text("nc_counties_sids2.geojson").components(separatedBy: "\"id\":").dropFirst()
            .map { String($0.prefix { $0.isNumber }) }
        let position = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
        let rows = lines.dropFirst().map { $0.split(separator: ",").map(String.init) }
        let keys = rows.map { (position[$0[0]]!, position[$0[1]]!) }
        XCTAssertTrue(keys.allSatisfy { $0.0 < $0.1 })
        XCTAssertEqual(keys.map { [$0.0, $0.1] }, keys.map { [$0.0, $0.1] }.sorted { $0.lexicographicallyPrecedes($1) })
        XCTAssertTrue(rows.allSatisfy { Double($0[2])! > 0 })
        // Wake and Durham's shared border: pyproj's geodesic length of shapely's intersection
        // (fixtures/reference/nc_borders.csv), printed to the millimetre.
        let wakeDurham = try XCTUnwrap(rows.first { Set($0[0...1]) == ["37183", "37063"] })
        let reference = try XCTUnwrap(Fixtures.referenceRows("reference/nc_borders.csv").first { $0["a"] == "Wake" && $0["b"] == "Durham" })
        XCTAssertEqual(Double(wakeDurham[2])!, Double(reference["shared_border_m"]!)!, accuracy: 0.002)
        // To standard output, the summary goes to standard error; both methods agree.
        for method in ["coverage", "pairwise"] {
            let s = try cli.run("adjacency", Fixtures.url("nc_counties_sids2.geojson").path, "--method", method)
            XCTAssertEqual(s.status, 0)
            XCTAssertEqual(s.stdout, try String(contentsOf: out, encoding: .utf8))
            XCTAssertTrue(s.stderr.hasPrefix("231 pairs"), s.stderr)
        }
    }

    func testAdjacencyIdPropertyAndBadInput() throws {
        let r = try cli.run("adjacency", Fixtures.url("nc_counties_sids2.geojson").path, "--id-property", "name")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("\nDurham,Wake,") || r.stdout.contains("\nWake,Durham,"), r.stdout)
        let bad = try cli.run("adjacency", Fixtures.url("bad/bowtie.geojson").path)
        XCTAssertEqual(bad.status, 2)
        XCTAssertEqual(bad.stderr.split(separator: "\n").count, 1)
        XCTAssertEqual(bad.stdout, "")
        let missing = try cli.run("adjacency", Fixtures.url("nc_counties_sids2.geojson").path, "--id-property", "nope")
        XCTAssertEqual(missing.status, 2)
    }

    func testSplitTerritoryIsAWarningAndKeepsExitZero() throws {
        let dir = try Fixtures.temporaryDirectory()
        let file = dir.appendingPathComponent("split.geojson")
        try
            #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"T1"},"geometry":{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,1],[0,0]]],[[[2,0],[3,0],[3,1],[2,1],[2,0]]]]}}]}"#
            .write(to: file, atomically: true, encoding: .utf8)
        let json = try cli.run("validate", file.path, "--format", "json")
        XCTAssertEqual(json.status, 0, json.stderr)
        let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let warnings = try XCTUnwrap(report["warnings"] as? [[String: Any]])
        XCTAssertEqual(warnings.count, 1)
        XCTAssertEqual(warnings[0]["id"] as? String, "T1")
        XCTAssertEqual(warnings[0]["kind"] as? String, "noncontiguous")
        XCTAssertEqual(warnings[0]["parts"] as? Int, 2)
        XCTAssertEqual(report["valid"] as? Bool, true)
        let text = try cli.run("validate", file.path)
        XCTAssertEqual(text.status, 0)
        XCTAssertEqual(text.stdout, "\(file.path): 1 territories, clean, 1 warnings\nwarning  feature 0 (id T1): noncontiguous: 2 separate parts\n")
    }

    func testValidateEnginesPrintTheSameReport() throws {
        for name in ["nc_territories_damaged.geojson", "naturalearth_countries.geojson", "voronoi_1500.geojson"] {
            let a = try cli.run("validate", Fixtures.url(name).path, "--format", "json")
            let b = try cli.run("validate", Fixtures.url(name).path, "--format", "json", "--engine", "pairwise")
            XCTAssertEqual(a.status, b.status, name)
            XCTAssertEqual(a.stdout, b.stdout, name)
        }
    }
}
