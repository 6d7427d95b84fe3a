import Foundation
import TerritoryKit
import TestFixtures
import XCTest

/// The report encodings live beside the report types: a program using the library gets, byte for
/// byte, what `territory validate` and `territory report` print; and what both print holds the
/// values shapely and pyproj give (fixtures/reference/), so the pair is not its own oracle.
final class ReportEncodingCLITests: XCTestCase {
    let cli = CLIRunner()

    func testValidationReportEncodingsAreTheCLIs() throws {
        for name in ["nc_territories_damaged.geojson", "naturalearth_countries.geojson"] {
            let path = Fixtures.url(name).path
            let report = try Validator.validate(contentsOf: Fixtures.url(name))
            let json = try cli.run("validate", path, "--format", "json")
            XCTAssertEqual(json.stdout, JSONWriter.string(report.json()) + "\n", name)
            let text = try cli.run("validate", path)
            XCTAssertEqual(text.stdout, report.text(source: path), name)
        }
        // The damaged map's JSON, value by value, against shapely/pyproj.
        let damaged = try XCTUnwrap(
            JSONSerialization.jsonObject(
                with: Data(try cli.run("validate", Fixtures.url("nc_territories_damaged.geojson").path, "--format", "json").stdout.utf8))
                as? [String: Any])
        let reference = try Fixtures.referenceRows("reference/nc_damaged_changes.csv")
        XCTAssertEqual(damaged["territories"] as? Int, 9)
        XCTAssertEqual(damaged["valid"] as? Bool, false)
        let invalid = try XCTUnwrap(damaged["invalid"] as? [[String: Any]])
        XCTAssertEqual(invalid.count, 1)
        XCTAssertEqual(invalid[0]["id"] as? String, "T9"); XCTAssertEqual(invalid[0]["feature_index"] as? Int, 8)
        XCTAssertEqual(invalid[0]["kind"] as? String, "invalid geometry"); XCTAssertEqual(invalid[0]["reason"] as? String, "Self-intersection")
        // The bow-tie's lobes cross at (-74.8, 34.2).
        XCTAssertEqual(try XCTUnwrap(invalid[0]["location"] as? [Double])[0], -74.8, accuracy: 1e-9)
        XCTAssertEqual(try XCTUnwrap(invalid[0]["location"] as? [Double])[1], 34.2, accuracy: 1e-9)
        for (key, row) in [("overlaps", reference[1]), ("gaps", reference[2])] {
            let found = try XCTUnwrap(damaged[key] as? [[String: Any]])
            XCTAssertEqual(found.count, 1, key)
            XCTAssertEqual(try XCTUnwrap(found[0]["area_m2"] as? Double), Double(row["area_m2"]!)!, accuracy: 0.01, key)
            XCTAssertEqual(
                try XCTUnwrap(found[0]["width_m"] as? Double), Double(row["width_m"]!)!, accuracy: Double(row["width_precision_m"]!)!, key)
            XCTAssertEqual(found[0]["sliver"] as? Bool, false, key)
        }
        XCTAssertEqual(try XCTUnwrap(damaged["overlaps"] as? [[String: Any]])[0]["a"] as? String, "T5")
        XCTAssertEqual(try XCTUnwrap(damaged["overlaps"] as? [[String: Any]])[0]["b"] as? String, "T6")
        XCTAssertEqual(try XCTUnwrap(damaged["gaps"] as? [[String: Any]])[0]["kind"] as? String, "hole")
        // Parts per territory: shapely's count of polygons (T7 3, T8 5; the bow-tie made valid 2).
        let warnings = try XCTUnwrap(damaged["warnings"] as? [[String: Any]])
        let parts = Dictionary(uniqueKeysWithValues: try Fixtures.referenceRows("reference/nc_report.csv").map { ($0["id"]!, Int($0["parts"]!)!) })
        XCTAssertEqual(warnings.map { $0["id"] as! String }, ["T7", "T8", "T9"])
        for w in warnings.prefix(2) { XCTAssertEqual(w["parts"] as? Int, parts[w["id"] as! String]) }
        XCTAssertEqual(warnings[2]["parts"] as? Int, 2)
        XCTAssertTrue(warnings.allSatisfy { $0["kind"] as? String == "noncontiguous" })
    }

    func testBalanceReportEncodingsAreTheCLIs() throws {
        let territories = Fixtures.url("nc_territories.geojson"), customers = Fixtures.url("nc_customers.csv")
        let map = try TerritoryMap.load(GeoJSONFile(territories))
        let assigner = try TerritoryAssigner(map: map)
        let tally = try BalanceTally.tally(CustomerCSVReader(contentsOf: customers), assigner: assigner)
        let report = try BalanceReport(map: map, tally: tally, tolerance: 0.10)
        XCTAssertTrue(report.summary.usesTargetShares, "the fixture's territories have target shares: goals follow them")
        let shares = map.territories.map { $0.targetShare! }
        let goals = try TerritoryGoals.split(1_000_000, potentials: tally.weight, shares: shares, tolerance: 0.10)
        let args = ["report", territories.path, customers.path, "--goal", "1000000", "--period", "2027-Q1"]
        XCTAssertEqual(
            try cli.run(arguments: args + ["--format", "json"]).stdout, JSONWriter.string(report.json(goals: goals, period: "2027-Q1")) + "\n")
        XCTAssertEqual(try cli.run(arguments: args + ["--format", "csv"]).stdout, report.csv(goals: goals))
        let text = try cli.run(arguments: args)
        XCTAssertEqual(text.stdout, report.text(goals: goals, period: "2027-Q1"))
        // The summary's spread statistics from shapely's weights (fixtures/reference/nc_report.csv).
        let summary = try XCTUnwrap(
            (JSONSerialization.jsonObject(with: Data(try cli.run(arguments: args + ["--format", "json"]).stdout.utf8)) as? [String: Any])?["summary"]
                as? [String: Any])
        let weights = try Fixtures.referenceRows("reference/nc_report.csv").map { Double($0["weight"]!)! }
        let mean = weights.reduce(0, +) / 8
        let sd = (weights.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 8).squareRoot()
        var gini = 0.0
        for a in weights { for b in weights { gini += abs(a - b) } }
        gini /= 2 * 64 * mean
        for (key, value, digits) in [
            ("total_weight", weights.reduce(0, +), 0.0), ("mean_weight", mean, 2), ("coefficient_of_variation", sd / mean, 4),
            ("max_min_ratio", weights.max()! / weights.min()!, 3), ("range_over_mean", (weights.max()! - weights.min()!) / mean, 4),
            ("gini", gini, 4),
        ] {
            XCTAssertEqual(try XCTUnwrap((summary[key] as? NSNumber)?.doubleValue, key), value, accuracy: 0.5 * pow(10, -digits) + 1e-9, key)
        }
        XCTAssertEqual(summary["customers"] as? Int, 117); XCTAssertEqual(summary["assigned"] as? Int, 64)
        XCTAssertEqual(summary["unassigned"] as? Int, 53); XCTAssertEqual(summary["outside_tolerance"] as? Int, 8)
        XCTAssertEqual(summary["goal_total"] as? Double, 1_000_000); XCTAssertEqual(summary["period"] as? String, "2027-Q1")
        // Goals follow the target shares (1/8 each): not attainable where the goal per unit of
        // potential is more than 10% above the company's.
        let total = weights.reduce(0, +)
        XCTAssertEqual(summary["not_attainable"] as? Int, weights.filter { 125_000 / $0 > 1.1 * 1_000_000 / total }.count)
        XCTAssertTrue(text.stdout.contains("Goals: 1000000 in all for 2027-Q1"), text.stdout)
    }

    /// Repair, route and adjacency print and write what their library encoders make of the same
    /// inputs (`FeatureRepair+Encoding`, `TerritoryRoute+Encoding`, `UnitGraph+Encoding`).
    func testRepairRouteAndAdjacencyEncodingsAreTheCLIs() throws {
        let dir = try Fixtures.temporaryDirectory()
        let damaged = Fixtures.url("nc_territories_damaged.geojson")
        let repair = try FeatureRepair.repair(
            TerritoryMap.inspect(GeoJSONFile(damaged)), options: RepairOptions(mergeGapsBelow: .infinity), source: damaged.path)
        let fixed = dir.appendingPathComponent("fixed.geojson").path
        XCTAssertEqual(try cli.ok(["repair", damaged.path, "-o", fixed, "--format", "json"]).stdout, JSONWriter.string(repair.json()) + "\n")
        XCTAssertEqual(try cli.ok(["repair", damaged.path, "-o", fixed]).stdout, repair.text())

        let map = try TerritoryMap.load(GeoJSONFile(Fixtures.url("nc_territories.geojson")))
        let batch = try CustomerCSVReader(contentsOf: Fixtures.url("nc_customers.csv")).readAll()
        let assignments = try TerritoryAssigner(map: map).assign(batch)
        let routes = try RoutePlanner(threads: 2).routes(map: map, customers: batch, assignments: assignments)
        let unassigned = assignments.filter { $0.territory == nil }.count
        let stops = dir.appendingPathComponent("stops.csv")
        let route = try cli.ok([
            "route", Fixtures.url("nc_territories.geojson").path, Fixtures.url("nc_customers.csv").path, "-o", stops.path, "--format", "json",
            "--threads", "2",
        ])
        XCTAssertEqual(route.stdout, JSONWriter.string(TerritoryRoute.json(routes, territoryIDs: map.ids, unassigned: unassigned)) + "\n")
        XCTAssertEqual(try Data(contentsOf: stops), Data(TerritoryRoute.csv(routes, territoryIDs: map.ids, customers: batch)))

        let counties = try TerritoryMap.load(GeoJSONFile(Fixtures.url("nc_counties_sids2.geojson")))
        let graph = try UnitGraph(map: counties)
        let adjacency = dir.appendingPathComponent("adjacency.csv")
        XCTAssertEqual(try cli.ok(["adjacency", Fixtures.url("nc_counties_sids2.geojson").path, "-o", adjacency.path]).stdout, graph.summary + "\n")
        XCTAssertEqual(try Data(contentsOf: adjacency), Data(graph.csv(unitIDs: counties.ids)))
    }
}
