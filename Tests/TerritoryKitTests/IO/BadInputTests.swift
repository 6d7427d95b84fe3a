import XCTest
import GEOS
import PROJ
import TerritoryKit
import TestFixtures

/// The corpus of broken inputs in fixtures/bad: each gets a typed error saying where.
final class BadInputTests: XCTestCase {
    func bad(_ name: String) -> URL { Fixtures.url("bad/\(name)") }

    func testEveryBadTerritoryFileGetsATypedError() throws {
        enum Expect { case json(line: Int), collection(String), feature(FeatureDefect.Kind, index: Int) }
        let cases: [(String, Expect)] = [
            ("malformed.geojson", .json(line: 1)),
            ("truncated.geojson", .json(line: 1)),
            ("not_json.geojson", .json(line: 1)),
            ("feature_not_collection.geojson", .collection("\"Feature\"")),
            ("empty_collection.geojson", .collection("no features")),
            ("point_geometry.geojson", .feature(.wrongGeometryType, index: 1)),
            ("nested_geometry_collection.geojson", .feature(.wrongGeometryType, index: 0)),
            ("nan_coordinate.geojson", .json(line: 1)),  // NaN is not JSON (RFC 8259)
            ("lone_surrogate.geojson", .json(line: 1)),  // once a trap: "arithmetic overflow"
            ("surrogate_then_bmp.geojson", .json(line: 1)),  // once silently U+10400
            ("plus_sign_number.geojson", .json(line: 1)),
            ("duplicate_features.geojson", .collection("member \"features\" appears twice")),
            ("duplicate_property.geojson", .feature(.malformedFeature, index: 0)),
            ("infinite_coordinate.geojson", .feature(.nonFiniteCoordinate, index: 0)),
            ("lon_500.geojson", .feature(.coordinateOutOfRange, index: 0)),
            ("unclosed_ring.geojson", .feature(.unclosedRing, index: 0)),
            ("short_ring.geojson", .feature(.ringTooShort, index: 0)),
            ("bowtie.geojson", .feature(.invalidGeometry, index: 0)),
            ("duplicate_ids.geojson", .feature(.duplicateID, index: 1)),
            ("coordinates_not_array.geojson", .feature(.malformedFeature, index: 0)),
        ]
        for (name, expected) in cases {
            XCTAssertThrowsError(try TerritoryMap.load(GeoJSONFile(bad(name))), name) { error in
                let e = error as? TerritoryError
                switch (expected, e) {
                case let (.json(line), .malformedJSON(source, position, _)?):
                    XCTAssertEqual(position.line, line, name); XCTAssertTrue(source.hasSuffix(name))
                case let (.collection(fragment), .notAFeatureCollection(_, message)?):
                    XCTAssertTrue(message.contains(fragment), "\(name): \(message)")
                case let (.feature(kind, index), .badFeature(_, i, _, defect)?):
                    XCTAssertEqual(defect.kind, kind, "\(name): \(defect)"); XCTAssertEqual(i, index, name)
                default:
                    XCTFail("\(name): unexpected \(error)")
                }
                XCTAssertFalse("\(error)".contains("\n"), "one line: \(error)")
            }
        }
    }

    func testValidationListsFeatureDefectsInsteadOfStopping() throws {
        for (name, kinds) in [
            ("duplicate_ids.geojson", [FeatureDefect.Kind.duplicateID]), ("bowtie.geojson", [.invalidGeometry]),
            ("point_geometry.geojson", [.wrongGeometryType]), ("unclosed_ring.geojson", [.unclosedRing]),
        ] {
            let report = try Validator.validate(contentsOf: bad(name))
            XCTAssertEqual(report.invalid.map(\.defect.kind), kinds, name)
        }
        XCTAssertThrowsError(try Validator.validate(contentsOf: bad("empty_collection.geojson")))
    }

    func testEveryBadCSVGetsATypedErrorWithItsLine() throws {
        let cases: [(String, Int, String)] = [
            ("missing_column.csv", 1, "missing column \"lat\""),
            ("bad_number.csv", 3, "lat \"north\" is not a number"),
            ("ragged_row.csv", 3, "row has 3 fields; the header has 4"),
            ("nan_number.csv", 2, "not a finite number"),
            ("lon_500.csv", 2, "outside [-180, 180]"),
            ("unterminated_quote.csv", 2, "unterminated quoted field"),
            ("empty.csv", 1, "header row"),
            ("bare_quote.csv", 3, "column \"lat\": a quote inside an unquoted field; enclose the whole field in double quotes"),
        ]
        for (name, line, fragment) in cases {
            XCTAssertThrowsError(try CustomerCSVReader(contentsOf: bad(name)).readAll(), name) { error in
                guard case let .csv(source, l, message) = error as? TerritoryError else { return XCTFail("\(name): \(error)") }
                XCTAssertTrue(source.hasSuffix(name))
                XCTAssertEqual(l, line, "\(name): \(message)")
                XCTAssertTrue(message.contains(fragment), "\(name): \(message)")
            }
        }
    }

    func testBOMCRLFAndQuotedCommasAreAccepted() throws {
        let batch = try CustomerCSVReader(contentsOf: bad("bom_crlf_quoted_ok.csv")).readAll()
        XCTAssertEqual((0..<batch.count).map { batch.id($0) }, ["a,1", "b \"2\""])
        XCTAssertEqual(batch.weight, [10, 5])
    }

    func testDirectoriesAndUnreadableFiles() throws {
        for load in [
            { _ = try TerritoryMap.load(GeoJSONFile(Fixtures.url("bad"))) },
            { _ = try CustomerCSVReader(contentsOf: Fixtures.url("bad")) },
        ] {
            XCTAssertThrowsError(try load()) { error in
                guard case let .unreadableFile(_, reason) = error as? TerritoryError else { return XCTFail("\(error)") }
                XCTAssertEqual(reason, "is a directory")
            }
        }
        // A file whose read fails (even for root): /proc/self/mem cannot be read from offset 0.
        XCTAssertThrowsError(try CustomerCSVReader(contentsOf: URL(fileURLWithPath: "/proc/self/mem")).readAll()) { error in
            guard case .unreadableFile = error as? TerritoryError else { return XCTFail("\(error)") }
        }
        // Permission denied: BadInputCLITests.testUnreadableFilesAreRefused, which runs the tool as
        // an unprivileged user when the tests run as root.
    }

    /// A polygon of a million vertices loads, validates and answers point queries exactly.
    func testMillionVertexPolygon() throws {
        let n = 1_000_000
        var ring = "["
        for k in 0..<n {
            let a = 2 * Double.pi * Double(k) / Double(n)
            ring += "[\(-79 + cos(a)),\(35 + 0.8 * sin(a))],"
        }
        ring += "[\(-79 + 1.0),\(35.0)]]"
        let json =
            #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"big"},"geometry":{"type":"Polygon","coordinates":["#
            + ring + "]}}]}"
        let map = try TerritoryMap.load(GeoJSONText(json))
        XCTAssertEqual(map.territories[0].geometry.numCoordinates, n + 1)
        XCTAssertTrue(try Validator.validate(map).isValid)
        let assigner = try TerritoryAssigner(map: map)
        let prepared = try PreparedGeometry(map.territories[0].geometry)
        var rng = SeededGenerator(seed: 3)
        for _ in 0..<2000 {
            let x = Double.random(in: -80.1 ... -77.9, using: &rng), y = Double.random(in: 34.1...35.9, using: &rng)
            XCTAssertEqual(assigner.assign(lon: x, lat: y).territory != nil, try prepared.covers(x: x, y: y))
        }
        // An ellipse of 1° x 0.8° at 35°N: pyproj's geodesic area of the same vertices
        // (fixtures/reference/ellipse_1m.csv); both are PROJ's geodesics, to well under a m².
        let area = try Geodesic.wgs84.area(map.territories[0].geometry)
        let reference = try XCTUnwrap(Fixtures.referenceRows("reference/ellipse_1m.csv").first)
        XCTAssertEqual(area, Double(reference["area_m2"]!)!, accuracy: 1)
    }
}
