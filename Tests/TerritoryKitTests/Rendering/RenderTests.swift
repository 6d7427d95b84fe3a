import Foundation
import XCTest
@testable import TerritoryKit
import TestFixtures

/// The renderer's parts against their exact counterparts: coverage-aware simplification against
/// the original coverage (and against per-polygon simplification, which opens slivers), the
/// colouring against the adjacency graph, labels against their territories, the frame against
/// far-away customers, and the size of a national map.
final class RenderTests: XCTestCase {
    func projectedCounties() throws -> [Geometry] {
        let map = try TerritoryMap.load(GeoJSONFile(Fixtures.url("nc_counties_sids2.geojson")))
        let toMap = try CoordinateTransformer(from: "EPSG:4326", to: "+proj=laea +lat_0=35.5 +lon_0=-79.5 +datum=WGS84 +units=m +no_defs")
        return try map.territories.map { try toMap.transform($0.geometry) }
    }

    /// Shared borders simplified once: no two simplified counties overlap and no gap opens,
    /// at a tolerance (2 km) far coarser than the screen's; simplifying each county on its own
    /// does open both, which is what this guards against.
    func testCoverageSimplificationOpensNoSliversWherePerPolygonDoes() throws {
        let counties = try projectedCounties()
        let tolerance = 2_000.0
        let simplified = try CoverageSimplifier.simplify(counties, tolerance: tolerance)
        let together = try (0..<simplified.count).map { try simplified.geometry(of: $0) }
        XCTAssertEqual(together.count, counties.count)
        XCTAssertLessThan(together.reduce(0) { $0 + $1.numCoordinates }, counties.reduce(0) { $0 + $1.numCoordinates } / 2)
        func damage(_ shapes: [Geometry]) throws -> (overlap: Double, gap: Double) {
            var overlap = 0.0
            let tree = try STRtree(shapes)
            for (i, a) in shapes.enumerated() {
                for j in try tree.query(a.envelope!) where j > i {
                    overlap += try a.intersection(shapes[j]).planarArea()
                }
            }
            let union = try Geometry.unaryUnion(shapes)
            var holes = 0.0
            for polygon in try polygons(of: union) {
                for hole in try polygon.interiorRings() { holes += try Geometry.polygon(exterior: hole.coordinates()).planarArea() }
            }
            return (overlap, holes)
        }
        let good = try damage(together)
        XCTAssertLessThan(good.overlap, 1, "m² of overlap between neighbours")
        XCTAssertLessThan(good.gap, 1, "m² of gaps between neighbours")
        let alone = try damage(try counties.map { try $0.simplifyPreservingTopology(tolerance: tolerance) })
        XCTAssertGreaterThan(alone.overlap + alone.gap, 1e6, "per-polygon simplification opens slivers")
        // Each simplified county stays where it was (within the tolerance).
        for (a, b) in zip(counties, together) {
            XCTAssertLessThan(try a.symmetricDifference(b).planarArea(), try a.planarArea() * 0.2)
        }
    }

    /// The page's byte search answers as `String.contains` does (on ASCII needles, what the page
    /// looks for), at the ends, across near misses and in text with non-ASCII characters.
    func testPageByteSearchAgreesWithContains() {
        let texts = [
            "", "<g id=\"labels\">", "x<g id=\"label\"><g id=\"labels\"", "Zürich <g id=\"routes\"> ✓", "<g id=\"rout", "<<g id=\"customers\"",
        ]
        let parts = ["<g id=\"labels\"", "<g id=\"routes\"", "<g id=\"customers\"", "<", "✓", "Zürich <g", "x"]
        for text in texts {
            for part in parts {
                XCTAssertEqual(HTMLMapPage.contains(text, part), text.contains(part), "\(text) / \(part)")
            }
        }
    }

    func testNeighboursNeverShareAColour() throws {
        let map = try TerritoryMap.load(GeoJSONFile(Fixtures.url("nc_counties_sids2.geojson")))
        let graph = try UnitGraph(map: map)
        let colors = MapColoring.colorIndices(count: map.count, neighbours: graph.neighbours)
        for border in graph.rook { XCTAssertNotEqual(colors[border.a], colors[border.b]) }
        // A hundred counties spread over the whole palette, each colour five times.
        XCTAssertEqual(Dictionary(grouping: colors, by: { $0 }).mapValues(\.count), Dictionary(uniqueKeysWithValues: (0..<20).map { ($0, 5) }))
        // The rendered SVG agrees: neighbouring paths have different fills.
        let svg = try MapRenderer.svg(map: map)
        let fills = try NSRegularExpression(pattern: "data-territory-id=\"([^\"]+)\"[^>]* fill=\"([^\"]+)\"")
            .matches(in: svg, range: NSRange(svg.startIndex..., in: svg))
            .map { (String(svg[Range($0.range(at: 1), in: svg)!]), String(svg[Range($0.range(at: 2), in: svg)!])) }
        let fill = Dictionary(uniqueKeysWithValues: fills)
        XCTAssertEqual(fill.count, 100)
        for border in graph.rook {
            XCTAssertNotEqual(fill[map.territories[border.a].id], fill[map.territories[border.b].id])
        }
    }

    /// Up to twenty territories, each its own colour (the legend then names each by colour).
    func testUpToTwentyTerritoriesEachHaveTheirOwnColour() throws {
        let map = try TerritoryMap.load(GeoJSONFile(Fixtures.url("nc_territories.geojson")))
        let svg = try MapRenderer.svg(map: map)
        let fills = Set(MapColoring.palette.filter { svg.contains("fill=\"\($0)\"") })
        XCTAssertEqual(fills.count, 8)
        XCTAssertEqual(Set(MapColoring.palette).count, 20, "twenty different colours")
        XCTAssertEqual(MapColoring.colorIndices(count: 20, neighbours: Array(repeating: [], count: 20)), Array(0..<20))
    }

    /// Past twenty, the heap-driven DSatur picks exactly what the plain scan over every
    /// uncoloured territory picks (the exact path, written out here: the least-used free colour),
    /// on the NC counties, the countries and 1,500 Voronoi cells.
    func testColouringMatchesThePlainDSaturScan() throws {
        func plainScan(count: Int, neighbours: [[Int]]) -> [Int] {
            var color = [Int](repeating: -1, count: count)
            var seen = [Set<Int>](repeating: [], count: count)
            var used = [Int](repeating: 0, count: 20)
            for _ in 0..<count {
                var best = -1
                for v in 0..<count where color[v] < 0 {
                    let better =
                        best < 0 || seen[v].count > seen[best].count
                        || (seen[v].count == seen[best].count && neighbours[v].count > neighbours[best].count)
                    if better { best = v }
                }
                let free = (0..<20).filter { !seen[best].contains($0) }
                var c = free.min { used[$0] != used[$1] ? used[$0] < used[$1] : $0 < $1 } ?? 20
                if c < 20 { used[c] += 1 } else { while seen[best].contains(c) { c += 1 } }
                color[best] = c
                for w in neighbours[best] { seen[w].insert(c) }
            }
            return color
        }
        for name in ["nc_counties_sids2.geojson", "naturalearth_countries.geojson", "voronoi_1500.geojson"] {
            let map = try TerritoryMap.usablePart(of: TerritoryMap.inspect(GeoJSONFile(Fixtures.url(name)))).map
            let graph = try UnitGraph(map: map)
            XCTAssertEqual(
                MapColoring.colorIndices(count: map.count, neighbours: graph.neighbours),
                plainScan(count: map.count, neighbours: graph.neighbours), name)
        }
    }

    /// Labels sit inside their territory: each label's anchor, mapped back from pixels to
    /// projected metres, lies within the territory it names.
    func testLabelsLieInsideTheirTerritories() throws {
        let counties = try projectedCounties()
        let map = try TerritoryMap.load(GeoJSONFile(Fixtures.url("nc_counties_sids2.geojson")))
        var box = counties[0].envelope!
        for g in counties { box = box.union(g.envelope!) }
        let frame = MapRenderer.Frame(box: box, scale: 2000 / box.width, margin: 20)
        var counts = MapRenderer.Counts()
        let layer = try MapRenderer.labelsLayer(map: map, projected: counties, frame: frame, counts: &counts)
        let labels = try NSRegularExpression(pattern: "<text x=\"([-0-9.]+)\" y=\"([-0-9.]+)\" font-size=\"([0-9.]+)\">([^<]+)</text>")
            .matches(in: layer, range: NSRange(layer.startIndex..., in: layer))
        XCTAssertEqual(labels.count + counts.labelsOmitted, 100)
        XCTAssertGreaterThan(labels.count, 80)
        for m in labels {
            func group(_ k: Int) -> String { String(layer[Range(m.range(at: k), in: layer)!]) }
            let size = Double(group(3))!
            let x = Double(group(1))!, y = Double(group(2))! - size * 0.35
            XCTAssertGreaterThanOrEqual(size, 7)
            let metres = Coordinate(x: box.minX + (x - 20) / frame.scale, y: box.maxY - (y - 20) / frame.scale)
            let index = map.index(of: group(4))!
            XCTAssertTrue(try PreparedGeometry(counties[index]).contains(x: metres.x, y: metres.y), group(4))
        }
    }

    /// A customer in Alaska does not shrink North Carolina to a patch: the frame and the
    /// picture's shape follow the territories, and the customer is counted, not drawn.
    func testFarAwayCustomersDoNotMoveTheFrame() throws {
        let map = try TerritoryMap.load(GeoJSONFile(Fixtures.url("nc_territories.geojson")))
        let plain = try MapRenderer.svg(map: map)
        let customers = try CustomerBatch(ids: ["raleigh", "anchorage"], lon: [-78.64, -149.9], lat: [35.78, 61.2])
        let svg = try MapRenderer.svg(map: map, customers: customers, assigner: try TerritoryAssigner(map: map))
        func viewBox(_ s: String) -> String { String(s[s.range(of: "viewBox=\"")!.upperBound...].prefix { $0 != "\"" }) }
        XCTAssertEqual(viewBox(svg), viewBox(plain))
        let size = viewBox(svg).split(separator: " ").map { Double($0)! }
        XCTAssertLessThan(size[3] / size[2], 0.6, "North Carolina is wide: so is the picture")
        XCTAssertTrue(svg.contains("1 customers lie outside the frame"))
        XCTAssertEqual(svg.components(separatedBy: "h0").count - 1, 1)
    }

    /// Many territories: the legend explains instead of listing, and stays short.
    func testLegendStaysCompactWithManyTerritories() throws {
        let map = try TerritoryMap.load(GeoJSONFile(Fixtures.url("nc_counties_sids2.geojson")))
        let svg = try MapRenderer.svg(map: map)
        XCTAssertTrue(svg.contains("neighbours never share a colour"))
        let legend = String(svg[svg.range(of: "<g id=\"legend\"")!.lowerBound...])
        XCTAssertLessThan(legend.components(separatedBy: "<text").count, 12)
        let size = String(svg[svg.range(of: "viewBox=\"")!.upperBound...].prefix { $0 != "\"" }).split(separator: " ").map { Double($0)! }
        XCTAssertLessThan(size[3] / size[2], 0.6)
    }

    /// Path numbers are written digit by digit; they must read exactly as `fmt1` (the exact path,
    /// through NumberText) writes them: negative, zero, values rounding to -0, large ones, and the
    /// vertices that land on one tenth of a pixel dropped.
    func testPathNumbersAreFmt1s() {
        var rng = SplitMix64(seed: 5)
        var values: [Double] = [0, -0.0, -0.04, 0.04, -0.05, 0.05, 9.95, -9.95, 1e14, -1e14, 123_456.75, 1e20]
        for _ in 0..<20_000 { values.append((rng.nextDouble() - 0.5) * pow(10, Double(rng.next() % 8))) }
        for v in values {
            var bytes: [UInt8] = []
            MapRenderer.appendTenths(Int(exactly: (v * 10).rounded()) ?? Int.max, v, to: &bytes)
            XCTAssertEqual(String(decoding: bytes, as: UTF8.self), MapRenderer.fmt1(v), "\(v)")
        }
        let frame = MapRenderer.Frame(box: Envelope(minX: 0, minY: 0, maxX: 10, maxY: 10), scale: 1, margin: 0)
        let ring = [Coordinate(x: 1, y: 1), Coordinate(x: 1.01, y: 1.02), Coordinate(x: 2.5, y: 1), Coordinate(x: 1, y: 1)]
        var d: [UInt8] = []
        MapRenderer.appendRing(ring, frame, to: &d)
        XCTAssertEqual(String(decoding: d, as: UTF8.self), "M1 9L2.5 9Z")
    }

    func testDivergingScale() {
        XCTAssertEqual(MapColoring.diverging(0, range: 10), "#F7F7F7")
        XCTAssertEqual(MapColoring.diverging(-10, range: 10), "#2166AC")
        XCTAssertEqual(MapColoring.diverging(50, range: 10), "#B2182B")
        XCTAssertEqual(MapColoring.divergingRange(maxDeviation: 3, tolerance: 5), 10)
        XCTAssertEqual(MapColoring.divergingRange(maxDeviation: 142.6, tolerance: 10), 200)
    }

    func testHTMLIsSelfContained() throws {
        let map = try TerritoryMap.load(GeoJSONFile(Fixtures.url("nc_territories.geojson")))
        let html = try MapRenderer.html(map: map)
        XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>"))
        for forbidden in ["src=\"http", "href=\"http", "@import", "url(http", "fetch(", "XMLHttpRequest", "<link"] {
            XCTAssertFalse(html.contains(forbidden), forbidden)
        }
        XCTAssertEqual(html.components(separatedBy: "<tr data-territory-id=").count - 1, 8)
    }
}
