import Foundation
import TerritoryKit
import XCTest
import TestFixtures

/// The adjacency CSV and summary of `territory adjacency`: a row per shared border, its length
/// pyproj's geodesic length of shapely's intersection (fixtures/reference/nc_borders.csv) to the
/// millimetre.
final class UnitGraphEncodingTests: XCTestCase {
    func testRowsAreTheBordersToTheMillimetre() throws {
        let counties = try ncCounties()
        let graph = try UnitGraph(map: counties)
        let table = try CSVTable.parse(graph.csv(unitIDs: counties.ids))
        XCTAssertEqual(table.header, ["a", "b", "shared_border_m"])
        XCTAssertEqual(table.rows.count, graph.rook.count)
        for (row, border) in zip(table.rows, graph.rook) {
            XCTAssertEqual(row[0], counties.ids[border.a]); XCTAssertEqual(row[1], counties.ids[border.b])
            XCTAssertEqual(Double(row[2])!, (border.length * 1000).rounded() / 1000, "millimetres, without trailing zeros")
            XCTAssertFalse(row[2].hasSuffix("0") && row[2].contains("."), row[2])
        }
        let wake = try XCTUnwrap(counties.index(of: "37183")), durham = try XCTUnwrap(counties.index(of: "37063"))
        let row = try XCTUnwrap(table.rows.first { Set($0[0...1]) == [counties.ids[wake], counties.ids[durham]] })
        let reference = try XCTUnwrap(Fixtures.referenceRows("reference/nc_borders.csv").first { $0["a"] == "Wake" && $0["b"] == "Durham" })
        XCTAssertEqual(Double(row[2])!, Double(reference["shared_border_m"]!)!, accuracy: 0.002)
        XCTAssertEqual(graph.summary, "231 pairs sharing a border, \(graph.queen.count) touching at points only, 1 connected component")
    }
}
