import Foundation
import TerritoryKit
import TestFixtures
import XCTest

/// Repairs with known answers, and the property that a valid map comes back unchanged.
final class RepairTests: XCTestCase {
    func box(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) throws -> Geometry {
        try Geometry.rectangle(Envelope(minX: x0, minY: y0, maxX: x1, maxY: y1))
    }

    func testSeededOverlapGoesToThePreferredOwner() throws {
        // A (1 x 1 degree) and B (1 x 2 degrees) overlap in a 0.2 x 1 degree strip.
        let a = Territory(id: "A", geometry: try box(-79, 35, -78, 36))
        let b = Territory(id: "B", geometry: try box(-78.2, 35, -76.2, 36))
        let strip = try Geodesic.wgs84.area(try box(-78.2, 35, -78, 36))
        let map = try TerritoryMap(unchecked: [a, b])
        for (policy, winner, loser) in [(OverlapPolicy.earlierInOrder, "A", "B"), (.largest, "B", "A"), (.smallest, "A", "B")] {
            let (fixed, log) = try Repairer.repair(map, options: RepairOptions(overlapPolicy: policy))
            XCTAssertEqual(log.changes.map(\.kind), [.overlap], "\(policy)")
            XCTAssertEqual(log.changes[0].ids, [winner, loser])
            XCTAssertEqual(log.changes[0].area, strip, accuracy: 1)
            let w = try XCTUnwrap(fixed.territories.first { $0.id == winner }), l = try XCTUnwrap(fixed.territories.first { $0.id == loser })
            XCTAssertEqual(try w.geometry.intersection(try box(-78.2, 35, -78, 36)).planarArea(), 0.2, accuracy: 1e-9, "the winner keeps the strip")
            XCTAssertEqual(try l.geometry.intersection(try box(-78.2, 35, -78, 36)).planarArea(), 0, accuracy: 1e-12)
            XCTAssertTrue(try Validator.validate(fixed).isValid)
        }
    }

    func testSeededGapGoesToTheLongestBorder() throws {
        // A ring of four territories around a hole 0.5 x 0.2 degrees: L and R border it for 0.2
        // degrees of latitude, T and B for 0.5 of longitude; B's edge, further south, is the
        // longer on the ellipsoid (about 45.4 km against 45.2 km).
        let hole = try box(-78.5, 35.4, -78, 35.6)
        let l = Territory(id: "L", geometry: try box(-79, 35, -78.5, 36))
        let r = Territory(id: "R", geometry: try box(-78, 35, -77.5, 36))
        let t = Territory(id: "T", geometry: try box(-78.5, 35.6, -78, 36))
        let b = Territory(id: "B", geometry: try box(-78.5, 35, -78, 35.4))
        let map = try TerritoryMap([l, r, t, b])
        XCTAssertEqual(try Validator.validate(map).gaps.count, 1)
        let (fixed, log) = try Repairer.repair(map, options: RepairOptions(mergeGapsBelow: .infinity))
        XCTAssertEqual(log.changes.map(\.kind), [.gap])
        XCTAssertEqual(log.changes[0].ids, ["B"])
        XCTAssertEqual(log.changes[0].area, try Geodesic.wgs84.area(hole), accuracy: 1)
        let c = try XCTUnwrap(log.changes[0].location)
        XCTAssertTrue(c.x > -78.5 && c.x < -78 && c.y > 35.4 && c.y < 35.6, "\(c)")
        XCTAssertTrue(try Validator.validate(fixed).isValid)
        // Below the limit only.
        XCTAssertEqual(try Repairer.repair(map, options: RepairOptions(mergeGapsBelow: 1000)).log.changes, [])
    }

    func testBowTieIsMadeValid() throws {
        let bowtie = try Geometry.polygon(exterior: [
            Coordinate(x: -79, y: 35), Coordinate(x: -78, y: 36), Coordinate(x: -78, y: 35), Coordinate(x: -79, y: 36), Coordinate(x: -79, y: 35),
        ])
        let map = try TerritoryMap(unchecked: [Territory(id: "X", geometry: bowtie)])
        let (fixed, log) = try Repairer.repair(map)
        XCTAssertEqual(log.changes.map(\.kind), [.madeValid])
        XCTAssertEqual(log.changes[0].location?.x ?? 0, -78.5, accuracy: 1e-9)
        XCTAssertEqual(log.changes[0].location?.y ?? 0, 35.5, accuracy: 1e-9)
        XCTAssertTrue(try fixed.territories[0].geometry.isValid())
        XCTAssertEqual(try fixed.territories[0].geometry.planarArea(), 0.5, accuracy: 1e-12)
    }

    /// A bow-tie on a coast whose one lobe overlaps its neighbour: both lobes stay on the map
    /// (the overlapped part to the earlier territory, the rest to the bow-tie), no land is lost,
    /// and each change says what it did.
    func testBowTieLobesStayOnTheMap() throws {
        let land = Territory(id: "A", geometry: try box(-79.5, 35, -78.5, 36))
        // Lobes: west (-79, -78.5) over A's east half-degree, east (-78.5, -78) over the sea.
        let bowtie = try Geometry.polygon(exterior: [
            Coordinate(x: -79, y: 35.2), Coordinate(x: -78, y: 35.8), Coordinate(x: -78, y: 35.2), Coordinate(x: -79, y: 35.8),
            Coordinate(x: -79, y: 35.2),
        ])
        let map = try TerritoryMap(unchecked: [land, Territory(id: "X", geometry: bowtie)])
        let (fixed, log) = try Repairer.repair(map)
        XCTAssertEqual(log.changes.map(\.kind), [.madeValid, .overlap])
        let lobes = try bowtie.makeValid()
        let expected = try Geodesic.wgs84.area(land.geometry.union(lobes))
        let union = try Geodesic.wgs84.area(Geometry.unaryUnion(fixed.territories.map(\.geometry)))
        XCTAssertEqual(union, expected, accuracy: 1, "no land lost")
        let west = try Geodesic.wgs84.area(lobes.intersection(box(-79, 35, -78.5, 36)))
        XCTAssertEqual(log.changes[1].area, west, accuracy: 1, "the overlap is the western lobe")
        XCTAssertEqual(try Geodesic.wgs84.area(fixed.territories[1].geometry), try Geodesic.wgs84.area(lobes) - west, accuracy: 1)
    }

    func testNearMissesAreSnappedTogether() throws {
        // 0.00001 degrees of longitude (about 0.9 m at 35°N) between two edges that should meet.
        let a = Territory(id: "A", geometry: try box(-79, 35, -78, 36))
        let b = Territory(id: "B", geometry: try box(-77.99999, 35, -77, 36))
        let map = try TerritoryMap([a, b])
        XCTAssertEqual(try Repairer.repair(map, options: RepairOptions(snapWithin: 0.5)).log.changes, [], "0.9 m apart is more than 0.5 m")
        let (fixed, log) = try Repairer.repair(map, options: RepairOptions(snapWithin: 5))
        XCTAssertEqual(log.changes.map(\.kind), [.snapped])
        XCTAssertEqual(log.changes[0].ids, ["B", "A"])
        XCTAssertTrue(try fixed.territories[0].geometry.touches(fixed.territories[1].geometry))
        XCTAssertEqual(try fixed.territories[0].geometry.intersection(fixed.territories[1].geometry).planarArea(), 0)
    }

    func testAValidMapComesBackUnchanged() throws {
        for name in ["nc_territories.geojson", "nc_counties_sids2.geojson", "voronoi_1500.geojson"] {
            let map = try TerritoryMap.load(GeoJSONFile(Fixtures.url(name)))
            let (fixed, log) = try Repairer.repair(map, options: RepairOptions(mergeGapsBelow: .infinity, snapWithin: 1))
            XCTAssertEqual(log.changes, [], name)
            for (a, b) in zip(map.territories, fixed.territories) {
                XCTAssertEqual(a.id, b.id)
                XCTAssertTrue(try a.geometry.equalsExact(b.geometry, tolerance: 0), "\(name) \(a.id)")
            }
        }
    }

    /// Municipal polygons drawn at different scales (the NC counties, a seeded random share of
    /// them simplified at random tolerances from 200 m to 2 km, so neighbours overlap and part in
    /// slivers): one repair pass gives a map validate reports clean, a second pass changes
    /// nothing, no land is lost (the repaired union covers the damaged one) and nothing overlaps
    /// (the territories' areas sum to their union's).
    func testPerturbedCoveragesRepairInOnePassAndOnlyOnce() throws {
        let counties = try TerritoryMap.load(GeoJSONFile(Fixtures.url("nc_counties_sids2.geojson")))
        for seed in [Fixtures.testSeed, Fixtures.testSeed &+ 1, Fixtures.testSeed &+ 2] {
            var random = SplitMix64(seed: seed)
            let territories = try counties.territories.map { t -> Territory in
                guard random.next() % 5 < 2 else { return t }
                let tolerance = 0.002 + Double(random.next() % 1000) / 1000 * 0.018
                return Territory(id: t.id, geometry: try t.geometry.simplifyPreservingTopology(tolerance: tolerance))
            }
            let damaged = try TerritoryMap(unchecked: territories)
            let before = try Validator.validate(damaged)
            XCTAssertFalse(before.overlaps.isEmpty || before.gaps.isEmpty, "seed \(seed): the perturbation made overlaps and gaps")
            let (fixed, log) = try Repairer.repair(damaged, options: RepairOptions(mergeGapsBelow: .infinity))
            let after = try Validator.validate(fixed)
            XCTAssertTrue(after.isValid, "seed \(seed): \(after.overlaps.count) overlaps, \(after.gaps.count) gaps left")
            XCTAssertEqual(
                log.changes.filter { $0.kind == .overlap }.count, Set(before.overlaps.map { [$0.firstID, $0.secondID].sorted() }).count,
                "seed \(seed)")
            let (again, second) = try Repairer.repair(fixed, options: RepairOptions(mergeGapsBelow: .infinity))
            XCTAssertEqual(second.changes, [], "seed \(seed): the second pass changed something")
            for (a, b) in zip(fixed.territories, again.territories) { XCTAssertTrue(try a.geometry.equalsExact(b.geometry, tolerance: 0)) }
            let damagedUnion = try Geodesic.wgs84.area(Geometry.unaryUnion(damaged.territories.map(\.geometry)))
            let fixedUnion = try Geodesic.wgs84.area(Geometry.unaryUnion(fixed.territories.map(\.geometry)))
            let sum = try fixed.territories.reduce(0) { $0 + (try Geodesic.wgs84.area($1.geometry)) }
            XCTAssertGreaterThanOrEqual(fixedUnion, damagedUnion - 1, "seed \(seed): land lost")
            XCTAssertEqual(sum, fixedUnion, accuracy: fixedUnion * 1e-9, "seed \(seed): territories overlap")
        }
    }
}
