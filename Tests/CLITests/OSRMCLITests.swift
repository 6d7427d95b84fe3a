import Foundation
import TerritoryKit
import TestFixtures
import XCTest

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `--osrm` on route, report, diff, design and edit against a real osrm-routed (Monaco, started
/// by scripts/osrm.sh); faults as one line, exit 2 and nothing written, including a server that
/// dies mid-run (a server of the test's own, stopped and started again).
final class OSRMCLITests: XCTestCase {
    let cli = CLIRunner()
    let territories = Fixtures.url("monaco_territories.geojson").path
    let customers = Fixtures.url("monaco_customers_400.csv").path
    /// 40 customers: enough for every path of report, diff, design and edit on road times, and
    /// quick in a debug build (the 400 are routed by the route tests).
    let fewCustomers = Fixtures.url("monaco_customers.csv").path
    var server = ""

    override func setUpWithError() throws {
        let url = try Services.required("TERRITORY_TEST_OSRM", "OSRM server")
        server = url
    }

    func rows(_ url: URL) throws -> [[String]] {
        try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
    }

    /// schedule --osrm: every leg's drive seconds are OSRM's own (fetched here without our
    /// client) between the rows' points, one-way streets included.
    func testScheduleLegsAreRoadTimes() throws {
        let dir = try Fixtures.temporaryDirectory()
        let out = dir.appendingPathComponent("schedule.csv")
        let r = try cli.run(arguments: [
            "schedule", territories, fewCustomers, "-o", out.path, "--osrm", server, "--visits", "2", "--days", "5", "--quiet",
        ])
        XCTAssertEqual(r.status, 0, r.stderr)
        let table = try CSVTable.read(contentsOf: out)
        let lon = table.header.firstIndex(of: "lon")!, lat = table.header.firstIndex(of: "lat")!, legS = table.header.firstIndex(of: "leg_s")!
        var points: [(lon: Double, lat: Double)] = []
        for row in table.rows where !points.contains(where: { $0.lon == Double(row[lon])! && $0.lat == Double(row[lat])! }) {
            points.append((Double(row[lon])!, Double(row[lat])!))
        }
        let reference = try OSRMReference.table(server, points).durations
        func index(_ row: [String]) -> Int { points.firstIndex { $0.lon == Double(row[lon])! && $0.lat == Double(row[lat])! }! }
        var legs = 0
        for (previous, row) in zip(table.rows, table.rows.dropFirst()) where row[table.header.firstIndex(of: "stop")!] != "0" {
            XCTAssertEqual(Double(row[legS])!, reference[index(previous)][index(row)], accuracy: 0.051, "\(previous) -> \(row)")
            legs += 1
        }
        XCTAssertEqual(legs, table.rows.count - Set(table.rows.map { "\($0[0]) \($0[2])" }).count)
    }

    func testRouteLegsAreRoadTimesAndTheSummaryIsTheirSum() throws {
        let dir = try Fixtures.temporaryDirectory()
        let out = dir.appendingPathComponent("routes.csv")
        let r = try cli.ok(["route", territories, customers, "-o", out.path, "--osrm", server, "--effort", "10", "--format", "json"])
        XCTAssertTrue(r.stderr.contains("OSRM tables"), r.stderr)
        let table = try rows(out)
        XCTAssertEqual(table[0], ["territory_id", "stop", "customer_id", "lon", "lat", "leg_m", "leg_s"])
        let summaries = try XCTUnwrap(try json(r.stdout)["territories"] as? [[String: Any]])
        // The server's times and distances fetched independently of our client (OSRMReference).
        for (t, id) in ["west", "east"].enumerated() {
            let stops = table.dropFirst().filter { $0[0] == id }
            let m = try OSRMReference.table(server, stops.map { (Double($0[3])!, Double($0[4])!) })
            // Each leg_s is the server's time from the previous stop (to the 0.1 s printed).
            for k in 1..<stops.count { XCTAssertEqual(Double(stops[k][6])!, m.durations[k - 1][k], accuracy: 0.051) }
            XCTAssertEqual(stops[0][6], "0.0")
            // Drive hours: the legs and the return leg, all road time.
            var seconds: Double = m.durations[stops.count - 1][0], metres: Double = m.distances[stops.count - 1][0]
            for k in 1..<stops.count {
                seconds += m.durations[k - 1][k]
                metres += m.distances[k - 1][k]
            }
            XCTAssertEqual(try XCTUnwrap(summaries[t]["drive_hours"] as? Double), seconds / 3600, accuracy: 0.0006)
            XCTAssertEqual(try XCTUnwrap(summaries[t]["drive_km"] as? Double), metres / 1000, accuracy: 0.0006)
        }
        // The geodesic model, without a server, is far off in Monaco's hills and one-way streets.
        let model = try cli.ok(["route", territories, customers, "-o", out.path, "--effort", "10", "--format", "json"])
        let modelHours = try XCTUnwrap((try json(model.stdout)["summary"] as? [String: Any])?["drive_hours"] as? Double)
        let roadHours = try XCTUnwrap((try json(r.stdout)["summary"] as? [String: Any])?["drive_hours"] as? Double)
        XCTAssertGreaterThan(roadHours, 2 * modelHours)
    }

    func testReportDiffDesignAndEditUseRoadTimes() throws {
        let dir = try Fixtures.temporaryDirectory()
        let out = dir.appendingPathComponent("routes.csv")
        let workload: [String] = ["--visit-minutes", "10", "--osrm", server]
        _ = try cli.ok(["route", territories, fewCustomers, "-o", out.path, "--osrm", server, "--format", "json"])
        // Each territory's road time around its tour, from the server's own table (OSRMReference),
        // and its visit hours: 10 minutes per customer on the tour.
        let table = try rows(out)
        var roadHours: [Double] = [], visitHours: [Double] = []
        for id in ["west", "east"] {
            let stops = table.dropFirst().filter { $0[0] == id }
            let m = try OSRMReference.table(server, stops.map { (Double($0[3])!, Double($0[4])!) })
            var seconds: Double = m.durations[stops.count - 1][0]
            for k in 1..<stops.count { seconds += m.durations[k - 1][k] }
            roadHours.append(seconds / 3600)
            visitHours.append(Double(stops.filter { !$0[2].isEmpty }.count) * 10 / 60)
        }
        // report: each territory's drive hours are the road time of its tour; workload adds visits.
        let report = try cli.ok(["report", territories, fewCustomers, "--format", "json"] + workload)
        let rows = try XCTUnwrap(try json(report.stdout)["territories"] as? [[String: Any]])
        for t in 0..<2 {
            XCTAssertEqual(try XCTUnwrap(rows[t]["drive_hours"] as? Double), roadHours[t], accuracy: 1e-3)
            XCTAssertEqual(try XCTUnwrap(rows[t]["visit_hours"] as? Double), visitHours[t], accuracy: 0.0005)
            XCTAssertEqual(try XCTUnwrap(rows[t]["workload_hours"] as? Double), roadHours[t] + visitHours[t], accuracy: 2e-3)
        }
        // diff: the current plan's workload is report's; a new split moves customers and hours.
        var moved = try String(contentsOfFile: territories, encoding: .utf8)
        moved = moved.replacingOccurrences(of: "7.4215", with: "7.4265")
        let newPlan = dir.appendingPathComponent("new.geojson")
        try moved.write(to: newPlan, atomically: true, encoding: .utf8)
        let diff = try cli.ok(["diff", territories, newPlan.path, "--customers", fewCustomers, "--format", "json"] + workload)
        let diffRows = try XCTUnwrap(try json(diff.stdout)["territories"] as? [[String: Any]])
        XCTAssertEqual(
            try json(diff.stdout)["balance_on"] as? String ?? (try json(diff.stdout)["summary"] as? [String: Any])?["balance_on"] as? String,
            "workload")
        for t in 0..<2 {
            XCTAssertEqual(try XCTUnwrap(diffRows[t]["workload_hours_before"] as? Double), roadHours[t] + visitHours[t], accuracy: 2e-3)
        }
        // design on a grid of units over Monaco: balanced on routed road workload, which report
        // on the written map confirms.
        let units = dir.appendingPathComponent("units.geojson")
        try unitGrid().write(to: units, atomically: true, encoding: .utf8)
        let plan = dir.appendingPathComponent("plan.geojson"), alignment = dir.appendingPathComponent("alignment.csv")
        let design = try cli.run(
            arguments: [
                "design", units.path, "--territories", "2", "--customers", fewCustomers, "--balance-on", "workload", "--tolerance", "15",
                "-o", plan.path, "--units-output", alignment.path, "--format", "json",
            ] + workload)
        let designJSON = try json(design.stdout)
        // The exit status says what the summary's status says (0 within the tolerance, else 1).
        XCTAssertEqual(design.status, designJSON["status"] as? String == "within_tolerance" ? 0 : 1, design.stderr)
        let claimed = try XCTUnwrap(designJSON["routed_max_deviation_pct"] as? Double)
        let check = try cli.ok(["report", plan.path, fewCustomers, "--format", "json", "--balance-on", "workload"] + workload)
        let checked = try XCTUnwrap(try json(check.stdout)["territories"] as? [[String: Any]])
        let worst = try checked.map { abs(try XCTUnwrap($0["deviation_pct"] as? Double)) }.max()!
        XCTAssertEqual(worst, claimed, accuracy: 0.5, "design's routed deviation is report's on the written plan")
        // edit: the page's hours per territory are the routed workload of its plan.
        let page = dir.appendingPathComponent("edit.html")
        _ = try cli.ok(["edit", units.path, "--alignment", alignment.path, "--customers", fewCustomers, "-o", page.path] + workload)
        let html = try String(contentsOf: page, encoding: .utf8)
        let start = try XCTUnwrap(html.range(of: "<script type=\"application/json\" id=\"plan-data\">"))
        let end = try XCTUnwrap(html.range(of: "</script>", range: start.upperBound..<html.endIndex))
        let data = try json(String(html[start.upperBound..<end.lowerBound]))
        let hours = try XCTUnwrap(data["hours"] as? [Double]), of = try XCTUnwrap(data["territory"] as? [Int])
        let ids = try XCTUnwrap(data["territories"] as? [[String: Any]]).map { $0["id"] as! String }
        var perTerritory = [Double](repeating: 0, count: ids.count)
        for (u, t) in of.enumerated() { perTerritory[t] += hours[u] }
        for (t, id) in ids.enumerated() {
            let row = try XCTUnwrap(checked.first { $0["id"] as? String == id })
            XCTAssertEqual(perTerritory[t], try XCTUnwrap(row["workload_hours"] as? Double), accuracy: 0.01 * perTerritory[t], id)
        }
    }

    /// A 6 × 5 grid of rectangular units over Monaco.
    func unitGrid() -> String {
        var features: [String] = []
        let (west, east, south, north) = (7.405, 7.445, 43.722, 43.755)
        for i in 0..<6 {
            for j in 0..<5 {
                let x0 = west + (east - west) * Double(i) / 6, x1 = west + (east - west) * Double(i + 1) / 6
                let y0 = south + (north - south) * Double(j) / 5, y1 = south + (north - south) * Double(j + 1) / 5
                features.append(
                    "{\"type\":\"Feature\",\"id\":\"u\(i)\(j)\",\"properties\":{},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":"
                        + "[[[\(x0),\(y0)],[\(x1),\(y0)],[\(x1),\(y1)],[\(x0),\(y1)],[\(x0),\(y0)]]]}}")
            }
        }
        return "{\"type\":\"FeatureCollection\",\"features\":[" + features.joined(separator: ",") + "]}"
    }

    func testFaultsAreOneLineExitTwoAndNothingWritten() throws {
        let dir = try Fixtures.temporaryDirectory()
        let out = dir.appendingPathComponent("routes.csv")
        let offshore = dir.appendingPathComponent("offshore.csv")
        try (String(contentsOfFile: fewCustomers, encoding: .utf8) + "sea1,7.4400,43.7000,1\n").write(to: offshore, atomically: true, encoding: .utf8)
        let sea = dir.appendingPathComponent("sea.geojson")
        try String(contentsOfFile: territories, encoding: .utf8).replacingOccurrences(of: "43.722", with: "43.69")
            .write(to: sea, atomically: true, encoding: .utf8)
        for (args, needle) in [
            (["--osrm", "http://127.0.0.1:1"], "cannot be reached"),
            (["--osrm", "ftp://127.0.0.1:5000"], "http://HOST:PORT"),
            (["--osrm", server, "--matrix", customers], "not both"),
            (["--osrm", server, "--osrm-table-size", "1"], "--osrm-table-size"),
            (["--osrm", server, "--osrm-profile", "a/b"], "--osrm-profile"),
        ] {
            let r = try cli.run(arguments: ["route", territories, customers, "-o", out.path] + args)
            XCTAssertEqual(r.status, 2, "\(args): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains(needle), "\(args): \(r.stderr)")
            XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr)
            XCTAssertFalse(FileManager.default.fileExists(atPath: out.path), "\(args)")
        }
        // A customer OSRM cannot put on a road is named by id.
        let r = try cli.run("route", sea.path, offshore.path, "-o", out.path, "--osrm", server)
        XCTAssertEqual(r.status, 2, r.stderr)
        XCTAssertTrue(r.stderr.contains("customer sea1 is"), r.stderr)
        XCTAssertTrue(r.stderr.contains("m from the nearest road"), r.stderr)
        XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.path))
        // A server that refuses the table size names what to change.
        let small = try OwnServer(maxTableSize: 10)
        defer { small.stop() }
        let refused = try cli.run("route", territories, customers, "-o", out.path, "--osrm", small.url, "--osrm-table-size", "50")
        XCTAssertEqual(refused.status, 2, refused.stderr)
        XCTAssertTrue(refused.stderr.contains("TooBig") && refused.stderr.contains("--max-table-size"), refused.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.path))
    }

    func testAServerThatDiesMidRunIsRetriedThenNamed() throws {
        let dir = try Fixtures.temporaryDirectory()
        let clean = dir.appendingPathComponent("clean.csv"), out = dir.appendingPathComponent("routes.csv")
        // Small requests, so that the run asks the server many times (120 customers in tables of
        // 3: some 3,700 requests over two seconds of a debug build; the server stops 0.4 s in).
        let some = dir.appendingPathComponent("some.csv")
        try (String(contentsOfFile: customers, encoding: .utf8).split(whereSeparator: \.isNewline).prefix(121).joined(separator: "\n") + "\n")
            .write(to: some, atomically: true, encoding: .utf8)
        let args = ["route", territories, some.path, "--osrm-table-size", "3", "--effort", "5"]
        let server = try OwnServer()
        _ = try cli.ok(args + ["-o", clean.path, "--osrm", server.url])
        // Runs the route, stopping the server 0.4 s in and doing `meanwhile` before the end;
        // the exit status and stderr.
        func routeWhileServerStops(meanwhile: () throws -> Void) throws -> (Int32, String) {
            let run = Process()
            run.executableURL = cli.binary
            run.arguments = args + ["-o", out.path, "--osrm", server.url]
            let errors = Pipe()
            run.standardError = errors
            run.standardOutput = Pipe()
            try run.run()
            Thread.sleep(forTimeInterval: 0.4)
            server.stop()
            try meanwhile()
            run.waitUntilExit()
            return (run.terminationStatus, String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
        }
        // Down for a moment, then back on the same port: the retries carry the run through, and
        // the routes are those of an undisturbed run.
        let (status, errors) = try routeWhileServerStops {
            Thread.sleep(forTimeInterval: 0.5)
            try server.start()
        }
        XCTAssertEqual(status, 0, errors)
        XCTAssertEqual(try Data(contentsOf: out), try Data(contentsOf: clean))
        // Down for good: the same one line after the retries, exit 2, nothing written.
        try FileManager.default.removeItem(at: out)
        let (failed, stderr) = try routeWhileServerStops {}
        XCTAssertEqual(failed, 2, stderr)
        XCTAssertTrue(stderr.contains("cannot be reached") && stderr.contains("after 4 attempts"), stderr)
        XCTAssertEqual(stderr.split(separator: "\n").count, 1, stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.path))
    }

    /// report --reps with homes and --osrm: each territory's farthest customer from home is the
    /// longest of OSRM's own drive times (fetched here without our client) from the home to the
    /// territory's customers; design --max-drive-minutes keeps to OSRM's times too.
    func testDriveFromHomeIsRoadTime() throws {
        let dir = try Fixtures.temporaryDirectory()
        let reps = dir.appendingPathComponent("reps.csv").path
        try "territory_id,lon,lat\nwest,7.4165,43.7325\neast,7.4275,43.7430\n".write(toFile: reps, atomically: true, encoding: .utf8)
        let report = try json(cli.ok(["report", territories, fewCustomers, "--reps", reps, "--osrm", server, "--format", "json"]).stdout)
        let assigned = try cli.ok(["assign", territories, fewCustomers]).stdout.split(separator: "\n").dropFirst()
            .map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let position = Dictionary(
            uniqueKeysWithValues: try Fixtures.referenceRows("monaco_customers.csv").map {
                ($0["id"]!, (lon: Double($0["lon"]!)!, lat: Double($0["lat"]!)!))
            })
        let homes = ["west": (lon: 7.4165, lat: 43.7325), "east": (lon: 7.4275, lat: 43.7430)]
        for row in try XCTUnwrap(report["territories"] as? [[String: Any]]) {
            let id = row["id"] as! String
            let mine = assigned.filter { $0[1] == id }.map { position[$0[0]]! }
            let reference = try OSRMReference.table(server, [homes[id]!] + mine).durations[0].dropFirst()
            XCTAssertEqual(try XCTUnwrap(row["max_drive_min"] as? Double), reference.max()! / 60, accuracy: 0.006, id)
        }
        // A limit shorter than the farthest road time from every home: units named, exit 1.
        let out = dir.appendingPathComponent("t.geojson").path
        let short = try cli.run(arguments: [
            "design", territories, "--reps", reps, "--customers", fewCustomers, "--osrm", server, "--max-drive-minutes", "0.5", "-o", out,
        ])
        XCTAssertEqual(short.status, 1, short.stderr)
        XCTAssertTrue(short.stderr.contains("drive limit not met: no home reaches units"), short.stderr)
        let long = try cli.run(arguments: [
            "design", territories, "--reps", reps, "--customers", fewCustomers, "--osrm", server, "--max-drive-minutes", "60", "--tolerance", "100",
            "-o", out,
        ])
        XCTAssertEqual(long.status, 0, long.stderr)
    }
}

/// An osrm-routed of the test's own (Monaco), on a free port, that the test can stop and start.
final class OwnServer {
    let port: Int
    let maxTableSize: Int
    private var process: Process?
    var url: String { "http://127.0.0.1:\(port)" }

    init(maxTableSize: Int = 10000) throws {
        self.maxTableSize = maxTableSize
        port = try OwnServer.freePort()
        try start()
    }

    deinit { stop() }

    func start() throws {
        let routed = try Services.required("TERRITORY_TEST_OSRM_ROUTED", "osrm-routed binary")
        let graph = try Services.required("TERRITORY_TEST_OSRM_GRAPH", "OSRM graph")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: routed)
        p.arguments = ["--algorithm", "mld", "--ip", "127.0.0.1", "--port", "\(port)", "--max-table-size", "\(maxTableSize)", graph]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        process = p
        // Ready when it answers.
        for _ in 0..<100 {
            if (try? OSRMTable(url: url, attempts: 1).matrix(sources: [Coordinate(x: 7.42, y: 43.73)], destinations: [Coordinate(x: 7.42, y: 43.74)]))
                != nil
            {
                return
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
        throw Services.Missing(message: "osrm-routed did not start on port \(port)")
    }

    func stop() {
        guard let p = process else { return }
        p.terminate()
        p.waitUntilExit()
        process = nil
    }

    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        guard bound == 0 else { throw Services.Missing(message: "no free port on 127.0.0.1") }
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return Int(UInt16(bigEndian: addr.sin_port))
    }

}
