import Foundation
import TerritoryKit
import TestFixtures
import XCTest

/// Every command on an empty layer, a one-feature layer and a layer of null geometries (read
/// through GDAL as CSV with WKT): a one-line refusal with exit 2 or a real answer, never a trap
/// (an empty layer once validated "clean", and report --visit-minutes and render crashed on it).
final class DegenerateLayersCLITests: XCTestCase {
    let cli = CLIRunner()
    let customers = Fixtures.url("nc_customers.csv").path

    func commands(_ map: String, _ dir: URL) -> [[String]] {
        let out = { (name: String) in dir.appendingPathComponent(name).path }
        return [
            ["validate", map], ["adjacency", map], ["assign", map, customers],
            ["report", map, customers, "--visit-minutes", "30", "--format", "json"], ["route", map, customers, "-o", out("r.csv")],
            ["render", map, customers, "-o", out("m.html")],
            ["design", map, "--territories", "1", "-o", out("d.geojson")], ["repair", map, "-o", out("f.geojson")],
            ["diff", map, map, "--customers", customers],
        ]
    }

    func testEveryCommandOnEmptyOneFeatureAndNullGeometryLayers() throws {
        let dir = try Fixtures.temporaryDirectory()
        let wake = try TerritoryMap.load(GeoJSONFile(Fixtures.url("nc_counties_sids2.geojson"))).territories.first { $0.id == "37183" }!
        let layers: [(name: String, text: String, expected: [Int32])] = [
            ("empty", "WKT,id\n", Array(repeating: 2, count: 9)),
            ("one", "WKT,id\n\"\(try wake.geometry.wkt())\",Wake\n", [0, 0, 0, 0, 0, 0, 0, 0, 0]),
            ("nulls", "WKT,id\n,a\n\"POLYGON EMPTY\",b\n", [1, 2, 2, 2, 2, 2, 2, 2, 2]),
        ]
        for layer in layers {
            let map = dir.appendingPathComponent("\(layer.name).csv")
            try layer.text.write(to: map, atomically: true, encoding: .utf8)
            for (arguments, expected) in zip(commands(map.path, dir), layer.expected) {
                let r = try cli.run(arguments: arguments)
                let what = "\(layer.name): \(arguments.joined(separator: " ")): \(r.stderr)"
                XCTAssertEqual(r.status, expected, what)
                XCTAssertFalse(r.stderr.contains("Fatal error") || r.stderr.contains("crashed"), what)
                if r.status == 2 {
                    XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, what)
                    XCTAssertTrue(r.stderr.hasPrefix("territory: error: "), what)
                }
            }
            XCTAssertEqual(
                try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { !$0.hasSuffix(".csv") || $0 == "r.csv" }.sorted(),
                layer.name == "one" ? ["d.geojson", "f.geojson", "m.html", "r.csv"] : [], layer.name)
            if layer.name == "one" {
                for name in ["d.geojson", "f.geojson", "m.html", "r.csv"] {
                    try FileManager.default.removeItem(at: dir.appendingPathComponent(name))
                }
            }
        }
        // An empty layer is refused as an empty GeoJSON is, naming the layer.
        let empty = try cli.run("validate", dir.appendingPathComponent("empty.csv").path)
        XCTAssertTrue(empty.stderr.contains("the layer empty has no features"), empty.stderr)
    }
}
