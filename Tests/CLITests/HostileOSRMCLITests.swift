import Foundation
import TestFixtures
import XCTest

/// `--osrm` against servers that stall, lie or flood (Tests/CLITests/hostile_osrm.py on
/// 127.0.0.1): each is one line, exit 2 and nothing written, never a crash, a hang or a
/// runaway allocation.
final class HostileOSRMCLITests: XCTestCase {
    let cli = CLIRunner()

    /// Starts the hostile server in `mode`; its URL and the process (to stop).
    func hostile(_ mode: String) throws -> (url: String, process: Process) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("hostile_osrm.py").path, mode]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        var line = Data()
        while !line.contains(10) {
            let byte = out.fileHandleForReading.readData(ofLength: 1)
            guard !byte.isEmpty else { throw Services.Missing(message: "hostile_osrm.py did not start") }
            line.append(byte)
        }
        let port = try XCTUnwrap(Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)))
        return ("http://127.0.0.1:\(port)", p)
    }

    func testHostileServersAreOneLineExitTwoAndNothingWritten() throws {
        let dir = try Fixtures.temporaryDirectory()
        let out = dir.appendingPathComponent("routes.csv")
        let territories = Fixtures.url("monaco_territories.geojson").path, customers = Fixtures.url("monaco_customers.csv").path
        for (mode, needle) in [
            ("trickle", "no whole answer within 0.3 s"), ("negative-chunk", "malformed chunked body"),
            ("huge-chunk", "malformed chunked body"), ("negative-length", "malformed Content-Length"),
            ("endless", "bytes for one answer"), ("negative-duration", "answered -5.0 s and 100.0 m from"),
            ("nan-distance", "not JSON"),
        ] {
            let (url, server) = try hostile(mode)
            defer { server.terminate(); server.waitUntilExit() }
            let started = Date()
            let r = try cli.run(arguments: ["route", territories, customers, "-o", out.path, "--osrm", url, "--osrm-timeout", "0.3"])
            XCTAssertEqual(r.status, 2, "\(mode): \(r.stderr)")
            XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, "\(mode): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains(needle), "\(mode): \(r.stderr)")
            XCTAssertFalse(FileManager.default.fileExists(atPath: out.path), mode)
            // Four attempts of at most 0.3 s each, with 1.4 s of backoff between them (the bound
            // is loose: it tells a deadline from none, whatever the machine's load).
            XCTAssertLessThan(Date().timeIntervalSince(started), 30, "\(mode): bounded by --osrm-timeout")
        }
        // OSRM's tables answer a few tenths below zero between points snapped to one segment
        // (osrm-backend issues 5306, 5855): that is rounding, taken as a leg of zero.
        let (url, server) = try hostile("rounded-below-zero")
        defer { server.terminate(); server.waitUntilExit() }
        let rounded = try cli.run(arguments: ["route", territories, customers, "-o", out.path, "--osrm", url, "--osrm-timeout", "5"])
        XCTAssertEqual(rounded.status, 0, rounded.stderr)
        let legs = try String(contentsOf: out, encoding: .utf8).split(separator: "\n").dropFirst().map {
            $0.split(separator: ",", omittingEmptySubsequences: false)
        }
        XCTAssertEqual(legs.count, 40)
        XCTAssertTrue(legs.allSatisfy { Double($0[$0.count - 1])! >= 0 }, "no leg below zero")
        let bad = try cli.run(arguments: ["route", territories, customers, "-o", out.path, "--osrm", "http://127.0.0.1:1", "--osrm-timeout", "0"])
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("--osrm-timeout must be a number of seconds > 0"), bad.stderr)
    }
}
