import XCTest
import GEOS
@testable import TerritoryKit
import TestFixtures

/// The quick validity proof never calls a ring valid that GEOS calls invalid.
final class SimpleRingCheckTests: XCTestCase {
    func geosValid(_ flat: [Double]) -> Bool {
        guard let g = try? Geometry.polygon(flatRings: [flat]) else { return false }
        return (try? g.validityProblem()) == .some(nil)
    }

    func testAgreesWithGEOSOnRealRings() throws {
        var proved = 0, small = 0
        for name in ["nc_counties_sids2.geojson", "naturalearth_countries.geojson", "voronoi_1500.geojson"] {
            for t in try TerritoryMap.load(GeoJSONFile(Fixtures.url(name))).territories {
                for ring in try t.geometry.polygonRings() {
                    let flat = ring.flatMap { [$0.x, $0.y] }
                    if ring.count <= 33 { small += 1 }
                    if SimpleRingCheck.isCertainlyValid(flat) {
                        proved += 1
                        XCTAssertTrue(geosValid(flat), "\(name) \(t.id)")
                    }
                }
            }
        }
        XCTAssertGreaterThan(Double(proved), 0.95 * Double(small), "most small real rings are proved valid without GEOS")
    }

    /// Seeded random rings of 3 to 8 vertices on a 4 x 4 grid: plenty of touches, spikes,
    /// repeated and collinear points. Every ring proved valid must be valid for GEOS, and the
    /// proof must not give up on too many valid ones.
    func testNeverCallsAnInvalidRingValid() {
        var rng = SeededGenerator(seed: 11)
        var proved = 0, valid = 0
        for _ in 0..<20_000 {
            let n = Int.random(in: 3...8, using: &rng)
            var flat: [Double] = []
            for _ in 0..<n { flat += [Double(Int.random(in: 0...3, using: &rng)), Double(Int.random(in: 0...3, using: &rng))] }
            flat += [flat[0], flat[1]]
            let geos = geosValid(flat)
            if geos { valid += 1 }
            if SimpleRingCheck.isCertainlyValid(flat) {
                proved += 1
                XCTAssertTrue(geos, "\(flat)")
            }
        }
        XCTAssertGreaterThan(valid, 500)
        XCTAssertEqual(proved, valid, "on rings this small every valid one is proved")
    }

    func testKnownCases() {
        XCTAssertTrue(SimpleRingCheck.isCertainlyValid([0, 0, 1, 0, 1, 1, 0, 1, 0, 0]))
        XCTAssertTrue(SimpleRingCheck.isCertainlyValid([0, 0, 1, 0, 1, 0, 1, 1, 0, 1, 0, 0]), "a repeated position is allowed")
        XCTAssertFalse(SimpleRingCheck.isCertainlyValid([0, 0, 1, 1, 1, 0, 0, 1, 0, 0]), "bow-tie")
        XCTAssertFalse(SimpleRingCheck.isCertainlyValid([0, 0, 2, 0, 1, 0, 1, 1, 0, 0]), "spike back along an edge")
        XCTAssertFalse(SimpleRingCheck.isCertainlyValid([0, 0, 2, 0, 2, 2, 1, 0, 0, 2, 0, 0]), "a vertex touching an edge")
        XCTAssertFalse(SimpleRingCheck.isCertainlyValid([0, 0, 1, 0, 2, 0, 0, 0]), "collinear, no area")
        XCTAssertFalse(SimpleRingCheck.isCertainlyValid([0, 0, 1, 0, 0, 0]), "too few vertices")
    }
}
