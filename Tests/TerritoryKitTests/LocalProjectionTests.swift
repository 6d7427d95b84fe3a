import Foundation
import PROJ
import TerritoryKit
import XCTest

final class LocalProjectionTests: XCTestCase {
    /// The fast pipeline gives the same metres as the CRS-to-CRS transformation.
    func testLocalEqualAreaMatchesTheCRSTransformation() throws {
        let fast = try CoordinateTransformer.localEqualArea(center: Coordinate(x: -79, y: 35.5))
        let slow = try CoordinateTransformer(from: "EPSG:4326", to: "+proj=laea +lat_0=35.5 +lon_0=-79 +datum=WGS84 +units=m")
        let points = [Coordinate(x: -79, y: 35.5), Coordinate(x: -84.3, y: 33.8), Coordinate(x: -75.5, y: 36.6)]
        for (a, b) in zip(try fast.transform(points), try slow.transform(points)) {
            XCTAssertEqual(a.x, b.x, accuracy: 1e-6)
            XCTAssertEqual(a.y, b.y, accuracy: 1e-6)
        }
        // The operation runs backwards like the CRS pair swapped.
        let metres = try slow.transform(points)
        for (a, b) in zip(try fast.inverse.transform(metres), try slow.inverse.transform(metres)) {
            XCTAssertEqual(a.x, b.x, accuracy: 1e-9)
            XCTAssertEqual(a.y, b.y, accuracy: 1e-9)
        }
        XCTAssertThrowsError(try CoordinateTransformer(operation: "+proj=nonsense"))
    }
}
