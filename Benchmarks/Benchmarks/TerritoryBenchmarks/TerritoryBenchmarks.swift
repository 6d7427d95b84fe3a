import Benchmark
import BenchmarkData
import Foundation
import GEOS
import PROJ
import TerritoryKit

// The geometry hot path and its neighbours. Inputs are deterministic (see BenchmarkData).
// Each iteration processes the whole input named in the benchmark (all N points, all rows, all
// polygons), so points per second = N x the reported throughput.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal, .peakMemoryResident],
        maxDuration: .seconds(3), maxIterations: 10)

    let maps: [BenchmarkData.MapSize: TerritoryMap] = Dictionary(
        uniqueKeysWithValues: BenchmarkData.MapSize.allCases.map {
            ($0, try! BenchmarkData.map($0))
        })

    for size in BenchmarkData.MapSize.allCases {
        for count in [10_000, 100_000, 1_000_000] {
            let map = maps[size]!
            let points = BenchmarkData.customers(count: count, over: map)
            let assigner = try! TerritoryAssigner(map: map)
            Benchmark("assign \(count) points, \(size.rawValue) territories, 1 thread") { benchmark in
                for _ in benchmark.scaledIterations {
                    blackHole(try assigner.assign(lon: points.lon, lat: points.lat, threads: 1))
                }
            }
        }
    }

    let counties = maps[.counties100]!
    let million = BenchmarkData.customers(count: 1_000_000, over: counties)
    let indexed = try! TerritoryAssigner(map: counties)
    for threads in Set([2, ProcessInfo.processInfo.activeProcessorCount]).sorted() where threads > 1 {
        Benchmark("assign 1000000 points, 100 territories, \(threads) threads") { benchmark in
            for _ in benchmark.scaledIterations { blackHole(try indexed.assign(lon: million.lon, lat: million.lat, threads: threads)) }
        }
    }
    // Counting without per-point results: the path that should scale with threads (target:
    // 2 threads at least 1.6x one).
    for threads in Set([1, 2, ProcessInfo.processInfo.activeProcessorCount]).sorted() {
        Benchmark("tally 1000000 points, 100 territories, \(threads) thread\(threads == 1 ? "" : "s")") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(try BalanceTally.tally(lon: million.lon, lat: million.lat, weights: million.weight, assigner: indexed, threads: threads))
            }
        }
    }
    let geos = try! TerritoryAssigner(map: counties, options: AssignmentOptions(engine: .geos))
    let hundredK = BenchmarkData.customers(count: 100_000, over: counties)
    Benchmark("assign 100000 points, 100 territories, GEOS prepared engine") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try geos.assign(lon: hundredK.lon, lat: hundredK.lat, threads: 1)) }
    }

    let csv = BenchmarkData.customerCSV(count: 1_000_000, over: counties)
    Benchmark("parse CSV, 1000000 rows") { benchmark in
        for _ in benchmark.scaledIterations {
            let reader = try CustomerCSVReader(text: csv)
            var batch = CustomerBatch(), rows = 0
            while try reader.next(into: &batch) { rows += batch.count }
            blackHole(rows)
        }
    }

    let large = maps[.counties3000]!
    let largeJSON = try! large.geoJSON()
    Benchmark("load GeoJSON, 3000 territories") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try TerritoryMap.load(GeoJSONText(largeJSON))) }
    }
    Benchmark("geodesic area, 3000 territories") { benchmark in
        for _ in benchmark.scaledIterations {
            for t in large.territories { blackHole(try Geodesic.wgs84.area(t.geometry)) }
        }
    }
    Benchmark("validate coverage, 3000 territories", configuration: .init(maxIterations: 3)) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try Validator.validate(large)) }
    }
}
