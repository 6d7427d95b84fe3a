import XCTest
import GEOS

final class ValidityTests: XCTestCase {
    let bowTie = "POLYGON ((0 0, 10 10, 10 0, 0 10, 0 0))"

    func testBowTieReasonAndLocation() throws {
        let g = try Geometry(wkt: bowTie)
        XCTAssertFalse(try g.isValid())
        let problem = try XCTUnwrap(g.validityProblem())
        XCTAssertEqual(problem.reason, "Self-intersection")
        XCTAssertEqual(problem.location, Coordinate(x: 5, y: 5))
        XCTAssertNil(try square(0, 0, 1).validityProblem())
    }

    func testHoleOutsideShellIsReported() throws {
        let g = try Geometry(wkt: "POLYGON ((0 0, 4 0, 4 4, 0 4, 0 0), (10 10, 11 10, 11 11, 10 11, 10 10))")
        XCTAssertEqual(try g.validityProblem()?.reason, "Hole lies outside shell")
    }

    func testMakeValidBothMethods() throws {
        let g = try Geometry(wkt: bowTie)
        let structure = try g.makeValid(method: .structure(keepCollapsed: false))
        XCTAssertTrue(try structure.isValid())
        XCTAssertEqual(structure.type, .multiPolygon)
        XCTAssertEqual(try structure.planarArea(), 50, accuracy: 1e-9)
        let linework = try g.makeValid(method: .linework)
        XCTAssertTrue(try linework.isValid())
        XCTAssertEqual(try linework.planarArea(), 50, accuracy: 1e-9)
    }

    func testCoverageValidationIsGatedOnTheGEOSVersion() throws {
        let coverage = try Geometry.collection([square(0, 0, 1), square(0.5, 0, 1)])
        if GEOSLibrary.hasGEOS312Functions {
            XCTAssertNotNil(try coverage.coverageInvalidEdges(gapWidth: 0))
        } else {
            XCTAssertThrowsError(try coverage.coverageInvalidEdges(gapWidth: 0)) { error in
                guard case .unsupported = error as? GEOSError else { return XCTFail("\(error)") }
            }
        }
    }
}
