import Foundation
import TerritoryKit
import TestFixtures
import XCTest

/// The plan editor's page: every unit drawn with its territory, the data block holding the
/// input exactly, ids that could close a script escaped, and bad input refused.
final class PlanEditorTests: XCTestCase {
    /// The text of the page's `#plan-data` block.
    func dataBlockText(_ html: String) throws -> Substring {
        let start = try XCTUnwrap(html.range(of: "<script type=\"application/json\" id=\"plan-data\">"))
        let end = try XCTUnwrap(html.range(of: "</script>", range: start.upperBound..<html.endIndex))
        return html[start.upperBound..<end.lowerBound]
    }

    /// The page's `#plan-data` block, read with Foundation.
    func dataBlock(_ html: String) throws -> [String: Any] {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data(try dataBlockText(html).utf8)) as? [String: Any])
    }

    func testThePageHoldsThePlan() throws {
        let (units, alignment, _) = try countiesAlignment()
        let births = units.territories.map { t in t.properties.first { $0.key == "bir74" }!.value.doubleValue! }
        let html = try PlanEditor.html(PlanEditorInput(units: units, alignment: alignment, weights: births, tolerance: 0.05, locked: [0: 0]))
        let drawn = html.matches(of: /class="unit" data-unit-id="([^"]+)" data-territory-id="([^"]+)"/)
        XCTAssertEqual(drawn.map { String($0.output.1) }, units.territories.map(\.id))
        XCTAssertEqual(drawn.map { String($0.output.2) }, alignment.territoryOfUnit.map { alignment.territoryIDs[$0] })
        let data = try dataBlock(html)
        XCTAssertEqual(data["territory"] as? [Int], alignment.territoryOfUnit)
        XCTAssertEqual(data["weight"] as? [Double], births)
        XCTAssertEqual(data["ids"] as? [String], units.territories.map(\.id))
        XCTAssertEqual(data["tolerance"] as? Double, 0.05)
        XCTAssertEqual(data["locked"] as? [Int], [0] + Array(repeating: -1, count: units.count - 1))
        XCTAssertTrue(data["hours"] is NSNull)
        let territories = try XCTUnwrap(data["territories"] as? [[String: Any]])
        XCTAssertEqual(territories.map { $0["id"] as? String }, alignment.territoryIDs)
        XCTAssertEqual(territories.map { $0["share"] as? Double }, Array(repeating: 0.125, count: 8))
        // Neighbours: Wake's are the six counties it borders (rook), by position.
        let neighbours = try XCTUnwrap(data["neighbours"] as? [[Int]])
        let wake = units.territories.firstIndex { $0.id == "37183" }!
        XCTAssertEqual(
            Set(neighbours[wake].map { units.territories[$0].properties.first { $0.key == "name" }!.value.stringValue! }),
            ["Granville", "Franklin", "Durham", "Chatham", "Johnston", "Harnett"])
        XCTAssertTrue(html.contains("data-action=\"download-alignment\""))
    }

    /// Ids that could close or comment out a script arrive intact in the data block, which holds
    /// no `<`, `>` or `&` at all (an id `<!--<script>` once swallowed the page's application).
    func testIdsCannotBreakThePage() throws {
        let ids = ["a<!--<script>", "b</script><script>alert(1)</script>", "c&amp;\u{2028}\u{2029}"]
        let units = try TerritoryMap(
            ids.indices.map { k in
                Territory(id: ids[k], geometry: try Geometry.rectangle(Envelope(minX: Double(k), minY: 0, maxX: Double(k + 1), maxY: 1)))
            })
        let alignment = try UnitAlignment(territoryIDs: ["T<!--", "T2</script>"], territoryOfUnit: [0, 0, 1])
        let html = try PlanEditor.html(PlanEditorInput(units: units, alignment: alignment, weights: [1, 2, 3]))
        let block = try dataBlockText(html)
        XCTAssertFalse(block.contains("<") || block.contains(">") || block.contains("&") || block.contains("\u{2028}"), String(block))
        let data = try dataBlock(html)
        XCTAssertEqual(data["ids"] as? [String], ids)
        XCTAssertEqual(try XCTUnwrap(data["territories"] as? [[String: Any]]).map { $0["id"] as? String }, ["T<!--", "T2</script>"])
        // The page's one application script follows the data block, whole.
        XCTAssertEqual(html.components(separatedBy: "<script>").count - 1, 1)
    }

    func testBadInputIsRefused() throws {
        let (units, alignment, _) = try countiesAlignment()
        XCTAssertThrowsError(try PlanEditor.html(PlanEditorInput(units: units, alignment: alignment, weights: [1, 2])))
        let short = try UnitAlignment(territoryIDs: ["A"], territoryOfUnit: [0])
        XCTAssertThrowsError(try PlanEditor.html(PlanEditorInput(units: units, alignment: short, weights: Array(repeating: 1, count: units.count))))
    }
}
