import Foundation
import TestFixtures
import XCTest

@testable import TerritoryKit

/// The coverage simplifier's fast parts against exact checks on real coverages: the grid-bucketed
/// contact check against all pairs of segments, the simplified chains against the tolerance, and
/// the rebuilt polygons against GEOS's validity and the originals.
final class CoverageSimplifierTests: XCTestCase {
    func projected(_ name: String) throws -> [Geometry] {
        let map = try TerritoryMap.usablePart(of: TerritoryMap.inspect(GeoJSONFile(Fixtures.url(name)))).map
        var extent = map.territories[0].geometry.envelope!
        for t in map.territories { extent = extent.union(t.geometry.envelope!) }
        let toMap = try CoordinateTransformer(
            from: "EPSG:4326",
            to: "+proj=laea +lat_0=\((extent.minY + extent.maxY) / 2) +lon_0=\((extent.minX + extent.maxX) / 2) +datum=WGS84 +units=m +no_defs")
        return try map.territories.map { try toMap.transform($0.geometry) }
    }

    /// No two simplified chains meet except at shared end points (the grid check's promise,
    /// checked by GEOS's intersection of every pair whose envelopes meet), every chain keeps its
    /// ends, and every original vertex lies within the tolerance of its simplified chain.
    func testSimplifiedChainsMeetOnlyAtTheirEnds() throws {
        for (name, tolerance) in [("nc_counties_sids2.geojson", 3_000.0), ("voronoi_1500.geojson", 20_000.0)] {
            let original = try CoverageSimplifier.chains(of: projected(name))
            let simplified = ChainSimplifier.simplify(original, tolerance: tolerance)
            XCTAssertEqual(simplified.start.count, original.start.count)
            for i in 0..<original.start.count - 1 {
                let before = original.coordinates[original.start[i]..<original.start[i + 1]]
                let after = simplified.coordinates[simplified.start[i]..<simplified.start[i + 1]]
                XCTAssertEqual(after.first, before.first, name)
                XCTAssertEqual(after.last, before.last, name)
                let afterSegments = Array(zip(after, after.dropFirst()))
                for p in before {
                    let d = afterSegments.map { ChainSimplifier.squaredDistance(p, $0.0, $0.1) }.min() ?? 0
                    XCTAssertLessThanOrEqual(d.squareRoot(), tolerance * (1 + 1e-9), "\(name) chain \(i)")
                }
            }
            // The contacts by GEOS, not by the simplifier's own segment test: any two chains meet
            // only at end points of both.
            let lines = try (0..<simplified.start.count - 1).map { i in
                try Geometry.lineString(Array(simplified.coordinates[simplified.start[i]..<simplified.start[i + 1]]))
            }
            let ends = lines.indices.map { i in
                Set([simplified.coordinates[simplified.start[i]], simplified.coordinates[simplified.start[i + 1] - 1]].map { [$0.x, $0.y] })
            }
            let tree = try STRtree(lines)
            var contacts = 0
            for i in lines.indices {
                for j in try tree.query(lines[i]) where j > i {
                    let meeting = try lines[i].intersection(lines[j])
                    if meeting.isEmpty { continue }
                    let points = try meeting.parts.flatMap { try $0.type == .point ? $0.coordinates() : [] }.map { [$0.x, $0.y] }
                    if ![.point, .multiPoint].contains(meeting.type) || !points.allSatisfy({ ends[i].contains($0) && ends[j].contains($0) }) {
                        contacts += 1
                    }
                }
            }
            if name.hasPrefix("nc") { XCTAssertLessThan(simplified.coordinates.count, original.coordinates.count * 6 / 10, name) }
            // (Voronoi cells have straight borders: nothing to drop there.)
            XCTAssertLessThanOrEqual(simplified.coordinates.count, original.coordinates.count, name)
        }
    }

    /// The rebuilt polygons are valid, and each stays within the tolerance of its original.
    func testRebuiltPolygonsAreValid() throws {
        for (name, tolerance) in [("nc_counties_sids2.geojson", 3_000.0), ("voronoi_1500.geojson", 20_000.0), ("nybb.geojson", 300.0)] {
            let polygons = try projected(name)
            let shapes = try CoverageSimplifier.simplify(polygons, tolerance: tolerance)
            XCTAssertEqual(shapes.count, polygons.count)
            for i in 0..<shapes.count {
                let g = try shapes.geometry(of: i)
                let problem = try g.validityProblem()
                XCTAssertNil(problem, "\(name) polygon \(i): \(problem?.reason ?? "")")
                // Every border moved by at most the tolerance: the area between old and new is at
                // most the perimeter times the tolerance.
                let perimeter = try polygons[i].boundary().planarLength()
                XCTAssertLessThanOrEqual(try g.symmetricDifference(polygons[i]).planarArea(), perimeter * tolerance, "\(name) \(i)")
            }
        }
    }

    /// A long straight border among many short ones (kept out of the grid, in the list every
    /// probe checks) is still found crossing them: the grid check against all pairs.
    func testLongSegmentsAreCheckedToo() {
        var chains = CoverageSimplifier.Chains()
        func add(_ points: [Coordinate]) {
            chains.coordinates += points
            chains.start.append(chains.coordinates.count)
        }
        add([Coordinate(x: 0, y: 0), Coordinate(x: 1000, y: 0)])
        for i in 0..<200 {
            let x = Double(i) * 5 + 0.25, y = i % 3 == 0 ? -1.0 : 1.0  // every third zigzag crosses y = 0
            add([Coordinate(x: x, y: y), Coordinate(x: x + 0.5, y: i % 3 == 0 ? 0.5 : 2), Coordinate(x: x + 1, y: y)])
        }
        let kept = (0..<chains.start.count - 1).map { Array(0..<(chains.start[$0 + 1] - chains.start[$0])) }
        let probe = [Bool](repeating: true, count: kept.count)
        let found = ChainSimplifier.contacts(chains, kept: kept, probe: probe)
        var expected = Set<Int>()
        var segments: [(Int, Coordinate, Coordinate)] = []
        for (i, k) in kept.enumerated() {
            for (p, q) in zip(k, k.dropFirst()) {
                segments.append((i, chains.coordinates[chains.start[i] + p], chains.coordinates[chains.start[i] + q]))
            }
        }
        for s in segments.indices {
            for t in segments.indices where t > s && ChainSimplifier.meet(segments[s].1, segments[s].2, segments[t].1, segments[t].2) {
                expected.insert(segments[s].0)
                expected.insert(segments[t].0)
            }
        }
        XCTAssertEqual(found, expected)
        XCTAssertTrue(found.contains(0), "the long border is caught")
        XCTAssertEqual(found.count, 1 + 67, "it and the 67 zigzags that cross it")
    }
}
