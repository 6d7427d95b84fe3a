import Foundation
import GEOS
import TerritoryKit

/// Deterministic benchmark inputs made from the real fixtures: maps of about 10, 100 and 3,000
/// real-shaped territories, and seeded random customers over their extent.
public enum BenchmarkData {
    /// The repository's fixtures folder.
    public static let fixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("fixtures")

    /// The map sizes benchmarked.
    public enum MapSize: Int, CaseIterable, Sendable {
        /// The 8 North Carolina sales territories.
        case territories8 = 8
        /// The 100 North Carolina counties.
        case counties100 = 100
        /// The 100 counties tiled 6 x 5 times (shifted copies, no overlaps): 3,000 real outlines.
        case counties3000 = 3000
    }

    /// The map of the given size.
    public static func map(_ size: MapSize) throws -> TerritoryMap {
        switch size {
        case .territories8: return try TerritoryMap.load(GeoJSONFile(fixtures.appendingPathComponent("nc_territories.geojson")))
        case .counties100: return try TerritoryMap.load(GeoJSONFile(fixtures.appendingPathComponent("nc_counties_sids2.geojson")))
        case .counties3000: return try tiledCounties(rows: 5, columns: 6)
        }
    }

    /// The 100 counties tiled `rows` x `columns` times (shifted copies 9.5° apart east-west and
    /// 3° north-south, so no two copies touch): a large map of real outlines. 27 x 30 gives the
    /// 81,000-outline, 73 MB file of the performance notes (at most 30 columns and 27 rows fit).
    public static func tiledCounties(rows: Int, columns: Int) throws -> TerritoryMap {
        let counties = try map(.counties100)
        // Up to 6 x 5 tiles the copies start at the counties themselves; larger grids start near
        // (-179.5°, -80°) so that every copy stays inside the lon/lat range.
        let shift = rows * columns <= 30 ? Coordinate(x: 0, y: 0) : Coordinate(x: -179.5 + 84.33, y: -80 - 33.88)
        var territories: [Territory] = []
        for row in 0..<rows {
            for column in 0..<columns {
                for t in counties.territories {
                    let dx = Double(column) * 9.5 + shift.x, dy = Double(row) * 3.0 + shift.y
                    var copy = t
                    copy.id = "\(t.id)-\(row)-\(column)"
                    copy.geometry = try t.geometry.mappingCoordinates { $0.map { Coordinate(x: $0.x + dx, y: $0.y + dy) } }
                    territories.append(copy)
                }
            }
        }
        return try TerritoryMap(territories)
    }

    /// `count` customers uniformly spread over the map's extent, the same every run for a seed.
    public static func customers(count: Int, over map: TerritoryMap, seed: UInt64 = 42) -> (lon: [Double], lat: [Double], weight: [Double]) {
        var extent = map.territories[0].geometry.envelope!
        for t in map.territories { extent = extent.union(t.geometry.envelope!) }
        var rng = SplitMix64(seed: seed)
        var lon = [Double](), lat = [Double](), weight = [Double]()
        lon.reserveCapacity(count); lat.reserveCapacity(count); weight.reserveCapacity(count)
        for _ in 0..<count {
            // Six decimals, as customer files usually carry (about 0.1 m).
            lon.append((Double.random(in: extent.minX...extent.maxX, using: &rng) * 1e6).rounded() / 1e6)
            lat.append((Double.random(in: extent.minY...extent.maxY, using: &rng) * 1e6).rounded() / 1e6)
            weight.append(Double(Int.random(in: 1...100, using: &rng)))
        }
        return (lon, lat, weight)
    }

    /// Customers as CSV text (`id,lon,lat,weight`).
    public static func customerCSV(count: Int, over map: TerritoryMap, seed: UInt64 = 42) -> String {
        var out = "id,lon,lat,weight\n"
        writeCustomerCSV(count: count, over: map, seed: seed) { out += $0 }
        return out
    }

    /// Streams customer CSV text in pieces (so 10 M rows never sit in memory at once).
    public static func writeCustomerCSV(
        count: Int, over map: TerritoryMap, seed: UInt64 = 42, chunk: Int = 100_000,
        _ emit: (String) throws -> Void
    ) rethrows {
        var done = 0, part = 0
        while done < count {
            let n = min(chunk, count - done)
            let c = customers(count: n, over: map, seed: seed &+ UInt64(part))
            var text = ""
            text.reserveCapacity(n * 36)
            for i in 0..<n {
                text += "\(done + i),\(String(format: "%.6f", c.lon[i])),\(String(format: "%.6f", c.lat[i])),\(Int(c.weight[i]))\n"
            }
            try emit(text)
            done += n; part += 1
        }
    }
}
