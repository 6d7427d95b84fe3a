import XCTest
import GEOS

final class ConstructionTests: XCTestCase {
    func testPolygonFromCoordinatesWithHole() throws {
        let shell = [(0.0, 0.0), (10, 0), (10, 10), (0, 10), (0, 0)].map { Coordinate(x: $0.0, y: $0.1) }
        let hole = [(2.0, 2.0), (2, 4), (4, 4), (4, 2), (2, 2)].map { Coordinate(x: $0.0, y: $0.1) }
        let p = try Geometry.polygon(exterior: shell, holes: [hole])
        XCTAssertEqual(p.type, .polygon)
        XCTAssertEqual(try p.planarArea(), 96)
        XCTAssertEqual(p.numCoordinates, 10)
        XCTAssertEqual(try p.exteriorRing().coordinates(), shell)
        XCTAssertEqual(try p.interiorRings().map { try $0.coordinates() }, [hole])
        XCTAssertEqual(p.envelope, Envelope(minX: 0, minY: 0, maxX: 10, maxY: 10))
        let flat = try Geometry.polygon(flatRings: [shell.flatMap { [$0.x, $0.y] }, hole.flatMap { [$0.x, $0.y] }])
        XCTAssertTrue(try flat.equalsExact(p))
    }

    func testBadRingsAreRefusedWithAReason() throws {
        let open = [Coordinate(x: 0, y: 0), Coordinate(x: 1, y: 0), Coordinate(x: 1, y: 1), Coordinate(x: 0, y: 1)]
        XCTAssertThrowsError(try Geometry.polygon(exterior: open)) { error in
            guard case let .invalidInput(message) = error as? GEOSError else { return XCTFail("\(error)") }
            XCTAssertTrue(message.contains("not closed"), message)
        }
        let short = [Coordinate(x: 0, y: 0), Coordinate(x: 1, y: 0), Coordinate(x: 0, y: 0)]
        XCTAssertThrowsError(try Geometry.polygon(exterior: short)) { error in
            guard case let .invalidInput(message) = error as? GEOSError else { return XCTFail("\(error)") }
            XCTAssertTrue(message.contains("at least 4"), message)
        }
        let nan = [Coordinate(x: 0, y: 0), Coordinate(x: .nan, y: 0), Coordinate(x: 1, y: 1), Coordinate(x: 0, y: 0)]
        XCTAssertThrowsError(try Geometry.polygon(exterior: nan))
        XCTAssertThrowsError(try Geometry.point(x: .infinity, y: 0))
    }

    func testEmptyGeometries() throws {
        for type in [GeometryType.point, .lineString, .polygon, .multiPolygon, .geometryCollection] {
            let e = try Geometry.empty(type)
            XCTAssertTrue(e.isEmpty)
            XCTAssertEqual(e.type, type)
            XCTAssertNil(e.envelope)
        }
        XCTAssertEqual(try Geometry.polygon(flatRings: []).type, .polygon)
    }

    func testMultiPolygonPartsAndCollections() throws {
        let a = try square(0, 0, 1), b = try square(5, 5, 2)
        let mp = try Geometry.multiPolygon([a, b])
        XCTAssertEqual(mp.type, .multiPolygon)
        XCTAssertEqual(mp.numGeometries, 2)
        XCTAssertEqual(try mp.part(1).planarArea(), 4)
        XCTAssertEqual(try mp.polygonRings().count, 2)
        XCTAssertThrowsError(try mp.part(2))
        XCTAssertThrowsError(try Geometry.multiPolygon([try Geometry.point(x: 0, y: 0)]))
        let line = try Geometry.lineString([Coordinate(x: 0, y: 0), Coordinate(x: 3, y: 4)])
        XCTAssertEqual(try line.planarLength(), 5)
    }

    func testMappingCoordinatesKeepsStructure() throws {
        let mp = try Geometry.multiPolygon([square(0, 0, 1), square(5, 5, 2)])
        let moved = try mp.mappingCoordinates { $0.map { Coordinate(x: $0.x + 10, y: $0.y * 2) } }
        XCTAssertEqual(moved.type, .multiPolygon)
        XCTAssertEqual(moved.envelope, Envelope(minX: 10, minY: 0, maxX: 17, maxY: 14))
        XCTAssertEqual(try moved.planarArea(), 2 + 8)
    }
}

final class GEOSErrorTests: XCTestCase {
    /// An exception inside GEOS reaches Swift as a typed error with GEOS's own text.
    func testGEOSExceptionBecomesATypedError() throws {
        XCTAssertThrowsError(try Geometry.lineString([Coordinate(x: 0, y: 0)])) { error in
            guard case let .geos(operation, message) = error as? GEOSError else { return XCTFail("\(error)") }
            XCTAssertEqual(operation, "createLineString")
            XCTAssertTrue(message.contains("point array must contain 0 or >1 elements"), message)
        }
        // The context is usable again afterwards, with no stale error.
        XCTAssertEqual(try Geometry.lineString([Coordinate(x: 0, y: 0), Coordinate(x: 1, y: 0)]).planarLength(), 1)
    }
}
