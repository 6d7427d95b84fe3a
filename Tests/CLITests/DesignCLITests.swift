import Foundation
import TerritoryKit
import XCTest
import TestFixtures

/// `territory design` end to end: outputs other commands take, exit codes, clear errors.
final class DesignCLITests: XCTestCase {
    let cli = CLIRunner()
    let counties = Fixtures.url("nc_counties_sids2.geojson").path

    func testDesignWritesAMapTheOtherCommandsTake() throws {
        let dir = try Fixtures.temporaryDirectory()
        let out = dir.appendingPathComponent("t.geojson"), units = dir.appendingPathComponent("u.csv")
        let r = try cli.run(
            "design", counties, "--territories", "8", "--weight-property", "bir74", "--tolerance", "1",
            "--output", out.path, "--units-output", units.path, "--format", "json")
        XCTAssertEqual(r.status, 0, r.stderr)
        let summary = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(summary["status"] as? String, "within_tolerance")
        XCTAssertLessThanOrEqual(try XCTUnwrap(summary["max_deviation_pct"] as? Double), 1)
        let rows = try XCTUnwrap(summary["territories"] as? [[String: Any]])
        XCTAssertEqual(rows.map { $0["id"] as? String }, (1...8).map { "T\($0)" })
        // Each territory's figures recomputed from the written files: its units from UNITS.csv,
        // their bir74 from the counties file, target = total / 8, and Polsby-Popper from PROJ's
        // geodesic area and perimeter of the written feature (DesignCheck).
        let check = try DesignCheck(units: units, map: out, counties: counties, property: "bir74")
        XCTAssertEqual(check.total, 329_962)
        for row in rows {
            let id = try XCTUnwrap(row["id"] as? String)
            let weight = try XCTUnwrap(check.weight[id], id)
            XCTAssertEqual(row["weight"] as? Double, weight, id)
            XCTAssertEqual(try XCTUnwrap(row["target"] as? Double), check.total / 8, accuracy: 0.005, id)
            XCTAssertEqual(try XCTUnwrap(row["deviation_pct"] as? Double), (weight / (check.total / 8) - 1) * 100, accuracy: 0.005, id)
            XCTAssertEqual(row["units"] as? Int, check.units[id], id)
            XCTAssertEqual(try XCTUnwrap(row["polsby_popper"] as? Double), try XCTUnwrap(check.polsbyPopper[id]), accuracy: 0.00005, id)
        }
        XCTAssertEqual(
            try XCTUnwrap(summary["mean_polsby_popper"] as? Double), check.polsbyPopper.values.reduce(0, +) / 8, accuracy: 0.00005)
        // The least compact territory is reported beside the mean.
        let pps = rows.compactMap { $0["polsby_popper"] as? Double }
        XCTAssertEqual(try XCTUnwrap(summary["min_polsby_popper"] as? Double), pps.min()!, accuracy: 1e-4)
        XCTAssertLessThanOrEqual(summary["min_polsby_popper"] as! Double, summary["mean_polsby_popper"] as! Double)
        // The territories file: one dissolved feature per territory, clean when validated.
        let validate = try cli.run("validate", out.path, "--format", "json")
        XCTAssertEqual(validate.status, 0, validate.stdout)
        let geo = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: out)) as? [String: Any])
        let features = try XCTUnwrap(geo["features"] as? [[String: Any]])
        XCTAssertEqual(features.count, 8)
        // Its properties are the summary's figures.
        for (feature, row) in zip(features, rows) {
            let properties = try XCTUnwrap(feature["properties"] as? [String: Any])
            for key in ["id", "weight", "units", "deviation_pct", "polsby_popper"] {
                XCTAssertEqual(properties[key] as? NSObject, row[key] as? NSObject, key)
            }
        }
        // The units file: every unit once, in input order.
        let lines = try String(contentsOf: units, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.first, "unit_id,territory_id")
        XCTAssertEqual(lines.count, 101)
        XCTAssertTrue(lines[1].hasPrefix("37009,"))
        // assign and report take the designed map.
        let report = try cli.run("report", out.path, Fixtures.url("nc_customers.csv").path, "--format", "json")
        XCTAssertEqual(report.status, 0, report.stderr)
        let reported = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any])
        let reportRows = try XCTUnwrap(reported["territories"] as? [[String: Any]])
        XCTAssertEqual(reportRows.map { $0["id"] as? String }, (1...8).map { "T\($0)" })
        for (r, row) in zip(reportRows, rows) {
            XCTAssertEqual(try XCTUnwrap(r["polsby_popper"] as? Double), try XCTUnwrap(row["polsby_popper"] as? Double), accuracy: 0.00005)
        }
        XCTAssertEqual(reportRows.reduce(0) { $0 + ($1["customers"] as! Int) }, 64, "the customers NC's territories cover")
        // Rebalancing the plan's own alignment moves nothing.
        let again = try cli.run(
            "design", counties, "--from", units.path, "--weight-property", "bir74", "--tolerance", "1",
            "--output", dir.appendingPathComponent("t2.geojson").path, "--format", "json")
        XCTAssertEqual(again.status, 0, again.stderr)
        let moved = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(moved["moved_units"] as? Int, 0)
        XCTAssertEqual(moved["moved_weight"] as? Double, 0)
    }

    func testCustomersAsWorkloadAndRepsFile() throws {
        let dir = try Fixtures.temporaryDirectory()
        let reps = dir.appendingPathComponent("reps.csv")
        try "territory_id,rep,lon,lat,target_share\nEast,Ann,-78.64,35.78,\nWest,Bob,-80.84,35.23,0.5\n".write(
            to: reps, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("t.geojson")
        let r = try cli.run(
            "design", counties, "--reps", reps.path, "--customers", Fixtures.url("nc_customers.csv").path,
            "--weight-column", "weight", "--tolerance", "10", "--output", out.path, "--format", "json")
        let summary = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        // The exit status says what the summary's status says (0 within the tolerance, else 1).
        XCTAssertEqual(r.status, summary["status"] as? String == "within_tolerance" ? 0 : 1, r.stderr)
        let deviations = try XCTUnwrap(summary["territories"] as? [[String: Any]]).map { abs($0["deviation_pct"] as! Double) }
        XCTAssertEqual(summary["status"] as? String, deviations.max()! <= 10 ? "within_tolerance" : "outside_tolerance")
        let rows = try XCTUnwrap(summary["territories"] as? [[String: Any]])
        XCTAssertEqual(rows.map { $0["rep"] as? String }, ["Ann", "Bob"])
        XCTAssertTrue(try String(contentsOf: out, encoding: .utf8).contains(#""rep":"Ann""#))
    }

    func testToleranceNotMetExitsOneWithTheReason() throws {
        let dir = try Fixtures.temporaryDirectory()
        let out = dir.appendingPathComponent("t.geojson")
        let r = try cli.run(
            "design", counties, "--territories", "3", "--weight-property", "bir74", "--tolerance", "0", "--output", out.path)
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.hasPrefix("territory: error: tolerance not met: "), r.stderr)
        XCTAssertTrue(r.stderr.hasSuffix("another --seed or a larger tolerance may help\n"), r.stderr)
        XCTAssertEqual(r.stderr.split(separator: "\n").count, 1)
        XCTAssertTrue(FileManager.default.fileExists(atPath: out.path), "the best plan is written")
    }

    /// Without `--time-limit` the plan depends on the inputs and seed alone (the same bytes twice);
    /// a ceiling that cuts the search says so on stderr, and the plan is still written whole.
    func testTimeLimitIsAnOptInCeilingThatSaysWhenItCuts() throws {
        let dir = try Fixtures.temporaryDirectory()
        let a = dir.appendingPathComponent("a.csv").path, b = dir.appendingPathComponent("b.csv").path
        let args = ["design", counties, "--territories", "3", "--weight-property", "bir74", "--tolerance", "2", "-o", "/dev/null"]
        let first = try cli.ok(args + ["--units-output", a])
        XCTAssertFalse(first.stderr.contains("time limit"), first.stderr)
        _ = try cli.ok(args + ["--units-output", b, "--seed", "1"])
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: a)), try Data(contentsOf: URL(fileURLWithPath: b)))
        let cut = try cli.run(arguments: args + ["--units-output", a, "--time-limit", "0", "--format", "json"])
        XCTAssertTrue(
            cut.stderr.contains("design: the time limit (--time-limit) cut the search short: this plan depends on the machine's speed"), cut.stderr)
        let summary = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(cut.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(cut.status, summary["status"] as? String == "within_tolerance" ? 0 : 1)
        XCTAssertEqual(try String(contentsOfFile: a, encoding: .utf8).split(separator: "\n").count, 101, "every unit written")
        let bad = try cli.run(arguments: args + ["--time-limit=-1"])
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("--time-limit must be a number of seconds >= 0"), bad.stderr)
    }

    /// `plan` draws design's own alignment exactly as design drew it (map and summary), and an
    /// edited alignment with each figure moved by the unit moved: its weight leaves one territory
    /// for the other; outside the tolerance it exits 1 with the map written.
    func testPlanDrawsAnAlignmentAsDesignDrawsIt() throws {
        let dir = try Fixtures.temporaryDirectory()
        let units = dir.appendingPathComponent("units.csv").path, designed = dir.appendingPathComponent("design.geojson").path
        let weighting = ["--weight-property", "bir74"]
        let summary = try cli.ok(["design", counties, "--territories", "5", "-o", designed, "--units-output", units, "--format", "json"] + weighting)
            .stdout
        let drawn = dir.appendingPathComponent("plan.geojson").path
        let planned = try cli.ok(["plan", counties, "--alignment", units, "-o", drawn, "--format", "json"] + weighting).stdout
        XCTAssertEqual(planned, summary)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: drawn)), try Data(contentsOf: URL(fileURLWithPath: designed)))
        // Move Wake (37183, bir74 14,484) to whichever territory is listed last, naming it T10 so
        // that natural order puts it last (T2 before T10).
        var rows = try CSVTable.read(contentsOf: URL(fileURLWithPath: units)).rows
        let wake = try XCTUnwrap(rows.firstIndex { $0[0] == "37183" })
        let from = rows[wake][1]
        rows = rows.map { [$0[0], $0[1] == "T5" ? "T10" : $0[1]] }
        let to = from == "T1" ? "T2" : "T1"
        rows[wake][1] = to
        let edited = dir.appendingPathComponent("edited.csv").path
        try ("unit_id,territory_id\n" + rows.shuffled().map { $0.joined(separator: ",") + "\n" }.joined()).write(
            toFile: edited, atomically: true, encoding: .utf8)
        let r = try cli.run("plan", counties, "--alignment", edited, "-o", drawn, "--format", "json", "--weight-property", "bir74")
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertTrue(r.stderr.contains("tolerance not met") && r.stderr.contains("territory design --from"), r.stderr)
        let before = try XCTUnwrap(json(summary)["territories"] as? [[String: Any]]),
            after = try XCTUnwrap(json(r.stdout)["territories"] as? [[String: Any]])
        XCTAssertEqual(after.map { $0["id"] as? String }, ["T1", "T2", "T3", "T4", "T10"])
        func weight(_ list: [[String: Any]], _ id: String) -> Double { list.first { $0["id"] as? String == id }!["weight"] as! Double }
        let renamed = { (id: String) in id == "T5" ? "T10" : id }
        XCTAssertEqual(weight(after, renamed(from)), weight(before, from) - 14_484, accuracy: 0.5)
        XCTAssertEqual(weight(after, to), weight(before, to) + 14_484, accuracy: 0.5)
        let map = try TerritoryMap.load(GeoJSONFile(URL(fileURLWithPath: drawn)))
        XCTAssertEqual(map.territories.map(\.id), ["T1", "T2", "T3", "T4", "T10"])
    }

    /// Units with an overlap and a gap between them (the damaged NC map without its invalid
    /// bow-tie): refused in one line naming both, the largest's area as shapely measures it
    /// (fixtures/reference/nc_damaged_changes.csv: 2,194,597,521.6 m²), and territory repair;
    /// --allow-gaps designs on them anyway.
    func testUnitsThatAreNotACleanCoverageAreRefused() throws {
        let dir = try Fixtures.temporaryDirectory()
        var collection = try XCTUnwrap(
            JSONSerialization.jsonObject(with: Data(contentsOf: Fixtures.url("nc_territories_damaged.geojson"))) as? [String: Any])
        let features = try XCTUnwrap(collection["features"] as? [[String: Any]])
        collection["features"] = features.filter { (($0["properties"] as? [String: Any])?["id"] as? String) != "T9" }
        let units = dir.appendingPathComponent("units.geojson")
        try JSONSerialization.data(withJSONObject: collection).write(to: units)
        let out = dir.appendingPathComponent("plan.geojson").path
        let refused = try cli.run("design", units.path, "--territories", "3", "-o", out)
        XCTAssertEqual(refused.status, 2, refused.stderr)
        XCTAssertTrue(
            refused.stderr.contains("the units are not a clean coverage (1 overlap, 1 gap; the largest 2,194,597,522 m² at (-78.61"), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("run territory repair on the units first, or give --allow-gaps"), refused.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
        let allowed = try cli.run("design", units.path, "--territories", "3", "-o", out, "--allow-gaps", "--tolerance", "50")
        XCTAssertEqual(allowed.status, 0, allowed.stderr)
    }

    func testUnusableInputExitsTwoAndWritesNothing() throws {
        let dir = try Fixtures.temporaryDirectory()
        let out = dir.appendingPathComponent("t.geojson")
        let bad = dir.appendingPathComponent("bad.csv"), repeated = dir.appendingPathComponent("rep.csv")
        try "unit_id,territory_id\n37009,A\nnot-a-unit,B\n".write(to: bad, atomically: true, encoding: .utf8)
        try "territory_id\nA\nA\n".write(to: repeated, atomically: true, encoding: .utf8)
        let cases: [[String]] = [
            ["--territories", "8", "--weight-property", "nope"],
            ["--territories", "8", "--weight-property", "name"],
            ["--territories", "101"],
            ["--from", bad.path],
            ["--territories", "2", "--locked", bad.path],
            ["--reps", repeated.path],
            ["--territories", "2", "--reps", repeated.path],
        ]
        for extra in cases {
            let r = try cli.run(arguments: ["design", counties, "--output", out.path] + extra)
            XCTAssertEqual(r.status, 2, "\(extra): \(r.stderr)")
            XCTAssertFalse(r.stderr.contains("Fatal"), r.stderr)
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted(), ["bad.csv", "rep.csv"], "\(extra)")
        }
    }
}
