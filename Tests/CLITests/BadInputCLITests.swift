import Foundation
import XCTest
import TestFixtures

/// The bad-input corpus through the CLI: one line on stderr, exit 2, no output file left behind.
final class BadInputCLITests: XCTestCase {
    let cli = CLIRunner()

    func assertRejected(_ arguments: [String], output: URL, file: StaticString = #filePath, line: UInt = #line) throws {
        let r = try cli.run(arguments: arguments)
        XCTAssertEqual(r.status, 2, "\(arguments): \(r.stderr)", file: file, line: line)
        let lines = r.stderr.split(separator: "\n")
        XCTAssertEqual(lines.count, 1, "\(arguments): \(r.stderr)", file: file, line: line)
        XCTAssertTrue(r.stderr.hasPrefix("territory: error: "), r.stderr, file: file, line: line)
        XCTAssertFalse(r.stderr.contains("Fatal error"), file: file, line: line)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: output.deletingLastPathComponent().path)
        XCTAssertEqual(leftovers, [], "no output or temporary file: \(leftovers)", file: file, line: line)
    }

    func testBadTerritoryFiles() throws {
        let dir = try Fixtures.temporaryDirectory()
        let output = dir.appendingPathComponent("out.csv")
        let names = try FileManager.default.contentsOfDirectory(atPath: Fixtures.url("bad").path).filter { $0.hasSuffix(".geojson") }.sorted()
        XCTAssertGreaterThanOrEqual(names.count, 15)
        for name in names {
            try assertRejected(
                ["assign", Fixtures.url("bad/\(name)").path, Fixtures.url("nc_customers.csv").path, "-o", output.path], output: output)
        }
        try assertRejected(["assign", Fixtures.url("bad").path, Fixtures.url("nc_customers.csv").path, "-o", output.path], output: output)
    }

    /// Units whose id is under another name (a Census file's GEOID): the one line names the
    /// option and the feature's properties, and with the option the same plan comes out.
    func testUnitsWithoutTheIdPropertyNameTheOption() throws {
        let dir = try Fixtures.temporaryDirectory()
        let counties = Fixtures.url("nc_counties_sids2.geojson")
        var text = try String(contentsOf: counties, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"id\":", with: "\"GEOID\":")
        let renamed = dir.appendingPathComponent("census.geojson")
        try text.write(to: renamed, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("out").appendingPathComponent("plan.geojson")
        try FileManager.default.createDirectory(at: out.deletingLastPathComponent(), withIntermediateDirectories: true)
        try assertRejected(["design", renamed.path, "--territories", "3", "-o", out.path], output: out)
        let r = try cli.run("design", renamed.path, "--territories", "3", "-o", out.path)
        XCTAssertTrue(r.stderr.contains("; name the id property with --id-property (properties: "), r.stderr)
        XCTAssertTrue(r.stderr.contains("GEOID"), r.stderr)
        _ = try cli.ok(["design", renamed.path, "--territories", "3", "--id-property", "GEOID", "-o", out.path])
    }

    func testBadCustomerFiles() throws {
        let dir = try Fixtures.temporaryDirectory()
        let output = dir.appendingPathComponent("out.csv")
        let names = try FileManager.default.contentsOfDirectory(atPath: Fixtures.url("bad").path)
            .filter { $0.hasSuffix(".csv") && !$0.hasSuffix("_ok.csv") }.sorted()
        XCTAssertGreaterThanOrEqual(names.count, 7)
        for name in names {
            for command in ["assign", "report"] {
                try assertRejected(
                    [command, Fixtures.url("nc_territories.geojson").path, Fixtures.url("bad/\(name)").path]
                        + (command == "assign" ? ["-o", output.path] : []), output: output)
            }
        }
        try assertRejected(["assign", Fixtures.url("nc_territories.geojson").path, "/proc/self/mem", "-o", output.path], output: output)
        let ok = try cli.run("assign", Fixtures.url("nc_territories.geojson").path, Fixtures.url("bad/bom_crlf_quoted_ok.csv").path)
        XCTAssertEqual(ok.status, 0, ok.stderr)
        XCTAssertEqual(ok.stdout, "customer_id,territory_id\n\"a,1\",T6\n\"b \"\"2\"\"\",T5\n")
    }

    /// A file the user may not read is refused in one line naming it, with nothing written; the
    /// tool runs as `nobody` when the tests run as root.
    func testUnreadableFilesAreRefused() throws {
        let dir = try Fixtures.temporaryDirectory()
        try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: dir.path)
        let locked = dir.appendingPathComponent("locked.csv"), lockedMap = dir.appendingPathComponent("locked.geojson")
        try "id,lon,lat\n1,-79,35.5\n".write(to: locked, atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(at: Fixtures.url("nc_territories.geojson"), to: lockedMap)
        for file in [locked, lockedMap] { try FileManager.default.setAttributes([.posixPermissions: 0], ofItemAtPath: file.path) }
        let output = dir.appendingPathComponent("out.csv")
        for (arguments, named) in [
            (["assign", Fixtures.url("nc_territories.geojson").path, locked.path, "-o", output.path], locked.path),
            (["assign", lockedMap.path, Fixtures.url("nc_customers.csv").path, "-o", output.path], lockedMap.path),
            (["validate", lockedMap.path], lockedMap.path),
        ] {
            let r = try cli.runUnprivileged(arguments)
            XCTAssertEqual(r.status, 2, "\(arguments): \(r.stderr)")
            XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr)
            XCTAssertTrue(r.stderr.contains(named) && r.stderr.contains("ermission denied"), r.stderr)
            XCTAssertFalse(FileManager.default.fileExists(atPath: output.path))
        }
    }

    /// Ids and names carrying terminal escape sequences are printed with the controls made
    /// visible: a map's ids cannot clear the screen or rewrite the line of whoever validates it.
    func testControlCharactersAreShownNotObeyed() throws {
        let dir = try Fixtures.temporaryDirectory()
        let map = dir.appendingPathComponent("escapes.geojson")
        try """
        {"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"evil\\u001b[2J\\r"},
        "geometry":{"type":"Polygon","coordinates":[[[0,0],[1,1],[1,0],[0,1],[0,0]]]}}]}
        """.write(to: map, atomically: true, encoding: .utf8)
        let r = try cli.run("validate", map.path)
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertTrue(r.stdout.contains("(id evil\\u{1B}[2J\\u{D})"), r.stdout)
        XCTAssertFalse(r.stdout.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x0D }, r.stdout)
        let named = dir.appendingPathComponent("bad\u{1B}]0;title\u{07}.geojson")
        try "not json".write(to: named, atomically: true, encoding: .utf8)
        let bad = try cli.run("validate", named.path)
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("bad\\u{1B}]0;title\\u{7}.geojson"), bad.stderr)
        XCTAssertFalse(bad.stderr.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 }, bad.stderr)
    }

    /// Usage errors are ArgumentParser's exit 64, as docs/cli.md says, with nothing written.
    func testUsageErrorsExitSixtyFour() throws {
        let dir = try Fixtures.temporaryDirectory()
        let out = dir.appendingPathComponent("out.csv").path
        let territories = Fixtures.url("nc_territories.geojson").path, customers = Fixtures.url("nc_customers.csv").path
        for arguments in [
            ["assign", territories, customers, "-o", out, "--no-such-option"], ["assign", territories, customers, "-o", out, "--threads", "x"],
            ["assign", "-o", out], ["nosuchcommand"],
        ] {
            let r = try cli.run(arguments: arguments)
            XCTAssertEqual(r.status, 64, "\(arguments): \(r.stderr)")
            XCTAssertFalse(FileManager.default.fileExists(atPath: out), "\(arguments)")
        }
        XCTAssertTrue(try cli.run("render", "--help").stdout.contains(".html for the interactive page"))
    }

    func testValidateExitCodes() throws {
        for name in [
            "malformed.geojson", "not_json.geojson", "empty_collection.geojson", "feature_not_collection.geojson",
            "nan_coordinate.geojson", "lone_surrogate.geojson", "duplicate_features.geojson",
        ] {
            let r = try cli.run("validate", Fixtures.url("bad/\(name)").path)
            XCTAssertEqual(r.status, 2, name)
            XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr)
        }
        for name in [
            "bowtie.geojson", "duplicate_ids.geojson", "infinite_coordinate.geojson", "nested_geometry_collection.geojson",
            "duplicate_property.geojson",
        ] {
            let r = try cli.run("validate", Fixtures.url("bad/\(name)").path)
            XCTAssertEqual(r.status, 1, "\(name): \(r.stderr)")
            XCTAssertTrue(r.stdout.contains("invalid  feature"), r.stdout)
        }
    }

    /// Interrupting a run (SIGINT) leaves no partial output: the input is a FIFO that never ends.
    func testInterruptLeavesNoPartialOutput() throws {
        let dir = try Fixtures.temporaryDirectory()
        let fifo = dir.appendingPathComponent("customers.csv").path
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        let outDir = dir.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: outDir, withIntermediateDirectories: true)
        let output = outDir.appendingPathComponent("assigned.csv")
        let process = Process()
        process.executableURL = cli.binary
        process.arguments = ["assign", Fixtures.url("nc_territories.geojson").path, fifo, "-o", output.path]
        let err = Pipe()
        process.standardError = err
        try process.run()
        let writer = FileHandle(forWritingAtPath: fifo)!
        var text = "id,lon,lat\n"
        for i in 0..<200_000 { text += "\(i),-79.0,35.5\n" }
        writer.write(Data(text.utf8))
        // Wait until the temporary output exists (the run is under way), then interrupt it.
        let deadline = Date().addingTimeInterval(30)
        while try FileManager.default.contentsOfDirectory(atPath: outDir.path).isEmpty, Date() < deadline { usleep(20_000) }
        XCTAssertFalse(try FileManager.default.contentsOfDirectory(atPath: outDir.path).isEmpty, "the run started writing")
        process.interrupt()
        process.waitUntilExit()
        try? writer.close()
        XCTAssertEqual(process.terminationStatus, 130)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: outDir.path), [], "no partial output")
        XCTAssertTrue(String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).contains("interrupted"))
    }
}
