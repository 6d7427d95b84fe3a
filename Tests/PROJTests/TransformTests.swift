import Foundation
import XCTest
import PROJ
import TestFixtures

final class TransformTests: XCTestCase {
    /// The NYC boroughs' vertices, stored in EPSG:2263 (US survey feet), transformed to lon/lat
    /// equal the reference coordinates to 1e-7 degrees, one by one and in bulk.
    func testStatePlaneVerticesMatchReference() throws {
        let transformer = try CoordinateTransformer(from: "urn:ogc:def:crs:EPSG::2263", to: "EPSG:4326")
        let rows = try Fixtures.csvRows("reference/nybb_epsg2263_to_4326.csv")
        XCTAssertGreaterThan(rows.count, 200)
        let source = rows.map { Coordinate(x: Double($0[2])!, y: Double($0[3])!) }
        let bulk = try transformer.transform(source)
        for (row, (point, lonLat)) in zip(rows, zip(source, bulk)) {
            XCTAssertEqual(lonLat.x, Double(row[4])!, accuracy: 1e-7)
            XCTAssertEqual(lonLat.y, Double(row[5])!, accuracy: 1e-7)
            XCTAssertEqual(try transformer.transform(point), lonLat)
        }
    }

    func testRoundTripThroughInverse() throws {
        let forward = try CoordinateTransformer(from: "EPSG:4326", to: "+proj=laea +lat_0=35 +lon_0=-79 +datum=WGS84 +units=m")
        let points = [Coordinate(x: -79, y: 35), Coordinate(x: -84.3, y: 33.8), Coordinate(x: -75.5, y: 36.2)]
        let projected = try forward.transform(points)
        XCTAssertEqual(projected[0].x, 0, accuracy: 1e-6)
        XCTAssertEqual(projected[0].y, 0, accuracy: 1e-6)
        let back = try forward.inverse.transform(projected)
        // PROJ's ellipsoidal LAEA inverse uses a series for the authalic latitude, good to ~1 mm.
        for (a, b) in zip(points, back) {
            XCTAssertEqual(a.x, b.x, accuracy: 1e-7)
            XCTAssertEqual(a.y, b.y, accuracy: 1e-7)
        }
    }

    func testUnknownCRSIsAClearError() {
        XCTAssertThrowsError(try CoordinateTransformer(from: "EPSG:999999", to: "EPSG:4326")) { error in
            guard case let .unknownCRS(crs, message) = error as? PROJError else { return XCTFail("\(error)") }
            XCTAssertEqual(crs, "EPSG:999999")
            // PROJ's own words, not "Unknown error (code 4096)".
            XCTAssertTrue(message.contains("crs not found"), message)
        }
        XCTAssertThrowsError(try CoordinateTransformer(from: "EPSG:4326", to: "not a crs at all"))
    }

    /// PROJ writes nothing to stderr by itself: its messages go into the thrown errors.
    func testPROJPrintsNothing() throws {
        let pipe = Pipe()
        let saved = dup(STDERR_FILENO)
        dup2(pipe.fileHandleForWriting.fileDescriptor, STDERR_FILENO)
        _ = try? CoordinateTransformer(from: "EPSG:999999", to: "EPSG:4326")
        let mercator = try CoordinateTransformer(from: "EPSG:4326", to: "EPSG:3857")
        XCTAssertThrowsError(try mercator.transform(Coordinate(x: 0, y: 95))) { error in
            XCTAssertFalse("\(error)".contains("Unknown error"), "\(error)")
        }
        dup2(saved, STDERR_FILENO)
        close(saved)
        pipe.fileHandleForWriting.closeFile()
        let written = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        XCTAssertEqual(written, "")
    }

    func testOutOfDomainCoordinateFails() throws {
        let merc = try CoordinateTransformer(from: "EPSG:4326", to: "EPSG:3857")
        XCTAssertThrowsError(try merc.transform(Coordinate(x: 0, y: 95))) { error in
            guard case .transformFailed(index: 0, _, _) = error as? PROJError else { return XCTFail("\(error)") }
        }
    }

    func testTransformersWorkFromManyThreads() async throws {
        let t = try CoordinateTransformer(from: "EPSG:2263", to: "EPSG:4326")
        let input = Coordinate(x: 981219.0557861328, y: 188655.31579589844)
        let expected = try t.transform(input)
        try await withThrowingTaskGroup(of: Coordinate.self) { group in
            for _ in 0..<16 { group.addTask { try t.transform(input) } }
            for try await c in group { XCTAssertEqual(c, expected) }
        }
    }
}

final class CRSDefinitionTests: XCTestCase {
    /// A CRS given as WKT works like its EPSG code.
    func testWKTDefinitionMatchesEPSGCode() throws {
        let wkt =
            #"GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]]"#
        let viaWKT = try CoordinateTransformer(from: wkt, to: "EPSG:3857")
        let viaCode = try CoordinateTransformer(from: "EPSG:4326", to: "EPSG:3857")
        let p = Coordinate(x: -79.05, y: 35.91)
        let a = try viaWKT.transform(p), b = try viaCode.transform(p)
        XCTAssertEqual(a.x, b.x, accuracy: 1e-6)
        XCTAssertEqual(a.y, b.y, accuracy: 1e-6)
        XCTAssertEqual(a.x, -79.05 * 6_378_137 * .pi / 180, accuracy: 1e-6, "lon/lat order on input, easting first on output")
    }
}
