import Foundation
import TerritoryKit
import XCTest
import TestFixtures

/// A map repaired from its features, and the summaries `territory repair` prints: each change
/// against shapely and pyproj (fixtures/reference/nc_damaged_changes.csv).
final class FeatureRepairTests: XCTestCase {
    func testChangesMatchTheReferenceAndBothSummariesSayThem() throws {
        let features = try TerritoryMap.inspect(GeoJSONFile(Fixtures.url("nc_territories_damaged.geojson")))
        // As `territory repair` does by default: every enclosed gap merged.
        let repair = try FeatureRepair.repair(features, options: RepairOptions(mergeGapsBelow: .infinity), source: "damaged")
        XCTAssertTrue(repair.report.isValid)
        XCTAssertEqual(repair.map.count, 9)
        let reference = try Fixtures.referenceRows("reference/nc_damaged_changes.csv")
        XCTAssertEqual(repair.log.changes.map(\.kind.rawValue), reference.map { $0["kind"]! })
        for (change, row) in zip(repair.log.changes, reference) {
            XCTAssertEqual(change.area, Double(row["area_m2"]!)!, accuracy: 0.01, row["kind"]!)
        }
        // The JSON summary: every change with its keys, the remaining defects counted.
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(JSONWriter.string(repair.json()).utf8)) as? [String: Any])
        XCTAssertEqual(Set(json.keys), ["territories", "changes", "settled_slivers", "valid", "remaining"])
        XCTAssertEqual(json["territories"] as? Int, 9)
        XCTAssertEqual(json["valid"] as? Bool, true)
        let changes = try XCTUnwrap(json["changes"] as? [[String: Any]])
        XCTAssertEqual(changes.map { $0["kind"] as? String }, reference.map { $0["kind"] })
        for (c, row) in zip(changes, reference) {
            XCTAssertEqual(Set(c.keys), ["kind", "ids", "area_m2", "location"])
            XCTAssertEqual(try XCTUnwrap(c["area_m2"] as? Double), Double(row["area_m2"]!)!, accuracy: 0.001)
        }
        XCTAssertEqual(json["remaining"] as? [String: Int], ["invalid": 0, "overlaps": 0, "gaps": 0])
        // The text: the whole on the first line, then a line per change.
        let lines = repair.text().split(separator: "\n")
        XCTAssertEqual(lines.first, "9 territories, 3 changes; the repaired map validates clean")
        XCTAssertEqual(lines.dropFirst().map { String($0.prefix { $0 != " " }) }, reference.map { $0["kind"]! })
    }

    func testFeaturesWithoutAPolygonAreDroppedAndMendedOnesListed() throws {
        // One feature without geometry and one with an unclosed ring: the first left out, the
        // second kept with its ring closed; both are changes of the summaries.
        let text = """
            {"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{"id":"a"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]]}},
            {"type":"Feature","properties":{"id":"b"},"geometry":null},
            {"type":"Feature","properties":{"id":"c"},"geometry":{"type":"Polygon","coordinates":[[[1,0],[2,0],[2,1],[1,1],[1,0]]]}}]}
            """
        let dir = try Fixtures.temporaryDirectory()
        let url = dir.appendingPathComponent("m.geojson")
        try text.write(to: url, atomically: true, encoding: .utf8)
        let repair = try FeatureRepair.repair(try TerritoryMap.inspect(GeoJSONFile(url)), source: "m")
        XCTAssertEqual(repair.map.ids, ["a", "c"])
        XCTAssertEqual(repair.mended.map(\.id), ["a"])
        XCTAssertEqual(repair.dropped.map(\.id), ["b"])
        let changes = try XCTUnwrap(
            (JSONSerialization.jsonObject(with: Data(JSONWriter.string(repair.json()).utf8)) as? [String: Any])?["changes"] as? [[String: Any]])
        XCTAssertEqual(changes.map { $0["kind"] as? String }, ["closed_ring", "dropped"])
        XCTAssertEqual(changes.map { $0["ids"] as? [String] }, [["a"], ["b"]])
        XCTAssertTrue(changes.allSatisfy { ($0["reason"] as? String)?.isEmpty == false })
        XCTAssertTrue(repair.text().contains("\ndropped     b"), repair.text())
    }
}
