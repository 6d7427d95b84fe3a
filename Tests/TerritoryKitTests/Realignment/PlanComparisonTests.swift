import Foundation
import TerritoryKit
import TestFixtures
import XCTest

/// Plans side by side: each plan's figures as the reference computes them
/// (fixtures/organisation/make_organisation_reference.py), streamed or held in memory alike.
final class PlanComparisonTests: XCTestCase {
    func plans() throws -> [TerritoryPlan] {
        let units = try TerritoryMap.load(GeoJSONFile(Fixtures.url("nc_counties_sids2.geojson")))
        let map = try TerritoryMap.load(GeoJSONFile(Fixtures.url("nc_territories.geojson")))
        return try [TerritoryPlan(map: map)]
            + ["lon", "diag"].map { name in
                try TerritoryPlan(
                    units: units,
                    alignment: UnitAlignment.read(contentsOf: Fixtures.url("organisation/nc_plan_\(name).csv"), units: units))
            }
    }

    func testFiguresMatchTheReference() throws {
        let plans = try plans()
        let comparison = try PlanComparison.compare(
            plans, names: ["a", "b", "c"], customers: CustomerCSVReader(contentsOf: Fixtures.url("nc_accounts.csv")), threads: 2)
        let reference = try XCTUnwrap(
            try JSONSerialization.jsonObject(with: Data(Fixtures.text("organisation/compare.json").utf8)) as? [String: Any])
        let want = try XCTUnwrap(reference["plans"] as? [[String: Any]])
        for (got, w) in zip(comparison.plans, want) {
            func number(_ key: String) -> Double { (w[key] as! NSNumber).doubleValue }
            XCTAssertEqual(got.territories, Int(number("territories")))
            XCTAssertEqual(got.maxDeviationPercent, number("max_deviation_pct"), accuracy: 1e-9)
            XCTAssertEqual(got.coefficientOfVariation, number("cv"), accuracy: 1e-12)
            XCTAssertEqual(got.gini, number("gini"), accuracy: 1e-12)
            // Dissolved borders and geodesic perimeters: to within a few parts in a million.
            XCTAssertEqual(got.meanPolsbyPopper, number("mean_polsby_popper"), accuracy: 1e-5)
            XCTAssertEqual(got.leastPolsbyPopper, number("least_polsby_popper"), accuracy: 1e-5)
            XCTAssertEqual(got.nonContiguous, Int(number("non_contiguous")))
            XCTAssertEqual(got.movedCustomers, Int(number("moved_customers")))
            XCTAssertEqual(got.movedWeight, number("moved_weight"))
        }
        // Held in memory (as with a workload model) the figures are the same.
        let held = try PlanComparison.compare(
            plans, names: ["a", "b", "c"], customers: CustomerCSVReader(contentsOf: Fixtures.url("nc_accounts.csv")), threads: 1,
            workload: { map, _, _ in
                map.territories.map { _ in TerritoryWorkload(visitHours: 1, driveHours: 2) }
            })
        for (a, b) in zip(comparison.plans, held.plans) {
            XCTAssertEqual(a.maxDeviationPercent, b.maxDeviationPercent)
            XCTAssertEqual(a.movedCustomers, b.movedCustomers)
            XCTAssertEqual(b.workloadHoursSpread, 0)
            XCTAssertEqual(b.driveHours, 2 * Double(b.territories))
        }
        XCTAssertEqual(held.rows.map(\.key).filter { $0.contains("hours") }, ["workload_hours_spread", "drive_hours"])
    }
}
