import Foundation
import TestFixtures
import XCTest

/// PROJ (like GDAL) is loaded on first use: a command that never transforms or measures runs
/// without it, and one that needs it says in one line that it is missing.
final class LazyLibrariesCLITests: XCTestCase {
    let cli = CLIRunner()
    let missing = ["TERRITORY_PROJ_LIBRARY": "/nonexistent/libproj.so"]

    func testAssignRunsWithoutPROJ() throws {
        let dir = try Fixtures.temporaryDirectory()
        let out = dir.appendingPathComponent("a.csv"), reference = dir.appendingPathComponent("b.csv")
        let args = ["assign", Fixtures.url("nc_territories.geojson").path, Fixtures.url("nc_customers.csv").path, "--quiet"]
        let r = try cli.run(arguments: args + ["-o", out.path], environment: missing)
        XCTAssertEqual(r.status, 0, r.stderr)
        _ = try cli.ok(args + ["-o", reference.path])
        XCTAssertEqual(try Data(contentsOf: out), try Data(contentsOf: reference))
    }

    func testCommandsThatMeasureSayPROJIsMissing() throws {
        let out = try Fixtures.temporaryDirectory().appendingPathComponent("map.svg")
        let r = try cli.run(arguments: ["render", Fixtures.url("nc_territories.geojson").path, "-o", out.path], environment: missing)
        XCTAssertEqual(r.status, 2, r.stderr)
        XCTAssertTrue(r.stderr.hasPrefix("territory: error: PROJ is not installed ("), r.stderr)
        XCTAssertTrue(r.stderr.contains("apt-get install libproj-dev"), r.stderr)
        XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.path), "nothing written")
    }
}
