import Foundation
import TerritoryKit
import XCTest

/// Reps' capacities as shares: given shares kept, the rest split by days worked.
final class RepCapacityTests: XCTestCase {
    func testDaysAndSharesMakeTheShares() throws {
        let ids = ["A", "B", "C", "D"]
        // No share and no part-timer: every territory expects the mean.
        XCTAssertNil(RepTerritory.shares(territoryIDs: ids, reps: [RepTerritory(id: "A")], cycleDays: 20))
        // A part-timer at 12 of 20 days carries 0.6 of a full rep.
        let part = try XCTUnwrap(RepTerritory.shares(territoryIDs: ids, reps: [RepTerritory(id: "B", workingDays: 12)], cycleDays: 20))
        XCTAssertEqual(part.map { $0 * 3.6 }, [1, 0.6, 1, 1].map { $0 }, accuracy: 1e-12)
        // Without a cycle, days cannot be weighed.
        XCTAssertNil(RepTerritory.shares(territoryIDs: ids, reps: [RepTerritory(id: "B", workingDays: 12)], cycleDays: nil))
        // A given share stays; the others split what it leaves by their days.
        let mixed = try XCTUnwrap(
            RepTerritory.shares(
                territoryIDs: ids, reps: [RepTerritory(id: "A", targetShare: 0.4), RepTerritory(id: "D", workingDays: 10)], cycleDays: 20))
        XCTAssertEqual(mixed, [0.4, 0.24, 0.24, 0.12], accuracy: 1e-12)
    }
}

/// Element-wise equality of two lists within `accuracy`.
func XCTAssertEqual(_ a: [Double], _ b: [Double], accuracy: Double, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(a.count, b.count, file: file, line: line)
    for (x, y) in zip(a, b) { XCTAssertEqual(x, y, accuracy: accuracy, "\(a) vs \(b)", file: file, line: line) }
}
