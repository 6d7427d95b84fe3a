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

extension InternalsTests {
    /// The designer's connectivity check (a search that stops once the moved unit's neighbours
    /// are reached, with stamped scratch arrays) against a full breadth-first search of the
    /// territory without the unit, on random plans of the NC counties.
    func testStaysConnectedMatchesAFullSearch() throws {
        let map = try TerritoryMap.load(contentsOf: Fixtures.url("nc_counties_sids2.geojson"))
        let graph = try DesignGraph(map)
        let problem = try DesignProblem(units: map, weights: [Double](repeating: 1, count: map.count), options: DesignOptions(territories: 6))
        var rng = SplitMix64(seed: 7)
        var checked = 0, split = 0
        for _ in 0..<40 {
            var plan = Partition(problem: problem, graph: graph)
            plan.grow(seeds: plan.seeds(seed: rng.next()))
            for u in 0..<map.count {
                let s = plan.owner[u]
                let rest = (0..<map.count).filter { plan.owner[$0] == s && $0 != u }
                var connected = true
                if let first = rest.first {
                    var seen: Set = [first], queue = [first]
                    while let v = queue.popLast() {
                        for w in graph.neighbours[v] where w != u && plan.owner[w] == s && seen.insert(w).inserted { queue.append(w) }
                    }
                    connected = seen.count == rest.count
                }
                XCTAssertEqual(plan.staysConnected(s, without: u), connected, "unit \(u)")
                checked += 1
                if !connected { split += 1 }
            }
        }
        XCTAssertGreaterThan(split, 100, "the plans have cut units to find")
        XCTAssertEqual(checked, 40 * map.count)
    }
}
