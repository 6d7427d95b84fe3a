import XCTest
import TerritoryKit
import TestFixtures

/// The conveniences a downstream user asked for, against the exact paths they stand for.
final class ConvenienceTests: XCTestCase {
    func testTallyWithoutPerPointResultsMatchesAssigningEachPoint() throws {
        let map = try TerritoryMap.load(contentsOf: Fixtures.url("nc_counties_sids2.geojson"))
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

    func testTerritoriesBuiltInCodeGetTheirOwnIndexAndAssignmentsTheirID() throws {
        let a = try Geometry.rectangle(Envelope(minX: 0, minY: 0, maxX: 1, maxY: 1))
        let b = try Geometry.rectangle(Envelope(minX: 1, minY: 0, maxX: 2, maxY: 1))
        let map = try TerritoryMap([Territory(id: "west", geometry: a), Territory(id: "east", geometry: b)])
        XCTAssertEqual(map.territories.map(\.featureIndex), [0, 1])
        let kept = try TerritoryMap([Territory(id: "x", geometry: a, featureIndex: 7)])
        XCTAssertEqual(kept.territories[0].featureIndex, 7)
        let assigner = try TerritoryAssigner(map: map)
        XCTAssertEqual(assigner.territoryID(of: assigner.assign(lon: 1.5, lat: 0.5)), "east")
        XCTAssertEqual(assigner.territoryID(lon: 0.5, lat: 0.5), "west")
        XCTAssertNil(assigner.territoryID(lon: 5, lat: 5))
    }

    func testOptionStructsHaveMemberwiseInits() throws {
        let validation = ValidationOptions(sliverArea: 5, engine: .pairwise)
        XCTAssertEqual(validation.sliverArea, 5)
        XCTAssertEqual(validation.sliverWidth, 50)
        let render = RenderOptions(width: 400, coloring: .territory)
        XCTAssertEqual(render.width, 400)
        let columns = CustomerColumns(id: "customer", weight: "revenue", weightRequired: true)
        XCTAssertEqual(columns.lon, "lon")
        XCTAssertEqual(columns.weight, "revenue")
        XCTAssertEqual(PropertyNames(name: "label").name, "label")
        XCTAssertEqual(PropertyNames(id: "code").id, "code")
        let batch = try CustomerBatch(ids: ["a"], lon: [0.5], lat: [0.5])
        XCTAssertEqual(batch.count, 1)
    }
}
