import Foundation
import TerritoryKit
import XCTest
import TestFixtures

/// The customers each unit covers: every figure read from one placement equals the exact path's
/// (the streamed tally of the border rule, GEOS's containment, the property read by Python).
final class UnitCustomersTests: XCTestCase {
    func testWeightsEqualTheStreamedTallyAndEveryCustomerIsInItsUnit() throws {
        let counties = try ncCounties()
        let url = Fixtures.url("nc_accounts.csv")
        let covered = try UnitCustomers(units: counties, customers: try CustomerCSVReader(contentsOf: url).readAll(), threads: 2)
        let tally = try BalanceTally.tally(CustomerCSVReader(contentsOf: url), assigner: TerritoryAssigner(map: counties), threads: 2) { _ in }
        XCTAssertEqual(covered.weights(weighed: false), tally.customers.map(Double.init))
        let weighed = covered.weights(weighed: true)
        for u in 0..<counties.count { XCTAssertEqual(weighed[u], tally.weight[u], accuracy: 1e-9 * max(1, tally.weight[u])) }
        XCTAssertEqual(covered.leftOut, tally.unassigned)
        // A unit's points are its customers (GEOS says each lies in it); a unit without customers
        // has one point, inside it.
        let points = try covered.points(units: counties)
        for u in 0..<counties.count {
            let polygon = counties.territories[u].geometry
            if tally.customers[u] > 0 { XCTAssertEqual(points[u].count, tally.customers[u]) } else { XCTAssertEqual(points[u].count, 1) }
            for p in points[u] { XCTAssertTrue(try polygon.covers(Geometry.point(x: p.x, y: p.y)), counties.territories[u].id) }
        }
    }

    func testKeyAccountsAreSetApartAndOneInALockedUnitIsNamed() throws {
        let territories = try ncTerritories()
        let batch = try CustomerCSVReader(contentsOf: Fixtures.url("nc_accounts.csv")).readAll()
        let covered = try UnitCustomers(units: territories, customers: batch)
        let ids = territories.ids
        let accounts = try KeyAccounts.read(
            contentsOf: Fixtures.url("organisation/nc_key_accounts.csv"), territoryIDs: ids, territoriesName: "the territories")
        let split = try covered.split(accounts: accounts, weighed: true, territoryIDs: ids, unitIDs: ids, locked: [:], customersName: "accounts")
        // Nothing lost: units plus accounts weigh what every customer placed weighs.
        let whole = covered.weights(weighed: true).reduce(0, +)
        let accountWeight = split.fixed.values.reduce(0, +)
        XCTAssertEqual(split.units.reduce(0, +) + accountWeight, whole, accuracy: 1e-6 * whole)
        XCTAssertEqual(split.accounts.count, accounts.accounts.count)
        XCTAssertEqual(split.accounts.reduce(0) { $0 + $1.weight }, accountWeight, accuracy: 1e-9 * accountWeight)
        // An account in a unit locked to another territory: the accounts file's line is named.
        let first = split.accounts[0]
        let row = try XCTUnwrap((0..<batch.count).first { batch.id($0) == first.customerID })
        let unit = try XCTUnwrap(covered.units[row].territory)
        let other = ids.first { $0 != ids[first.territory] }!
        XCTAssertThrowsError(
            try covered.split(
                accounts: accounts, weighed: true, territoryIDs: ids, unitIDs: ids, locked: [ids[unit]: other], customersName: "accounts")
        ) { error in
            XCTAssertTrue("\(error)".contains("lies in unit \(ids[unit]), locked to \(other)"), "\(error)")
            XCTAssertTrue("\(error)".hasPrefix(accounts.source + ":"), "\(error)")
        }
    }

    func testEstimatedHoursAreVisitsPlusTheTourEstimate() throws {
        let counties = try ncCounties()
        let batch = try CustomerCSVReader(contentsOf: Fixtures.url("nc_accounts.csv")).readAll()
        let covered = try UnitCustomers(units: counties, customers: batch)
        let plan = try VisitPlan(minutesPerVisit: 30, visitsPerPeriod: 2), model = try TravelModel(circuity: 1.3, speedKmh: 50)
        let hours = try covered.estimatedHours(units: counties, plan: plan, model: model)
        let counts = covered.weights(weighed: false)
        for u in 0..<counties.count {
            // Visits: 2 a period of 30 minutes each; the tour: 0.7124·√(n·A) metres at the model's pace.
            XCTAssertEqual(hours.visit[u], 2 * counts[u] * 0.5, accuracy: 1e-9)
            let area = try Geodesic.wgs84.area(counties.territories[u].geometry)
            let tour = 0.7124 * (counts[u] * area).squareRoot() * 1.3 / (50_000.0 / 3600)
            XCTAssertEqual(hours.drive[u], 2 * tour / 3600, accuracy: 1e-9 * max(1, hours.drive[u]))
            XCTAssertEqual(hours.estimate[u], hours.visit[u] + hours.drive[u], accuracy: 1e-9)
        }
    }

    func testPropertyWeightsAreTheFilesNumbersAndABadOneIsNamed() throws {
        let counties = try ncCounties()
        // The births of 1974 as Python's json module reads them from the file.
        let features = try XCTUnwrap(
            (JSONSerialization.jsonObject(with: Data(contentsOf: Fixtures.url("nc_counties_sids2.geojson"))) as? [String: Any])?["features"]
                as? [[String: Any]])
        let births = features.map { ($0["properties"] as! [String: Any])["bir74"] as! NSNumber }
        XCTAssertEqual(try UnitCustomers.propertyWeights(counties, property: "bir74", source: "nc"), births.map(\.doubleValue))
        XCTAssertThrowsError(try UnitCustomers.propertyWeights(counties, property: "nope", source: "nc")) { error in
            XCTAssertTrue("\(error)".contains("nc: unit \(counties.territories[0].id) has no property \"nope\""), "\(error)")
        }
        XCTAssertThrowsError(try UnitCustomers.propertyWeights(counties, property: "name", source: "nc")) { error in
            XCTAssertTrue("\(error)".contains("it must be a number >= 0"), "\(error)")
        }
    }
}
