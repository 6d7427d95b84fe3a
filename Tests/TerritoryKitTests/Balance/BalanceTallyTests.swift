import Foundation
import TerritoryKit
import XCTest
import TestFixtures

/// Tallies of customers per territory without per-point results: the fast path against
/// assigning each point.
final class BalanceTallyTests: XCTestCase {
    func testTallyWithoutPerPointResultsMatchesAssigningEachPoint() throws {
        let map = try TerritoryMap.load(GeoJSONFile(Fixtures.url("nc_counties_sids2.geojson")))
        let assigner = try TerritoryAssigner(map: map)
        let cities = try CustomerCSVReader(contentsOf: Fixtures.url("geonames_cities15000.csv")).readAll()
        // The exact path: one assignment per point, tallied.
        var exact = BalanceTally(territoryCount: map.count)
        try exact.add(try assigner.assign(cities), weights: cities.weight)
        for threads in [1, 2, 3] {
            let fast = try BalanceTally.tally(lon: cities.lon, lat: cities.lat, weights: cities.weight, assigner: assigner, threads: threads)
            XCTAssertEqual(fast.customers, exact.customers, "\(threads) threads")
            XCTAssertEqual(fast.total, exact.total)
            XCTAssertEqual(fast.unassigned, exact.unassigned)
            for t in 0..<map.count { XCTAssertEqual(fast.weight[t], exact.weight[t], accuracy: 1e-6 * max(1, exact.weight[t])) }
        }
        XCTAssertGreaterThan(exact.total - exact.unassigned, 50, "the fixture puts cities in the counties")
        // Without weights: a count.
        let counted = try BalanceTally.tally(lon: cities.lon, lat: cities.lat, assigner: assigner, threads: 2)
        XCTAssertEqual(counted.weight, counted.customers.map(Double.init))
        var added = BalanceTally(territoryCount: map.count)
        try added.add(try assigner.assign(cities))
        XCTAssertEqual(added.weight, counted.weight)
        XCTAssertThrowsError(try BalanceTally.tally(lon: [0, 1], lat: [0], assigner: assigner))
        XCTAssertThrowsError(try BalanceTally.tally(lon: [0], lat: [0], weights: [1, 2], assigner: assigner))
    }
}
