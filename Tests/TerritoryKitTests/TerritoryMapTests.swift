import XCTest
import TerritoryKit
import TestFixtures

/// Maps built in code: held to the rules a file is, their territories indexed in map order.
final class TerritoryMapTests: XCTestCase {
    func testBowTieAndOutOfRangeTerritoriesAreRefused() throws {
        let bowTie = try Geometry(wkt: "POLYGON ((0 0, 1 1, 1 0, 0 1, 0 0))")
        XCTAssertThrowsError(try TerritoryMap([Territory(id: "b", geometry: bowTie)])) { error in
            guard case let .badFeature(source, index, id, defect)? = error as? TerritoryError else { return XCTFail("\(error)") }
            XCTAssertEqual(source, "<map>"); XCTAssertEqual(index, 0); XCTAssertEqual(id, "b")
            XCTAssertEqual(defect.kind, .invalidGeometry)
        }
        let east = try Geometry.rectangle(Envelope(minX: 199, minY: 0, maxX: 200, maxY: 1))
        XCTAssertThrowsError(
            try TerritoryMap([
                Territory(id: "ok", geometry: Geometry.rectangle(Envelope(minX: 0, minY: 0, maxX: 1, maxY: 1))),
                Territory(id: "east", geometry: east),
            ])
        ) { error in
            guard case let .badFeature(_, index, _, defect)? = error as? TerritoryError else { return XCTFail("\(error)") }
            XCTAssertEqual(index, 1)
            XCTAssertEqual(defect.kind, .coordinateOutOfRange)
        }
        XCTAssertThrowsError(try TerritoryMap([Territory(id: "p", geometry: Geometry.point(x: 0, y: 0))]))
        XCTAssertThrowsError(try TerritoryMap([Territory(id: "e", geometry: Geometry.empty(.polygon))]))
        // Measuring the bow-tie is refused too, with GEOS's reason (it used to return 0).
        XCTAssertThrowsError(try Geodesic.wgs84.area(bowTie)) { error in
            XCTAssertTrue("\(error)".contains("Self-intersection"), "\(error)")
        }
        let square = try Geometry.rectangle(Envelope(minX: 0, minY: 0, maxX: 1, maxY: 1))
        XCTAssertGreaterThan(try Geodesic.wgs84.area(square), 1.2e10)
    }

    func testTerritoriesBuiltInCodeGetTheirOwnIndexAndAssignmentsTheirID() throws {
        let a = try Geometry.rectangle(Envelope(minX: 0, minY: 0, maxX: 1, maxY: 1))
        let b = try Geometry.rectangle(Envelope(minX: 1, minY: 0, maxX: 2, maxY: 1))
        let map = try TerritoryMap([Territory(id: "west", geometry: a), Territory(id: "east", geometry: b)])
        XCTAssertEqual(map.territories.map(\.featureIndex), [0, 1])
        let kept = try TerritoryMap([Territory(id: "x", geometry: a, featureIndex: 7)])
        XCTAssertEqual(kept.territories[0].featureIndex, 7)
        let assigner = try TerritoryAssigner(map: map)
        XCTAssertEqual(assigner.territoryID(of: assigner.assign(lon: 1.5, lat: 0.5)), "east")
        XCTAssertEqual(assigner.territoryID(lon: 0.5, lat: 0.5), "west")
        XCTAssertNil(assigner.territoryID(lon: 5, lat: 5))
    }
}
