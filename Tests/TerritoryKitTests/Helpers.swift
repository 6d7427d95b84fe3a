import Foundation
import GEOS
import TerritoryKit
import TestFixtures

/// The eight North Carolina sales territories of the fixtures.
func ncTerritories() throws -> TerritoryMap {
    try TerritoryMap.load(GeoJSONFile(Fixtures.url("nc_territories.geojson")))
}

/// A map whose territories are the North Carolina counties themselves (id = FIPS number).
func ncCounties() throws -> TerritoryMap {
    try TerritoryMap.load(GeoJSONFile(Fixtures.url("nc_counties_sids2.geojson")))
}

/// The counties with two mistakes made by hand: Chatham (37037) left out, so there is a gap of
/// exactly its area, and Wake (37183) present twice (the copy with id `wake-copy`), so there is
/// an overlap of exactly its area.
func countiesWithGapAndOverlap() throws -> [Territory] {
    let counties = try ncCounties()
    var territories = counties.territories.filter { $0.id != "37037" }
    guard var wakeCopy = counties.territories.first(where: { $0.id == "37183" }) else {
        throw TerritoryError.invalidArgument("Wake county missing from the fixture")
    }
    wakeCopy.id = "wake-copy"
    territories.append(wakeCopy)
    return territories
}

/// Reference geodesic areas by feature id.
func referenceAreas(_ name: String) throws -> [String: Double] {
    var out: [String: Double] = [:]
    for row in try Fixtures.csvRows("reference/\(name)_geodesic.csv") { out[row[1]] = Double(row[2])! }
    return out
}

/// A deterministic pseudo-random generator, so tests see the same points every run.
typealias SeededGenerator = SplitMix64

/// Test points for a map: every vertex, every edge midpoint, and seeded random points in the extent.
func probePoints(_ map: TerritoryMap, random: Int, seed: UInt64 = 7) throws -> [Coordinate] {
    var points: [Coordinate] = []
    var extent: Envelope?
    for t in map.territories {
        for ring in try t.geometry.polygonRings() {
            points.append(contentsOf: ring)
            for i in ring.indices.dropFirst() {
                points.append(Coordinate(x: (ring[i - 1].x + ring[i].x) / 2, y: (ring[i - 1].y + ring[i].y) / 2))
            }
        }
        extent = extent.map { $0.union(t.geometry.envelope!) } ?? t.geometry.envelope
    }
    var rng = SeededGenerator(seed: seed)
    let e = extent!.expanded(by: 0.1)
    for _ in 0..<random {
        points.append(Coordinate(x: Double.random(in: e.minX...e.maxX, using: &rng), y: Double.random(in: e.minY...e.maxY, using: &rng)))
    }
    return points
}
