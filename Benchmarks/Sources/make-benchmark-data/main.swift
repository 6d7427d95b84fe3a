import BenchmarkData
import Foundation
import TerritoryKit

// Writes the benchmark inputs to data/ (not committed): the three maps as GeoJSON and the
// customer files as CSV, so other tools (the shapely peer) can run on the very same files.
let arguments = CommandLine.arguments.dropFirst()
let directory = URL(fileURLWithPath: arguments.first ?? "data")
try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
let sizes = [("10k", 10_000), ("100k", 100_000), ("1m", 1_000_000), ("10m", 10_000_000)]
for size in BenchmarkData.MapSize.allCases {
    let map = try BenchmarkData.map(size)
    let path = directory.appendingPathComponent("territories_\(size.rawValue).geojson")
    try map.write(to: path)
    print("wrote \(path.path)")
    for (name, count) in sizes where size == .counties100 || count <= 1_000_000 {
        let csv = directory.appendingPathComponent("customers_\(size.rawValue)_\(name).csv")
        if FileManager.default.fileExists(atPath: csv.path) { continue }
        let file = try AtomicOutputFile(csv)
        try file.write("id,lon,lat,weight\n")
        try BenchmarkData.writeCustomerCSV(count: count, over: map) { try file.write($0) }
        try file.commit()
        print("wrote \(csv.path)")
    }
}

// The 81,000 county outlines (27 x 30 tiles, 73 MB): the large-file case of validation.
let large = directory.appendingPathComponent("territories_81000.geojson")
if !FileManager.default.fileExists(atPath: large.path) {
    try BenchmarkData.tiledCounties(rows: 27, columns: 30).write(to: large)
    print("wrote \(large.path)")
}
