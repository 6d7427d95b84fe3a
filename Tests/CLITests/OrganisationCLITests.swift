import Foundation
import TestFixtures
import XCTest

/// The sales organisation through the CLI: key accounts, regions and reps' capacities, goals split
/// top-down, plans compared side by side; against the values of
/// fixtures/organisation/make_organisation_reference.py (shapely, pyproj, decimal arithmetic).
final class OrganisationCLITests: XCTestCase {
    let cli = CLIRunner()
    var territories: String { Fixtures.url("nc_territories.geojson").path }
    var counties: String { Fixtures.url("nc_counties_sids2.geojson").path }
    var accounts: String { Fixtures.url("nc_accounts.csv").path }
    func organisation(_ name: String) -> String { Fixtures.url("organisation/\(name)").path }
    func reference(_ name: String) throws -> [String: Any] { try json(Fixtures.text("organisation/\(name)")) }

    func testKeyAccountsOverrideTheBorderRuleInAssign() throws {
        let dir = try Fixtures.temporaryDirectory()
        let out = dir.appendingPathComponent("assigned.csv").path
        let r = try cli.ok(["assign", territories, accounts, "--accounts", organisation("nc_key_accounts.csv"), "-o", out])
        let rows = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n").map {
            $0.split(separator: ",", omittingEmptySubsequences: false)
        }
        XCTAssertEqual(rows.first, ["customer_id", "territory_id", "status"])
        let expected = try Fixtures.referenceRows("organisation/accounts_assignment.csv")
        XCTAssertEqual(rows.count - 1, expected.count)
        for (row, want) in zip(rows.dropFirst(), expected) {
            XCTAssertEqual(String(row[0]), want["customer_id"])
            XCTAssertEqual(String(row[1]), want["territory_id"], "customer \(row[0])")
            XCTAssertEqual(row[2] == "account", want["account"] == "true", "customer \(row[0]): status \(row[2])")
        }
        let statuses = Set(rows.dropFirst().map { String($0[2]) })
        XCTAssertTrue(statuses.isSubset(of: ["interior", "boundary", "border_tie", "conflict", "nearest", "unassigned", "account"]), "\(statuses)")
        XCTAssertTrue(statuses.contains("interior"))
        let keyCount = expected.filter { $0["account"] == "true" }.count
        XCTAssertEqual(keyCount, 21)
        XCTAssertTrue(r.stderr.contains("key accounts \(keyCount);"), r.stderr)
        // Without accounts the output keeps its two columns.
        let plain = try cli.ok(["assign", territories, accounts]).stdout
        XCTAssertTrue(plain.hasPrefix("customer_id,territory_id\n"))
    }

    func testBadAccountsAreOneLineAndNothingIsWritten() throws {
        let dir = try Fixtures.temporaryDirectory()
        let out = dir.appendingPathComponent("assigned.csv").path
        func accountsFile(_ text: String) throws -> String {
            let path = dir.appendingPathComponent("accounts-\(text.hashValue).csv").path
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
        let cases: [(String, String)] = [
            ("customer_id,territory_id\nACC-00001,T8\nNO-SUCH,T2\n", ":3: customer NO-SUCH is not in"),
            ("customer_id,territory_id\nACC-00001,T9\n", ":2: territory \"T9\" is not in the map"),
            ("customer_id,territory_id\nACC-00001,T8\nACC-00001,T2\n", ":3: customer ACC-00001 is also on line 2"),
            ("customer_id,territory_id\n,T2\n", ":2: customer_id is empty"),
        ]
        for (text, message) in cases {
            let file = try accountsFile(text)
            for command in [
                ["assign", territories, accounts, "-o", out], ["report", territories, accounts], ["route", territories, accounts, "-o", out],
            ] {
                let r = try cli.run(arguments: command + ["--accounts", file])
                XCTAssertEqual(r.status, 2, "\(command[0]) \(text): \(r.stderr)")
                XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr)
                XCTAssertTrue(r.stderr.contains(file + message), "\(command[0]): \(r.stderr)")
                XCTAssertFalse(FileManager.default.fileExists(atPath: out), "\(command[0]) wrote its output")
            }
        }
    }

    func testReportRollsUpRegionsWithCapacitiesAndGoalsTopDown() throws {
        let r = try cli.ok([
            "report", territories, accounts, "--reps", organisation("nc_reps.csv"), "--goal", "1000000", "--accounts",
            organisation("nc_key_accounts.csv"), "--format", "json",
        ])
        let got = try json(r.stdout), want = try reference("report_regions.json")
        let rows = try XCTUnwrap(got["territories"] as? [[String: Any]]), wantRows = try XCTUnwrap(want["territories"] as? [[String: Any]])
        XCTAssertEqual(rows.count, wantRows.count)
        for (t, w) in zip(rows, wantRows) {
            XCTAssertEqual(t["id"] as? String, w["id"] as? String)
            XCTAssertEqual(t["customers"] as? Int, w["customers"] as? Int, "\(w["id"]!)")
            XCTAssertEqual(t["weight"] as? Double, w["weight"] as? Double, "\(w["id"]!)")
            XCTAssertEqual(try XCTUnwrap(t["expected_weight"] as? Double), try XCTUnwrap(w["expected_weight"] as? Double), accuracy: 1e-6)
            XCTAssertEqual(try XCTUnwrap(t["deviation_pct"] as? Double), try XCTUnwrap(w["deviation_pct"] as? Double), accuracy: 0.005)
            // Goals to the cent.
            XCTAssertEqual(t["goal"] as? Double, w["goal"] as? Double, "\(w["id"]!)")
            XCTAssertEqual(t["region"] as? String, w["region"] as? String)
        }
        let regions = try XCTUnwrap(got["regions"] as? [[String: Any]]), wantRegions = try XCTUnwrap(want["regions"] as? [[String: Any]])
        XCTAssertEqual(regions.map { $0["id"] as? String }, wantRegions.map { $0["id"] as? String })
        for (g, w) in zip(regions, wantRegions) {
            XCTAssertEqual(g["territories"] as? [String], w["territories"] as? [String])
            XCTAssertEqual(g["customers"] as? Int, w["customers"] as? Int)
            XCTAssertEqual(g["weight"] as? Double, w["weight"] as? Double)
            XCTAssertEqual(try XCTUnwrap(g["deviation_pct"] as? Double), try XCTUnwrap(w["deviation_pct"] as? Double), accuracy: 0.005)
            XCTAssertEqual(g["goal"] as? Double, w["goal"] as? Double)
            XCTAssertTrue(g["workload_hours"] is NSNull)
            XCTAssertEqual(Set(g.keys), ["id", "territories", "customers", "weight", "deviation_pct", "workload_hours", "goal"])
        }
        // The goals add up to the company's, to the cent, at both levels.
        let cents = regions.map { Int((($0["goal"] as? Double) ?? 0) * 100 + 0.5) }
        XCTAssertEqual(cents.reduce(0, +), 100_000_000)
        // Text: the regions after the territories; CSV: each territory's region last.
        let text = try cli.ok(["report", territories, accounts, "--reps", organisation("nc_reps.csv")]).stdout
        let regionLine = try XCTUnwrap(text.range(of: "region ")), lastTerritory = try XCTUnwrap(text.range(of: "T8 "))
        XCTAssertLessThan(lastTerritory.lowerBound, regionLine.lowerBound)
        XCTAssertTrue(text.contains("Central"))
        let csv = try cli.ok(["report", territories, accounts, "--reps", organisation("nc_reps.csv"), "--format", "csv"]).stdout
        XCTAssertTrue(csv.split(separator: "\n")[0].hasSuffix(",region"))
        XCTAssertTrue(csv.split(separator: "\n")[3].hasSuffix(",West"))
    }

    func testAPartTimeRepIsExpectedToCarryHisDays() throws {
        // T3 works 12 of 20 days: expected 12/20 of a full rep's weight, not the mean.
        let r = try cli.ok(["report", territories, accounts, "--reps", organisation("nc_reps.csv"), "--format", "json"])
        let rows = try XCTUnwrap(try json(r.stdout)["territories"] as? [[String: Any]])
        let full = try XCTUnwrap(rows[0]["expected_weight"] as? Double), part = try XCTUnwrap(rows[2]["expected_weight"] as? Double)
        XCTAssertEqual(part / full, 0.6, accuracy: 1e-6)
        let total = rows.reduce(0.0) { $0 + (($1["weight"] as? Double) ?? 0) }
        XCTAssertEqual(rows.reduce(0.0) { $0 + (($1["expected_weight"] as? Double) ?? 0) }, total, accuracy: 1e-3)
    }

    func testATerritoryInTwoRegionsOrNoneIsRefused() throws {
        let two = try cli.run(arguments: ["report", territories, accounts, "--reps", organisation("nc_reps.csv"), "--region-property", "name"])
        XCTAssertEqual(two.status, 2, two.stderr)
        XCTAssertTrue(two.stderr.contains("territory T1 is in two regions: West"), two.stderr)
        let dir = try Fixtures.temporaryDirectory()
        let partial = dir.appendingPathComponent("reps.csv").path
        try "territory_id,region\nT1,West\nT2,West\n".write(toFile: partial, atomically: true, encoding: .utf8)
        let none = try cli.run(arguments: ["report", territories, accounts, "--reps", partial])
        XCTAssertEqual(none.status, 2, none.stderr)
        XCTAssertTrue(none.stderr.contains("territory T3 has no region"), none.stderr)
        // A map property alone gives regions.
        let byName = try cli.ok(["report", territories, accounts, "--region-property", "name", "--format", "json"])
        XCTAssertEqual((try json(byName.stdout)["regions"] as? [Any])?.count, 8)
    }

    func testDiffCountsAccountMovesApartAndRollsUpRegions() throws {
        let r = try cli.ok([
            "diff", territories, organisation("nc_plan_lon.csv"), "--units", counties, "--customers", accounts, "--old-accounts",
            organisation("nc_old_key_accounts.csv"), "--accounts", organisation("nc_key_accounts.csv"), "--reps", organisation("nc_reps.csv"),
            "--format", "json",
        ])
        let got = try json(r.stdout), want = try reference("diff_accounts.json")
        for key in ["moved_customers", "moved_weight", "moved_accounts", "moved_account_weight"] {
            XCTAssertEqual((got[key] as? NSNumber)?.doubleValue, (want[key] as? NSNumber)?.doubleValue, key)
        }
        XCTAssertEqual(
            (got["moved_geographic_customers"] as? Int).map { $0 + ((got["moved_accounts"] as? Int) ?? 0) }, got["moved_customers"] as? Int)
        XCTAssertEqual(
            try XCTUnwrap(got["moved_geographic_weight"] as? Double),
            try XCTUnwrap(got["moved_weight"] as? Double) - (try XCTUnwrap(got["moved_account_weight"] as? Double)), accuracy: 1e-6)
        let regions = try XCTUnwrap(got["regions"] as? [[String: Any]])
        XCTAssertEqual(regions.map { $0["id"] as? String }, ["Central", "East", "West"])
        // Customers gained by a region came from another: the gains and the losses balance.
        XCTAssertEqual(regions.reduce(0) { $0 + (($1["gained"] as? Int) ?? 0) }, regions.reduce(0) { $0 + (($1["lost"] as? Int) ?? 0) })
        XCTAssertEqual(regions.reduce(0) { $0 + (($1["customers"] as? Int) ?? 0) }, 2000)
        // The old plan's regions: each against as many old means as it has territories.
        let territories = try XCTUnwrap(got["territories"] as? [[String: Any]])
        let before = Dictionary(uniqueKeysWithValues: territories.map { ($0["id"] as! String, ($0["weight_before"] as? Double) ?? 0) })
        let mean = before.values.reduce(0, +) / 8
        for region in regions {
            let members = try XCTUnwrap(region["territories"] as? [String])
            let weight = members.reduce(0) { $0 + before[$1]! }
            XCTAssertEqual(try XCTUnwrap(region["weight_before"] as? Double), weight, accuracy: 0.01)
            XCTAssertEqual(
                try XCTUnwrap(region["deviation_before_pct"] as? Double), (weight / (mean * Double(members.count)) - 1) * 100, accuracy: 0.006)
        }
    }

    func testRouteAndScheduleGiveKeyAccountsToTheirTerritory() throws {
        let dir = try Fixtures.temporaryDirectory()
        let routes = dir.appendingPathComponent("routes.csv").path
        _ = try cli.ok(["route", territories, accounts, "--accounts", organisation("nc_key_accounts.csv"), "-o", routes])
        let expected = Dictionary(
            uniqueKeysWithValues: try Fixtures.referenceRows("organisation/accounts_assignment.csv").map { ($0["customer_id"]!, $0["territory_id"]!) }
        )
        let rows = try String(contentsOfFile: routes, encoding: .utf8).split(separator: "\n").map {
            $0.split(separator: ",", omittingEmptySubsequences: false)
        }
        let header = rows[0].map(String.init)
        let t = try XCTUnwrap(header.firstIndex(of: "territory_id")), c = try XCTUnwrap(header.firstIndex(of: "customer_id"))
        var checked = 0
        for row in rows.dropFirst() where !row[c].isEmpty {
            XCTAssertEqual(String(row[t]), expected[String(row[c])], "customer \(row[c])")
            checked += 1
        }
        XCTAssertEqual(checked, 2000)
    }

    func testScheduleRollsUpRegions() throws {
        let dir = try Fixtures.temporaryDirectory()
        // Every 20th account, as the browser check schedules them.
        let sample = dir.appendingPathComponent("sample.csv").path
        let lines = try Fixtures.text("nc_accounts.csv").split(separator: "\n")
        try ([String(lines[0])] + lines.dropFirst().enumerated().filter { $0.offset % 20 == 0 }.map { String($0.element) })
            .joined(separator: "\n").appending("\n").write(toFile: sample, atomically: true, encoding: .utf8)
        let reps = dir.appendingPathComponent("reps.csv").path
        try "territory_id,region\nT1,West\nT2,West\nT3,West\nT4,Central\nT5,Central\nT6,Central\nT7,East\nT8,East\n"
            .write(toFile: reps, atomically: true, encoding: .utf8)
        let r = try cli.run(arguments: [
            "schedule", territories, sample, "--reps", reps, "--visits", "1", "--days", "5", "-o", dir.appendingPathComponent("s.csv").path,
            "--format", "json", "--quiet",
        ])
        XCTAssertTrue([0, 1].contains(r.status), r.stderr)
        let got = try json(r.stdout)
        let territories = try XCTUnwrap(got["territories"] as? [[String: Any]])
        let hours = Dictionary(uniqueKeysWithValues: territories.map { ($0["id"] as! String, ($0["work_hours"] as? Double) ?? 0) })
        let regions = try XCTUnwrap(got["regions"] as? [[String: Any]])
        XCTAssertEqual(regions.map { $0["id"] as? String }, ["Central", "East", "West"])
        for region in regions {
            let members = try XCTUnwrap(region["territories"] as? [String])
            XCTAssertEqual(try XCTUnwrap(region["workload_hours"] as? Double), members.reduce(0) { $0 + hours[$1]! }, accuracy: 0.01)
        }
        XCTAssertEqual(regions.reduce(0) { $0 + (($1["customers"] as? Int) ?? 0) }, 100)
    }

    func testCompareMatchesIndependentFigures() throws {
        let plans = [territories, organisation("nc_plan_lon.csv"), organisation("nc_plan_diag.csv")]
        let r = try cli.ok(["compare"] + plans + ["--units", counties, "--customers", accounts, "--format", "json"])
        let got = try XCTUnwrap(try json(r.stdout)["plans"] as? [[String: Any]])
        let want = try XCTUnwrap(try reference("compare.json")["plans"] as? [[String: Any]])
        XCTAssertEqual(got.count, 3)
        let digits = [
            "max_deviation_pct": 0.005, "cv": 5e-5, "gini": 5e-5, "mean_polsby_popper": 5e-4, "least_polsby_popper": 5e-4, "moved_weight": 1e-9,
        ]
        for (g, w) in zip(got, want) {
            XCTAssertTrue((g["name"] as? String)?.hasSuffix(w["name"] as! String) == true)
            for key in ["territories", "non_contiguous", "moved_customers"] {
                XCTAssertEqual(g[key] as? Int, w[key] as? Int, "\(w["name"]!) \(key)")
            }
            for (key, tolerance) in digits {
                XCTAssertEqual(
                    try XCTUnwrap((g[key] as? NSNumber)?.doubleValue), try XCTUnwrap((w[key] as? NSNumber)?.doubleValue), accuracy: tolerance,
                    "\(w["name"]!) \(key)")
            }
        }
        // CSV: one column per plan.
        let csv = try cli.ok(["compare"] + plans + ["--units", counties, "--customers", accounts, "--format", "csv"]).stdout
        let lines = csv.split(separator: "\n")
        XCTAssertEqual(lines[0].split(separator: ",").count, 4)
        XCTAssertEqual(lines.map { $0.split(separator: ",")[0] }.dropFirst().first, "territories")
        // Goals not attainable: each plan as report counts them with the same goals.
        let dir = try Fixtures.temporaryDirectory()
        let goals = dir.appendingPathComponent("goals.csv").path
        try "territory_id,goal\nT1,90000\nT2,100000\nT3,150000\nT4,180000\nT5,120000\nT6,200000\nT7,60000\nT8,100000\n"
            .write(toFile: goals, atomically: true, encoding: .utf8)
        let withGoals = try XCTUnwrap(
            try json(cli.ok(["compare"] + plans + ["--units", counties, "--customers", accounts, "--goals", goals, "--format", "json"]).stdout)[
                "plans"]
                as? [[String: Any]])
        let reported = try json(cli.ok(["report", territories, accounts, "--goals", goals, "--format", "json"]).stdout)
        XCTAssertEqual(withGoals[0]["goals_not_attainable"] as? Int, (reported["summary"] as? [String: Any])?["not_attainable"] as? Int)
        XCTAssertNotNil(withGoals[1]["goals_not_attainable"] as? Int)
        // A plan of units without the units: one line, exit 2.
        let bad = try cli.run(arguments: ["compare", territories, organisation("nc_plan_lon.csv"), "--customers", accounts])
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("is a unit alignment; name the units it aligns with --units"), bad.stderr)
    }

    func testRenderDrawsRegionBordersOnTerritoryEdges() throws {
        let dir = try Fixtures.temporaryDirectory()
        let svg = dir.appendingPathComponent("map.svg").path
        _ = try cli.ok(["render", territories, "--reps", organisation("nc_reps.csv"), "-o", svg])
        let text = try String(contentsOfFile: svg, encoding: .utf8)
        XCTAssertTrue(text.contains("region border (3 regions)"))
        func segments(_ pattern: String) throws -> [String: Int] {
            let regex = try NSRegularExpression(pattern: pattern)
            var out: [String: Int] = [:]
            for m in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                let id = String(text[Range(m.range(at: 1), in: text)!]), d = String(text[Range(m.range(at: 2), in: text)!])
                out[id, default: 0] += d.filter { $0 == "L" || $0 == "l" }.count
            }
            return out
        }
        let regionSegments = try segments(#"<path class="region" data-region-id="([^"]+)" d="([^"]*)""#)
        XCTAssertEqual(Set(regionSegments.keys), ["Central", "East", "West"])
        XCTAssertTrue(regionSegments.values.allSatisfy { $0 > 10 }, "\(regionSegments)")
        // Borders inside a region (T1 | T2) are not drawn: fewer segments than the territories' edges.
        let territorySegments = try segments(#"<path class="territory" data-territory-id="([^"]+)"[^>]* d="([^"]*)""#)
        XCTAssertEqual(territorySegments.count, 8)
        XCTAssertLessThan(regionSegments.values.reduce(0, +), territorySegments.values.reduce(0, +))
    }

    func testCompareWritesTheSideBySidePage() throws {
        let dir = try Fixtures.temporaryDirectory()
        let page = dir.appendingPathComponent("compare.html").path
        let plans = [territories, organisation("nc_plan_lon.csv")]
        _ = try cli.ok(["compare"] + plans + ["--units", counties, "--customers", accounts, "--output", page])
        let html = try String(contentsOfFile: page, encoding: .utf8)
        XCTAssertEqual(html.components(separatedBy: "<figure class=\"plan\"").count - 1, 2)
        XCTAssertEqual(html.components(separatedBy: "<tr data-key=").count - 1, 9)
        XCTAssertFalse(html.contains("http://") && html.contains("src=\"http"), "the page loads nothing")
    }

    /// Heavy key accounts (every tenth account, to T1): a design that counts them to T1 is
    /// balanced with them; one that counts them to their units is not.
    func testDesignCountsKeyAccountsToTheirTerritory() throws {
        let dir = try Fixtures.temporaryDirectory()
        let heavy = dir.appendingPathComponent("heavy.csv").path
        let ids = try Fixtures.referenceRows("organisation/accounts_assignment.csv").map { $0["customer_id"]! }
        try (["customer_id,territory_id"] + ids.enumerated().filter { $0.offset % 10 == 0 }.map { "\($0.element),T1" })
            .joined(separator: "\n").appending("\n").write(toFile: heavy, atomically: true, encoding: .utf8)
        let base = [
            "design", counties, "--territories", "8", "--customers", accounts, "--weight-column", "weight", "--tolerance", "5", "--format", "json",
        ]
        let with = dir.appendingPathComponent("with.geojson").path, without = dir.appendingPathComponent("without.geojson").path
        let designed = try json(cli.ok(base + ["--accounts", heavy, "-o", with]).stdout)
        _ = try cli.ok(base + ["-o", without])
        func report(_ map: String) throws -> [[String: Any]] {
            try XCTUnwrap(
                try json(cli.run(arguments: ["report", map, accounts, "--accounts", heavy, "--tolerance", "5", "--format", "json"]).stdout)[
                    "territories"]
                    as? [[String: Any]])
        }
        let balanced = try report(with), unbalanced = try report(without)
        // Report places every customer (accounts to T1) in the designed map: design's weights.
        for (row, planned) in zip(balanced, try XCTUnwrap(designed["territories"] as? [[String: Any]])) {
            XCTAssertEqual(row["id"] as? String, planned["id"] as? String)
            XCTAssertEqual(try XCTUnwrap(row["weight"] as? Double), try XCTUnwrap(planned["weight"] as? Double), accuracy: 0.01)
            XCTAssertLessThanOrEqual(abs(try XCTUnwrap(row["deviation_pct"] as? Double)), 5.005)
        }
        XCTAssertGreaterThan(unbalanced.map { abs(($0["deviation_pct"] as? Double) ?? 0) }.max() ?? 0, 20)
        // A key account in a unit locked to another territory: one line, exit 2.
        let locked = dir.appendingPathComponent("locked.csv").path
        let unitOf = try cli.ok(["assign", counties, accounts]).stdout.split(separator: "\n").dropFirst()
            .map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let unit = try XCTUnwrap(unitOf.first { $0[0] == Substring(ids[0]) })[1]
        try "unit_id,territory_id\n\(unit),T2\n".write(toFile: locked, atomically: true, encoding: .utf8)
        let conflict = try cli.run(arguments: base + ["--accounts", heavy, "--locked", locked, "-o", dir.appendingPathComponent("x.geojson").path])
        XCTAssertEqual(conflict.status, 2, conflict.stderr)
        XCTAssertTrue(
            conflict.stderr.contains("\(heavy):2: customer \(ids[0]) lies in unit \(unit), locked to T2; the account names T1"), conflict.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("x.geojson").path))
    }

    /// Great-circle distance in metres on a sphere of the WGS 84 mean radius: an independent
    /// measure, within 0.6% of the ellipsoid's.
    func haversine(_ a: (Double, Double), _ b: (Double, Double)) -> Double {
        let r = 6_371_008.8, p1 = a.1 * .pi / 180, p2 = b.1 * .pi / 180, dp = p2 - p1, dl = (b.0 - a.0) * .pi / 180
        let h = sin(dp / 2) * sin(dp / 2) + cos(p1) * cos(p2) * sin(dl / 2) * sin(dl / 2)
        return 2 * r * asin(min(1, h.squareRoot()))
    }

    func testDesignKeepsEveryCustomerWithinTheDriveLimitFromHome() throws {
        let dir = try Fixtures.temporaryDirectory()
        let out = dir.appendingPathComponent("t.geojson").path
        let reps = organisation("nc_reps_homes.csv")
        // T1's rep lives in the far west: without a limit T1 and T2 reach customers 300 minutes away.
        let base = ["design", counties, "--reps", reps, "--customers", accounts, "--weight-column", "weight", "--tolerance", "50"]
        _ = try cli.ok(base + ["--max-drive-minutes", "220", "-o", out])
        let homes = Dictionary(
            uniqueKeysWithValues: try Fixtures.referenceRows("organisation/nc_reps_homes.csv").map {
                ($0["territory_id"]!, (Double($0["lon"]!)!, Double($0["lat"]!)!))
            })
        let position = Dictionary(
            uniqueKeysWithValues: try Fixtures.referenceRows("nc_accounts.csv").map { ($0["id"]!, (Double($0["lon"]!)!, Double($0["lat"]!)!)) })
        var farthest: [String: Double] = [:]
        for line in try cli.ok(["assign", out, accounts]).stdout.split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            // The drive model: geodesic metres × 1.3 at 60 km/h.
            let minutes = haversine(homes[f[1]]!, position[f[0]]!) * 1.3 / (60 / 3.6) / 60
            farthest[f[1]] = max(farthest[f[1]] ?? 0, minutes)
        }
        XCTAssertEqual(farthest.count, 8)
        XCTAssertLessThanOrEqual(farthest.values.max() ?? .infinity, 220 * 1.006, "\(farthest)")
        // report: each territory's farthest customer from home, as measured here.
        let report = try json(cli.ok(["report", out, accounts, "--reps", reps, "--format", "json"]).stdout)
        for row in try XCTUnwrap(report["territories"] as? [[String: Any]]) {
            let id = row["id"] as! String
            XCTAssertEqual(try XCTUnwrap(row["max_drive_min"] as? Double), farthest[id]!, accuracy: farthest[id]! * 0.006 + 0.01, id)
        }
        // The limit binds: without it some customer lies farther.
        let free = dir.appendingPathComponent("free.geojson").path
        _ = try cli.ok(base + ["-o", free])
        let unlimited = try XCTUnwrap(
            try json(cli.ok(["report", free, accounts, "--reps", reps, "--format", "json"]).stdout)["territories"] as? [[String: Any]])
        XCTAssertGreaterThan(unlimited.compactMap { $0["max_drive_min"] as? Double }.max() ?? 0, 250)
        // Too short a limit: the units no home reaches are named, the plan written, exit 1.
        let short = try cli.run(arguments: base + ["--max-drive-minutes", "120", "-o", out])
        XCTAssertEqual(short.status, 1, short.stderr)
        XCTAssertTrue(short.stderr.contains("drive limit not met: no home reaches units "), short.stderr)
        XCTAssertTrue(short.stderr.contains("within 120 drive minutes: no plan can meet --max-drive-minutes"), short.stderr)
        // No homes: exit 2, nothing written.
        let none = dir.appendingPathComponent("none.geojson").path
        let homeless = try cli.run(arguments: [
            "design", counties, "--territories", "8", "--customers", accounts, "--max-drive-minutes", "220", "-o", none,
        ])
        XCTAssertEqual(homeless.status, 2, homeless.stderr)
        XCTAssertTrue(homeless.stderr.contains("--max-drive-minutes needs the reps' homes"), homeless.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: none))
        let partial = dir.appendingPathComponent("partial.csv").path
        try "territory_id,lon,lat\nT1,-80,35.5\nT2,,\n".write(toFile: partial, atomically: true, encoding: .utf8)
        let some = try cli.run(arguments: ["design", counties, "--reps", partial, "--max-drive-minutes", "300", "-o", none])
        XCTAssertEqual(some.status, 2, some.stderr)
        XCTAssertTrue(some.stderr.contains("needs every rep's home: T2 has no lon,lat"), some.stderr)
    }
}
