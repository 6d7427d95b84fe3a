// swift-tools-version: 6.0
// Territory: sales-territory geometry over the system GEOS and PROJ libraries.
//
// Layers, lowest first; a lower target never imports a higher one:
//   CGEOS, CPROJ      C module map + shim header of GEOS (found by pkg-config); PROJ's C API
//                     loaded on first use (like GDAL's), so start-up does not pay for it
//   GeoTypes          Coordinate, Envelope, number text: value types with no C dependency
//   GEOS              Swift face over GEOS (geometries, predicates, overlay, validity, STRtree)
//   PROJ              Swift face over PROJ (CRS transforms, geodesic measures); does not link GEOS
//   TextFiles         JSON, CSV and decimal readers, atomic output files: know nothing of territories
//   TerritoryKit      the territory domain (maps, assignment, validation, balance, design,
//                     routes, rendering; measuring and transforming GEOS geometries with PROJ)
//   CGDAL, GDAL       GDAL's vector API (any format, PostGIS), loaded at run time on first use
//   TerritoryGDAL     maps, units and customers from GDAL sources; outputs to GDAL formats
//   territory         the command-line tool
// The benchmark harness is a separate package in Benchmarks/ so that packages importing
// this one never resolve it.
import Foundation
import PackageDescription

let package = Package(
    name: "Territory",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "GeoTypes", targets: ["GeoTypes"]),
        .library(name: "GEOS", targets: ["GEOS"]),
        .library(name: "PROJ", targets: ["PROJ"]),
        .library(name: "TextFiles", targets: ["TextFiles"]),
        .library(name: "TerritoryKit", targets: ["TerritoryKit"]),
        .library(name: "GDAL", targets: ["GDAL"]),
        .library(name: "TerritoryGDAL", targets: ["TerritoryGDAL"]),
        .executable(name: "territory", targets: ["territory"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0")
    ],
    targets: [
        .systemLibrary(
            name: "CGEOS",
            pkgConfig: "geos",
            providers: [.apt(["libgeos-dev"]), .brew(["geos"])]
        ),

        // Coordinate, Envelope and number text: shared by both C layers, depending on neither.
        .target(name: "GeoTypes"),
        .target(name: "GEOS", dependencies: ["CGEOS", "GeoTypes"]),
        // Opening a system library at run time under its packages' names (for CPROJ and CGDAL).
        .target(name: "CDynamicLibrary", linkerSettings: [.linkedLibrary("dl", .when(platforms: [.linux]))]),
        // PROJ's C API, loaded from the shared library on first use (see CPROJ.h): commands
        // that never transform or measure do not pay for PROJ's dependencies at start-up.
        .target(name: "CPROJ", dependencies: ["CDynamicLibrary"]),
        .target(name: "PROJ", dependencies: ["CPROJ", "GeoTypes"]),
        // JSON, CSV and decimal numbers read strictly and fast, outputs that appear only when
        // complete: no geometry, no territories, usable by any tool.
        .target(name: "TextFiles", dependencies: ["GeoTypes"]),
        .target(name: "TerritoryKit", dependencies: ["GEOS", "PROJ", "TextFiles"]),
        // GDAL's vector API, loaded from the shared library on first use (see CGDAL.h): nothing
        // that depends only on GEOS, PROJ or TerritoryKit links it, and the CLI starts as fast.
        .target(name: "CGDAL", dependencies: ["CDynamicLibrary"]),
        .target(name: "GDAL", dependencies: ["CGDAL"]),
        // Territory maps, units and customers from any GDAL source, and outputs to any GDAL format.
        .target(name: "TerritoryGDAL", dependencies: ["TerritoryKit", "GDAL"]),
        .executableTarget(
            name: "territory",
            dependencies: [
                "TerritoryKit", "TerritoryGDAL",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Locates fixtures/ for the tests; not part of any product.
        .target(name: "TestFixtures", path: "Tests/TestFixtures"),
        .testTarget(name: "GEOSTests", dependencies: ["GEOS", "TestFixtures"]),
        .testTarget(name: "PROJTests", dependencies: ["PROJ", "TestFixtures"]),
        .testTarget(name: "TextFilesTests", dependencies: ["TextFiles", "TestFixtures"]),
        .testTarget(name: "TerritoryKitTests", dependencies: ["TerritoryKit", "TestFixtures"]),
        .testTarget(name: "GDALTests", dependencies: ["GDAL"]),
        .testTarget(name: "TerritoryGDALTests", dependencies: ["GDAL", "TerritoryGDAL", "TestFixtures"]),
        .testTarget(name: "CLITests", dependencies: ["territory", "TestFixtures", "TerritoryGDAL", "PROJ"], exclude: ["hostile_osrm.py"]),
    ],
    swiftLanguageModes: [.v6]
)

// Documentation: `scripts/docs.sh` runs `swift package generate-documentation` with
// TERRITORY_DOCS=1, which alone adds the DocC plugin, so that packages depending on this one
// never resolve it.
if ProcessInfo.processInfo.environment["TERRITORY_DOCS"] != nil {
    package.dependencies.append(.package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.4.0"))
}
