import XCTest
import GEOS
import PROJ
import TerritoryKit
import TestFixtures

final class LoadTests: XCTestCase {
    func testLoadsTheNorthCarolinaTerritories() throws {
        let map = try ncTerritories()
        XCTAssertEqual(map.territories.map(\.id), (1...8).map { "T\($0)" })
        XCTAssertEqual(map.territories[0].name, "Mountains North")
        XCTAssertEqual(map.territories[0].rep, "Avery Moore")
        XCTAssertEqual(map.territories[0].targetShare, 0.125)
        XCTAssertEqual(map.territories[6].geometry.type, .multiPolygon)
    }

    func testWriteThenReadKeepsGeometriesAndProperties() throws {
        let map = try ncCounties()
        let dir = try Fixtures.temporaryDirectory()
        let url = dir.appendingPathComponent("out.geojson")
        try map.write(to: url)
        let back = try TerritoryMap.load(GeoJSONFile(url))
        XCTAssertEqual(back.count, map.count)
        for (a, b) in zip(map.territories, back.territories) {
            XCTAssertEqual(a.id, b.id)
            XCTAssertEqual(a.properties, b.properties)
            XCTAssertTrue(try a.geometry.equals(b.geometry), "county \(a.id)")
            XCTAssertEqual(try Geodesic.wgs84.area(a.geometry), try Geodesic.wgs84.area(b.geometry), accuracy: 1e-3)
        }
        // No temporary files are left beside the output.
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), ["out.geojson"])
    }

    func testIdPropertyFallsBackToTheFeatureId() throws {
        let json =
            #"{"type":"FeatureCollection","features":[{"type":"Feature","id":"north","properties":{"name":"N"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}]}"#
        let map = try TerritoryMap.load(GeoJSONText(json))
        XCTAssertEqual(map.territories[0].id, "north")
        let byName = try TerritoryMap.load(GeoJSONText(json), properties: PropertyNames(id: "name"))
        XCTAssertEqual(byName.territories[0].id, "N")
    }

    /// The boroughs stored in EPSG:2263 with a legacy `crs` member load as lon/lat.
    func testLegacyCRSMemberIsHonoured() throws {
        let projected = try TerritoryMap.load(GeoJSONFile(Fixtures.url("nybb_epsg2263.geojson")))
        let lonLat = try TerritoryMap.load(GeoJSONFile(Fixtures.url("nybb.geojson")))
        let reference = try referenceAreas("nybb")
        for (a, b) in zip(projected.territories, lonLat.territories) {
            XCTAssertEqual(a.id, b.id)
            XCTAssertTrue(try a.geometry.equalsExact(b.geometry, tolerance: 1e-7), "borough \(a.id)")
            XCTAssertEqual(try Geodesic.wgs84.area(a.geometry), reference[a.id]!, accuracy: reference[a.id]! * 1e-6)
        }
    }

    func testStrictLoadNamesTheBadFeature() throws {
        func features(_ items: String...) -> String { #"{"type":"FeatureCollection","features":["# + items.joined(separator: ",") + "]}" }
        let good = #"{"type":"Feature","properties":{"id":1},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}"#
        let cases: [(String, FeatureDefect.Kind, Int)] = [
            (features(good, #"{"type":"Feature","properties":{"id":2},"geometry":{"type":"Point","coordinates":[0,0]}}"#), .wrongGeometryType, 1),
            (features(good, good), .duplicateID, 1),
            (features(#"{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}"#), .missingID, 0),
            (
                features(#"{"type":"Feature","properties":{"id":3},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1e999,0],[1,1],[0,0]]]}}"#),
                .nonFiniteCoordinate, 0
            ),
            (
                features(#"{"type":"Feature","properties":{"id":4},"geometry":{"type":"Polygon","coordinates":[[[0,0],[500,0],[1,1],[0,0]]]}}"#),
                .coordinateOutOfRange, 0
            ),
            (
                features(#"{"type":"Feature","properties":{"id":5},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]]}}"#),
                .unclosedRing, 0
            ),
            (
                features(#"{"type":"Feature","properties":{"id":6},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[0,0]]]}}"#),
                .ringTooShort, 0
            ),
            (features(#"{"type":"Feature","properties":{"id":7},"geometry":null}"#), .emptyGeometry, 0),
        ]
        for (json, kind, index) in cases {
            XCTAssertThrowsError(try TerritoryMap.load(GeoJSONText(json, name: "t.geojson"))) { error in
                guard case let .badFeature(source, i, _, defect) = error as? TerritoryError else { return XCTFail("\(error)") }
                XCTAssertEqual(source, "t.geojson")
                XCTAssertEqual(i, index, "\(kind)")
                XCTAssertEqual(defect.kind, kind, defect.message)
            }
        }
    }

    /// The usable part of a damaged map keeps what can be drawn; when nothing can, it is refused
    /// naming the source and the first defect, never an empty map.
    func testUsablePartRefusesAMapWithNothingUsable() throws {
        let features = try TerritoryMap.inspect(
            GeoJSONText(
                #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"a"},"geometry":{"type":"Polygon","coordinates":[]}},"#
                    + #"{"type":"Feature","properties":{"id":"b"},"geometry":null}]}"#))
        XCTAssertEqual(features.count, 2)
        XCTAssertThrowsError(try TerritoryMap.usablePart(of: features, source: "plan.geojson")) { error in
            XCTAssertTrue("\(error)".hasPrefix("invalid argument: plan.geojson: no feature has a usable polygon: feature 0 (id a): "), "\(error)")
        }
        let nc = try TerritoryMap.inspect(GeoJSONFile(Fixtures.url("nc_territories_damaged.geojson")))
        XCTAssertEqual(try TerritoryMap.usablePart(of: nc).map.count, 9)
    }

    func testWholeFileErrors() throws {
        XCTAssertThrowsError(try TerritoryMap.load(GeoJSONText("{\"type\": \"FeatureCollection\", \"features\": [", name: "x"))) { error in
            guard case let .malformedJSON(_, position, _) = error as? TerritoryError else { return XCTFail("\(error)") }
            XCTAssertEqual(position.line, 1)
        }
        XCTAssertThrowsError(try TerritoryMap.load(GeoJSONText(#"{"type":"Feature","features":[]}"#))) { error in
            guard case .notAFeatureCollection = error as? TerritoryError else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try TerritoryMap.load(GeoJSONFile(URL(fileURLWithPath: "/nonexistent.geojson")))) { error in
            guard case .unreadableFile = error as? TerritoryError else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try TerritoryMap.load(GeoJSONFile(Fixtures.directory))) { error in
            guard case let .unreadableFile(_, reason) = error as? TerritoryError else { return XCTFail("\(error)") }
            XCTAssertEqual(reason, "is a directory")
        }
    }
}
