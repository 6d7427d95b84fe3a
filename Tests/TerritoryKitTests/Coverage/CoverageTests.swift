import Foundation
import XCTest
import GEOS
import PROJ
import TerritoryKit
import TestFixtures

/// Gaps are exactly the uncovered area; the coverage engine (edge matching) gives the same
/// report as the pairwise engine on clean, damaged and near-miss maps.
final class CoverageTests: XCTestCase {
    func area(_ g: Geometry) throws -> Double { try Geodesic.wgs84.area(g) }

    func bothEngines(_ map: TerritoryMap, region: Geometry? = nil) throws -> ValidationReport {
        var options = ValidationOptions()
        options.region = region
        options.engine = .pairwise
        let pairwise = try Validator.validate(map, options: options)
        options.engine = .coverage
        let coverage = try Validator.validate(map, options: options)
        assertSame(coverage, pairwise)
        return coverage
    }

    func assertSame(_ a: ValidationReport, _ b: ValidationReport, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.invalid, b.invalid, file: file, line: line)
        XCTAssertEqual(a.warnings, b.warnings, file: file, line: line)
        XCTAssertEqual(a.overlaps.map { "\($0.firstID)/\($0.secondID)" }, b.overlaps.map { "\($0.firstID)/\($0.secondID)" }, file: file, line: line)
        XCTAssertEqual(a.gaps.map(\.kind), b.gaps.map(\.kind), file: file, line: line)
        let measured = { (r: ValidationReport) in
            r.overlaps.map { ($0.area, $0.width, $0.location, $0.isSliver) } + r.gaps.map { ($0.area, $0.width, $0.location, $0.isSliver) }
        }
        for (x, y) in zip(measured(a), measured(b)) {
            XCTAssertEqual(x.0, y.0, accuracy: max(1e-3, 1e-9 * y.0), file: file, line: line)
            XCTAssertEqual(x.1, y.1, accuracy: max(1e-3, 1e-6 * y.1), file: file, line: line)
            XCTAssertEqual(x.2.x, y.2.x, accuracy: 1e-9, file: file, line: line)
            XCTAssertEqual(x.2.y, y.2.y, accuracy: 1e-9, file: file, line: line)
            XCTAssertEqual(x.3, y.3, file: file, line: line)
        }
    }

    func countiesWithout(_ ids: Set<String>) throws -> (map: TerritoryMap, removed: [Territory]) {
        let counties = try ncCounties()
        return (try TerritoryMap(counties.territories.filter { !ids.contains($0.id) }), counties.territories.filter { ids.contains($0.id) })
    }

    /// The Voronoi cell nearest the middle kept, its neighbours removed: the gap is a ring around
    /// the cell, and its area is the neighbours' area, not the whole hole (the island included)
    /// as the union's hole would say.
    func testIslandInsideARingShapedGap() throws {
        let cells = try TerritoryMap.load(GeoJSONFile(Fixtures.url("voronoi_1500.geojson")))
        let graph = try UnitGraph(map: cells)
        let middle = try Geometry.point(x: -92, y: 37.5)
        let island = try XCTUnwrap(cells.territories.firstIndex { try $0.geometry.covers(middle) })
        let removed = Set(graph.neighbours[island])
        XCTAssertGreaterThanOrEqual(removed.count, 4)
        let map = try TerritoryMap(cells.territories.indices.filter { !removed.contains($0) }.map { cells.territories[$0] })
        let report = try bothEngines(map)
        let removedArea = try removed.reduce(0) { $0 + (try area(cells.territories[$1].geometry)) }
        XCTAssertEqual(report.gaps.count, 1, "\(report.gaps.map(\.area))")
        XCTAssertEqual(report.gaps[0].kind, .hole)
        XCTAssertEqual(report.gaps[0].area, removedArea, accuracy: removedArea * 1e-9)
        XCTAssertEqual(report.gaps[0].geometry.numInteriorRings, 1, "the island is cut out of the gap")
        let location = try Geometry.point(x: report.gaps[0].location.x, y: report.gaps[0].location.y)
        for t in map.territories { XCTAssertFalse(try t.geometry.covers(location), "the location is in the gap, not on the island") }
        XCTAssertTrue(try report.gaps[0].geometry.contains(location))
    }

    /// One county removed: a gap touching all its neighbours, of exactly its area.
    func testGapTouchingSeveralTerritories() throws {
        let (map, removed) = try countiesWithout(["37183"])
        let report = try bothEngines(map)
        XCTAssertEqual(report.gaps.count, 1)
        XCTAssertEqual(report.gaps[0].kind, .hole)
        XCTAssertEqual(report.gaps[0].area, try area(removed[0].geometry), accuracy: 1e-3 * 1e-6 * report.gaps[0].area + 1e-3)
        XCTAssertTrue(try removed[0].geometry.contains(Geometry.point(x: report.gaps[0].location.x, y: report.gaps[0].location.y)))
    }

    /// With a region (a box around the state), the hole left by a missing county is listed once
    /// (as a hole) and the box outside the state once (as uncovered region): the gaps add up to
    /// the box minus the counties, nothing counted twice.
    func testRegionCountsEveryUncoveredAreaOnce() throws {
        let (map, _) = try countiesWithout(["37183"])
        var extent = map.territories[0].geometry.envelope!
        for t in map.territories { extent = extent.union(t.geometry.envelope!) }
        let region = try Geometry.rectangle(extent.expanded(by: 0.2))
        let report = try bothEngines(map, region: region)
        XCTAssertEqual(report.gaps.filter { $0.kind == .hole }.count, 1)
        XCTAssertEqual(report.gaps.filter { $0.kind == .uncoveredRegion }.count, 1)
        let covered = try map.territories.reduce(0) { $0 + (try area($1.geometry)) }
        let total = report.gaps.reduce(0) { $0 + $1.area }
        XCTAssertEqual(total, try area(region) - covered, accuracy: 1e-6 * total)
    }

    /// A territory with a hole, a second territory inside the hole, and a gap between them:
    /// the gap is the hole minus the inner territory.
    func testGapWithATerritoryNestedInAHole() throws {
        let outer = try Geometry(wkt: "POLYGON ((0 0, 1 0, 1 1, 0 1, 0 0), (0.2 0.2, 0.2 0.8, 0.8 0.8, 0.8 0.2, 0.2 0.2))")
        let inner = try Geometry(wkt: "POLYGON ((0.3 0.3, 0.7 0.3, 0.7 0.7, 0.3 0.7, 0.3 0.3))")
        let innermost = try Geometry(wkt: "POLYGON ((0.45 0.45, 0.55 0.45, 0.55 0.55, 0.45 0.55, 0.45 0.45))")
        // The inner territory has a hole of its own with a third territory in it, exactly fitting.
        let innerWithHole = try inner.difference(innermost)
        let map = try TerritoryMap([
            Territory(id: "outer", geometry: outer), Territory(id: "inner", geometry: innerWithHole),
            Territory(id: "core", geometry: innermost),
        ])
        let report = try bothEngines(map)
        XCTAssertEqual(report.gaps.count, 1)
        let expected = try Geometry(wkt: "POLYGON ((0.2 0.2, 0.8 0.2, 0.8 0.8, 0.2 0.8, 0.2 0.2))").difference(inner)
        XCTAssertEqual(report.gaps[0].area, try area(expected), accuracy: 1e-3)
        XCTAssertTrue(try report.gaps[0].geometry.equals(expected))
        XCTAssertTrue(try expected.contains(Geometry.point(x: report.gaps[0].location.x, y: report.gaps[0].location.y)))
    }

    /// Real maps, clean and damaged: both engines agree (`bothEngines` checks every field).
    func testEnginesAgreeOnRealMaps() throws {
        for name in ["nc_counties_sids2.geojson", "nc_territories.geojson", "naturalearth_countries.geojson", "nybb.geojson", "voronoi_1500.geojson"]
        {
            _ = try bothEngines(TerritoryMap.load(GeoJSONFile(Fixtures.url(name))))
        }
        // The damaged counties: a gap and a duplicate (overlap).
        let damaged = try bothEngines(TerritoryMap(countiesWithGapAndOverlap()))
        XCTAssertEqual(damaged.overlaps.count, 1)
        XCTAssertEqual(damaged.gaps.count, 1)
        // The damaged territories fixture (bow-tie repaired, duplicate county, gap).
        for options in [ValidationOptions()] {
            var pairwise = options
            pairwise.engine = .pairwise
            let features = try TerritoryMap.inspect(GeoJSONFile(Fixtures.url("nc_territories_damaged.geojson")))
            assertSame(try Validator.validate(features, options: options), try Validator.validate(features, options: pairwise))
        }
    }

    /// Near misses: a vertex moved by 1e-12° so two neighbours' edges no longer match bit for
    /// bit, a vertex moved by 1e-7° into the neighbour (a sliver overlap) and out of it (a sliver gap).
    func testNearMissEdgesTakeTheExactPath() throws {
        let voronoi = try TerritoryMap.load(GeoJSONFile(Fixtures.url("voronoi_1500.geojson")))
        for shift in [1e-12, 1e-7, -1e-7, 1e-4] {
            var territories = voronoi.territories
            // Move one vertex of cell 700 (inside the box) towards/away from its centre.
            let ring = try territories[700].geometry.polygonRings()[0]
            let centre = try XCTUnwrap(territories[700].geometry.centroid().pointCoordinate)
            var moved = ring
            let dx = ring[2].x - centre.x, dy = ring[2].y - centre.y
            let norm = (dx * dx + dy * dy).squareRoot()
            moved[2] = Coordinate(x: ring[2].x + shift * dx / norm, y: ring[2].y + shift * dy / norm)
            territories[700].geometry = try Geometry.polygon(exterior: moved)
            let report = try bothEngines(TerritoryMap(territories))
            if shift == 1e-4 { XCTAssertFalse(report.overlaps.isEmpty, "the moved vertex pushes into neighbours") }
            if shift == -1e-7 { XCTAssertFalse(report.gaps.isEmpty) }
        }
    }

    /// Layered coverages: two different tilings of one square. Every cell's edges can match
    /// within its own tiling, yet cells of the two tilings overlap: the coverage engine must
    /// still report every overlapping pair.
    func testTwoTilingsOfOneAreaOverlapEverywhere() throws {
        func cell(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) throws -> Geometry {
            try Geometry.rectangle(Envelope(minX: x0, minY: y0, maxX: x1, maxY: y1))
        }
        var territories: [Territory] = []
        for i in 0..<3 {
            for j in 0..<3 { territories.append(Territory(id: "a\(i)\(j)", geometry: try cell(Double(i), Double(j), Double(i + 1), Double(j + 1)))) }
        }
        for i in 0..<2 {
            for j in 0..<2 {
                territories.append(
                    Territory(id: "b\(i)\(j)", geometry: try cell(Double(i) * 1.5, Double(j) * 1.5, Double(i + 1) * 1.5, Double(j + 1) * 1.5)))
            }
        }
        let report = try bothEngines(TerritoryMap(territories))
        XCTAssertEqual(report.overlaps.count, 16)  // each of the 4 big cells overlaps 4 small ones
    }

    func testSplitTerritoriesAreWarnings() throws {
        let countries = try TerritoryMap.load(GeoJSONFile(Fixtures.url("naturalearth_countries.geojson")))
        let report = try Validator.validate(countries)
        XCTAssertEqual(report.warnings.count, 29)  // the 29 MultiPolygon countries
        let usa = try XCTUnwrap(
            report.warnings.first { w in countries.territories[w.featureIndex].properties.contains { $0.value == .string("United States of America") }
            })
        XCTAssertEqual(usa.kind, .noncontiguous)
        XCTAssertEqual(usa.parts, 10)
        XCTAssertFalse(report.gaps.isEmpty)  // the Caspian: warnings do not hide problems
        XCTAssertTrue(try Validator.validate(ncCounties()).warnings.allSatisfy { $0.parts > 1 })
    }
}

/// The unit graph: edge matching gives the same graph as GEOS on every pair, and the figures
/// agree with geography and with the perimeters.
final class UnitGraphTests: XCTestCase {
    func assertSameGraph(_ name: String) throws -> (TerritoryMap, UnitGraph) {
        let map = try TerritoryMap.load(GeoJSONFile(Fixtures.url(name)))
        let fast = try UnitGraph(map: map), exact = try UnitGraph(map: map, method: .pairwise)
        XCTAssertEqual(fast.rook.map { [$0.a, $0.b] }, exact.rook.map { [$0.a, $0.b] }, name)
        for (x, y) in zip(fast.rook, exact.rook) { XCTAssertEqual(x.length, y.length, accuracy: 1e-6 * y.length, name) }
        XCTAssertEqual(fast.queen, exact.queen, name)
        XCTAssertEqual(fast.components, exact.components, name)
        return (map, fast)
    }

    func testCoverageAndPairwiseGraphsAgree() throws {
        for name in ["nc_territories.geojson", "naturalearth_countries.geojson", "nybb.geojson"] { _ = try assertSameGraph(name) }
    }

    func testNorthCarolinaCounties() throws {
        let (map, graph) = try assertSameGraph("nc_counties_sids2.geojson")
        XCTAssertEqual(graph.unitCount, 100)
        XCTAssertEqual(graph.components.count, 1)
        let wake = try XCTUnwrap(map.territories.firstIndex { $0.id == "37183" })
        // Wake borders Granville, Franklin, Durham, Chatham, Johnston and Harnett.
        XCTAssertEqual(Set(graph.neighbours[wake].map { map.territories[$0].id }), ["37077", "37069", "37063", "37037", "37101", "37085"])
        // Every county's perimeter is its shared borders plus its part of the state's outline.
        let outline = try Geodesic.wgs84.measure(Geometry.unaryUnion(map.territories.map(\.geometry))).perimeter
        let perimeters = try map.territories.reduce(0) { $0 + (try Geodesic.wgs84.measure($1.geometry).perimeter) }
        let shared = graph.rook.reduce(0) { $0 + $1.length }
        XCTAssertEqual(perimeters, 2 * shared + outline, accuracy: 1e-6 * perimeters)
        XCTAssertEqual(
            graph.sharedBorder(wake, graph.neighbours[wake][0]),
            graph.rook.first { $0.a == min(wake, graph.neighbours[wake][0]) && $0.b == max(wake, graph.neighbours[wake][0]) }?.length)
        XCTAssertEqual(graph.sharedBorder(wake, wake), 0)
    }

    func testVoronoiCoverage() throws {
        let (map, graph) = try assertSameGraph("voronoi_1500.geojson")
        XCTAssertEqual(graph.components, [Array(0..<map.count)])
        XCTAssertTrue(graph.queen.isEmpty, "Voronoi cells in general position meet along edges")
        // Euler: a planar tiling with vertices of degree 3 has about 3 edges per cell.
        XCTAssertEqual(Double(graph.rook.count) / Double(map.count), 3, accuracy: 0.1)
        let outline = try Geodesic.wgs84.measure(Geometry.unaryUnion(map.territories.map(\.geometry))).perimeter
        let perimeters = try map.territories.reduce(0) { $0 + (try Geodesic.wgs84.measure($1.geometry).perimeter) }
        XCTAssertEqual(perimeters, 2 * graph.rook.reduce(0) { $0 + $1.length } + outline, accuracy: 1e-6 * perimeters)
    }

    func testIslandsAreSeparateComponents() throws {
        let (map, graph) = try assertSameGraph("nybb.geojson")
        let staten = try XCTUnwrap(map.territories.firstIndex { $0.id == "5" })
        XCTAssertTrue(graph.components.contains([staten]), "Staten Island shares no border")
    }
}
