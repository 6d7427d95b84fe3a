import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest
import TerritoryKit
import TestFixtures

/// End-to-end tests: the built `territory` binary on the fixtures, checking outputs and exit codes.
final class CLITests: XCTestCase {
    let cli = CLIRunner()
    func run(_ arguments: String...) throws -> CLIRunner.Run { try cli.run(arguments: arguments) }
    func run(arguments: [String]) throws -> CLIRunner.Run { try cli.run(arguments: arguments) }

    func fixture(_ name: String) -> String { Fixtures.url(name).path }

    func testValidateCleanMapExitsZero() throws {
        let r = try run("validate", fixture("nc_territories.geojson"), "--format", "json")
        XCTAssertEqual(r.status, 0, r.stderr)
        let j = try json(r.stdout)
        XCTAssertEqual(j["territories"] as? Int, 8)
        XCTAssertEqual(j["valid"] as? Bool, true)
        XCTAssertEqual((j["invalid"] as? [Any])?.count, 0)
        XCTAssertEqual((j["overlaps"] as? [Any])?.count, 0)
        XCTAssertEqual((j["gaps"] as? [Any])?.count, 0)
    }

    func testValidateFindsTheCaspianGapAndExitsOne() throws {
        let r = try run("validate", fixture("naturalearth_countries.geojson"), "--format", "json")
        XCTAssertEqual(r.status, 1)
        let gaps = try XCTUnwrap(json(r.stdout)["gaps"] as? [[String: Any]])
        XCTAssertEqual(gaps.count, 1)
        // pyproj's area of the hole (fixtures/reference/naturalearth_gaps.csv), printed to the mm².
        let reference = try XCTUnwrap(Fixtures.referenceRows("reference/naturalearth_gaps.csv").first)
        XCTAssertEqual(try XCTUnwrap(gaps[0]["area_m2"] as? Double), Double(reference["area_m2"]!)!, accuracy: 1)
        let location = try XCTUnwrap(gaps[0]["location"] as? [Double])
        XCTAssertEqual(location.count, 2)
        XCTAssertEqual(location[0], Double(reference["point_lon"]!)!, accuracy: 0.5)
        XCTAssertEqual(location[1], Double(reference["point_lat"]!)!, accuracy: 0.5)
        XCTAssertEqual(gaps[0]["sliver"] as? Bool, false)
        let text = try run("validate", fixture("naturalearth_countries.geojson"))
        XCTAssertEqual(text.status, 1)
        XCTAssertTrue(text.stdout.contains("1 gaps"), text.stdout)
    }

    func testValidateReportsDefectiveFeaturesAndGoesOn() throws {
        let dir = try Fixtures.temporaryDirectory()
        let file = dir.appendingPathComponent("bad.geojson")
        try
            #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"a"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,1],[1,0],[0,1],[0,0]]]}},{"type":"Feature","properties":{"id":7},"geometry":{"type":"Polygon","coordinates":[[[5,5],[6,5],[6,6],[5,5]]]}},{"type":"Feature","properties":{"id":7},"geometry":{"type":"Polygon","coordinates":[[[5.5,5],[7,5],[7,6],[5.5,5]]]}}]}"#
            .write(to: file, atomically: true, encoding: .utf8)
        let r = try run("validate", file.path, "--format", "json")
        XCTAssertEqual(r.status, 1)
        let j = try json(r.stdout)
        let invalid = try XCTUnwrap(j["invalid"] as? [[String: Any]])
        XCTAssertEqual(invalid.map { $0["id"] as? String }, ["a", "7"])
        XCTAssertEqual(invalid[0]["reason"] as? String, "Self-intersection")
        XCTAssertEqual(invalid[0]["location"] as? [Double], [0.5, 0.5])
        let overlaps = try XCTUnwrap(j["overlaps"] as? [[String: Any]])
        XCTAssertEqual(overlaps.count, 1)
        XCTAssertEqual(overlaps[0]["a"] as? String, "7")
    }

    func testUnusableFilesExitTwoWithOneLine() throws {
        let dir = try Fixtures.temporaryDirectory()
        let notJSON = dir.appendingPathComponent("x.geojson")
        try "this is not json".write(to: notJSON, atomically: true, encoding: .utf8)
        let point = dir.appendingPathComponent("p.geojson")
        try #"{"type":"Point","coordinates":[0,0]}"#.write(to: point, atomically: true, encoding: .utf8)
        for args in [
            ["validate", notJSON.path], ["validate", point.path], ["validate", "/no/such/file.geojson"],
            ["validate", dir.path], ["assign", fixture("nc_territories.geojson"), notJSON.path],
            ["report", fixture("nc_territories.geojson"), "/no/such.csv"],
            ["render", notJSON.path, "-o", dir.appendingPathComponent("m.svg").path],
        ] {
            let r = try run(arguments: args)
            XCTAssertEqual(r.status, 2, "\(args): \(r.stderr)")
            let lines = r.stderr.split(separator: "\n")
            XCTAssertEqual(lines.count, 1, "\(args): \(r.stderr)")
            XCTAssertTrue(lines.first?.hasPrefix("territory: error: ") ?? false, r.stderr)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("m.svg").path))
    }

    func testAssignWritesOneRowPerCustomerInOrder() throws {
        let dir = try Fixtures.temporaryDirectory()
        let output = dir.appendingPathComponent("assigned.csv")
        let r = try run("assign", fixture("nc_territories.geojson"), fixture("nc_customers.csv"), "--output", output.path, "--threads", "2")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("assigned 64, unassigned 53, border ties 0, conflicts 0"), r.stderr)
        let rows = try String(contentsOf: output, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(rows.first, "customer_id,territory_id")
        let inputIDs = try Fixtures.csvRows("nc_customers.csv").map { $0[0] }
        XCTAssertEqual(rows.dropFirst().dropLast().map { String($0.split(separator: ",", omittingEmptySubsequences: false)[0]) }, inputIDs)
        XCTAssertEqual(rows.last, "")
        // Raleigh (GeoNames 4487042) is in Piedmont North.
        XCTAssertTrue(rows.contains("4487042,T5"))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), ["assigned.csv"])
    }

    /// Customers outside every territory go to the nearest within 30 km, at the geodesic distance
    /// fixtures/reference/nc_nearest.csv gives (pyproj; printed to 0.1 m, the reference's own
    /// densified boundary within 0.3 m of the exact one); customers farther stay unassigned.
    func testAssignNearestAddsDistances() throws {
        let r = try run("assign", fixture("nc_territories.geojson"), fixture("nc_customers.csv"), "--nearest-within", "30000")
        XCTAssertEqual(r.status, 0, r.stderr)
        let lines = r.stdout.split(separator: "\n")
        XCTAssertEqual(lines.first, "customer_id,territory_id,distance_m")
        let rows = Dictionary(
            uniqueKeysWithValues: lines.dropFirst().map { line in
                let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                return (f[0], (territory: f[1], distance: f[2]))
            })
        let reference = try Fixtures.referenceRows("reference/nc_nearest.csv")
        XCTAssertEqual(reference.count, 53)
        for expected in reference {
            let id = expected["customer_id"]!, distance = Double(expected["distance_m"]!)!
            let row = try XCTUnwrap(rows[id], id)
            if distance <= 30000 {
                XCTAssertEqual(row.territory, expected["nearest_territory_id"], id)
                XCTAssertEqual(try XCTUnwrap(Double(row.distance), id), distance, accuracy: 0.35, id)
            } else {
                XCTAssertEqual(row.territory, "", id)
            }
        }
        XCTAssertEqual(reference.filter { Double($0["distance_m"]!)! <= 30000 }.count, 9)
        XCTAssertTrue(r.stderr.contains("assigned 73, unassigned 44, border ties 0, conflicts 0, nearest 9;"), r.stderr)
    }

    func testAssignBadCSVLeavesNoOutput() throws {
        let dir = try Fixtures.temporaryDirectory()
        let csv = dir.appendingPathComponent("c.csv")
        var text = "id,lon,lat\n"
        for i in 0..<100_000 { text += "\(i),-79.0,35.5\n" }
        text += "bad,-79.0,north\n"
        try text.write(to: csv, atomically: true, encoding: .utf8)
        let output = dir.appendingPathComponent("out.csv")
        let r = try run("assign", fixture("nc_territories.geojson"), csv.path, "-o", output.path)
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("c.csv:100002: lat \"north\" is not a number"), r.stderr)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), ["c.csv"])
    }

    /// Every per-territory figure of the report against fixtures/reference/nc_report.csv, computed
    /// by make_nc_reference.py with shapely and pyproj; each to the digits the report prints.
    func testReportJSON() throws {
        let r = try run("report", fixture("nc_territories.geojson"), fixture("nc_customers.csv"), "--format", "json", "--tolerance", "50")
        XCTAssertEqual(r.status, 0, r.stderr)
        let j = try json(r.stdout)
        let territories = try XCTUnwrap(j["territories"] as? [[String: Any]])
        let reference = try Fixtures.referenceRows("reference/nc_report.csv")
        XCTAssertEqual(territories.map { $0["id"] as? String }, reference.map { $0["id"] })
        let printed: [(key: String, digits: Double)] = [
            ("weight", 0), ("area_km2", 3), ("customers_per_km2", 6), ("expected_weight", 2), ("deviation_pct", 2),
            ("polsby_popper", 4), ("reock", 4), ("convex_hull_ratio", 4),
        ]
        for (row, expected) in zip(territories, reference) {
            let id = expected["id"]!
            XCTAssertEqual(row["customers"] as? Int, Int(expected["customers"]!), id)
            XCTAssertEqual(row["parts"] as? Int, Int(expected["parts"]!), id)
            for (key, digits) in printed {
                let value = try XCTUnwrap((row[key] as? NSNumber)?.doubleValue, "\(id) \(key)")
                XCTAssertEqual(value, Double(expected[key]!)!, accuracy: 0.5 * pow(10, -digits) + 1e-9, "\(id) \(key)")
            }
            // outside ±50%: the reference deviation decides.
            XCTAssertEqual(row["outside_tolerance"] as? Bool, abs(Double(expected["deviation_pct"]!)!) > 50, id)
        }
        XCTAssertEqual(territories.reduce(0) { $0 + ($1["customers"] as! Int) }, 64)
        // The CSV format holds the same weights, every digit (it once printed 1.48522e+06).
        let csv = try run("report", fixture("nc_territories.geojson"), fixture("nc_customers.csv"), "--format", "csv")
        let csvRows = csv.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        XCTAssertEqual(csvRows.map { String($0[4]) }, reference.map { NumberText.shortest(Double($0["weight"]!)!) })
        XCTAssertEqual(csvRows.map { String($0[7]) }, reference.map { NumberText.shortest(Double($0["expected_weight"]!)!) })
        let summary = try XCTUnwrap(j["summary"] as? [String: Any])
        XCTAssertEqual(summary["unassigned"] as? Int, 53)
        XCTAssertEqual(summary["tolerance_pct"] as? Double, 50)
        XCTAssertEqual(csv.stdout.split(separator: "\n").count, 9)
    }

    func testRenderWritesAnSVG() throws {
        let dir = try Fixtures.temporaryDirectory()
        let svg = dir.appendingPathComponent("map.svg")
        let r = try run("render", fixture("nc_territories.geojson"), fixture("nc_customers.csv"), "--output", svg.path)
        XCTAssertEqual(r.status, 0, r.stderr)
        let text = try String(contentsOf: svg, encoding: .utf8)
        XCTAssertTrue(text.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        XCTAssertEqual(text.components(separatedBy: "<path class=\"territory\" data-territory-id=").count - 1, 8, "one path per territory")
        XCTAssertTrue(text.contains("id=\"scale-bar\""))
        XCTAssertTrue(text.contains("T1 Mountains North (Avery Moore)"))
        XCTAssertTrue(text.contains("<title>T4 Foothills South (Dev Patel) — customers 19, weight 1485217, deviation +142.6%</title>"))
        // Dots inside the frame (each a zero-length round-capped line), the rest counted.
        let dots = text.components(separatedBy: "h0").count - 1
        let crosses = text.components(separatedBy: "l6 6m0 -6l-6 6").count - 1
        XCTAssertEqual(dots, 64, "every assigned customer")
        XCTAssertTrue(text.contains("unassigned (\(crosses))"))
        XCTAssertTrue(text.contains("\(117 - 64 - crosses) customers lie outside the frame"), "the rest are counted")
        for group in ["territories", "problems", "overlaps", "gaps", "defects", "customers", "labels", "legend"] {
            XCTAssertTrue(text.contains("<g id=\"\(group)\""), group)
        }
        XCTAssertTrue(XMLParser(data: Data(text.utf8)).parse(), "the SVG is well-formed XML")
    }
}

final class RenderDamagedMapTests: XCTestCase {
    /// A damaged map is drawn, with its overlap, gap and defective feature marked.
    func testRenderMarksProblems() throws {
        let dir = try Fixtures.temporaryDirectory()
        let svg = dir.appendingPathComponent("damaged.svg")
        let r = try CLIRunner().run("render", Fixtures.url("nc_territories_damaged.geojson").path, "-o", svg.path)
        XCTAssertEqual(r.status, 0, r.stderr)
        let text = try String(contentsOf: svg, encoding: .utf8)
        XCTAssertTrue(text.contains("url(#overlap)\" stroke=\"#d00\" stroke-width=\"1.5\""), "the overlap is drawn")
        XCTAssertTrue(text.contains("<title>overlap T5 / T6"))
        XCTAssertTrue(text.contains("<title>gap:"))
        XCTAssertTrue(text.contains("T9: invalid geometry: Self-intersection"))
        XCTAssertTrue(text.contains(">defective feature (1)<"))
    }
}
