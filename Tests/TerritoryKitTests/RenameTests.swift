import XCTest
import TerritoryKit
import TestFixtures

/// Names say what things are: the old names still compile (deprecated) and mean the same.
final class RenameTests: XCTestCase {
    func testOverlapNamesItsTerritoriesAndOneFeatureIndexName() throws {
        let report = try Validator.validate(contentsOf: Fixtures.url("nc_territories_damaged.geojson"))
        let overlap = try XCTUnwrap(report.overlaps.first)
        XCTAssertEqual([overlap.firstID, overlap.secondID], ["T5", "T6"])
        XCTAssertLessThan(overlap.firstFeatureIndex, overlap.secondFeatureIndex)
        let features = try TerritoryMap.inspect(contentsOf: Fixtures.url("nc_territories.geojson"))
        XCTAssertEqual(features.map(\.featureIndex), Array(0..<8))
        XCTAssertEqual(features.map(\.record.featureIndex), Array(0..<8))
        XCTAssertEqual(PropertyNames(id: "name").id, "name")
    }
}
