import Foundation
import TerritoryKit
import TestFixtures
import XCTest

/// Key accounts override the border rule, ids matched as customer files match them (after NFC),
/// and an account whose customer never appears is an error naming its line.
final class KeyAccountsTests: XCTestCase {
    func testAccountsOverrideTheBorderRuleAsTheReference() throws {
        let map = try TerritoryMap.load(GeoJSONFile(Fixtures.url("nc_territories.geojson")))
        let accounts = try KeyAccounts.read(contentsOf: Fixtures.url("organisation/nc_key_accounts.csv"), map: map)
        let batch = try CustomerCSVReader(contentsOf: Fixtures.url("nc_accounts.csv")).readAll()
        var assignments = try TerritoryAssigner(map: map).assign(batch, threads: 2)
        var seen = accounts.noneSeen
        accounts.apply(to: &assignments, customers: batch, seen: &seen)
        XCTAssertNoThrow(try accounts.checkEveryAccountSeen(seen, customers: "nc_accounts.csv"))
        let reference = try Fixtures.referenceRows("organisation/accounts_assignment.csv")
        for (a, want) in zip(assignments, reference) {
            XCTAssertEqual(a.territory.map { map.territories[$0].id } ?? "", want["territory_id"], want["customer_id"]!)
            XCTAssertEqual(a.status == .account, want["account"] == "true", want["customer_id"]!)
        }
    }

    func testIDsMatchAfterNFCAndRepeatsAreRefused() throws {
        // "é" as one character in the file, as "e" and a combining accent in the customer's id.
        let accounts = try KeyAccounts([.init(customerID: "caf\u{E9}", territory: 1, line: 2)])
        XCTAssertEqual(accounts.account(ofCustomer: "cafe\u{301}"), 0)
        XCTAssertNil(accounts.account(ofCustomer: "cafe"))
        XCTAssertThrowsError(
            try KeyAccounts([.init(customerID: "caf\u{E9}", territory: 1, line: 2), .init(customerID: "cafe\u{301}", territory: 0, line: 3)])
        ) { error in
            XCTAssertTrue("\(error)".contains("also on line 2"), "\(error)")
        }
    }

    func testAnAccountNeverSeenNamesItsLine() throws {
        let accounts = try KeyAccounts(
            [.init(customerID: "A", territory: 0, line: 2), .init(customerID: "B", territory: 0, line: 3)], source: "accounts.csv")
        let batch = try CustomerBatch(ids: ["A", "C"], lon: [0, 1], lat: [0, 1])
        var assignments = [Assignment](repeating: Assignment(territory: nil, status: .unassigned), count: 2)
        var seen = accounts.noneSeen
        accounts.apply(to: &assignments, customers: batch, seen: &seen)
        XCTAssertEqual(assignments.map(\.status), [.account, .unassigned])
        XCTAssertThrowsError(try accounts.checkEveryAccountSeen(seen, customers: "customers.csv")) { error in
            XCTAssertEqual(
                "\(error)",
                "\(TerritoryError.csv(source: "accounts.csv", line: 3, message: "customer B is not in customers.csv; remove the line or correct the id"))"
            )
        }
    }
}
