import Foundation
import XCTest
import GEOS
import TestFixtures

final class ReadWriteTests: XCTestCase {
    func testWKTRoundTripKeepsEveryDigit() throws {
        let counties = try fixtureGeometries("nc_counties_sids2.geojson")
        for county in counties.prefix(20) {
            let back = try Geometry(wkt: county.wkt())
            XCTAssertTrue(try back.equalsExact(county), "WKT round trip changed \(county.type)")
        }
    }

    func testWKTPrecisionRounds() throws {
        let p = try Geometry.point(x: 1.23456789, y: -2.5)
        XCTAssertEqual(try p.wkt(precision: 2), "POINT (1.23 -2.5)")
    }

    func testWKBBytesAndHexRoundTrip() throws {
        let countries = try fixtureGeometries("naturalearth_countries.geojson")
        for country in countries.prefix(30) {
            XCTAssertTrue(try Geometry(wkb: country.wkb()).equalsExact(country))
            XCTAssertTrue(try Geometry(wkbHex: country.wkbHex()).equalsExact(country))
        }
        let point = try Geometry.point(x: 1, y: 2)
        XCTAssertEqual(try point.wkbHex(), "0101000000000000000000F03F0000000000000040")
    }

    func testGeoJSONGeometryRoundTrip() throws {
        let json = #"{"type":"Polygon","coordinates":[[[0,0],[4,0],[4,3],[0,0]],[[1,0.5],[2,0.5],[2,1],[1,0.5]]]}"#
        let g = try Geometry(geoJSON: json)
        XCTAssertEqual(g.type, .polygon)
        XCTAssertEqual(g.numInteriorRings, 1)
        XCTAssertTrue(try Geometry(geoJSON: g.geoJSON()).equalsExact(g))
    }

    func testFeatureCollectionReadsAsCollectionInFileOrder() throws {
        let all = try Geometry(geoJSON: Fixtures.text("nc_counties_sids2.geojson"))
        XCTAssertEqual(all.type, .geometryCollection)
        XCTAssertEqual(all.numGeometries, 100)
        let kinds = try all.parts.map(\.type)
        XCTAssertEqual(kinds.filter { $0 == .polygon }.count, 94)
        XCTAssertEqual(kinds.filter { $0 == .multiPolygon }.count, 6)
    }

    func testMalformedInputsThrowParseErrorsWithGEOSText() throws {
        for (text, format) in [("POLYGON ((0 0, 1 0", "WKT"), ("POINT (1 nope)", "WKT"), ("", "WKT")] {
            XCTAssertThrowsError(try Geometry(wkt: text)) { error in
                guard case let .parse(f, message) = error as? GEOSError else { return XCTFail("\(error)") }
                XCTAssertEqual(f, format)
                XCTAssertFalse(message.isEmpty)
            }
        }
        XCTAssertThrowsError(try Geometry(wkb: [1, 3, 0])) { error in
            guard case .parse("WKB", _) = error as? GEOSError else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try Geometry(wkbHex: "ZZ")) { error in
            guard case .parse("WKB hex", _) = error as? GEOSError else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try Geometry(geoJSON: #"{"type":"Polygon","coordinates":"#)) { error in
            guard case .parse("GeoJSON", _) = error as? GEOSError else { return XCTFail("\(error)") }
        }
    }
}

final class WKTWriterTests: XCTestCase {
    /// Found by fuzzing: GEOS 3.11's trimmed WKT writer smashes its stack on huge coordinates.
    /// Our writer handles them, and every type round-trips exactly.
    func testHugeCoordinatesFromTheFuzzCorpus() throws {
        let bytes = try Array(Data(contentsOf: Fixtures.url("bad/huge_coordinate.wkb")))
        let g = try Geometry(wkb: bytes)
        let text = try g.wkt()
        XCTAssertTrue(try Geometry(wkt: text).equalsExact(g), text)
        let big = try Geometry.point(x: 123_456_789_012.5, y: -9.87e300)
        XCTAssertEqual(try big.wkt(), "POINT (123456789012.5 -9.87e+300)")
        XCTAssertTrue(try Geometry(wkt: big.wkt(precision: 3)).equalsExact(big, tolerance: 1e-3))
    }

    func testEveryTypeRoundTrips() throws {
        for text in [
            "POINT (1 2)", "LINESTRING (0 0, 1.5 2.25)", "POLYGON ((0 0, 4 0, 4 4, 0 0), (1 0.5, 2 0.5, 2 1, 1 0.5))",
            "MULTIPOINT ((0 0), (1 1))", "MULTILINESTRING ((0 0, 1 1), (2 2, 3 3))",
            "MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 5)))",
            "GEOMETRYCOLLECTION (POINT (1 2), LINESTRING (0 0, 1 1))", "POLYGON EMPTY", "POINT (0.1 -0.30000000000000004)",
        ] {
            let g = try Geometry(wkt: text)
            XCTAssertEqual(try g.wkt(), text)
        }
    }
}

/// The one number formatter every writer uses.
final class NumberTextTests: XCTestCase {
    func testShortestRoundTripsAndNeverTraps() {
        XCTAssertEqual(NumberText.shortest(3), "3")
        XCTAssertEqual(NumberText.shortest(-0.5), "-0.5")
        XCTAssertEqual(NumberText.shortest(0.1 + 0.2), "0.30000000000000004")
        for v in [1e15, 9.3e18, 1e140, -1e300, Double.greatestFiniteMagnitude, Double.leastNonzeroMagnitude, 123456.789] {
            XCTAssertEqual(Double(NumberText.shortest(v)), v, "\(v)")  // no Int64 trap, exact
        }
        XCTAssertEqual(NumberText.rounded(2.345, decimals: 1), "2.3")
        XCTAssertEqual(NumberText.rounded(1e300, decimals: 2), "1e+300")
        XCTAssertEqual(NumberText.rounded(-0.004, decimals: 2), "0")
        XCTAssertEqual(NumberText.fixed(1.5, decimals: 3), "1.5")
        XCTAssertEqual(NumberText.fixed(-0.0001, decimals: 2), "0")
        XCTAssertEqual(NumberText.fixed(2, decimals: 4), "2")
    }

    func testWKTWritesHugeCoordinatesExactly() throws {
        let g = try Geometry.point(x: 1e140, y: -2.5e200)
        let text = try g.wkt()
        XCTAssertEqual(text, "POINT (1e+140 -2.5e+200)")
        XCTAssertEqual(try Geometry(wkt: text).coordinates(), [Coordinate(x: 1e140, y: -2.5e200)])
    }
}
