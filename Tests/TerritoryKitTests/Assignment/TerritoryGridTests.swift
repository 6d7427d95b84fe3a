import Foundation
import TestFixtures
import XCTest

@testable import TerritoryKit

/// The assigner's grid against the exact locator.
final class TerritoryGridTests: XCTestCase {
    /// Every pure cell of the grid lies wholly inside the territory it names (or none): checked
    /// against the exact locator at the cell's corners and centre, on the NC counties.
    func testGridPureCellsAreExact() throws {
        let map = try TerritoryMap.load(contentsOf: Fixtures.url("nc_counties_sids2.geojson"))
        let locators = try map.territories.map { try PolygonLocator($0.geometry) }
        let grid = TerritoryGrid(locators: locators)
        let w = grid.envelope.width / Double(grid.columns), h = grid.envelope.height / Double(grid.rows)
        var pure = 0
        for cell in stride(from: 0, to: grid.columns * grid.rows, by: 7) where grid.state[cell] != TerritoryGrid.mixed {
            pure += 1
            let c = cell % grid.columns, r = cell / grid.columns
            let x0 = grid.envelope.minX + Double(c) * w, y0 = grid.envelope.minY + Double(r) * h
            for (fx, fy) in [(0.01, 0.01), (0.99, 0.01), (0.5, 0.5), (0.01, 0.99), (0.99, 0.99)] {
                let x = x0 + fx * w, y = y0 + fy * h
                XCTAssertEqual(grid.cell(x: x, y: y), cell)
                let owner = locators.firstIndex { $0.locate(x: x, y: y) != .exterior }
                XCTAssertEqual(owner.map(Int32.init) ?? TerritoryGrid.empty, grid.state[cell], "cell \(cell)")
            }
        }
        XCTAssertGreaterThan(pure, 100)
    }
}
