import Foundation
import TestFixtures
import XCTest

/// Customer files as users have them, on every command that reads customers (assign, report,
/// route, render, design, edit, diff): renamed columns, another delimiter, title lines above the
/// header, a Windows-1252 or Latin-1 export, a sheet with title rows, and ids that repeat. The
/// expected readings were written by Python's csv module and codecs
/// (fixtures/encodings/make_encodings.py).
final class CustomerFilesCLITests: XCTestCase {
    let cli = CLIRunner()
    let territories = Fixtures.url("nc_territories.geojson").path
    /// design's and edit's units: the eight territories themselves (a clean coverage), so that
    /// the seven commands run quickly.
    let counties = Fixtures.url("nc_territories.geojson").path
    let customers = Fixtures.url("nc_customers.csv").path
    func encoded(_ name: String) -> String { Fixtures.url("encodings/\(name)").path }

    /// Each command reading `file` with `options`, its output path made in `dir` by `out`.
    func commands(_ file: String, _ options: [String], _ out: (String) -> String, alignment: String) -> [[String]] {
        [
            ["assign", territories, file, "-o", out("assign.csv")] + options,
            ["report", territories, file, "--format", "json"] + options,
            ["route", territories, file, "-o", out("route.csv")] + options,
            ["render", territories, file, "-o", out("render.svg")] + options,
            ["design", counties, "--territories", "3", "--tolerance", "50", "--customers", file, "-o", out("design.geojson")] + options,
            ["edit", counties, "--alignment", alignment, "--customers", file, "-o", out("edit.html")] + options,
            ["diff", territories, territories, "--customers", file, "--format", "json"] + options,
        ]
    }

    /// The customers file with its header replaced and each row's fields (id, lon, lat, weight)
    /// rearranged by `fields`, written to `url`; its path.
    func rewritten(_ path: String, header: String, to url: URL, fields: ([Substring]) -> [Substring]) throws -> String {
        var text = header + "\n"
        for line in try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").dropFirst() {
            text += fields(line.split(separator: ",")).joined(separator: ",") + "\n"
        }
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    /// What a command gave: its standard output and the file it wrote.
    func result(_ arguments: [String]) throws -> String {
        let run = try cli.ok(arguments)
        guard let o = arguments.firstIndex(of: "-o") else { return run.stdout }
        return run.stdout + (try String(contentsOfFile: arguments[o + 1], encoding: .utf8))
    }

    /// A three-territory alignment of the units, designed once for the class.
    static let alignments = Memo<String, String>()
    func alignment(in dir: URL) throws -> String {
        try CustomerFilesCLITests.alignments.value("units") {
            let units = try Fixtures.temporaryDirectory().appendingPathComponent("units.csv").path
            _ = try cli.ok([
                "design", counties, "--territories", "3", "--tolerance", "50", "-o", dir.appendingPathComponent("plan.geojson").path,
                "--units-output", units,
            ])
            return units
        }
    }

    func testEveryCommandTakesTheSameColumnOptions() throws {
        let dir = try Fixtures.temporaryDirectory()
        let plain = dir.appendingPathComponent("plain"), renamed = dir.appendingPathComponent("renamed")
        for d in [plain, renamed] { try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true) }
        let units = try alignment(in: dir)
        // A CRM export: other names, other order, weights under "potential".
        let crm = try rewritten(customers, header: "account,potential,y,x", to: dir.appendingPathComponent("crm.csv")) { f in
            [f[0], f[3], f[2], f[1]]
        }
        let options = ["--id-column", "account", "--lon-column", "x", "--lat-column", "y", "--weight-column", "potential"]
        let standard = commands(customers, ["--weight-column", "weight"], { plain.appendingPathComponent($0).path }, alignment: units)
        let crmRuns = commands(crm, options, { renamed.appendingPathComponent($0).path }, alignment: units)
        for (a, b) in zip(standard, crmRuns) {
            XCTAssertEqual(
                try result(a).replacingOccurrences(of: customers, with: "").replacingOccurrences(of: plain.path, with: ""),
                try result(b).replacingOccurrences(of: crm, with: "").replacingOccurrences(of: renamed.path, with: ""), b[0])
        }
        // Column options without customers to read are a usage error.
        let lone = try cli.run("design", counties, "--territories", "4", "--id-column", "account", "-o", dir.appendingPathComponent("x.geojson").path)
        XCTAssertEqual(lone.status, 64)
        XCTAssertTrue(lone.stderr.contains("--id-column goes with --customers"), lone.stderr)
    }

    func testOtherDialectsReadAsPlainCSV() throws {
        let dir = try Fixtures.temporaryDirectory()
        let units = try alignment(in: dir)
        let out = { (name: String) in dir.appendingPathComponent(name).path }
        let expected = try commands(encoded("customers_expected.csv"), [], out, alignment: units).map(result)
        // Every command on the Windows-1252 export with titles; assign and report (the streamed
        // and the whole-file reader) on the others.
        let dialects: [(file: String, options: [String], commands: Int)] = [
            ("customers_cp1252_semicolon.csv", ["--delimiter", ";", "--header-row", "3", "--encoding", "cp1252"], 7),
            ("customers_tab.csv", ["--delimiter", "tab"], 2),
            ("customers_titles.xlsx", ["--header-row", "3"], 2),
        ]
        for (file, options, count) in dialects {
            for (arguments, reference) in zip(commands(encoded(file), options, out, alignment: units), expected).prefix(count) {
                XCTAssertEqual(try result(arguments), reference, "\(file): \(arguments[0])")
            }
        }
        let latin1 = try commands(encoded("customers_latin1.csv"), ["--encoding", "latin1"], out, alignment: units).prefix(2).map(result)
        XCTAssertEqual(latin1, try commands(encoded("customers_latin1_expected.csv"), [], out, alignment: units).prefix(2).map(result))
    }

    /// Without the options, each of those files is one line naming what to give, exit 2.
    func testRefusalsSayWhichOptionToGive() throws {
        let bad = try XCTUnwrap(
            JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: encoded("customers_latin1_first_bad_byte.json"))))
                as? [String: Int])
        let cases: [(arguments: [String], message: String)] = [
            (
                ["assign", territories, encoded("customers_latin1.csv")],
                "\(encoded("customers_latin1.csv")):\(bad["line"]!): byte 0x\(String(bad["byte"]!, radix: 16, uppercase: true)) at byte offset \(bad["offset"]!) is not UTF-8; the file must be UTF-8, or give its encoding: --encoding latin1 (ISO 8859-1) or --encoding cp1252 (Windows-1252)"
            ),
            (["report", territories, encoded("customers_cp1252_semicolon.csv")], "give --delimiter ';'"),
            (["assign", territories, encoded("customers_cp1252_semicolon.csv"), "--delimiter", ";", "--encoding", "cp1252"], "give --header-row N"),
            (
                ["route", territories, encoded("customers_cp1252_semicolon.csv"), "--delimiter", ";", "--header-row", "3", "-o", "/tmp/never.csv"],
                "--encoding cp1252"
            ),
            (["assign", territories, encoded("customers_titles.xlsx")], "give --header-row N"),
            (["assign", territories, Fixtures.url("gdal/nc_customers.xlsx").path, "--customers-layer", "Sheet9"], "name one with --customers-layer"),
            (
                ["assign", territories, Fixtures.url("gdal/nc_customers.gpkg").path, "--delimiter", ";"],
                "--delimiter and --encoding apply to CSV files"
            ),
        ]
        for (arguments, message) in cases {
            let r = try cli.run(arguments: arguments)
            XCTAssertEqual(r.status, 2, arguments.joined(separator: " "))
            XCTAssertTrue(r.stderr.contains(message), "\(arguments.joined(separator: " ")): \(r.stderr)")
            XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: "/tmp/never.csv"))
        for (option, value) in [("--delimiter", "ab"), ("--header-row", "0"), ("--encoding", "utf16")] {
            XCTAssertEqual(try cli.run("assign", territories, customers, option, value).status, 64, option)
        }
    }

    /// Two customers whose ids differ only by Unicode normalisation (lines 2 and 4) are one id
    /// twice: every command refuses the file naming both lines, and writes nothing.
    func testRepeatedIdsAreRefusedOnEveryCommand() throws {
        let dir = try Fixtures.temporaryDirectory()
        let units = try alignment(in: dir)
        let out = { (name: String) in dir.appendingPathComponent("dup-" + name).path }
        for arguments in commands(encoded("customers_nfc_duplicate.csv"), [], out, alignment: units) {
            let r = try cli.run(arguments: arguments)
            XCTAssertEqual(r.status, 2, arguments[0])
            XCTAssertTrue(r.stderr.contains("customers_nfc_duplicate.csv:4: "), "\(arguments[0]): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains("is also on line 2"), "\(arguments[0]): \(r.stderr)")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix("dup-") }, [])
    }

    /// A file with longitude and latitude swapped reads without an error: every command says the
    /// columns look swapped (not "--nearest-within"), and --swap-lon-lat reads it right. Customers
    /// far from every territory, the wrong way round or not, get a warning too.
    func testSwappedAndFarAwayCustomersAreNamed() throws {
        let dir = try Fixtures.temporaryDirectory()
        let units = try alignment(in: dir)
        let swapped = try rewritten(customers, header: "id,lon,lat,weight", to: dir.appendingPathComponent("swapped.csv")) { f in
            [f[0], f[2], f[1], f[3]]
        }
        let out = { (name: String) in dir.appendingPathComponent(name).path }
        // --swap-lon-lat is the reader's: the streamed and whole-file paths (assign, report, route).
        let plain = try commands(customers, [], out, alignment: units).prefix(3).map(result)
        for (k, arguments) in commands(swapped, [], out, alignment: units).enumerated() {
            let r = try cli.run(arguments: arguments)
            // design has no workload to balance (no customer in any unit): refused after the warning.
            XCTAssertEqual(r.status, arguments[0] == "design" ? 2 : 0, arguments[0])
            XCTAssertTrue(r.stderr.contains("the columns look swapped; give --swap-lon-lat"), "\(arguments[0]): \(r.stderr)")
            XCTAssertFalse(r.stderr.contains("--nearest-within"), "\(arguments[0]): \(r.stderr)")
            if k < plain.count { XCTAssertEqual(try result(arguments + ["--swap-lon-lat"]), plain[k], arguments[0]) }
        }
        let far = try cli.run("report", Fixtures.url("nybb.geojson").path, customers)
        XCTAssertTrue(far.stderr.contains("warning: none of the 117 customers lies in any territory"), far.stderr)
    }
}
