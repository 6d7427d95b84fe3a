import Foundation
import TerritoryKit
import XCTest
import TestFixtures

/// The one call a design takes: the same plan as the designer's own, regions as their own call
/// makes them, and each shortfall said in one line.
final class DesignRequestTests: XCTestCase {
    func testOutcomeIsTheDesignersPlanWithItsRegionsAndShortfalls() throws {
        let counties = try ncCounties()
        let births = try UnitCustomers.propertyWeights(counties, property: "bir74", source: "nc")
        let options = DesignOptions(territories: 6, tolerance: 0.05)
        let outcome = try TerritoryDesigner.design(DesignRequest(units: counties, weights: births, options: options, regions: 2))
        let direct = try TerritoryDesigner.design(units: counties, weights: births, options: options)
        XCTAssertEqual(outcome.plan.assignment, direct.assignment)
        let regions = try TerritoryDesigner.regions(of: direct, count: 2, tolerance: 0.05, seed: 1)
        XCTAssertEqual(outcome.regions?.regionOfTerritory, regions.regionOfTerritory)
        XCTAssertNil(outcome.tolerance)
        XCTAssertNil(outcome.driveLimit)
        XCTAssertFalse(outcome.timeLimitReached.search || outcome.timeLimitReached.rounds)
        // Twenty territories of lumpy counties cannot be within 2% (Mecklenburg alone outweighs a
        // twentieth): the line says so, naming the caller's words for another attempt.
        let tight = try TerritoryDesigner.design(
            DesignRequest(units: counties, weights: births, options: DesignOptions(territories: 20, tolerance: 0.02)), anotherTry: "a new seed")
        XCTAssertNotNil(tight.tolerance)
        XCTAssertEqual(tight.tolerance, tight.plan.status.reason(moreTime: "a new seed"))
    }

    /// Regions drawn beforehand: the request's plan is the designer's own inside them, its reps
    /// are the plan's territories, and no territory crosses a region.
    func testWithinGivenRegionsIsTheDesignersPlanInsideThem() throws {
        let counties = try ncCounties()
        let births = try UnitCustomers.propertyWeights(counties, property: "bir74", source: "nc")
        // Two regions: the counties west and east of 79.5° W, dissolved.
        let west = try counties.territories.map { try $0.geometry.pointOnSurface().coordinates()[0].x < -79.5 }
        let halves = try [true, false].map { side in
            try Geometry.unaryUnion(counties.territories.indices.filter { west[$0] == side }.map { counties.territories[$0].geometry })
        }
        let regionMap = try TerritoryMap([Territory(id: "W", geometry: halves[0]), Territory(id: "E", geometry: halves[1])])
        let outcome = try TerritoryDesigner.design(
            DesignRequest(units: counties, weights: births, within: GivenRegions(map: regionMap, territoriesPerRegion: [3, 2]), tolerance: 0.1))
        let direct = try TerritoryDesigner.design(
            units: counties, weights: births, within: regionMap.territories.map(\.geometry), regionIDs: regionMap.ids, territoriesPerRegion: [3, 2],
            tolerance: 0.1)
        XCTAssertEqual(outcome.plan.assignment, direct.plan.assignment)
        XCTAssertEqual(outcome.plan.territoryIDs.count, 5)
        XCTAssertEqual(outcome.reps.map(\.id), outcome.plan.territoryIDs)
        XCTAssertEqual(outcome.regions?.regionOfTerritory, direct.regions.regionOfTerritory)
        XCTAssertEqual(outcome.tolerance, direct.plan.status.reason(moreTime: "another seed"))
        // Every unit's territory lies in the unit's region.
        for (u, t) in outcome.plan.assignment.enumerated() {
            XCTAssertEqual(regionMap.ids[outcome.regions!.regionOfTerritory[t]], west[u] ? "W" : "E", counties.ids[u])
        }
    }
}
