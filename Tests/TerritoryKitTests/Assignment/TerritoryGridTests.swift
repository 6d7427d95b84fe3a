import Foundation
import TestFixtures
import XCTest

@testable import TerritoryKit

/// The assigner's grid against the exact locator.
final class TerritoryGridTests: XCTestCase {
    /// Every cell tells the truth at points spread over it (corners, edges of the cell, centre
    /// and random points): a pure cell names the one territory covering them (or none); a mixed
    /// cell lists every territory covering any of them, and the ones it marks as covering the
    /// whole cell do cover them. On county outlines, world countries, and counties with a gap and
    /// an overlap (Wake twice).
    func testEveryCellAgreesWithTheExactLocator() throws {
        let maps = [
            ("counties", try TerritoryMap.load(GeoJSONFile(Fixtures.url("nc_counties_sids2.geojson")))),
            ("countries", try TerritoryMap.load(GeoJSONFile(Fixtures.url("naturalearth_countries.geojson")))),
            ("damaged", try TerritoryMap(unchecked: countiesWithGapAndOverlap())),
        ]
        // The last run keeps territories from the 40th on out of the two-byte codes, as a map
        // of more than 65,533 territories does for its last ones.
        for (name, map, codeLimit) in maps.map({ ($0.0, $0.1, Int32(TerritoryGrid.wideCode)) }) + [("countries, wide", maps[1].1, 40)] {
            let locators = try map.territories.map { try PolygonLocator($0.geometry) }
            // The exact answer: every territory whose envelope holds the point is asked (a point
            // outside a territory's envelope is outside the territory).
            let envelopes = map.territories.map { $0.geometry.envelope! }, count = envelopes.count
            let grid = TerritoryGrid(locators: locators, codeLimit: codeLimit)
            let w = grid.envelope.width / Double(grid.columns), h = grid.envelope.height / Double(grid.rows)
            var pure = 0, mixed = 0, wholeCover = 0
            let seed = Fixtures.testSeed
            var random = SeededGenerator(seed: seed)
            // Every 5th mixed cell and every 61st pure one (the exact test of a point against
            // every territory is slow in a debug build).
            for cell in 0..<(grid.columns * grid.rows) where cell % (grid.state(at: cell) < TerritoryGrid.empty ? 5 : 61) == 0 {
                let c = cell % grid.columns, r = cell / grid.columns
                let x0 = grid.envelope.minX + Double(c) * w, y0 = grid.envelope.minY + Double(r) * h
                let state = grid.state(at: cell)
                if state >= TerritoryGrid.empty { pure += 1 } else { mixed += 1 }
                var spots = [(0.0, 0.0), (0.999, 0.0), (0.5, 0.5), (0.0, 0.999), (0.999, 0.999), (0.5, 0.0), (0.0, 0.5)]
                for _ in 0..<4 { spots.append((Double.random(in: 0..<1, using: &random), Double.random(in: 0..<1, using: &random))) }
                for (fx, fy) in spots {
                    let x = x0 + fx * w, y = y0 + fy * h
                    guard grid.cell(x: x, y: y) == cell else { continue }  // rounded into a neighbour
                    var covering: [Int] = []
                    var t = 0
                    while t < count {
                        let e = envelopes[t]
                        if x >= e.minX, x <= e.maxX, y >= e.minY, y <= e.maxY, locators[t].locate(x: x, y: y) != .exterior { covering.append(t) }
                        t += 1
                    }
                    if state >= 0 {
                        XCTAssertEqual(covering, [Int(state)], "\(name) cell \(cell) (TERRITORY_TEST_SEED=\(seed))")
                    } else if state == TerritoryGrid.empty {
                        XCTAssertEqual(covering, [], "\(name) cell \(cell) (TERRITORY_TEST_SEED=\(seed))")
                    } else {
                        let listed = grid.list(state).map { Int(grid.entries[$0] >> 1) }
                        let whole = grid.list(state).filter { grid.entries[$0] & 1 == 1 }.map { Int(grid.entries[$0] >> 1) }
                        wholeCover += whole.count
                        XCTAssertEqual(listed, listed.sorted(), "map order")
                        XCTAssertTrue(
                            Set(covering).isSubset(of: listed), "\(name) cell \(cell): \(covering) not in \(listed) (TERRITORY_TEST_SEED=\(seed))")
                        for t in whole {
                            XCTAssertEqual(locators[t].locate(x: x, y: y), .interior, "\(name) cell \(cell) whole \(t)")
                        }
                    }
                }
            }
            XCTAssertGreaterThan(pure, 100, name)
            XCTAssertGreaterThan(mixed, 100, name)
            if name.contains("damaged") { XCTAssertGreaterThan(wholeCover, 0, "overlaps give cells covered whole by one of several") }
        }
    }
}
