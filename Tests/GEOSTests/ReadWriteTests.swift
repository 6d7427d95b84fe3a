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
