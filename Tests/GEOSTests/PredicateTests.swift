import XCTest
import GEOS

final class PredicateTests: XCTestCase {
    func testPredicatesOnSquares() throws {
        let big = try square(0, 0, 10), inner = try square(2, 2, 2), edge = try square(10, 0, 5)
        let overlapping = try square(8, 8, 5), far = try square(100, 100, 1)
        XCTAssertTrue(try big.contains(inner))
        XCTAssertTrue(try big.covers(inner))
        XCTAssertTrue(try inner.within(big))
        XCTAssertTrue(try inner.coveredBy(big))
        XCTAssertTrue(try big.touches(edge))
        XCTAssertFalse(try big.overlaps(edge))
        XCTAssertTrue(try big.overlaps(overlapping))
        XCTAssertTrue(try big.intersects(edge))
        XCTAssertTrue(try big.disjoint(far))
        XCTAssertFalse(try big.intersects(far))
        let diagonal = try Geometry.lineString([Coordinate(x: -1, y: -1), Coordinate(x: 11, y: 11)])
        XCTAssertTrue(try diagonal.crosses(big))
        let reordered = try Geometry(wkt: "POLYGON ((10 0, 10 10, 0 10, 0 0, 10 0))")
        XCTAssertTrue(try reordered.equals(big))
        XCTAssertFalse(try reordered.equalsExact(big))
    }

    func testBoundaryPointIsCoveredButNotContained() throws {
        let big = try square(0, 0, 10)
        let onEdge = try Geometry.point(x: 10, y: 5)
        XCTAssertTrue(try big.covers(onEdge))
        XCTAssertFalse(try big.contains(onEdge))
    }

    func testRelateMatrixAndPattern() throws {
        let a = try square(0, 0, 2), b = try square(1, 1, 2)
        XCTAssertEqual(try a.relate(b), "212101212")
        XCTAssertTrue(try a.relate(b, pattern: "2********"))
        XCTAssertFalse(try a.relate(square(2, 0, 1), pattern: "2********"))
        XCTAssertThrowsError(try a.relate(b, pattern: "2***"))
    }
}
