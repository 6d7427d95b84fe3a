import Foundation
import TerritoryKit
import TestFixtures
import XCTest

/// A plan as a map or as units with an alignment places customers as shapely's border rule does
/// (fixtures/reference/nc_assignment.csv).
final class TerritoryPlanTests: XCTestCase {
    func testBothKindsOfPlanPlaceCustomersAsTheReference() throws {
        let (units, alignment, map) = try countiesAlignment()
        let batch = try CustomerCSVReader(contentsOf: Fixtures.url("nc_customers.csv")).readAll()
        let reference = try Fixtures.referenceRows("reference/nc_assignment.csv").map { $0["territory_id"]! }
        for plan in [try TerritoryPlan(map: map), try TerritoryPlan(units: units, alignment: alignment)] {
            XCTAssertEqual(plan.territoryIDs, map.territories.map(\.id))
            let placed = try plan.locate(batch, threads: 2)
            XCTAssertEqual(placed.map { $0.map { plan.territoryIDs[$0] } ?? "" }, reference)
        }
        let fromUnits = try TerritoryPlan(units: units, alignment: alignment)
        XCTAssertEqual(try fromUnits.territoryMap().territories.map(\.id), map.territories.map(\.id))
        XCTAssertNotNil(fromUnits.alignment)
        XCTAssertNil(try TerritoryPlan(map: map).alignment)
    }

    /// An alignment lists its territories as its units come; the plan lists them in natural
    /// order (the map's T1..T8), each unit still in its own territory.
    func testAnAlignmentsTerritoriesAreInNaturalOrder() throws {
        let (units, alignment, map) = try countiesAlignment()
        // The same plan, its territories named in reverse first-appearance order.
        let shuffled = try UnitAlignment(
            territoryIDs: alignment.territoryIDs.reversed(),
            territoryOfUnit: alignment.territoryOfUnit.map { alignment.territoryIDs.count - 1 - $0 })
        let plan = try TerritoryPlan(units: units, alignment: shuffled)
        XCTAssertEqual(plan.territoryIDs, ["T1", "T2", "T3", "T4", "T5", "T6", "T7", "T8"])
        XCTAssertEqual(plan.territoryIDs, map.territories.map(\.id))
        XCTAssertEqual(plan.alignment?.dictionary(units: units), alignment.dictionary(units: units))
    }
}
