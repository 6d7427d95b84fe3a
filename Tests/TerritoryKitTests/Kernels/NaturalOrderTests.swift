import XCTest

@testable import TerritoryKit

/// Natural order against Python's usual key (`re.split(r'(\d+)', s)`, digit runs as
/// `(0, int, width)`, text as `(1, text, 0)`), which gave the expected list.
final class NaturalOrderTests: XCTestCase {
    func testOrderIsPythonsNaturalKeyOrder() {
        let ids = ["T10", "T2", "T1", "a7", "a007", "a07b", "B", "b", "T2a", "T02", "x", "10", "9", ""]
        XCTAssertEqual(ids.sorted(by: NaturalOrder.precedes), ["", "9", "10", "B", "T1", "T2", "T2a", "T02", "T10", "a7", "a07b", "a007", "b", "x"])
        for a in ids { XCTAssertFalse(NaturalOrder.precedes(a, a), a) }
    }
}
