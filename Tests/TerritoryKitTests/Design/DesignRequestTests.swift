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
}
