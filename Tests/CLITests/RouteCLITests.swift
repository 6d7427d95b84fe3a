import Foundation
import XCTest
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
        // Summary keys; the tour adds the return leg to the listed legs.
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let summaries = try XCTUnwrap(json["territories"] as? [[String: Any]])
        XCTAssertEqual(summaries.count, 8)
        for key in ["id", "stops", "customers", "tour_km", "drive_km", "drive_hours", "bhh_km"] { XCTAssertNotNil(summaries[0][key], key) }
        let legs = t1.compactMap { Double($0[5]) }.reduce(0, +) / 1000
        let tour = try XCTUnwrap(summaries[0]["tour_km"] as? Double)
        XCTAssertGreaterThan(tour, legs)
        XCTAssertEqual(try XCTUnwrap(summaries[0]["drive_km"] as? Double), tour * 1.3, accuracy: 0.01)
        XCTAssertEqual(try XCTUnwrap(summaries[0]["drive_hours"] as? Double), tour * 1.3 / 60, accuracy: 0.01)
        // leg_s: each leg's drive seconds by the model (geodesic × 1.3 at 60 km/h, to the 0.1 s printed).
        for row in t1 { XCTAssertEqual(Double(row[6])!, Double(row[5])! * 1.3 / (60 / 3.6), accuracy: 0.11) }
        // Text summary.
        let text = try cli.run("route", territories, customers, "--output", out.path, "--speed-kmh", "80")
        XCTAssertEqual(text.status, 0, text.stderr)
        XCTAssertTrue(text.stdout.contains("BHH km"), text.stdout)
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
        for key in ["workload_hours", "visit_hours", "drive_hours", "goal", "goal_per_potential", "attainable", "actual", "attainment_pct"] {
            XCTAssertTrue(rows[0].keys.contains(key), key)
        }
        // Visit hours: 2 visits × 45 min per assigned customer.
        let customersT1 = try XCTUnwrap(rows[0]["customers"] as? Double)
        XCTAssertEqual(try XCTUnwrap(rows[0]["visit_hours"] as? Double), customersT1 * 2 * 45 / 60, accuracy: 1e-6)
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
        for row in rows {
            let estimate = try XCTUnwrap(row["workload_hours_estimate"] as? Double)
            let routed = try XCTUnwrap(row["workload_hours_routed"] as? Double)
            XCTAssertGreaterThan(estimate, 0)
            XCTAssertGreaterThan(routed, 0)
        }
        // It delivers what it reports: the routed workload within tolerance of the targets...
        XCTAssertEqual(json["status"] as? String, "within_tolerance")
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
        let missing = try cli.run(
            "design", Fixtures.url("nc_counties_sids2.geojson").path, "--territories", "4",
            "--balance-on", "workload", "--output", out.path)
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains("--customers"), missing.stderr)
    }
}
