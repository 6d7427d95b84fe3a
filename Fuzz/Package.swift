// swift-tools-version: 6.0
// libFuzzer targets over the readers. Built and run by scripts/fuzz.sh:
//   swift build --product FuzzCSV -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
// Each target defines LLVMFuzzerTestOneInput; libFuzzer provides main.
import Foundation
import PackageDescription

// A path dependency's identity is its folder's name, whatever the clone is called.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent

let package = Package(
    name: "TerritoryFuzz",
    dependencies: [.package(path: "..")],
    targets: [.target(name: "CFuzzer")] + ["FuzzGeoJSON", "FuzzMapLoader", "FuzzWKT", "FuzzWKB", "FuzzCSV", "FuzzOSRMAnswer"].map {
        .executableTarget(name: $0, dependencies: [
            "CFuzzer", .product(name: "TerritoryKit", package: root), .product(name: "GEOS", package: root),
        ])
    },
    swiftLanguageModes: [.v6]
)
