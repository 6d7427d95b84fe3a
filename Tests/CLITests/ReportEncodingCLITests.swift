import Foundation
import TerritoryKit
import TestFixtures
import XCTest

/// The report encodings live beside the report types: a program using the library gets, byte for
/// byte, what `territory validate` and `territory report` print.
final class ReportEncodingCLITests: XCTestCase {
    let cli = CLIRunner()

    func testValidationReportEncodingsAreTheCLIs() throws {
        for name in ["nc_territories_damaged.geojson", "naturalearth_countries.geojson"] {
            let path = Fixtures.url(name).path
            let report = try Validator.validate(contentsOf: Fixtures.url(name))
            let json = try cli.run("validate", path, "--format", "json")
            XCTAssertEqual(json.stdout, JSONWriter.string(report.json()) + "\n", name)
            let text = try cli.run("validate", path)
            XCTAssertEqual(text.stdout, report.text(source: path), name)
        }
    }

    func testBalanceReportEncodingsAreTheCLIs() throws {
        let territories = Fixtures.url("nc_territories.geojson"), customers = Fixtures.url("nc_customers.csv")
        let map = try TerritoryMap.load(contentsOf: territories)
        let assigner = try TerritoryAssigner(map: map)
        let tally = try BalanceTally.tally(CustomerCSVReader(contentsOf: customers), assigner: assigner)
        let report = try BalanceReport(map: map, tally: tally, tolerance: 0.10)
        XCTAssertTrue(report.summary.usesTargetShares, "the fixture's territories have target shares: goals follow them")
        let shares = map.territories.map { $0.targetShare! }
        let goals = try TerritoryGoals.split(1_000_000, potentials: tally.weight, shares: shares, tolerance: 0.10)
        let args = ["report", territories.path, customers.path, "--goal", "1000000", "--period", "2027-Q1"]
        XCTAssertEqual(
            try cli.run(arguments: args + ["--format", "json"]).stdout, JSONWriter.string(report.json(goals: goals, period: "2027-Q1")) + "\n")
        XCTAssertEqual(try cli.run(arguments: args + ["--format", "csv"]).stdout, report.csv(goals: goals))
        let text = try cli.run(arguments: args)
        XCTAssertEqual(text.stdout, report.text(goals: goals, period: "2027-Q1"))
        XCTAssertTrue(text.stdout.contains("Goals: 1000000 in all for 2027-Q1"), text.stdout)
    }
}
