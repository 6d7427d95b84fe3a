import Foundation
import TestFixtures
import XCTest

/// Outputs destroy nothing the user named: standard output and devices are streams, links are
/// written through, replaced files keep their permissions, and a command with two outputs
/// publishes both or neither. Values against shapely's assignment (fixtures/reference).
final class OutputSafetyCLITests: XCTestCase {
    let cli = CLIRunner()
    let territories = Fixtures.url("nc_territories.geojson").path
    let customers = Fixtures.url("nc_customers.csv").path

    /// Runs a shell command line (for redirections) and returns its status.
    func shell(_ line: String) throws -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", line]
        try p.run()
        p.waitUntilExit()
        return p.terminationStatus
    }

    func testStandardOutputNamedAsAFileIsAStream() throws {
        let dir = try Fixtures.temporaryDirectory()
        let expected = try Fixtures.text("reference/nc_assignment.csv")
        for name in ["-", "/dev/stdout"] {
            let out = dir.appendingPathComponent("redirected.csv").path
            let status = try shell("'\(cli.binary.path)' assign '\(territories)' '\(customers)' -o \(name) > '\(out)' 2>/dev/null")
            XCTAssertEqual(status, 0, name)
            XCTAssertEqual(try String(contentsOfFile: out, encoding: .utf8), expected, name)
        }
        // /dev/stdout is still the system's link, whoever ran the tool (root included).
        XCTAssertNotNil(try? FileManager.default.destinationOfSymbolicLink(atPath: "/dev/stdout"))
        XCTAssertEqual(try cli.run("assign", territories, customers, "-o", "-").stdout, expected)
    }

    func testALinkIsWrittenThroughAndAReplacedFileKeepsItsMode() throws {
        let dir = try Fixtures.temporaryDirectory()
        let target = dir.appendingPathComponent("real.csv").path, link = dir.appendingPathComponent("link.csv").path
        try "old\n".write(toFile: target, atomically: false, encoding: .utf8)
        XCTAssertEqual(chmod(target, 0o600), 0)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "real.csv")
        _ = try cli.ok(["assign", territories, customers, "-o", link])
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: link), "real.csv")
        XCTAssertEqual(try String(contentsOfFile: target, encoding: .utf8), try Fixtures.text("reference/nc_assignment.csv"))
        XCTAssertEqual((try FileManager.default.attributesOfItem(atPath: target)[.posixPermissions] as? NSNumber)?.intValue, 0o600)
        // The same through GDAL: a GeoPackage behind a link, mode 640.
        let gpkg = dir.appendingPathComponent("plan.gpkg").path, gpkgLink = dir.appendingPathComponent("current.gpkg").path
        _ = try cli.ok(["assign", territories, customers, "-o", gpkg])
        XCTAssertEqual(chmod(gpkg, 0o640), 0)
        try FileManager.default.createSymbolicLink(atPath: gpkgLink, withDestinationPath: gpkg)
        _ = try cli.ok(["assign", territories, customers, "-o", gpkgLink, "--output-layer", "again"])
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: gpkgLink), gpkg)
        XCTAssertEqual((try FileManager.default.attributesOfItem(atPath: gpkg)[.posixPermissions] as? NSNumber)?.intValue, 0o640)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.contains("partial") }, [])
    }

    /// design's map and units files: when the units cannot be written (/dev/full: "no space left
    /// on device", as a full disk says), the map is not replaced either.
    func testDesignPublishesBothOutputsOrNeither() throws {
        let dir = try Fixtures.temporaryDirectory()
        let map = dir.appendingPathComponent("plan.geojson").path
        try "old map\n".write(toFile: map, atomically: false, encoding: .utf8)
        let r = try cli.run(
            "design", Fixtures.url("nc_counties_sids2.geojson").path, "--territories", "2", "--weight-property", "bir74", "-o", map,
            "--units-output", "/dev/full")
        XCTAssertEqual(r.status, 2, r.stderr)
        XCTAssertTrue(r.stderr.contains("No space left on device"), r.stderr)
        XCTAssertEqual(try String(contentsOfFile: map, encoding: .utf8), "old map\n")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), ["plan.geojson"])
    }
}
