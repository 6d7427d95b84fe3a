import Foundation
import GEOS
import TestFixtures
import XCTest

/// diff, repair, render --compare and --nearest-within, through the CLI, against the exact path
/// (each plan's own `assign`).
final class RealignmentCLITests: XCTestCase {
    let cli = CLIRunner()
    var counties: String { Fixtures.url("nc_counties_sids2.geojson").path }
    var territories: String { Fixtures.url("nc_territories.geojson").path }
    var customers: String { Fixtures.url("nc_customers.csv").path }

    /// customer_id -> territory_id from `assign` output.
    func assigned(_ csv: String) -> [(String, String)] {
        csv.split(separator: "\n").dropFirst().map { line in
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            return (String(f[0]), String(f[1]))
        }
    }

    /// A designed plan (map and alignment) in `dir`. The same design is made once for the whole
    /// class and copied (design is deterministic: the same arguments give the same bytes).
    func design(_ dir: URL, _ name: String, _ extra: [String]) throws -> (map: String, units: String) {
        let made = try RealignmentCLITests.designs.value(extra) {
            let keep = try Fixtures.temporaryDirectory()
            let map = keep.appendingPathComponent("plan.geojson").path, units = keep.appendingPathComponent("plan.csv").path
            _ = try cli.ok(["design", counties, "--weight-property", "bir74", "--tolerance", "2", "--output", map, "--units-output", units] + extra)
            return (map: map, units: units)
        }
        let map = dir.appendingPathComponent("\(name).geojson").path, units = dir.appendingPathComponent("\(name).csv").path
        try FileManager.default.copyItem(atPath: made.map, toPath: map)
        try FileManager.default.copyItem(atPath: made.units, toPath: units)
        return (map, units)
    }

    /// Designs made so far, by their extra arguments.
    static let designs = Memo<[String], (map: String, units: String)>()

    func testDiffOfTwoMapsMatchesEachPlansAssignment() throws {
        let dir = try Fixtures.temporaryDirectory()
        let new = try design(dir, "new", ["--territories", "8"])
        let moves = dir.appendingPathComponent("moves.csv").path
        let r = try cli.ok(["diff", territories, new.map, "--customers", customers, "--moves-output", moves, "--format", "json"])
        let before = assigned(try cli.ok(["assign", territories, customers]).stdout)
        let after = assigned(try cli.ok(["assign", new.map, customers]).stdout)
        var expected = "customer_id,from_territory_id,to_territory_id\n"
        for (b, a) in zip(before, after) where b.1 != a.1 { expected += "\(b.0),\(b.1),\(a.1)\n" }
        XCTAssertEqual(try String(contentsOfFile: moves, encoding: .utf8), expected)

        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let rows = try XCTUnwrap(json["territories"] as? [[String: Any]])
        let moved = zip(before, after).filter { $0.1 != $1.1 }.count
        XCTAssertEqual(json["moved_customers"] as? Int, moved)
        XCTAssertEqual(try XCTUnwrap(json["moved_customers_pct"] as? Double), Double(moved) / 117 * 100, accuracy: 0.001)
        // Weights from the customers file; deviations of weight (balance_on's default) from each
        // plan's targets: the old map's target shares (1/8 each), the designed map's mean.
        let weightOf = Dictionary(
            uniqueKeysWithValues: try String(contentsOfFile: customers, encoding: .utf8).split(separator: "\n").dropFirst().map { line in
                let f = line.split(separator: ","); return (String(f[0]), Double(f[3])!)
            })
        let movedWeight = zip(before, after).filter { $0.1 != $1.1 }.reduce(0) { $0 + weightOf[$1.0.0]! }
        let totalWeight = weightOf.values.reduce(0, +)
        XCTAssertEqual(json["moved_weight"] as? Double, movedWeight)
        XCTAssertEqual(try XCTUnwrap(json["moved_weight_pct"] as? Double), movedWeight / totalWeight * 100, accuracy: 0.005)
        XCTAssertEqual(json["total_weight"] as? Double, totalWeight)
        XCTAssertEqual(json["customers"] as? Int, 117)
        func weights(_ plan: [(String, String)]) -> [String: Double] {
            plan.filter { !$0.1.isEmpty }.reduce(into: [:]) { $0[$1.1, default: 0] += weightOf[$1.0]! }
        }
        let weightBefore = weights(before), weightAfter = weights(after)
        let reference = try Fixtures.referenceRows("reference/nc_report.csv")
        let maxBefore = reference.map { abs(Double($0["deviation_pct"]!)!) }.max()!
        XCTAssertEqual(try XCTUnwrap(json["max_deviation_before_pct"] as? Double), maxBefore, accuracy: 0.005)
        let meanAfter = weightAfter.values.reduce(0, +) / 8
        XCTAssertEqual(
            try XCTUnwrap(json["max_deviation_after_pct"] as? Double), weightAfter.values.map { abs($0 / meanAfter - 1) * 100 }.max()!,
            accuracy: 0.005)
        for row in rows {
            let id = try XCTUnwrap(row["id"] as? String)
            XCTAssertEqual(row["customers_before"] as? Int, before.filter { $0.1 == id }.count, id)
            XCTAssertEqual(row["customers_after"] as? Int, after.filter { $0.1 == id }.count, id)
            XCTAssertEqual(row["gained"] as? Int, zip(before, after).filter { $0.1 != id && $1.1 == id }.count, id)
            XCTAssertEqual(row["lost"] as? Int, zip(before, after).filter { $0.1 == id && $1.1 != id }.count, id)
            XCTAssertEqual(row["weight_before"] as? Double, weightBefore[id] ?? 0, id)
            XCTAssertEqual(row["weight_after"] as? Double, weightAfter[id] ?? 0, id)
        }
        // A plan against itself: nothing moves.
        let same = try cli.ok(["diff", territories, territories, "--customers", customers, "--format", "json"]).stdout
        XCTAssertTrue(same.contains("\"moved_customers\":0,"), same)
    }

    func testDiffOfAlignmentsPlacesCustomersInUnits() throws {
        let dir = try Fixtures.temporaryDirectory()
        let a = try design(dir, "a", ["--territories", "8"]), b = try design(dir, "b", ["--territories", "3"])
        let moves = dir.appendingPathComponent("moves.csv").path
        let r = try cli.ok(["diff", a.units, b.units, "--units", counties, "--customers", customers, "--moves-output", moves, "--format", "csv"])
        // The exact path: each customer's unit by `assign` on the units, then the alignment.
        let unitOf = assigned(try cli.ok(["assign", counties, customers]).stdout)
        func alignment(_ path: String) throws -> [String: String] {
            Dictionary(
                uniqueKeysWithValues: try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").dropFirst().map {
                    let f = $0.split(separator: ","); return (String(f[0]), String(f[1]))
                })
        }
        let (ta, tb) = (try alignment(a.units), try alignment(b.units))
        var expected = "customer_id,from_territory_id,to_territory_id\n"
        for (c, u) in unitOf {
            let from = ta[u] ?? "", to = tb[u] ?? ""
            if from != to { expected += "\(c),\(from),\(to)\n" }
        }
        XCTAssertEqual(try String(contentsOfFile: moves, encoding: .utf8), expected)
        XCTAssertTrue(r.stdout.hasPrefix("id,customers_before,customers_after,weight_before,weight_after,gained,lost\n"), r.stdout)
        XCTAssertEqual(r.stdout.split(separator: "\n").count, 1 + 8, "T1..T8 (T7, T8 only before)")
        // An alignment without --units says what is missing.
        let bad = try cli.run("diff", a.units, b.units, "--customers", customers)
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("--units"), bad.stderr)
        XCTAssertEqual(bad.stderr.split(separator: "\n").count, 1)
    }

    func testDiffOfWorkloadRoutesBothPlans() throws {
        let dir = try Fixtures.temporaryDirectory()
        let new = try design(dir, "new", ["--territories", "8"])
        let r = try cli.ok(["diff", territories, new.map, "--customers", customers, "--visit-minutes", "30", "--format", "json"])
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(json["balance_on"] as? String, "workload")
        let rows = try XCTUnwrap(json["territories"] as? [[String: Any]])
        // Each plan's workload: 30 minutes per customer plus the drive hours of its tours, which the
        // route tests check leg by leg.
        func hours(_ map: String) throws -> [String: (customers: Int, drive: Double)] {
            let routed = try XCTUnwrap(
                (JSONSerialization.jsonObject(with: Data(try cli.ok(["route", map, customers, "-o", "/dev/null", "--format", "json"]).stdout.utf8))
                    as? [String: Any])?["territories"] as? [[String: Any]])
            return Dictionary(uniqueKeysWithValues: routed.map { ($0["id"] as! String, ($0["customers"] as! Int, $0["drive_hours"] as! Double)) })
        }
        let old = try hours(territories), designed = try hours(new.map)
        XCTAssertEqual(rows.count, 8)
        for row in rows {
            let id = row["id"] as! String
            let before = try XCTUnwrap(old[id]), after = try XCTUnwrap(designed[id])
            XCTAssertEqual(try XCTUnwrap(row["workload_hours_before"] as? Double), Double(before.customers) * 0.5 + before.drive, accuracy: 0.002, id)
            XCTAssertEqual(try XCTUnwrap(row["workload_hours_after"] as? Double), Double(after.customers) * 0.5 + after.drive, accuracy: 0.002, id)
        }
    }

    func testNearestWithinAndTheLeftOutLine() throws {
        let dir = try Fixtures.temporaryDirectory()
        let routes = dir.appendingPathComponent("r.csv").path
        for arguments in [
            ["report", territories, customers], ["route", territories, customers, "-o", routes],
            ["render", territories, customers, "-o", dir.appendingPathComponent("m.svg").path],
            ["design", counties, "--territories", "2", "--customers", customers, "-o", dir.appendingPathComponent("d.geojson").path],
            ["diff", territories, territories, "--customers", customers],
        ] {
            let plain = try cli.ok(arguments)
            let what = arguments[0] == "design" ? "unit" : "territory"
            XCTAssertTrue(
                plain.stderr.contains("53 customers lie outside every \(what); --nearest-within METRES assigns them"), "\(arguments): \(plain.stderr)"
            )
            let near = try cli.ok(arguments + ["--nearest-within", "25000"])
            XCTAssertTrue(
                near.stderr.contains("48 customers lie more than 25000 m outside every \(what) and are left out"), "\(arguments): \(near.stderr)")
        }
        // The customers taken in are the ones assign takes in.
        let assigned = try cli.ok(["assign", territories, customers, "--nearest-within", "25000"]).stderr
        XCTAssertTrue(assigned.contains("assigned 69, unassigned 48"), assigned)
        let report = try cli.ok(["report", territories, customers, "--nearest-within", "25000", "--format", "json"]).stdout
        XCTAssertTrue(report.contains("\"assigned\":69"), report)
    }

    func testRepairListsEveryChangeAndValidates() throws {
        let dir = try Fixtures.temporaryDirectory()
        let fixed = dir.appendingPathComponent("fixed.geojson").path
        let r = try cli.ok(["repair", Fixtures.url("nc_territories_damaged.geojson").path, "--output", fixed, "--format", "json"])
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let changes = try XCTUnwrap(json["changes"] as? [[String: Any]])
        XCTAssertEqual(changes.compactMap { $0["kind"] as? String }, ["made_valid", "overlap", "gap"])
        // Each change against shapely/pyproj (fixtures/reference/nc_damaged_changes.csv and .wkt):
        // its area to the mm² printed, its location inside the reference geometry, its ids.
        let reference = try Fixtures.referenceRows("reference/nc_damaged_changes.csv")
        let places = try Fixtures.text("reference/nc_damaged_changes.wkt").split(separator: "\n").map { try Geometry(wkt: String($0)) }
        for (k, c) in changes.enumerated() {
            XCTAssertEqual(try XCTUnwrap(c["area_m2"] as? Double), Double(reference[k]["area_m2"]!)!, accuracy: 0.01, reference[k]["kind"]!)
            let location = try XCTUnwrap(c["location"] as? [Double])
            XCTAssertTrue(try places[k].buffer(1e-9).covers(Geometry.point(x: location[0], y: location[1])), "\(location)")
            let ids = try XCTUnwrap(c["ids"] as? [String])
            if k < 2 { XCTAssertEqual(ids, reference[k]["ids"]!.split(separator: " ").map(String.init)) } else { XCTAssertEqual(ids.count, 1) }
        }
        // The repaired map gives the gap to the territory the change names (GEOS reads the file).
        let gapOwner = try XCTUnwrap((changes[2]["ids"] as? [String])?.first)
        let fixedFeatures = try XCTUnwrap(
            (JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: fixed))) as? [String: Any])?["features"] as? [[String: Any]])
        let owner = try XCTUnwrap(fixedFeatures.first { ($0["properties"] as? [String: Any])?["id"] as? String == gapOwner })
        let ownerGeometry = try Geometry(geoJSON: String(decoding: try JSONSerialization.data(withJSONObject: owner["geometry"]!), as: UTF8.self))
        XCTAssertTrue(try ownerGeometry.covers(try places[2].pointOnSurface()))
        let remaining = try XCTUnwrap(json["remaining"] as? [String: Any])
        XCTAssertEqual(remaining["invalid"] as? Int, 0); XCTAssertEqual(remaining["overlaps"] as? Int, 0);
        XCTAssertEqual(remaining["gaps"] as? Int, 0)
        XCTAssertEqual(json["settled_slivers"] as? Int, 0)
        XCTAssertEqual(json["valid"] as? Bool, true)
        XCTAssertEqual(try cli.ok(["validate", fixed]).status, 0)
        // Overlap to the largest instead; a clean map comes back with no change.
        let largest = try cli.ok([
            "repair", Fixtures.url("nc_territories_damaged.geojson").path, "-o", fixed, "--prefer", "largest", "--format", "json",
        ])
        XCTAssertTrue(largest.stdout.contains("\"kind\":\"overlap\""), largest.stdout)
        let clean = try cli.ok(["repair", territories, "-o", fixed])
        XCTAssertTrue(clean.stdout.hasPrefix("8 territories, 0 changes; the repaired map validates clean"), clean.stdout)
        // What reading mends is listed as well, so that every defect validate reports is a change:
        // an open ring (T1's) and a missing id (the second feature's).
        var text = try String(contentsOfFile: territories, encoding: .utf8)
        var collection = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        var features = try XCTUnwrap(collection["features"] as? [[String: Any]])
        var geometry = try XCTUnwrap(features[0]["geometry"] as? [String: Any])
        var rings = try XCTUnwrap(geometry["coordinates"] as? [Any])
        if geometry["type"] as? String == "Polygon" {
            rings[0] = (rings[0] as! [Any]).dropLast() as [Any]
        } else {
            var first = rings[0] as! [Any]
            first[0] = (first[0] as! [Any]).dropLast() as [Any]
            rings[0] = first
        }
        geometry["coordinates"] = rings
        features[0]["geometry"] = geometry
        var properties = try XCTUnwrap(features[1]["properties"] as? [String: Any])
        properties["id"] = nil
        features[1]["properties"] = properties
        collection["features"] = features
        text = String(decoding: try JSONSerialization.data(withJSONObject: collection), as: UTF8.self)
        let mendable = dir.appendingPathComponent("mendable.geojson")
        try text.write(to: mendable, atomically: true, encoding: .utf8)
        let mended = try self.json(try cli.ok(["repair", mendable.path, "-o", fixed, "--format", "json"]).stdout)
        let kinds = try XCTUnwrap(mended["changes"] as? [[String: Any]]).map { "\($0["kind"]!) \(($0["ids"] as? [String])?.first ?? "")" }
        XCTAssertEqual(kinds, ["closed_ring T1", "id_assigned #1"])
        // Unusable input: one line, exit 2, nothing written.
        let out = dir.appendingPathComponent("none.geojson").path
        let bad = try cli.run("repair", Fixtures.url("bad/not_json.geojson").path, "-o", out)
        XCTAssertEqual(bad.status, 2)
        XCTAssertEqual(bad.stderr.split(separator: "\n").count, 1, bad.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
    }

    func testRenderCompareHatchesWhatMoved() throws {
        let dir = try Fixtures.temporaryDirectory()
        let new = try design(dir, "new", ["--territories", "8"])
        let svg = dir.appendingPathComponent("c.svg").path, html = dir.appendingPathComponent("c.html").path
        _ = try cli.ok(["render", new.map, "--compare", territories, "-o", svg])
        let text = try String(contentsOfFile: svg, encoding: .utf8)
        // One hatched area per (new, old) pair of territories that share counties: the counties'
        // old territory from the map's `counties` property, the new from the plan's units file,
        // the area the sum of those counties' pyproj areas (fixtures/reference).
        let oldFeatures = try XCTUnwrap(
            (JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: territories))) as? [String: Any])?["features"]
                as? [[String: Any]])
        var oldOf: [String: String] = [:]
        for f in oldFeatures {
            let p = f["properties"] as! [String: Any]
            for county in (p["counties"] as! String).split(separator: ",") { oldOf[String(county)] = p["id"] as? String }
        }
        let countyArea = Dictionary(
            uniqueKeysWithValues: try Fixtures.csvRows("reference/nc_counties_sids2_geodesic.csv").map { ($0[1], Double($0[2])!) })
        var expected: [String: Double] = [:]
        for line in try String(contentsOfFile: new.units, encoding: .utf8).split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",").map(String.init)
            if let was = oldOf[f[0]], was != f[1] { expected["\(f[1])<\(was)", default: 0] += countyArea[f[0]]! / 1e6 }
        }
        let drawn = text.matches(of: /class="change" data-territory-id="([^"]+)" data-old-territory-id="([^"]+)" data-area-km2="([^"]+)"/)
        XCTAssertEqual(Set(drawn.map { "\($0.output.1)<\($0.output.2)" }), Set(expected.keys))
        XCTAssertEqual(drawn.count, expected.count)
        for m in drawn { XCTAssertEqual(Double(m.output.3)!, expected["\(m.output.1)<\(m.output.2)"] ?? -1, accuracy: 0.0051, "\(m.output.0)") }
        XCTAssertTrue(text.contains("changed territory (\(expected.count) areas)"))
        _ = try cli.ok(["render", new.map, customers, "--compare", territories, "-o", html])
        XCTAssertTrue(try String(contentsOfFile: html, encoding: .utf8).contains("data-layer=\"changes\""))
        _ = try cli.ok(["render", territories, "--compare", territories, "-o", svg])
        XCTAssertTrue(try String(contentsOfFile: svg, encoding: .utf8).contains("changed territory (0 areas)"))
    }

    func testProgressLineOnATerminalOnly() throws {
        #if os(Linux)
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else {
            throw Services.unavailable("no script(1) to give the tool a terminal")
        }
        let dir = try Fixtures.temporaryDirectory()
        let routes = dir.appendingPathComponent("r.csv").path
        func onTerminal(_ arguments: [String]) throws -> String {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
            let command = ([cli.binary.path] + arguments).map { "'\($0)'" }.joined(separator: " ")
            process.arguments = ["-qec", command, "/dev/null"]
            let out = Pipe()
            process.standardOutput = out
            process.standardInput = FileHandle.nullDevice
            try process.run()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            XCTAssertEqual(process.terminationStatus, 0)
            return String(decoding: data, as: UTF8.self)
        }
        let shown = try onTerminal(["design", counties, "--territories", "2", "-o", dir.appendingPathComponent("d.geojson").path])
        XCTAssertTrue(shown.contains("\r\u{1B}[Kdesign: "), shown)
        XCTAssertNotNil(shown.range(of: #"plans on \d cores? +\d+\.\d%"#, options: .regularExpression), "the share of plans done: \(shown)")
        // The line is cleared before the summary: nothing of it is left on the screen.
        XCTAssertTrue(shown.contains("\r\u{1B}[K"), shown)
        let quiet = try onTerminal(["route", territories, customers, "-o", routes, "--quiet"])
        XCTAssertFalse(quiet.contains("route: "), quiet)
        XCTAssertFalse(quiet.contains("\u{1B}[K"), quiet)
        // Not a terminal: no progress (stderr holds only the one-line notes).
        let piped = try cli.ok(["route", territories, customers, "-o", routes])
        XCTAssertFalse(piped.stderr.contains("\u{1B}"), piped.stderr)
        #else
        throw XCTSkip("script(1) differs on this system")
        #endif
    }

    func testEditWritesTheEditorAndRefusesABadAlignment() throws {
        let dir = try Fixtures.temporaryDirectory()
        let plan = try design(dir, "plan", ["--territories", "8"])
        let page = dir.appendingPathComponent("edit.html").path
        _ = try cli.ok(
            ["edit", counties, "--alignment", plan.units, "--weight-property", "bir74", "-o", page])
        let html = try String(contentsOfFile: page, encoding: .utf8)
        XCTAssertEqual(html.components(separatedBy: "class=\"unit\" data-unit-id=").count - 1, 100)
        XCTAssertTrue(html.contains("data-action=\"download-alignment\""))
        // Self-contained: no script, style sheet, image or font from anywhere else (the only URLs
        // are XML namespace names, which are never fetched).
        for pattern in [
            #"<script[^>]*\ssrc\s*="#, #"<link[\s>]"#, #"@import"#, #"url\(\s*['"]?(https?:)?//"#, #"\s(src|href)\s*=\s*['"](https?:)?//"#,
        ] {
            XCTAssertNil(html.range(of: pattern, options: [.regularExpression, .caseInsensitive]), pattern)
        }
        XCTAssertEqual(
            Set(html.matches(of: /https?:\/\/[^"'\s<>)]+/).map { String($0.output) }), ["http://www.w3.org/2000/svg"], "only the SVG namespace")
        // Hours with workload options.
        _ = try cli.ok(["edit", counties, "--alignment", plan.units, "--customers", customers, "--visit-minutes", "30", "-o", page])
        XCTAssertTrue(try String(contentsOfFile: page, encoding: .utf8).contains("<th>hours</th>"))
        // Target shares for two of the eight territories: theirs as given, the rest split what is
        // left evenly (as design and report take them), in the page's data.
        let reps = dir.appendingPathComponent("reps.csv").path
        try "territory_id,target_share\nT1,0.2\nT2,0.1\n".write(toFile: reps, atomically: true, encoding: .utf8)
        _ = try cli.ok(["edit", counties, "--alignment", plan.units, "--weight-property", "bir74", "--reps", reps, "-o", page])
        let shared = try String(contentsOfFile: page, encoding: .utf8)
        XCTAssertTrue(shared.contains(#""id":"T1","rep":null,"share":0.2"#), "T1's share as given")
        XCTAssertTrue(shared.contains(#""id":"T2","rep":null,"share":0.1"#), "T2's share as given")
        XCTAssertEqual(shared.components(separatedBy: #""share":0.11666666666666665"#).count - 1, 6, "the other six split 0.7 evenly")
        // A unit missing from the alignment, an unknown unit: one line, exit 2, no page.
        let rows = try String(contentsOfFile: plan.units, encoding: .utf8).split(separator: "\n")
        let short = dir.appendingPathComponent("short.csv").path, bad = dir.appendingPathComponent("bad.csv").path
        try (rows.dropLast().joined(separator: "\n") + "\n").write(toFile: short, atomically: true, encoding: .utf8)
        try (rows.joined(separator: "\n") + "\n99999,T1\n").write(toFile: bad, atomically: true, encoding: .utf8)
        let none = dir.appendingPathComponent("none.html").path
        for (file, expected) in [(short, "is missing; every unit needs a territory"), (bad, "unit 99999 is not in")] {
            let r = try cli.run("edit", counties, "--alignment", file, "-o", none)
            XCTAssertEqual(r.status, 2, r.stderr)
            XCTAssertTrue(r.stderr.contains(expected), r.stderr)
            XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr)
            XCTAssertFalse(FileManager.default.fileExists(atPath: none))
        }
    }
}
