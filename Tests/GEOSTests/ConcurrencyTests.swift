import XCTest
import GEOS
import TestFixtures

final class ConcurrencyTests: XCTestCase {
    /// Many tasks share the same `Sendable` geometries; each prepares its own copies (the API
    /// gives no other way). Results must equal the serial ones. Run under ThreadSanitizer by
    /// `scripts/sanitize.sh thread`.
    func testManyTasksOverSharedGeometries() async throws {
        let counties = try fixtureGeometries("nc_counties_sids2.geojson")
        let cities = try fixtureGeometries("naturalearth_cities.geojson") + counties.map { try $0.pointOnSurface() }
        func work(_ slice: Range<Int>) throws -> [Int] {
            let prepared = try counties.map { try PreparedGeometry($0) }
            return try cities.map { city in
                try prepared.firstIndex { try $0.covers(city) } ?? -1
            } + slice.map { i in Int(try counties[i].planarArea() * 1e6) }
        }
        let serial = try work(0..<counties.count)
        let results = try await withThrowingTaskGroup(of: [Int].self) { group in
            for _ in 0..<16 { group.addTask { try work(0..<counties.count) } }
            var all: [[Int]] = []
            for try await r in group { all.append(r) }
            return all
        }
        XCTAssertEqual(results.count, 16)
        for r in results { XCTAssertEqual(r, serial) }
        XCTAssertEqual(serial.prefix(cities.count).filter { $0 >= 0 }.count, counties.count)
    }

    /// Errors raised on one thread's context never leak into another's.
    func testErrorsStayOnTheirThread() async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<32 {
                group.addTask {
                    if i % 2 == 0 {
                        XCTAssertThrowsError(try Geometry(wkt: "POLYGON ((0 0"))
                    } else {
                        XCTAssertEqual(try Geometry(wkt: "POINT (\(i) 1)").pointCoordinate?.x, Double(i))
                    }
                }
            }
            try await group.waitForAll()
        }
    }
}
