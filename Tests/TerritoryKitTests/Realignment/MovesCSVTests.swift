import Foundation
import TerritoryKit
import XCTest
import TestFixtures

/// The moves CSV of `territory diff --moves-output`: each move a row, ids quoted where CSV needs
/// it, an empty territory for a customer outside every territory of that plan.
final class MovesCSVTests: XCTestCase {
    func testRowsReadBackAsTheMoves() throws {
        let batch = try CustomerBatch(ids: ["a", "b,c", "d\"e"], lon: [0, 1, 2], lat: [0, 1, 2])
        let ids = ["T1", "North, East", "T3"]
        let moves = [
            CustomerMove(row: 0, batchIndex: 0, from: 0, to: 1), CustomerMove(row: 1, batchIndex: 1, from: nil, to: 2),
            CustomerMove(row: 2, batchIndex: 2, from: 1, to: nil),
        ]
        let bytes = Array(PlanDiff.movesHeader.utf8) + PlanDiff.movesCSV(batch, moves, territoryFields: PlanDiff.csvFields(ids))
        let table = try CSVTable.parse(bytes)
        XCTAssertEqual(table.header, ["customer_id", "from_territory_id", "to_territory_id"])
        XCTAssertEqual(table.rows, [["a", "T1", "North, East"], ["b,c", "", "T3"], ["d\"e", "North, East", ""]])
    }
}
