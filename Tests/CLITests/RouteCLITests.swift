import Foundation
import XCTest
import PROJ
import TestFixtures

/// `territory route` and the workload and goal options of `report` and `design`: files and
/// keys exactly as documented, every customer once, clear errors with exit 2 and no output.
final class RouteCLITests: XCTestCase {
    let cli = CLIRunner()
    let territories = Fixtures.url("nc_territories.geojson").path
    let customers = Fixtures.url("nc_customers.csv").path

    func rows(_ url: URL) throws -> [[String]] {
        try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
    }

    func testRoutesFileAndSummary() throws {
        let dir = try Fixtures.temporaryDirectory()
        let out = dir.appendingPathComponent("routes.csv"), assigned = dir.appendingPathComponent("a.csv")
        let reps = dir.appendingPathComponent("reps.csv")
        try "territory_id,rep,lon,lat\nT1,Avery,-82.55,35.6\nT4,Dev,-80.84,35.23\n".write(to: reps, atomically: true, encoding: .utf8)
        let r = try cli.run("route", territories, customers, "--output", out.path, "--reps", reps.path, "--format", "json")
        XCTAssertEqual(r.status, 0, r.stderr)
        let table = try rows(out)
        XCTAssertEqual(table[0], ["territory_id", "stop", "customer_id", "lon", "lat", "leg_m", "leg_s"])
        // Every assigned customer exactly once, in its own territory; unassigned ones not at all.
        XCTAssertEqual(try cli.run("assign", territories, customers, "--output", assigned.path).status, 0)
        let expected = try rows(assigned).dropFirst().filter { !$0[1].isEmpty }.map { "\($0[0])@\($0[1])" }
        let routed = table.dropFirst().filter { !$0[2].isEmpty }.map { "\($0[2])@\($0[0])" }
        XCTAssertEqual(routed.sorted(), expected.sorted())
        // Territories in map order; stops numbered in order, 0 = home (empty customer id) when known.
        let order = table.dropFirst().map(\.[0]).reduce(into: [String]()) { if $0.last != $1 { $0.append($1) } }
        XCTAssertEqual(order, (1...8).map { "T\($0)" })
        let t1 = table.dropFirst().filter { $0[0] == "T1" }
        XCTAssertEqual(t1.map(\.[1]), (0..<t1.count).map(String.init))
        XCTAssertEqual(t1[0][2], "")
        XCTAssertEqual(t1[0][3], "-82.55")
        XCTAssertEqual(t1[0][5], "0.0")
        let t2 = table.dropFirst().filter { $0[0] == "T2" }
        XCTAssertEqual(t2.first?[1], "1")
        // The summary recomputed from the written stops: each leg and the closing return leg by
        // PROJ's geodesic distance, drive km × 1.3, hours at 60 km/h, and the BHH estimate
        // 0.7124·√(stops × area) with shapely/pyproj's area (fixtures/reference/nc_report.csv).
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let summaries = try XCTUnwrap(json["territories"] as? [[String: Any]])
        XCTAssertEqual(summaries.map { $0["id"] as? String }, (1...8).map { "T\($0)" })
        let areas = Dictionary(
            uniqueKeysWithValues: try Fixtures.referenceRows("reference/nc_report.csv").map { ($0["id"]!, Double($0["area_km2"]!)!) })
        var totalTour = 0.0
        for summary in summaries {
            let id = try XCTUnwrap(summary["id"] as? String)
            let stops = table.dropFirst().filter { $0[0] == id }
            let points = stops.map { Coordinate(x: Double($0[3])!, y: Double($0[4])!) }
            var tour = 0.0
            for (k, row) in stops.enumerated() {
                let leg = k == 0 ? 0 : try Geodesic.wgs84.distance(from: points[k - 1], to: points[k])
                XCTAssertEqual(Double(row[5])!, leg, accuracy: 0.051, "\(id) stop \(row[1])")
                // leg_s: the model's seconds (geodesic × 1.3 at 60 km/h), to the 0.1 s printed.
                XCTAssertEqual(Double(row[6])!, leg * 1.3 / (60 / 3.6), accuracy: 0.051, "\(id) stop \(row[1])")
                tour += leg
            }
            if stops.count > 1 { tour += try Geodesic.wgs84.distance(from: points[points.count - 1], to: points[0]) }
            totalTour += tour / 1000
            XCTAssertEqual(summary["stops"] as? Int, stops.count, id)
            XCTAssertEqual(summary["customers"] as? Int, stops.filter { !$0[2].isEmpty }.count, id)
            XCTAssertEqual(try XCTUnwrap(summary["tour_km"] as? Double), tour / 1000, accuracy: 0.0005, id)
            XCTAssertEqual(try XCTUnwrap(summary["drive_km"] as? Double), tour / 1000 * 1.3, accuracy: 0.0005, id)
            XCTAssertEqual(try XCTUnwrap(summary["drive_hours"] as? Double), tour / 1000 * 1.3 / 60, accuracy: 0.0005, id)
            let bhh = 0.7124 * (Double(stops.count) * areas[id]!).squareRoot()
            XCTAssertEqual(try XCTUnwrap(summary["bhh_km"] as? Double), bhh, accuracy: 0.0005, id)
        }
        let total = try XCTUnwrap(json["summary"] as? [String: Any])
        XCTAssertEqual(try XCTUnwrap(total["tour_km"] as? Double), totalTour, accuracy: 0.005)
        XCTAssertEqual(total["customers"] as? Int, 64)
        XCTAssertEqual(total["unassigned"] as? Int, 53)
        // The text summary prints the same tours, hours at the speed asked for.
        let text = try cli.run("route", territories, customers, "--output", out.path, "--reps", reps.path, "--speed-kmh", "80")
        XCTAssertEqual(text.status, 0, text.stderr)
        XCTAssertTrue(text.stdout.hasPrefix("territory     stops    tour km   drive km  drive h     BHH km\n"), text.stdout)
        for summary in summaries {
            let id = summary["id"] as! String, tour = summary["tour_km"] as! Double
            let line = try XCTUnwrap(text.stdout.split(separator: "\n").first { $0.hasPrefix(id + " ") }, id)
            let fields = line.split(separator: " ").dropFirst().map { Double($0)! }
            XCTAssertEqual(fields[0], Double(summary["stops"] as! Int), id)
            XCTAssertEqual(fields[1], tour, accuracy: 0.05, id)
            XCTAssertEqual(fields[2], tour * 1.3, accuracy: 0.05, id)
            XCTAssertEqual(fields[3], tour * 1.3 / 80, accuracy: 0.005 + 1e-3, id)
            XCTAssertEqual(fields[4], summary["bhh_km"] as! Double, accuracy: 0.05, id)
        }
    }

    func testRouteErrorsLeaveNoFile() throws {
        let dir = try Fixtures.temporaryDirectory()
        let out = dir.appendingPathComponent("routes.csv")
        let reps = dir.appendingPathComponent("reps.csv"), matrix = dir.appendingPathComponent("m.csv")
        try "territory_id,lon,lat\nNowhere,-80,35\n".write(to: reps, atomically: true, encoding: .utf8)
        try "from_id,to_id,seconds\n4179574,4180386,-5\n".write(to: matrix, atomically: true, encoding: .utf8)
        for (args, needle) in [
            (["--reps", reps.path], "Nowhere"), (["--matrix", matrix.path], "m.csv:2"),
            (["--id-column", "missing"], "missing column"), (["--circuity", "0"], "circuity"),
        ] {
            let r = try cli.run(arguments: ["route", territories, customers, "--output", out.path] + args)
            XCTAssertEqual(r.status, 2, "\(args): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains(needle), "\(args): \(r.stderr)")
            XCTAssertEqual(
                r.stderr.split(separator: "\n").filter { !$0.hasPrefix("Usage") && !$0.hasPrefix("  See") && !$0.isEmpty }.count, 1, r.stderr)
            XCTAssertFalse(FileManager.default.fileExists(atPath: out.path), "\(args)")
        }
    }

    func testReportWorkloadAndGoals() throws {
        let r = try cli.run(
            "report", territories, customers, "--visit-minutes", "45", "--visits-per-period", "2",
            "--balance-on", "workload", "--goal", "1000000", "--period", "2027-Q1", "--format", "json")
        XCTAssertEqual(r.status, 0, r.stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let rows = try XCTUnwrap(json["territories"] as? [[String: Any]])
        // Per territory: visit hours 2 × 45 min per assigned customer; drive hours 2 × the tour's
        // (as `route` gives it); workload their sum; the potential (weight) from shapely's
        // assignment in fixtures/reference/nc_report.csv; no actuals, so no attainment.
        let reference = try Fixtures.referenceRows("reference/nc_report.csv")
        let tours = try XCTUnwrap(
            (JSONSerialization.jsonObject(
                with: Data(try cli.ok(["route", territories, customers, "-o", "/dev/null", "--format", "json"]).stdout.utf8))
                as? [String: Any])?["territories"] as? [[String: Any]])
        let totalWeight = reference.reduce(0) { $0 + Double($1["weight"]!)! }
        for (k, row) in rows.enumerated() {
            let id = reference[k]["id"]!, customers = Double(reference[k]["customers"]!)!, weight = Double(reference[k]["weight"]!)!
            XCTAssertEqual(row["id"] as? String, id)
            let visit = customers * 2 * 45 / 60, drive = 2 * (tours[k]["drive_hours"] as! Double)
            XCTAssertEqual(try XCTUnwrap(row["visit_hours"] as? Double), visit, accuracy: 1e-6, id)
            XCTAssertEqual(try XCTUnwrap(row["drive_hours"] as? Double), drive, accuracy: 0.002, id)
            XCTAssertEqual(try XCTUnwrap(row["workload_hours"] as? Double), visit + drive, accuracy: 0.002, id)
            // Every territory of the map has a target share (1/8): the goal follows the shares, and
            // a goal per unit of potential over 10% (the default tolerance) above the company's
            // is not attainable.
            XCTAssertEqual(try XCTUnwrap(row["goal"] as? Double), 125_000, id)
            XCTAssertEqual(try XCTUnwrap(row["goal_per_potential"] as? Double), 125_000 / weight, accuracy: 5e-7, id)
            XCTAssertEqual(row["attainable"] as? Bool, 125_000 / weight <= 1.1 * 1_000_000 / totalWeight, id)
            XCTAssertTrue(row["actual"] is NSNull && row["attainment_pct"] is NSNull, id)
        }
        let goals = rows.compactMap { $0["goal"] as? Double }
        // Whole cents that add up to the goal exactly.
        XCTAssertEqual(goals.map { Int(($0 * 100).rounded()) }.reduce(0, +), 100_000_000)
        XCTAssertTrue(goals.allSatisfy { ($0 * 100).rounded() == $0 * 100 || abs(($0 * 100).rounded() - $0 * 100) < 1e-6 }, "\(goals)")
        let summary = try XCTUnwrap(json["summary"] as? [String: Any])
        XCTAssertEqual(summary["balance_on"] as? String, "workload")
        XCTAssertEqual(summary["period"] as? String, "2027-Q1")
        // Balanced on workload, deviations are of workload hours from their targets.
        let hours = try XCTUnwrap(rows[0]["workload_hours"] as? Double), expected = try XCTUnwrap(rows[0]["expected"] as? Double)
        XCTAssertEqual(try XCTUnwrap(rows[0]["deviation_pct"] as? Double), (hours - expected) / expected * 100, accuracy: 0.01)

        // Goals set by management: attainability relative to potential, attainment with actuals.
        let dir = try Fixtures.temporaryDirectory()
        let file = dir.appendingPathComponent("goals.csv")
        try "territory_id,goal,actual\nT4,900000,450000\nT2,900000,\n".write(to: file, atomically: true, encoding: .utf8)
        let set = try cli.run("report", territories, customers, "--goals", file.path, "--format", "json")
        XCTAssertEqual(set.status, 0, set.stderr)
        let setRows = try XCTUnwrap((JSONSerialization.jsonObject(with: Data(set.stdout.utf8)) as? [String: Any])?["territories"] as? [[String: Any]])
        XCTAssertEqual(setRows[3]["attainable"] as? Bool, true)  // T4: large potential
        XCTAssertEqual(setRows[1]["attainable"] as? Bool, false)  // T2: the same goal on a fraction of it
        XCTAssertEqual(try XCTUnwrap(setRows[3]["attainment_pct"] as? Double), 50, accuracy: 1e-9)
        XCTAssertTrue(setRows[0]["goal"] is NSNull)
        for (content, needle) in [
            ("territory_id,goal\nT99,5\n", "T99"), ("territory_id,goal\nT1,-5\n", "goals.csv:2"),
            ("territory_id,goal\nT1,lots\n", "lots"), ("territory_id,goal\nT1,5\nT1,6\n", "twice"),
        ] {
            try content.write(to: file, atomically: true, encoding: .utf8)
            let bad = try cli.run("report", territories, customers, "--goals", file.path)
            XCTAssertEqual(bad.status, 2, content)
            XCTAssertTrue(bad.stderr.contains(needle), "\(content): \(bad.stderr)")
            XCTAssertTrue(bad.stdout.isEmpty)
        }
    }

    func testDesignBalancesOnEstimatedWorkloadAndReportsTheRoutedFigure() throws {
        let dir = try Fixtures.temporaryDirectory()
        let out = dir.appendingPathComponent("t.geojson")
        let r = try cli.run(
            "design", Fixtures.url("nc_counties_sids2.geojson").path, "--territories", "4", "--customers", customers,
            "--balance-on", "workload", "--visit-minutes", "30", "--visits-per-period", "4", "--tolerance", "5",
            "--output", out.path, "--format", "json")
        XCTAssertEqual(r.status, 0, r.stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let rows = try XCTUnwrap(json["territories"] as? [[String: Any]])
        // The estimate is additive over units: 4 visits × (30 min per customer + each customer's
        // share of drive time), so it is at least the visit hours of the customers the territory
        // covers, which the written map's report counts; the routed figure is that plus 4 tours.
        let covered = try XCTUnwrap(
            (JSONSerialization.jsonObject(with: Data(try cli.ok(["report", out.path, customers, "--format", "json"]).stdout.utf8))
                as? [String: Any])?["territories"] as? [[String: Any]])
        for (row, counted) in zip(rows, covered) {
            let visits = Double(counted["customers"] as! Int) * 4 * 0.5
            XCTAssertGreaterThan(try XCTUnwrap(row["workload_hours_estimate"] as? Double), visits)
            XCTAssertGreaterThan(try XCTUnwrap(row["workload_hours_routed"] as? Double), visits)
        }
        // It delivers what it reports: the routed workload within tolerance of the targets, in at
        // most the 8 rounds; no time limit, so no line about one.
        XCTAssertEqual(json["status"] as? String, "within_tolerance")
        XCTAssertTrue((1...8).contains(try XCTUnwrap(json["balance_rounds"] as? Int)))
        XCTAssertFalse(r.stderr.contains("time limit"), r.stderr)
        XCTAssertLessThanOrEqual(try XCTUnwrap(json["routed_max_deviation_pct"] as? Double), 5)
        let routed = rows.compactMap { $0["workload_hours_routed"] as? Double }
        let mean = routed.reduce(0, +) / Double(routed.count)
        XCTAssertTrue(routed.allSatisfy { abs($0 / mean - 1) <= 0.05 + 1e-9 }, "\(routed)")
        // ...and the same hours as `report` routing the written map on its own.
        let report = try cli.run(
            "report", out.path, customers, "--visit-minutes", "30", "--visits-per-period", "4", "--balance-on", "workload", "--format", "json")
        let reported = try XCTUnwrap(
            (JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any])?["territories"] as? [[String: Any]])
        XCTAssertEqual(reported.compactMap { $0["workload_hours"] as? Double }, routed)
        // A ceiling of 0 s: the first round is finished, no other starts, and stderr says the
        // clock cut the loop (the plan then depends on the machine).
        let cut = try cli.run(
            "design", Fixtures.url("nc_counties_sids2.geojson").path, "--territories", "4", "--customers", customers,
            "--balance-on", "workload", "--visit-minutes", "30", "--visits-per-period", "4", "--tolerance", "1",
            "--balance-time-limit", "0", "--output", out.path, "--format", "json")
        let cutJSON = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(cut.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(cutJSON["balance_rounds"] as? Int, 1)
        XCTAssertEqual(cut.status, cutJSON["status"] as? String == "within_tolerance" ? 0 : 1, cut.stderr)
        XCTAssertTrue(cut.stderr.contains("the time limit (--balance-time-limit) cut the search short"), cut.stderr)
        let missing = try cli.run(
            "design", Fixtures.url("nc_counties_sids2.geojson").path, "--territories", "4",
            "--balance-on", "workload", "--output", out.path)
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains("--customers"), missing.stderr)
    }
}
