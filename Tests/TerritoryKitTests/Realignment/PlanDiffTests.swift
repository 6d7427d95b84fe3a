import Foundation
import TerritoryKit
import TestFixtures
import XCTest

/// What changes between two plans, counted from each customer's territory in both.
final class PlanDiffTests: XCTestCase {
    /// Five customers placed by hand: every count and weight worked out on paper.
    func testCountsMovesAndWeightsOfHandPlacedCustomers() throws {
        let batch = try CustomerBatch(ids: ["a", "b", "c", "d", "e"], lon: [0, 0, 0, 0, 0], lat: [0, 0, 0, 0, 0], weights: [1, 2, 3, 4, 10])
        // Before: a,b in X, c in Y, d in Z, e nowhere. After: a in X, b in W, c in Y, d in W, e in Y.
        let (diff, moves) = PlanDiff.compare(
            before: ["X", "Y", "Z"], after: ["Y", "X", "W"], customers: batch, placedBefore: [0, 0, 1, 2, nil],
            placedAfter: [1, 2, 0, 2, 0])
        XCTAssertEqual(diff.territories.map(\.id), ["X", "Y", "Z", "W"])
        XCTAssertEqual(diff.territories.map(\.inBefore), [true, true, true, false])
        XCTAssertEqual(diff.territories.map(\.inAfter), [true, true, false, true])
        XCTAssertEqual(diff.territories.map(\.customersBefore), [2, 1, 1, 0])
        XCTAssertEqual(diff.territories.map(\.customersAfter), [1, 2, 0, 2])
        XCTAssertEqual(diff.territories.map(\.weightBefore), [3, 3, 4, 0])
        XCTAssertEqual(diff.territories.map(\.weightAfter), [1, 13, 0, 6])
        XCTAssertEqual(diff.territories.map(\.gained), [0, 1, 0, 2])
        XCTAssertEqual(diff.territories.map(\.lost), [1, 0, 1, 0])
        XCTAssertEqual(diff.customers, 5)
        XCTAssertEqual(diff.totalWeight, 20)
        XCTAssertEqual(diff.movedCustomers, 3)
        XCTAssertEqual(diff.movedWeight, 16)
        XCTAssertEqual(diff.movedCustomersPercent, 60, accuracy: 1e-12)
        XCTAssertEqual(diff.movedWeightPercent, 80, accuracy: 1e-12)
        // Deviations from the mean of the territories each plan has: before 3,3,4 (mean 10/3),
        // after 1,13,6 (mean 20/3).
        XCTAssertEqual(diff.maxDeviationBefore, (4 - 10.0 / 3) / (10.0 / 3) * 100, accuracy: 1e-9)
        XCTAssertEqual(diff.maxDeviationAfter, (13 - 20.0 / 3) / (20.0 / 3) * 100, accuracy: 1e-9)
        // The moves: b X→W, d Z→W, e none→Y, as positions in the diff's territory list.
        XCTAssertEqual(moves.map(\.batchIndex), [1, 3, 4])
        XCTAssertEqual(moves.map(\.from), [0, 2, nil])
        XCTAssertEqual(moves.map(\.to), [3, 3, 1])
    }

    /// A map against its own units and alignment: nothing moves; against the map with T8
    /// renamed: T8's five customers (shapely's count) move, streamed through the reader.
    func testStreamedComparisonOfRealPlans() throws {
        let (units, alignment, map) = try countiesAlignment()
        let customers = Fixtures.url("nc_customers.csv")
        let same = try PlanDiff.compare(
            try TerritoryPlan(map: map), try TerritoryPlan(units: units, alignment: alignment), customers: CustomerCSVReader(contentsOf: customers))
        XCTAssertEqual(same.movedCustomers, 0)
        XCTAssertEqual(same.customers, 117)
        let reference = try Fixtures.referenceRows("reference/nc_report.csv")
        XCTAssertEqual(same.territories.map(\.weightBefore), reference.map { Double($0["weight"]!)! })
        let renamed = try TerritoryMap(
            map.territories.map { Territory(id: $0.id == "T8" ? "T9" : $0.id, geometry: $0.geometry) })
        var streamed: [CustomerMove] = []
        let diff = try PlanDiff.compare(
            try TerritoryPlan(map: map), try TerritoryPlan(map: renamed), customers: CustomerCSVReader(contentsOf: customers)
        ) { _, moves in streamed += moves }
        XCTAssertEqual(diff.movedCustomers, Int(reference[7]["customers"]!)!)
        XCTAssertEqual(diff.movedWeight, Double(reference[7]["weight"]!)!)
        XCTAssertEqual(streamed.count, diff.movedCustomers)
        XCTAssertTrue(streamed.allSatisfy { $0.from == 7 && $0.to == 8 })
    }
}
