import Foundation
import GDAL
import PROJ
import TestFixtures
import XCTest

/// The options of validate, render, repair, design, diff, assign and report that change a number
/// or a flag, each checked by the value it must produce: thresholds against the shapely/pyproj
/// figures in fixtures/reference/, frames against the file's own coordinates, areas against
/// PROJ's geodesic area of the shape they describe.
final class OptionValueCLITests: XCTestCase {
    let cli = CLIRunner()
    let territories = Fixtures.url("nc_territories.geojson").path
    let customers = Fixtures.url("nc_customers.csv").path
    let damaged = Fixtures.url("nc_territories_damaged.geojson").path

    /// `--region`: the part of the region no territory covers is an `uncovered_region` gap; with
    /// T1 left out of the map, that is T1's area (pyproj, fixtures/reference/nc_report.csv).
    func testValidateRegion() throws {
        let dir = try Fixtures.temporaryDirectory()
        var map = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: territories))) as? [String: Any])
        map["features"] = Array(try XCTUnwrap(map["features"] as? [Any]).dropFirst())
        let withoutT1 = dir.appendingPathComponent("no_t1.geojson")
        try JSONSerialization.data(withJSONObject: map).write(to: withoutT1)
        let r = try cli.run("validate", withoutT1.path, "--region", Fixtures.url("nc_counties_sids2.geojson").path, "--format", "json")
        XCTAssertEqual(r.status, 1, r.stderr)
        let gaps = try XCTUnwrap(try json(r.stdout)["gaps"] as? [[String: Any]])
        XCTAssertEqual(gaps.count, 1)
        XCTAssertEqual(gaps[0]["kind"] as? String, "uncovered_region")
        let t1 = try XCTUnwrap(Fixtures.referenceRows("reference/nc_report.csv").first { $0["id"] == "T1" })
        XCTAssertEqual(try XCTUnwrap(gaps[0]["area_m2"] as? Double), Double(t1["area_km2"]!)! * 1e6, accuracy: 0.01)
        // The region from any source: the same counties as a GeoPackage and a zipped Shapefile.
        for region in ["gdal/nc_counties.gpkg", "gdal/nc_counties_shp.zip"] {
            let other = try cli.run("validate", withoutT1.path, "--region", Fixtures.url(region).path, "--format", "json")
            XCTAssertEqual(other.status, 1, other.stderr)
            let otherGaps = try XCTUnwrap(try json(other.stdout)["gaps"] as? [[String: Any]])
            XCTAssertEqual(otherGaps.count, 1, region)
            XCTAssertEqual(try XCTUnwrap(otherGaps.first?["area_m2"] as? Double), Double(t1["area_km2"]!)! * 1e6, accuracy: 0.01, region)
        }
        // A region of points (a GeoPackage point layer): one line naming it, exit 2.
        let points = try cli.run("validate", withoutT1.path, "--region", Fixtures.url("gdal/nc_points.gpkg").path)
        XCTAssertEqual(points.status, 2)
        XCTAssertEqual(
            points.stderr, "territory: error: \(Fixtures.url("gdal/nc_points.gpkg").path): cannot read: the region has no usable polygon\n")
        // The whole map against the same region: nothing uncovered.
        let whole = try cli.run("validate", territories, "--region", Fixtures.url("nc_counties_sids2.geojson").path, "--format", "json")
        XCTAssertEqual(whole.status, 0, whole.stdout)
    }

    /// `--sliver-area` and `--sliver-width`: the damaged map's gap (1,810.5 km², 33.5 km wide by
    /// shapely) and overlap (2,194.6 km², 36.2 km) are slivers exactly when under the thresholds.
    func testValidateSliverThresholds() throws {
        let reference = try Fixtures.referenceRows("reference/nc_damaged_changes.csv")
        let overlapArea = Double(reference[1]["area_m2"]!)!, gapArea = Double(reference[2]["area_m2"]!)!
        let overlapWidth = Double(reference[1]["width_m"]!)!, gapWidth = Double(reference[2]["width_m"]!)!
        for (option, value) in [
            ("--sliver-area", (gapArea + overlapArea) / 2), ("--sliver-area", overlapArea * 1.01), ("--sliver-area", gapArea * 0.99),
            ("--sliver-width", (gapWidth + overlapWidth) / 2), ("--sliver-width", 10_000),
        ] {
            let r = try cli.run("validate", damaged, option, String(value), "--format", "json")
            XCTAssertEqual(r.status, 1, r.stderr)
            let j = try json(r.stdout)
            let gap = try XCTUnwrap((j["gaps"] as? [[String: Any]])?.first), overlap = try XCTUnwrap((j["overlaps"] as? [[String: Any]])?.first)
            // Default thresholds (10,000 m², 50 m) stay in force for the other measure.
            let (gapSize, overlapSize) = option == "--sliver-area" ? (gapArea, overlapArea) : (gapWidth, overlapWidth)
            XCTAssertEqual(gap["sliver"] as? Bool, gapSize < value, "\(option) \(value)")
            XCTAssertEqual(overlap["sliver"] as? Bool, overlapSize < value, "\(option) \(value)")
        }
    }

    /// `--width` and `--projection`: in plate carrée (EPSG:4326) the map's frame is the
    /// territories' lon/lat box scaled to the width less two 20 px margins; a 260 px legend is
    /// added to the right and 30 px below for the scale bar.
    func testRenderWidthAndProjection() throws {
        let dir = try Fixtures.temporaryDirectory()
        let svg = dir.appendingPathComponent("m.svg")
        var xs: [Double] = [], ys: [Double] = []
        let map = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: territories))) as? [String: Any])
        func collect(_ value: Any) {
            if let pair = value as? [Double], pair.count == 2 {
                xs.append(pair[0]); ys.append(pair[1])
            } else if let list = value as? [Any] {
                list.forEach(collect)
            }
        }
        for f in try XCTUnwrap(map["features"] as? [[String: Any]]) { collect((f["geometry"] as! [String: Any])["coordinates"]!) }
        let boxWidth = xs.max()! - xs.min()!, boxHeight = ys.max()! - ys.min()!
        for width in [1500.0, 2400] {
            _ = try cli.ok(["render", territories, "-o", svg.path, "--width", String(width), "--projection", "EPSG:4326"])
            let head = try String(contentsOf: svg, encoding: .utf8).prefix(200)
            let size = try XCTUnwrap(head.firstMatch(of: /width="([0-9.]+)" height="([0-9.]+)"/))
            XCTAssertEqual(Double(size.output.1)!, width + 260)
            XCTAssertEqual(Double(size.output.2)!, boxHeight / boxWidth * (width - 40) + 70, accuracy: 0.006)
        }
        // The default equal-area view is not plate carrée: NC is taller there (cos 35° shrinks lon).
        _ = try cli.ok(["render", territories, "-o", svg.path, "--width", "2400"])
        let head = try String(contentsOf: svg, encoding: .utf8).prefix(200)
        let height = Double(try XCTUnwrap(head.firstMatch(of: /height="([0-9.]+)"/)).output.1)!
        XCTAssertGreaterThan(height, boxHeight / boxWidth * 2360 * 1.15 + 70)
    }

    /// `--color-by deviation`: over-target territories are filled red, under-target ones blue
    /// (shapely's deviations, fixtures/reference/nc_report.csv); `--color-by workload` does the
    /// same with the workload deviations `report` prints.
    func testRenderColorBy() throws {
        let dir = try Fixtures.temporaryDirectory()
        let svg = dir.appendingPathComponent("m.svg")
        func fills(_ extra: [String]) throws -> [String: (red: Int, blue: Int)] {
            _ = try cli.ok(["render", territories, customers, "-o", svg.path] + extra)
            let text = try String(contentsOf: svg, encoding: .utf8)
            return Dictionary(
                uniqueKeysWithValues: text.matches(of: /<path class="territory" data-territory-id="([^"]+)"[^>]* fill="#([0-9A-Fa-f]{6})"/).map {
                    let hex = Int($0.output.2, radix: 16)!
                    return (String($0.output.1), (hex >> 16, hex & 0xFF))
                })
        }
        let byDeviation = try fills(["--color-by", "deviation"])
        let reference = try Fixtures.referenceRows("reference/nc_report.csv")
        XCTAssertEqual(byDeviation.count, 8)
        for row in reference {
            let fill = try XCTUnwrap(byDeviation[row["id"]!]), deviation = Double(row["deviation_pct"]!)!
            XCTAssertEqual(fill.red > fill.blue, deviation > 0, "\(row["id"]!) \(deviation)")
        }
        let workload = ["--visit-minutes", "30"]
        let report = try XCTUnwrap(
            try json(try cli.ok(["report", territories, customers, "--balance-on", "workload", "--format", "json"] + workload).stdout)["territories"]
                as? [[String: Any]])
        let byWorkload = try fills(["--color-by", "workload"] + workload)
        for row in report {
            let fill = try XCTUnwrap(byWorkload[row["id"] as! String]), deviation = row["deviation_pct"] as! Double
            XCTAssertEqual(fill.red > fill.blue, deviation > 0, "\(row["id"]!) \(deviation)")
        }
    }

    /// `--routes`: one path per territory through the stops of the routes file, closed.
    func testRenderRoutes() throws {
        let dir = try Fixtures.temporaryDirectory()
        let routes = dir.appendingPathComponent("r.csv"), svg = dir.appendingPathComponent("m.svg")
        _ = try cli.ok(["route", territories, customers, "-o", routes.path])
        _ = try cli.ok(["render", territories, "-o", svg.path, "--routes", routes.path])
        let stops = try String(contentsOf: routes, encoding: .utf8).split(separator: "\n").dropFirst().reduce(into: [String: Int]()) {
            $0[String($1.prefix { $0 != "," }), default: 0] += 1
        }
        let drawn = try String(contentsOf: svg, encoding: .utf8).matches(
            of: /<path data-territory-id="([^"]+)" stroke="[^"]+" d="([^"]+)"><title>route of [^:]+: (\d+) stops<\/title>/)
        XCTAssertEqual(drawn.count, 8)
        for m in drawn {
            let id = String(m.output.1), d = m.output.2
            XCTAssertEqual(Int(m.output.3), stops[id], id)
            XCTAssertEqual(d.filter { $0 == "M" || $0 == "L" }.count, stops[id], id)
            XCTAssertTrue(d.hasSuffix("Z"), id)
        }
    }

    /// `--min-width`: two squares 0.0001° apart are snapped together when the strip between them
    /// is narrower than the option, and the change's area is the strip's (PROJ's geodesic area).
    func testRepairMinWidthAndMaxGapArea() throws {
        let dir = try Fixtures.temporaryDirectory()
        let two = dir.appendingPathComponent("two.geojson"), fixed = dir.appendingPathComponent("fixed.geojson")
        try """
        {"type":"FeatureCollection","features":[
        {"type":"Feature","properties":{"id":"A"},"geometry":{"type":"Polygon","coordinates":[[[-79,35],[-78.5,35],[-78.5,35.5],[-79,35.5],[-79,35]]]}},
        {"type":"Feature","properties":{"id":"B"},"geometry":{"type":"Polygon","coordinates":[[[-78.4999,35],[-78,35],[-78,35.5],[-78.4999,35.5],[-78.4999,35]]]}}]}
        """.write(to: two, atomically: true, encoding: .utf8)
        // The strip is 0.0001° of longitude at 35°N: about 9.1 m.
        let strip = try Geodesic.wgs84.ring([
            Coordinate(x: -78.5, y: 35), Coordinate(x: -78.4999, y: 35), Coordinate(x: -78.4999, y: 35.5), Coordinate(x: -78.5, y: 35.5),
            Coordinate(x: -78.5, y: 35),
        ])
        let snapped = try json(try cli.ok(["repair", two.path, "-o", fixed.path, "--min-width", "20", "--format", "json"]).stdout)
        let changes = try XCTUnwrap(snapped["changes"] as? [[String: Any]])
        XCTAssertEqual(changes.map { $0["kind"] as? String }, ["snapped"])
        XCTAssertEqual(changes[0]["ids"] as? [String], ["B", "A"])
        XCTAssertEqual(try XCTUnwrap(changes[0]["area_m2"] as? Double), abs(strip.area), accuracy: 0.01)
        let apart = try json(try cli.ok(["repair", two.path, "-o", fixed.path, "--min-width", "5", "--format", "json"]).stdout)
        XCTAssertEqual((apart["changes"] as? [Any])?.count, 0)
        // `--max-gap-area` below the damaged map's gap (1,810.5 km² by pyproj) leaves it open: exit 1.
        let gapArea = Double(try Fixtures.referenceRows("reference/nc_damaged_changes.csv")[2]["area_m2"]!)!
        for (limit, filled) in [(gapArea * 0.99, false), (gapArea * 1.01, true)] {
            let r = try cli.run("repair", damaged, "-o", fixed.path, "--max-gap-area", String(limit), "--format", "json")
            XCTAssertEqual(r.status, filled ? 0 : 1, r.stderr)
            let j = try json(r.stdout)
            XCTAssertEqual(
                (j["changes"] as? [[String: Any]])?.map { $0["kind"] as! String },
                filled ? ["made_valid", "overlap", "gap"] : ["made_valid", "overlap"])
            XCTAssertEqual((j["remaining"] as? [String: Any])?["gaps"] as? Int, filled ? 0 : 1)
        }
    }

    /// `--lon-column`, `--lat-column`, `--id-column`: renamed columns give shapely's assignment
    /// (fixtures/reference/nc_assignment.csv); `--visit-minutes-column` gives each customer's own
    /// minutes, summed per territory over that assignment.
    func testRenamedColumnsAndVisitMinutesColumn() throws {
        let dir = try Fixtures.temporaryDirectory()
        let renamed = dir.appendingPathComponent("crm.csv")
        let lines = try String(contentsOfFile: customers, encoding: .utf8).split(separator: "\n")
        var text = "account,potential,y,x,minutes\n"
        var minutes: [String: Double] = [:]
        for (k, line) in lines.dropFirst().enumerated() {
            let f = line.split(separator: ",")
            minutes[String(f[0])] = Double(20 + 10 * (k % 3))
            text += "\(f[0]),\(f[3]),\(f[2]),\(f[1]),\(20 + 10 * (k % 3))\n"
        }
        try text.write(to: renamed, atomically: true, encoding: .utf8)
        let columns = ["--id-column", "account", "--lon-column", "x", "--lat-column", "y", "--weight-column", "potential"]
        let assigned = try cli.ok(["assign", territories, renamed.path] + columns).stdout
        XCTAssertEqual(assigned, try Fixtures.text("reference/nc_assignment.csv"))
        let report = try XCTUnwrap(
            try json(
                try cli.ok(["report", territories, renamed.path, "--visit-minutes-column", "minutes", "--format", "json"] + columns).stdout)[
                    "territories"]
                as? [[String: Any]])
        var expected: [String: Double] = [:]
        for row in try Fixtures.referenceRows("reference/nc_assignment.csv") where !row["territory_id"]!.isEmpty {
            expected[row["territory_id"]!, default: 0] += minutes[row["customer_id"]!]! / 60
        }
        let weights = Dictionary(
            uniqueKeysWithValues: try Fixtures.referenceRows("reference/nc_report.csv").map { ($0["id"]!, Double($0["weight"]!)!) })
        for row in report {
            let id = row["id"] as! String
            XCTAssertEqual(try XCTUnwrap(row["visit_hours"] as? Double), expected[id] ?? 0, accuracy: 0.0005, id)
            XCTAssertEqual(row["weight"] as? Double, weights[id], id)
        }
    }

    /// diff's `in_before` and `in_after`: territories that exist in only one plan.
    func testDiffMarksTerritoriesOfOnePlan() throws {
        let dir = try Fixtures.temporaryDirectory()
        var map = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: territories))) as? [String: Any])
        var features = try XCTUnwrap(map["features"] as? [[String: Any]])
        var last = features[7]["properties"] as! [String: Any]
        last["id"] = "T9"
        features[7]["properties"] = last
        map["features"] = features
        let renamed = dir.appendingPathComponent("renamed.geojson")
        try JSONSerialization.data(withJSONObject: map).write(to: renamed)
        let j = try json(try cli.ok(["diff", territories, renamed.path, "--customers", customers, "--format", "json"]).stdout)
        let rows = try XCTUnwrap(j["territories"] as? [[String: Any]])
        XCTAssertEqual(rows.map { $0["id"] as! String }, (1...9).map { "T\($0)" })
        for row in rows {
            let id = row["id"] as! String
            XCTAssertEqual(row["in_before"] as? Bool, id != "T9", id)
            XCTAssertEqual(row["in_after"] as? Bool, id != "T8", id)
        }
        // T8's five customers (shapely) all move to T9.
        XCTAssertEqual(j["moved_customers"] as? Int, 5)
        XCTAssertEqual(rows[7]["lost"] as? Int, 5); XCTAssertEqual(rows[8]["gained"] as? Int, 5)
    }

    /// `--version`: the tool's release and the releases of the libraries it runs on, as they
    /// report themselves.
    func testVersionNamesTheLibrariesItRunsOn() throws {
        let line = try CLIRunner().ok(["--version"]).stdout
        let gdal = try GDALLibrary.version, proj = try PROJLibrary.version
        XCTAssertTrue(line.hasPrefix("territory 0."), line)
        XCTAssertTrue(line.hasSuffix(", PROJ \(proj), GDAL \(gdal))\n"), line)
        XCTAssertNotNil(line.range(of: #"\(GEOS 3\.\d+\.\d+, "#, options: .regularExpression), line)
    }
}
