import Foundation
import TerritoryKit
import XCTest
import TestFixtures

/// Every map source TerritoryKit provides gives the same map from the same features: a file, its
/// text in memory, and its features handed over as records by another reader.
final class MapSourceTests: XCTestCase {
    func testFileTextAndRecordsGiveTheSameMap() throws {
        let url = Fixtures.url("nc_counties_sids2.geojson")
        var reads: [(Int, Int)] = []
        let fromFile = try TerritoryMap.load(GeoJSONFile(url)) { reads.append(($0, $1)) }
        let size = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int)
        XCTAssertGreaterThan(try XCTUnwrap(reads.last?.0), size - 16, "progress reaches the last feature")
        XCTAssertTrue(reads.allSatisfy { $0.1 == size && $0.0 <= size })
        XCTAssertEqual(reads.map(\.0), reads.map(\.0).sorted())
        let fromText = try TerritoryMap.load(GeoJSONText(try Data(contentsOf: url), name: "counties"))
        XCTAssertEqual(fromText.ids, fromFile.ids)
        for (a, b) in zip(fromText.territories, fromFile.territories) {
            XCTAssertTrue(try a.geometry.equalsExact(b.geometry, tolerance: 0), a.id)
            XCTAssertEqual(a.properties, b.properties)
        }
    }

    func testRecordsOfAnotherReaderAreCheckedAsGeoJSONIs() throws {
        // Two squares and a bow tie, as records and as GeoJSON text: the same map, the same defect.
        let squares: [(String, [Double])] = [("west", [0, 0, 1, 0, 1, 1, 0, 1, 0, 0]), ("east", [1, 0, 2, 0, 2, 1, 1, 1, 1, 0])]
        let records = squares.enumerated().map { k, square in
            FeatureRecord(featureIndex: k, properties: [JSONMember("id", .string(square.0))], geometryType: "Polygon", polygons: [[square.1]])
        }
        func ring(_ flat: [Double]) -> String {
            "["
                + stride(from: 0, to: flat.count, by: 2).map { "[\(NumberText.shortest(flat[$0])),\(NumberText.shortest(flat[$0 + 1]))]" }
                .joined(separator: ",") + "]"
        }
        let text =
            #"{"type":"FeatureCollection","features":["#
            + squares.map {
                #"{"type":"Feature","properties":{"id":""# + $0.0 + #""},"geometry":{"type":"Polygon","coordinates":["# + ring($0.1) + "]}}"
            }
            .joined(separator: ",") + "]}"
        let fromRecords = try TerritoryMap.load(FeatureRecords(records, name: "layer"))
        let fromText = try TerritoryMap.load(GeoJSONText(text))
        XCTAssertEqual(fromRecords.ids, ["west", "east"])
        XCTAssertEqual(fromRecords.ids, fromText.ids)
        for (a, b) in zip(fromRecords.territories, fromText.territories) { XCTAssertTrue(try a.geometry.equalsExact(b.geometry, tolerance: 0)) }
        let bowTie = FeatureRecord(
            featureIndex: 2, properties: [JSONMember("id", .string("tie"))], geometryType: "Polygon", polygons: [[[0, 0, 1, 1, 1, 0, 0, 1, 0, 0]]])
        XCTAssertThrowsError(try TerritoryMap.load(FeatureRecords(records + [bowTie], name: "layer"))) { error in
            guard case let .badFeature(source, index, id, defect)? = error as? TerritoryError else { return XCTFail("\(error)") }
            XCTAssertEqual([source, id], ["layer", "tie"]); XCTAssertEqual(index, 2); XCTAssertEqual(defect.kind, .invalidGeometry)
        }
        // A record without polygons is a defect, never a territory without a shape.
        let empty = FeatureRecord(featureIndex: 0, properties: [JSONMember("id", .string("e"))], geometryType: "Polygon", polygons: [])
        let inspected = try TerritoryMap.inspect(FeatureRecords([empty], name: "layer"))
        XCTAssertEqual(inspected[0].defects.map(\.kind), [.emptyGeometry])
    }

    func testDefectsNameTheSource() throws {
        let text =
            #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"a"},"geometry":{"type":"Point","coordinates":[0,0]}}]}"#
        XCTAssertThrowsError(try TerritoryMap.load(GeoJSONText(text, name: "memo"))) { error in
            XCTAssertTrue("\(error)".hasPrefix("memo: feature 0"), "\(error)")
        }
        let features = try TerritoryMap.inspect(GeoJSONText(text, name: "memo"))
        XCTAssertEqual(features.count, 1)
        XCTAssertEqual(features[0].defects.first?.kind, .wrongGeometryType)
    }
}
