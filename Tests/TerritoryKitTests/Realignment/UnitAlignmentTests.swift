import Foundation
import TerritoryKit
import TestFixtures
import XCTest

/// Unit alignments: read from the `unit_id,territory_id` CSV with every defect named by line,
/// and dissolved into territories whose areas are pyproj's (fixtures/reference/nc_report.csv).
final class UnitAlignmentTests: XCTestCase {
    func testDissolvedTerritoriesHaveTheReferenceAreas() throws {
        let (units, alignment, _) = try countiesAlignment()
        let map = try alignment.dissolve(units)
        XCTAssertEqual(map.territories.map(\.id), (1...8).map { "T\($0)" })
        let reference = try Fixtures.referenceRows("reference/nc_report.csv")
        for (territory, row) in zip(map.territories, reference) {
            // The fixture's territories are shapely's unions of the same counties: the dissolved
            // area agrees to well under a square kilometre.
            XCTAssertEqual(try Geodesic.wgs84.area(territory.geometry) / 1e6, Double(row["area_km2"]!)!, accuracy: 0.01, territory.id)
            XCTAssertEqual(territory.geometry.numGeometries, Int(row["parts"]!)!, territory.id)
        }
        XCTAssertEqual(alignment.dictionary(units: units)["37183"], "T5", "Wake")
    }

    func testReadsTheCSVAndNamesEveryDefectByLine() throws {
        let (units, alignment, _) = try countiesAlignment()
        let dir = try Fixtures.temporaryDirectory()
        let file = dir.appendingPathComponent("plan.csv")
        var text = "unit_id,territory_id\n"
        for (u, unit) in units.territories.enumerated() { text += "\(unit.id),\(alignment.territoryIDs[alignment.territoryOfUnit[u]])\n" }
        try text.write(to: file, atomically: true, encoding: .utf8)
        let read = try UnitAlignment.read(contentsOf: file, units: units)
        // Territories in the order they first appear: the first county is in T1.
        XCTAssertEqual(read.territoryIDs.first, "T1")
        XCTAssertEqual(read.dictionary(units: units), alignment.dictionary(units: units))
        let lines = text.split(separator: "\n").map(String.init)
        for (content, needle) in [
            (lines.dropLast().joined(separator: "\n") + "\n", "unit \(units.territories.last!.id) is missing"),
            (text + "99999,T1\n", "plan.csv:102: unit 99999 is not in the units"),
            (text + lines[1] + "\n", "plan.csv:102: unit 37009 appears twice"),
            ("unit,territory\n" + lines.dropFirst().joined(separator: "\n") + "\n", "unit_id"),
        ] {
            try content.write(to: file, atomically: true, encoding: .utf8)
            XCTAssertThrowsError(try UnitAlignment.read(contentsOf: file, units: units)) { error in
                XCTAssertTrue("\(error)".contains(needle), "\(needle): \(error)")
            }
        }
        XCTAssertThrowsError(try UnitAlignment(territoryIDs: ["A"], territoryOfUnit: [0, 1]))
    }

    func testLockedUnitsAreReadWithEveryDefectNamedByLine() throws {
        let (units, _, _) = try countiesAlignment()
        let dir = try Fixtures.temporaryDirectory()
        let file = dir.appendingPathComponent("locked.csv")
        let territories = ["T1", "T2"]
        func read(_ text: String) throws -> [String: String] {
            try text.write(to: file, atomically: true, encoding: .utf8)
            return try UnitAlignment.readLocked(
                contentsOf: file, units: units, unitsName: "counties", territoryIDs: territories, territoriesName: "plan")
        }
        XCTAssertEqual(try read("unit_id,territory_id\n37183,T2\n37063,T1\n"), ["37183": "T2", "37063": "T1"])
        XCTAssertEqual(try read("territory_id,unit_id\n"), [:])
        for (content, needle) in [
            ("unit_id,territory_id\n99999,T1\n", "locked.csv:2: unit 99999 is not in counties"),
            ("unit_id,territory_id\n37183,T1\n37183,T2\n", "locked.csv:3: unit 37183 appears twice"),
            ("unit_id,territory_id\n37183,\n", "locked.csv:2: territory_id is empty"),
            ("unit_id,territory_id\n37183,T9\n", "locked.csv:2: territory T9 is not in plan"),
            ("unit,territory_id\n37183,T1\n", "unit_id"),
        ] {
            XCTAssertThrowsError(try read(content)) { error in XCTAssertTrue("\(error)".contains(needle), "\(needle): \(error)") }
        }
    }
}
