// swift-tools-version: 6.1
// Benchmarks for the territory library: a separate package so that packages importing the
// library never resolve the benchmark harness. Run from this folder:
//   swift package benchmark                     (ordo-one/benchmark)
//   swift run -c release make-benchmark-data    (writes data/ for the shapely comparison)
//   peers/compare.sh                            (territory vs shapely on the same files)
import Foundation
import PackageDescription

// A path dependency's identity is its folder's name, whatever the clone is called.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent

let package = Package(
    name: "TerritoryBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.0", traits: ["MallocInterposer"]),
    ],
    targets: [
        // Deterministic benchmark inputs made from the real fixtures.
        .target(name: "BenchmarkData", dependencies: [.product(name: "TerritoryKit", package: root)]),
        .executableTarget(name: "make-benchmark-data", dependencies: ["BenchmarkData"]),
        // Cordeau's PVRP instances solved by the library's call-cycle scheduler.
        .executableTarget(name: "pvrp", dependencies: [.product(name: "TerritoryKit", package: root)]),
        .executableTarget(
            name: "TerritoryBenchmarks",
            dependencies: [
                "BenchmarkData",
                .product(name: "TerritoryKit", package: root),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/TerritoryBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
