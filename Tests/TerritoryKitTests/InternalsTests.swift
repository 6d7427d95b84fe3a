import Foundation
import XCTest
@testable import TerritoryKit
import TestFixtures

/// Direct tests of the small exact pieces the assigner stands on, against their definitions:
/// exact orientation and the grid.
final class InternalsTests: XCTestCase {
    func testExactOrientationAgainstRationalArithmetic() {
        // Exact sign of (p2 - p1) × (q - p1) on doubles chosen to defeat naive floating point:
        // points on (or a hair off) a line through large coordinates.
        XCTAssertEqual(RobustOrientation.index(0, 0, 1, 1, 2, 2), 0)
        XCTAssertEqual(RobustOrientation.index(0, 0, 1, 0, 0.5, 1e-300), 1)
        XCTAssertEqual(RobustOrientation.index(0, 0, 1, 0, 0.5, -1e-300), -1)
        let a = 1e15
        XCTAssertEqual(RobustOrientation.index(a, a, a + 2, a + 2, a + 1, a + 1), 0)
        XCTAssertEqual(RobustOrientation.index(a, a, a + 2, a + 2, a + 1, a + 1.125), 1)
        // Random near-collinear triples: the filtered answer equals the exact expansion's.
        var rng = SplitMix64(seed: 3)
        for _ in 0..<50_000 {
            let x1 = rng.nextDouble() * 360 - 180, y1 = rng.nextDouble() * 180 - 90
            let x2 = rng.nextDouble() * 360 - 180, y2 = rng.nextDouble() * 180 - 90
            let t = rng.nextDouble()
            let qx = x1 + t * (x2 - x1), qy = (y1 + t * (y2 - y1)).nextUp
            XCTAssertEqual(RobustOrientation.index(x1, y1, x2, y2, qx, qy), RobustOrientation.exact(x1, y1, x2, y2, qx, qy))
        }
    }

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
