import Foundation
import TerritoryKit
import TestFixtures
import XCTest

/// The public conformance suites through the `territory` binary: JSONTestSuite texts in a map
/// (`y_` loads, `n_` exits 2 with one line naming line and column) and alone (exit 2, one
/// line); csv-spectrum's values round-trip through `assign` as customer ids.
///
/// The library's ConformanceTests read all 318 JSONTestSuite texts; here every distinct outcome
/// the library gives them (accepted, or each kind of syntax error, the position left aside)
/// goes through the binary once with each expectation that reaches it, so that every error path
/// is checked end to end without 636 process launches.
final class ConformanceCLITests: XCTestCase {
    let cli = CLIRunner()

    /// Runs `validate` on each text (embedded or alone), two processes at a time.
    func validateAll(_ cases: [Conformance.JSONCase], embedded: Bool) throws -> [(Conformance.JSONCase, CLIRunner.Run)] {
        let dir = try Fixtures.temporaryDirectory()
        /// Results by case index, filled from two threads.
        final class Results: @unchecked Sendable {
            private let lock = NSLock()
            private var runs: [Int: CLIRunner.Run] = [:]
            func set(_ i: Int, _ run: CLIRunner.Run?) { lock.lock(); runs[i] = run; lock.unlock() }
            func get(_ i: Int) -> CLIRunner.Run? { lock.lock(); defer { lock.unlock() }; return runs[i] }
        }
        let results = Results(), cli = self.cli
        DispatchQueue.concurrentPerform(iterations: cases.count) { i in
            let file = dir.appendingPathComponent("\(i).geojson")
            try? (embedded ? Conformance.embedded(cases[i].bytes) : cases[i].bytes).write(to: file)
            results.set(i, try? cli.run(arguments: ["validate", file.path]))
        }
        return try cases.indices.map { (cases[$0], try XCTUnwrap(results.get($0), cases[$0].name)) }
    }

    /// One case per (expectation, library outcome): the outcome is the library's error with its
    /// line, column, source and quoted text left out ("ok" when the text loads).
    func representatives(embedded: Bool) throws -> [Conformance.JSONCase] {
        var seen = Set<String>(), picked: [Conformance.JSONCase] = []
        for c in try Conformance.jsonTestSuite() {
            let data = embedded ? Conformance.embedded(c.bytes) : c.bytes
            var outcome = "ok"
            do throws(TerritoryError) {
                _ = try TerritoryMap.load(GeoJSONText(data, name: "case"))
            } catch {
                // The kind of error: its message with quoted text, bytes and numbers left out.
                outcome = "\(error)".replacingOccurrences(of: #""[^"]*"|'[^']*'|0x[0-9A-Fa-f]+|[0-9]+"#, with: "_", options: .regularExpression)
            }
            if seen.insert("\(c.expectation) \(outcome)").inserted { picked.append(c) }
        }
        return picked
    }

    func testJSONTestSuiteInAMapThroughTheCLI() throws {
        XCTAssertEqual(try Conformance.jsonTestSuite().count, 318)
        let cases = try representatives(embedded: true)
        XCTAssertGreaterThanOrEqual(cases.count, 20, "kinds of outcome: \(cases.map(\.name))")
        for (c, r) in try validateAll(cases, embedded: true) {
            let lines = r.stderr.split(separator: "\n")
            switch (c.expectation, r.status) {
            case ("y", 0), ("i", 0): XCTAssertEqual(r.stderr, "", c.name)
            case ("n", 2), ("i", 2):
                XCTAssertEqual(lines.count, 1, "\(c.name): \(r.stderr)")
                XCTAssertNotNil(r.stderr.range(of: #"\.geojson:\d+:\d+: malformed JSON: "#, options: .regularExpression), "\(c.name): \(r.stderr)")
                XCTAssertEqual(r.stdout, "", c.name)
            default: XCTFail("\(c.name): exit \(r.status): \(r.stderr)")
            }
        }
    }

    func testJSONTestSuiteAloneThroughTheCLI() throws {
        for (c, r) in try validateAll(representatives(embedded: false), embedded: false) {
            XCTAssertEqual(r.status, 2, "\(c.name): \(r.stderr)")
            XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, "\(c.name): \(r.stderr)")
            XCTAssertTrue(r.stderr.hasPrefix("territory: error: "), "\(c.name): \(r.stderr)")
            XCTAssertEqual(r.stdout, "", c.name)
        }
    }

    /// Each csv-spectrum file keeps its quoting and line ends; two columns `lon,lat` are put in
    /// front of every record (a point inside territory T6), and every column in turn is the id
    /// column: the output's ids must be the values csv-spectrum says the file holds.
    func testCSVSpectrumValuesRoundTripAsCustomerIDs() throws {
        let dir = try Fixtures.temporaryDirectory()
        let cases = try Conformance.csvSpectrum()
        XCTAssertEqual(cases.count, 12)
        var checked = 0
        for c in cases where c.name != "location_coordinates" {
            let file = dir.appendingPathComponent("\(c.name).csv")
            try Conformance.prefixingRecords(c.bytes, with: "lon,lat,").write(to: file)
            var text = try String(contentsOf: file, encoding: .utf8)
            text = text.replacingOccurrences(of: "\nlon,lat,", with: "\n-79.0,35.5,")  // data rows get the point
            try text.write(to: file, atomically: true, encoding: .utf8)
            for column in c.columns {
                let r = try cli.run(arguments: ["assign", Fixtures.url("nc_territories.geojson").path, file.path, "--id-column", column])
                XCTAssertEqual(r.status, 0, "\(c.name) / \(column): \(r.stderr)")
                let rows = try parseCSV(r.stdout)
                XCTAssertEqual(rows.first, ["customer_id", "territory_id"])
                XCTAssertEqual(rows.dropFirst().map { $0[0] }, c.records.map { $0[column] ?? "?" }, "\(c.name) / \(column)")
                XCTAssertEqual(Set(rows.dropFirst().map { $0[1] }), c.records.isEmpty ? [] : ["T6"], c.name)
                checked += 1
            }
        }
        XCTAssertGreaterThanOrEqual(checked, 25)
    }

    /// csv-spectrum's `location_coordinates` has `37°36'37.8"N` unquoted: RFC 4180 forbids the
    /// bare quote, so it is refused, naming the column and saying how to quote it.
    func testBareQuoteIsRefusedNamingTheColumn() throws {
        let c = try XCTUnwrap(Conformance.csvSpectrum().first { $0.name == "location_coordinates" })
        let dir = try Fixtures.temporaryDirectory()
        let file = dir.appendingPathComponent("location.csv")
        var bytes = Conformance.prefixingRecords(c.bytes, with: "lon,lat,")
        bytes = Data(String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\nlon,lat,", with: "\n-79.0,35.5,").utf8)
        try bytes.write(to: file)
        let r = try cli.run(arguments: ["assign", Fixtures.url("nc_territories.geojson").path, file.path, "--id-column", "Cities"])
        XCTAssertEqual(r.status, 2)
        XCTAssertEqual(
            r.stderr,
            "territory: error: \(file.path):2: column \"Location Coordinates\": a quote inside an unquoted field; enclose the whole field in double quotes and double the quotes inside it (\"37.8\"\"N\")\n"
        )
        XCTAssertEqual(r.stdout, "")
    }

    /// A small RFC 4180 reader for the tool's output (quoted fields, doubled quotes).
    func parseCSV(_ text: String) throws -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = "", inQuotes = false
        var chars = Array(text)[...]
        while let ch = chars.popFirst() {
            if inQuotes {
                if ch == "\"" {
                    if chars.first == "\"" { field.append("\""); chars.removeFirst() } else { inQuotes = false }
                } else {
                    field.append(ch)
                }
            } else if ch == "\"" {
                inQuotes = true
            } else if ch == "," {
                row.append(field); field = ""
            } else if ch == "\n" {
                row.append(field); rows.append(row); row = []; field = ""
            } else {
                field.append(ch)
            }
        }
        XCTAssertFalse(inQuotes)
        XCTAssertTrue(row.isEmpty && field.isEmpty, "output ends with a line break")
        return rows
    }
}
