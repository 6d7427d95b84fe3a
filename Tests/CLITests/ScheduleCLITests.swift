import Foundation
import TerritoryKit
import TestFixtures
import XCTest

/// `territory schedule` on the NC territories and a sample of the demo's accounts with A/B/C
/// visit frequencies, opening hours for some, a part-time rep and a holiday: every rule of the
/// schedule checked from the file it writes (not from the solver), the calendars read back by
/// Python's `icalendar`, and each kind of bad input refused in one line.
final class ScheduleCLITests: XCTestCase {
    let cli = CLIRunner()
    let territories = Fixtures.url("nc_territories.geojson").path

    /// Every 20th account, visits 4, 2 or 1 by potential, opening hours 09:00-12:00 for every
    /// 7th of those; the reps' homes at an account of each territory, T2's rep working 10 days.
    func inputs(in dir: URL) throws -> (customers: String, reps: String, needs: [String: (visits: Int, minutes: Double, window: (Double, Double)?)]) {
        let accounts = try CSVTable.read(contentsOf: Fixtures.url("nc_accounts.csv"))
        var text = "id,lon,lat,weight,visit_minutes,visits,open,close\n"
        var needs: [String: (Int, Double, (Double, Double)?)] = [:]
        for (k, row) in accounts.rows.enumerated() where k % 20 == 0 {
            let weight = Double(row[3])!
            let visits = weight >= 40 ? 4 : weight >= 15 ? 2 : 1
            let window = k % 140 == 0 ? (9.0 * 60, 12.0 * 60) : nil
            text += "\(row[0]),\(row[1]),\(row[2]),\(row[3]),\(row[4]),\(visits),\(window == nil ? "," : "09:00,12:00")\n"
            needs[row[0]] = (visits, Double(row[4])!, window)
        }
        let customers = dir.appendingPathComponent("accounts.csv").path
        try text.write(toFile: customers, atomically: true, encoding: .utf8)
        let map = try TerritoryMap.load(GeoJSONFile(URL(fileURLWithPath: territories)))
        let assigner = try TerritoryAssigner(map: map)
        var homes: [String: (Double, Double)] = [:]
        for row in accounts.rows {
            let lon = Double(row[1])!, lat = Double(row[2])!
            if let t = assigner.assign(lon: lon, lat: lat).territory, homes[map.territories[t].id] == nil {
                homes[map.territories[t].id] = (lon, lat)
            }
        }
        let reps = dir.appendingPathComponent("reps.csv").path
        try
            ("territory_id,rep,lon,lat,days\n"
            + map.territories.map { t in
                "\(t.id),Rep \(t.id),\(homes[t.id]!.0),\(homes[t.id]!.1),\(t.id == "T2" ? "10" : "")\n"
            }.joined()).write(toFile: reps, atomically: true, encoding: .utf8)
        return (customers, reps, needs)
    }

    func minutes(_ clock: String) -> Double {
        let p = clock.split(separator: ":").map { Double($0)! }
        return p[0] * 60 + p[1]
    }

    func testTheScheduleKeepsEveryRule() throws {
        let dir = try Fixtures.temporaryDirectory()
        let (customers, reps, needs) = try inputs(in: dir)
        let holidays = dir.appendingPathComponent("holidays.txt").path
        try "2027-01-18\n".write(toFile: holidays, atomically: true, encoding: .utf8)
        let output = dir.appendingPathComponent("schedule.csv").path, calendars = dir.appendingPathComponent("calendars").path
        let run = try cli.run(arguments: [
            "schedule", territories, customers, "-o", output, "--reps", reps, "--visits-column", "visits", "--visit-minutes-column", "visit_minutes",
            "--open-column", "open", "--close-column", "close", "--start-date", "2027-01-04", "--skip-dates", holidays, "--calendar", calendars,
            "--format", "json", "--quiet",
        ])
        let summary = try json(run.stdout)
        let unplaced = try XCTUnwrap(summary["unplaced"] as? [[String: Any]])
        XCTAssertEqual(run.status, unplaced.isEmpty ? 0 : 1, run.stderr)
        let totals = try XCTUnwrap(summary["summary"] as? [String: Any])
        XCTAssertEqual(totals["unplaced_visits"] as? Int, unplaced.reduce(0) { $0 + ($1["visits_missing"] as! Int) })
        XCTAssertTrue(unplaced.allSatisfy { ($0["reason"] as? String)?.isEmpty == false })
        let table = try CSVTable.read(contentsOf: URL(fileURLWithPath: output))
        XCTAssertEqual(
            table.header, ["territory_id", "rep", "day", "date", "stop", "customer_id", "lon", "lat", "arrive", "depart", "leg_m", "leg_s"])
        let column = Dictionary(uniqueKeysWithValues: table.header.enumerated().map { ($1, $0) })
        var visitDays: [String: [Int]] = [:], daysOf: [String: Set<Int>] = [:]
        var dates = Set<String>()
        // Rows by territory and day, in order.
        let days = Dictionary(grouping: table.rows) { "\($0[column["territory_id"]!]) \($0[column["day"]!])" }
        for (key, rows) in days {
            XCTAssertEqual(rows.map { Int($0[column["stop"]!])! }, Array(0..<rows.count), key)
            XCTAssertEqual(rows.first?[column["customer_id"]!], "", key)
            XCTAssertEqual(rows.first?[column["depart"]!], "08:00", key)
            XCTAssertEqual(rows.last?[column["customer_id"]!], "", key)
            XCTAssertLessThanOrEqual(minutes(rows.last![column["arrive"]!]), 16 * 60 + 0.5, "\(key): the day ends after 16:00")
            for (previous, row) in zip(rows, rows.dropFirst()) {
                // Arrival is the previous departure plus the leg's drive, to the minute.
                let expected = minutes(previous[column["depart"]!]) + Double(row[column["leg_s"]!])! / 60
                XCTAssertEqual(minutes(row[column["arrive"]!]), expected, accuracy: 1.01, key)
                guard !row[column["customer_id"]!].isEmpty else { continue }
                let id = row[column["customer_id"]!], need = try XCTUnwrap(needs[id])
                let depart = minutes(row[column["depart"]!])
                XCTAssertGreaterThanOrEqual(depart - minutes(row[column["arrive"]!]), need.minutes - 1.01, id)
                if let (open, close) = need.window {
                    let start = depart - need.minutes
                    XCTAssertTrue(start >= open - 1.01 && start <= close + 1.01, "\(id) starts at \(start) outside \(open)-\(close)")
                }
                visitDays[id, default: []].append(Int(row[column["day"]!])!)
            }
            daysOf[rows[0][column["territory_id"]!], default: []].insert(Int(rows[0][column["day"]!])!)
            dates.insert(rows[0][column["date"]!])
        }
        // Every customer placed is visited as often as it needs, spaced by the rule; the others
        // are listed with what is missing.
        let missing = Dictionary(uniqueKeysWithValues: unplaced.map { ($0["customer_id"] as! String, $0["visits_missing"] as! Int) })
        for (id, need) in needs where visitDays[id] != nil || missing[id] != nil {
            if let m = missing[id] {
                XCTAssertEqual(m, need.visits, id)
                XCTAssertNil(visitDays[id], id)
                continue
            }
            let d = visitDays[id]!.sorted()
            XCTAssertEqual(d.count, need.visits, id)
            XCTAssertTrue(zip(d, d.dropFirst()).allSatisfy { $1 - $0 >= 20 / need.visits - 1 }, "\(id): days \(d)")
        }
        XCTAssertLessThanOrEqual(daysOf["T2"]?.count ?? 0, 10, "the part-time rep works 10 days")
        XCTAssertFalse(dates.contains("2027-01-18"), "the holiday is skipped")
        XCTAssertTrue(dates.allSatisfy { $0 >= "2027-01-04" && $0 <= "2027-02-01" }, "\(dates.sorted())")
        // The calendars, as a calendar application reads them: one event per visit, at its time.
        let script = """
            import icalendar, glob, json, sys
            out = {}
            for f in glob.glob(sys.argv[1] + '/*.ics'):
                c = icalendar.Calendar.from_ical(open(f, 'rb').read())
                out[f.split('/')[-1]] = [[str(e['SUMMARY']), e['DTSTART'].dt.strftime('%Y-%m-%d %H:%M'), e['DTEND'].dt.strftime('%H:%M'), float(e['GEO'].latitude)] for e in c.walk('VEVENT')]
            print(json.dumps(out))
            """
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = ["python3", "-c", script, calendars]
        let pipe = Pipe()
        python.standardOutput = pipe
        try python.run()
        let read = pipe.fileHandleForReading.readDataToEndOfFile()
        python.waitUntilExit()
        XCTAssertEqual(python.terminationStatus, 0, "python3 with icalendar is needed (scripts/test.sh installs it)")
        let events = try XCTUnwrap(JSONSerialization.jsonObject(with: read) as? [String: [[Any]]])
        let visitRows = table.rows.filter { !$0[column["customer_id"]!].isEmpty }
        XCTAssertEqual(events.values.reduce(0) { $0 + $1.count }, visitRows.count)
        let t1 = try XCTUnwrap(events["T1.ics"])
        let firstT1 = try XCTUnwrap(visitRows.first { $0[column["territory_id"]!] == "T1" })
        let need = needs[firstT1[column["customer_id"]!]]!
        let start = minutes(firstT1[column["depart"]!]) - need.minutes
        let startText = String(format: "%02d:%02d", Int(start.rounded()) / 60, Int(start.rounded()) % 60)
        XCTAssertTrue(
            t1.contains { $0[0] as? String == firstT1[column["customer_id"]!] && $0[1] as? String == "\(firstT1[column["date"]!]) \(startText)" },
            "\(firstT1) not among T1's events")
        XCTAssertEqual(
            Set((summary["territories"] as? [[String: Any]])?.first?.keys.map { $0 } ?? []),
            ["id", "rep", "days_used", "visits", "drive_km", "drive_hours", "work_hours", "max_day_hours", "unplaced"])
    }

    /// A shorter cycle and day, a cap on visits a day and no spacing slack: each holds in the file.
    func testCycleDayAndSpacingOptions() throws {
        let dir = try Fixtures.temporaryDirectory()
        let (customers, reps, needs) = try inputs(in: dir)
        let output = dir.appendingPathComponent("short.csv").path
        _ = try cli.run(arguments: [
            "schedule", territories, customers, "-o", output, "--reps", reps, "--visits-column", "visits", "--days", "10", "--day-hours", "6",
            "--day-start", "07:30", "--max-visits-per-day", "3", "--spacing-slack", "0", "--visit-minutes", "20", "--seed", "3", "--threads", "1",
            "--time-limit", "600", "--quiet",
        ])
        let table = try CSVTable.read(contentsOf: URL(fileURLWithPath: output))
        var visitDays: [String: [Int]] = [:]
        for (_, rows) in Dictionary(grouping: table.rows, by: { "\($0[0]) \($0[2])" }) {
            XCTAssertLessThanOrEqual(rows.count - 2, 3, "at most 3 visits a day")
            XCTAssertEqual(rows.first?[9], "07:30")
            XCTAssertLessThanOrEqual(minutes(rows.last![8]), 13 * 60 + 30 + 0.5, "a 6-hour day from 07:30")
            XCTAssertLessThanOrEqual(Int(rows[0][2])!, 10)
            for row in rows where !row[5].isEmpty { visitDays[row[5], default: []].append(Int(row[2])!) }
        }
        for (id, days) in visitDays {
            let d = days.sorted(), visits = needs[id]!.visits
            XCTAssertEqual(d.count, visits, id)
            XCTAssertTrue(zip(d, d.dropFirst()).allSatisfy { $1 - $0 >= 10 / visits }, "\(id): \(d)")
        }
        // render --schedule: one route per territory and day, with its day and hours.
        let svg = dir.appendingPathComponent("schedule.svg").path
        _ = try cli.ok(["render", territories, "--schedule", output, "-o", svg])
        let drawn = try String(contentsOfFile: svg, encoding: .utf8).components(separatedBy: "data-day=\"").dropFirst()
        let workingDays = Set(table.rows.map { "\($0[0]) \($0[2])" })
        XCTAssertEqual(drawn.count, workingDays.count)
        for (_, rows) in Dictionary(grouping: table.rows, by: { "\($0[0]) \($0[2])" }) {
            let hours = (minutes(rows.last![8]) - minutes(rows.first![9])) / 60
            let marker = "data-territory-id=\"\(rows[0][0])\" data-day=\"\(rows[0][2])\" data-hours=\"\(String(format: "%.2f", hours))\""
            XCTAssertTrue(try String(contentsOfFile: svg, encoding: .utf8).contains(marker), marker)
        }
    }

    /// `--workload-model schedule`: report's workload hours are the hours of the schedule
    /// `territory schedule` writes for the same inputs (each working day from leaving home to
    /// coming back, summed per territory), and design balances on them.
    func testWorkloadFromTheSchedule() throws {
        let dir = try Fixtures.temporaryDirectory()
        let (customers, _, _) = try inputs(in: dir)
        let options = ["--visits-column", "visits", "--visit-minutes-column", "visit_minutes", "--days", "10"]
        let output = dir.appendingPathComponent("schedule.csv").path
        _ = try cli.run(arguments: ["schedule", territories, customers, "-o", output, "--quiet"] + options)
        let table = try CSVTable.read(contentsOf: URL(fileURLWithPath: output))
        var hours: [String: Double] = [:]
        for (_, rows) in Dictionary(grouping: table.rows, by: { "\($0[0]) \($0[2])" }) {
            hours[rows[0][0], default: 0] += (minutes(rows.last![8]) - minutes(rows.first![9])) / 60
        }
        let report = try json(try cli.ok(["report", territories, customers, "--workload-model", "schedule", "--format", "json"] + options).stdout)
        for row in try XCTUnwrap(report["territories"] as? [[String: Any]]) {
            let id = row["id"] as! String
            // The file's times are to the minute: a day's hours within 1/60 h each end.
            XCTAssertEqual(try XCTUnwrap(row["workload_hours"] as? Double), hours[id] ?? 0, accuracy: 10 * 2.0 / 60, id)
        }
        let designed = try json(
            try cli.ok(
                [
                    "design", territories, "--territories", "3", "--customers", customers, "--balance-on", "workload",
                    "--workload-model", "schedule", "--tolerance", "25", "-o", dir.appendingPathComponent("plan.geojson").path, "--format", "json",
                ] + options
            ).stdout)
        XCTAssertEqual(designed["status"] as? String, "within_tolerance")
        XCTAssertNotNil((designed["territories"] as? [[String: Any]])?.first?["workload_hours_routed"] as? Double)
    }

    /// Each unusable input: one line, exit 2, nothing written.
    func testBadInputIsOneLineAndWritesNothing() throws {
        let dir = try Fixtures.temporaryDirectory()
        let (customers, reps, _) = try inputs(in: dir)
        let output = dir.appendingPathComponent("never.csv").path
        let noHome = dir.appendingPathComponent("nohome.csv").path
        // Homes given for some territories and not others (without any, poles of inaccessibility serve).
        try "territory_id,rep,lon,lat\nT1,Ann,,\nT2,Bea,-79.5,35.8\n".write(toFile: noHome, atomically: true, encoding: .utf8)
        let early = dir.appendingPathComponent("early.csv").path
        try String(contentsOfFile: customers, encoding: .utf8).replacingOccurrences(of: "09:00,12:00", with: "06:00,12:00")
            .write(toFile: early, atomically: true, encoding: .utf8)
        let base = ["schedule", territories, customers, "-o", output, "--quiet"]
        let cases: [([String], String)] = [
            (base + ["--visit-minutes", "600"], "longer than the working day"),
            (base + ["--visits", "30"], "30 visits do not fit 20 days"),
            (
                ["schedule", territories, early, "-o", output, "--open-column", "open", "--close-column", "close"],
                "outside the working day 08:00-16:00"
            ),
            (base + ["--reps", noHome], "has no home (lon,lat)"),
            (base + ["--start-date", "2027-13-01"], "is not a date YYYY-MM-DD"),
            (base + ["--day-start", "8am"], "is not a time HH:MM"),
            (base + ["--start-date", "2027-01-04", "--workdays", "mon,funday"], "\"funday\" is not a weekday"),
            (base + ["--calendar", dir.appendingPathComponent("cal").path], "--calendar needs --start-date"),
        ]
        _ = reps
        for (arguments, message) in cases {
            let r = try cli.run(arguments: arguments)
            XCTAssertEqual(r.status, 2, "\(arguments.suffix(2)): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains(message), "\(arguments.suffix(2)): \(r.stderr)")
            XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr)
            XCTAssertFalse(FileManager.default.fileExists(atPath: output))
        }
    }
}
