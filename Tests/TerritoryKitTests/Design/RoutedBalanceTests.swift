import Foundation
import TerritoryKit
import TestFixtures
import XCTest

/// Balancing on routed workload: each territory's routed hours are its visits plus the drive
/// time of its tour, recomputed here from the plan (the customers each territory's counties
/// hold, routed on their own), and the loop stops within its rounds.
final class RoutedBalanceTests: XCTestCase {
    func testRoutedHoursAreVisitsPlusTheTourOfEachTerritory() throws {
        let units = try TerritoryMap.load(GeoJSONFile(Fixtures.url("nc_counties_sids2.geojson")))
        let batch = try CustomerCSVReader(contentsOf: Fixtures.url("nc_customers.csv")).readAll()
        let unitOf = try TerritoryAssigner(map: units).assign(batch).map(\.territory)
        // 4 visits of 30 minutes per customer; a flat drive estimate of one hour per unit.
        let plan = try VisitPlan(minutesPerVisit: 30, visitsPerPeriod: 4)
        var visit = [Double](repeating: 0, count: units.count)
        for case let u? in unitOf { visit[u] += 2 }
        let drive = [Double](repeating: 1, count: units.count)
        let planner = RoutePlanner(threads: 2)
        var options = DesignOptions(territories: 4, tolerance: 0.05)
        options.restarts = 4  // fewer starts than the default 24: the routing, not the search, is under test
        var firstRound = Double.infinity
        for rounds in [1, 3] {
            let routed = try RoutedBalance.design(
                units: units, visitHours: visit, driveHours: drive, customers: batch, customerUnits: unitOf, options: options, planner: planner,
                visitPlan: plan, rounds: rounds)
            XCTAssertLessThanOrEqual(routed.rounds, rounds)
            XCTAssertFalse(routed.timeLimitReached)
            // The plan's territories routed on their own: 4 × (visits + the tour's drive hours).
            let result = routed.result
            let map = try TerritoryMap(
                unchecked: result.territoryIDs.indices.map { Territory(id: result.territoryIDs[$0], geometry: result.polygons[$0]) })
            let assignments = unitOf.map { u in Assignment(territory: u.map { result.assignment[$0] }, status: u == nil ? .unassigned : .interior) }
            let tours = try planner.routes(map: map, customers: batch, assignments: assignments)
            let hours = tours.map { 4 * (Double($0.customers) * 0.5 + $0.driveSeconds / 3600) }
            for t in 0..<4 { XCTAssertEqual(routed.routedHours[t], hours[t], accuracy: 1e-9, "T\(t + 1)") }
            let mean = hours.reduce(0, +) / 4
            for t in 0..<4 { XCTAssertEqual(routed.routedDeviations[t], hours[t] / mean - 1, accuracy: 1e-9) }
            XCTAssertEqual(routed.maxRoutedDeviation, hours.map { abs($0 / mean - 1) }.max()!, accuracy: 1e-12)
            // The best plan routed is kept: more rounds never give a worse one.
            if rounds == 1 { firstRound = routed.maxRoutedDeviation } else { XCTAssertLessThan(routed.maxRoutedDeviation, firstRound) }
        }
        // A ceiling of no time: one round, and the result says the clock ended it.
        let cut = try RoutedBalance.design(
            units: units, visitHours: visit, driveHours: drive, customers: batch, customerUnits: unitOf,
            options: {
                var o = options; o.tolerance = 0.001; return o
            }(), planner: planner, visitPlan: plan, timeLimit: 0)
        XCTAssertEqual(cut.rounds, 1)
        XCTAssertTrue(cut.timeLimitReached)
    }
}
