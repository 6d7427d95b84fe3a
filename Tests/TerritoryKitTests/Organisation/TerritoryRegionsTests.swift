import Foundation
import TerritoryKit
import TestFixtures
import XCTest

/// Regions from the reps file and from a map property: one region per territory, never two.
final class TerritoryRegionsTests: XCTestCase {
    func testRegionsAreInNaturalOrderWithTheirMembers() throws {
        let regions = try TerritoryRegions(territoryRegions: ["R10", "R2", "R10", "R1"])
        XCTAssertEqual(regions.ids, ["R1", "R2", "R10"])
        XCTAssertEqual(regions.regionOfTerritory, [2, 1, 2, 0])
        XCTAssertEqual(regions.members(of: 2), [0, 2])
    }

    func testFromTheRepsFileAndTheMap() throws {
        let map = try TerritoryMap.load(GeoJSONFile(Fixtures.url("nc_territories.geojson")))
        let reps = try RepTerritory.read(contentsOf: Fixtures.url("organisation/nc_reps.csv"))
        let regions = try XCTUnwrap(try TerritoryRegions.of(map: map, reps: reps, property: nil))
        XCTAssertEqual(regions.ids, ["Central", "East", "West"])
        XCTAssertEqual(regions.regionOfTerritory.map { regions.ids[$0] }, ["West", "West", "West", "Central", "Central", "Central", "East", "East"])
        XCTAssertNil(try TerritoryRegions.of(map: map, reps: [RepTerritory(id: "T1")], property: nil))
        // The map's `rep` property as regions: each rep a region of one.
        XCTAssertEqual(try TerritoryRegions.of(map: map, reps: nil, property: "rep")?.count, 8)
        XCTAssertThrowsError(try TerritoryRegions.of(map: map, reps: reps, property: "name")) { error in
            XCTAssertTrue("\(error)".contains("territory T1 is in two regions: West (the reps file) and Mountains North (property name)"), "\(error)")
        }
        XCTAssertThrowsError(try TerritoryRegions.of(map: map, reps: [RepTerritory(id: "T1", region: "West")], property: nil)) { error in
            XCTAssertTrue("\(error)".contains("territory T2 has no region"), "\(error)")
        }
        XCTAssertThrowsError(try TerritoryRegions.of(map: map, reps: nil, property: "no_such")) { error in
            XCTAssertTrue("\(error)".contains("no territory has the region property no_such"), "\(error)")
        }
    }
}
