import XCTest
import GEOS
@testable import TerritoryKit
import TestFixtures

/// The edge matching itself: which polygons the coverage engine spares the exact path.
final class CoverageEdgesTests: XCTestCase {
    func testInteriorVoronoiCellsAreFullyMatched() throws {
        let cells = try TerritoryMap.load(GeoJSONFile(Fixtures.url("voronoi_1500.geojson"))).territories.map(\.geometry)
        let edges = try CoverageEdges(cells)
        let matched = edges.fullyMatched.filter { $0 }.count
        // Only cells on the box's outline have unmatched (outer) edges: about 4·√1500 of them.
        XCTAssertGreaterThan(matched, 1300)
        XCTAssertLessThan(matched, 1500)
        XCTAssertTrue(try CoverageEdges.isOverlapFree(cells, edges: edges))
        // Each shared segment is listed once, with two different polygons.
        XCTAssertTrue(edges.shared.allSatisfy { $0.left != $0.right })
    }

    /// Large maps are matched in several tables on several threads: the same answers.
    func testMatchingInPartsGivesTheSameEdges() throws {
        for name in ["voronoi_1500.geojson", "nc_counties_sids2.geojson", "nc_territories_damaged.geojson"] {
            let features = try TerritoryMap.inspect(GeoJSONFile(Fixtures.url(name)))
            let geometries = features.compactMap(\.geometry)
            let one = try CoverageEdges(geometries, parts: 1)
            for parts in [2, 4] {
                let many = try CoverageEdges(geometries, parts: parts)
                XCTAssertEqual(many.fullyMatched, one.fullyMatched, name)
                XCTAssertEqual(
                    Set(many.shared.map { "\($0.left) \($0.right) \($0.a) \($0.b)" }),
                    Set(one.shared.map { "\($0.left) \($0.right) \($0.a) \($0.b)" }), name)
                XCTAssertEqual(many.outlineHasNoHoles(), one.outlineHasNoHoles(), name)
                for (i, g) in geometries.enumerated() {
                    XCTAssertEqual(
                        try many.unmatchedSegments(of: i, g).map { "\($0.0)\($0.1)" }.sorted(),
                        try one.unmatchedSegments(of: i, g).map { "\($0.0)\($0.1)" }.sorted())
                }
            }
        }
    }

    /// Each polygon's unmatched segments are recorded while matching (not found again by
    /// walking its rings): the same segments, as many times, as the walk finds, on clean,
    /// damaged and overlapping maps.
    func testRecordedUnmatchedSegmentsEqualTheWalk() throws {
        let square = try Geometry(wkt: "POLYGON ((0 0, 1 0, 1 1, 0 1, 0 0))")
        let clockwise = try Geometry(wkt: "POLYGON ((0 0, 0 1, 1 1, 1 0, 0 0))")
        let spike = try Geometry(wkt: "POLYGON ((1 0, 2 0, 2 1, 1 1, 1 0.5, 1.5 0.5, 1 0.5, 1 0))")
        var maps: [(String, [Geometry])] = [("squares", [square, clockwise, spike, square])]
        for name in ["voronoi_1500.geojson", "nc_counties_sids2.geojson", "nc_territories_damaged.geojson", "naturalearth_countries.geojson"] {
            maps.append((name, try TerritoryMap.inspect(GeoJSONFile(Fixtures.url(name))).compactMap(\.geometry)))
        }
        for (name, geometries) in maps {
            for parts in [1, 2] {
                let edges = try CoverageEdges(geometries, parts: parts)
                var unmatchedPolygons = 0
                for (i, g) in geometries.enumerated() {
                    let recorded = try edges.unmatchedSegments(of: i, g).map { "\($0.0)\($0.1)" }.sorted()
                    let walked = try edges.scannedUnmatchedSegments(of: g).map { "\($0.0)\($0.1)" }.sorted()
                    XCTAssertEqual(recorded, walked, "\(name) polygon \(i)")
                    XCTAssertEqual(recorded.isEmpty, edges.fullyMatched[i], "\(name) polygon \(i)")
                    if !recorded.isEmpty { unmatchedPolygons += 1 }
                }
                XCTAssertGreaterThan(unmatchedPolygons, 0, name)
            }
        }
    }

    func testNorthCarolinaCountiesShareTheirVerticesExactly() throws {
        let counties = try TerritoryMap.load(GeoJSONFile(Fixtures.url("nc_counties_sids2.geojson"))).territories.map(\.geometry)
        let edges = try CoverageEdges(counties)
        XCTAssertGreaterThan(edges.fullyMatched.filter { $0 }.count, 40, "inland counties match their neighbours bit for bit")
        XCTAssertTrue(try CoverageEdges.isOverlapFree(counties, edges: edges))
    }

    func testDuplicatesAndReversedCopiesAreUnmatched() throws {
        let square = try Geometry(wkt: "POLYGON ((0 0, 1 0, 1 1, 0 1, 0 0))")
        let clockwise = try Geometry(wkt: "POLYGON ((0 0, 0 1, 1 1, 1 0, 0 0))")
        // The same square twice, once written clockwise: orientation is normalised, so every
        // segment is used twice on the same side, and nothing matches.
        let edges = try CoverageEdges([square, clockwise])
        XCTAssertEqual(edges.fullyMatched, [false, false])
        XCTAssertTrue(edges.shared.isEmpty)
        XCTAssertFalse(try CoverageEdges.isOverlapFree([square, clockwise], edges: edges))
        // -0.0 and 0.0 are one coordinate.
        let negativeZero = try Geometry.polygon(exterior: [
            Coordinate(x: -0.0, y: 0), Coordinate(x: 0, y: 1), Coordinate(x: -1, y: 1), Coordinate(x: -0.0, y: 0),
        ])
        let right = try Geometry.polygon(exterior: [Coordinate(x: 0, y: 0), Coordinate(x: 1, y: 0), Coordinate(x: 0, y: 1), Coordinate(x: 0, y: 0)])
        XCTAssertEqual(try CoverageEdges([negativeZero, right]).shared.count, 1)
    }
}
