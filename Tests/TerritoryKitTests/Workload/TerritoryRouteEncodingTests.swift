import Foundation
import TerritoryKit
import XCTest
import TestFixtures

/// The stops CSV and the summaries of `territory route`, read back by Foundation and compared
/// with the routes they encode.
final class TerritoryRouteEncodingTests: XCTestCase {
    func testEveryStopIsARowAndTheSummariesAddUp() throws {
        let map = try ncTerritories()
        let batch = try CustomerCSVReader(contentsOf: Fixtures.url("nc_customers.csv")).readAll()
        let assignments = try TerritoryAssigner(map: map).assign(batch)
        let routes = try RoutePlanner(threads: 1).routes(map: map, customers: batch, assignments: assignments)
        let csv = try CSVTable.parse(TerritoryRoute.csv(routes, territoryIDs: map.ids, customers: batch))
        XCTAssertEqual(csv.header, ["territory_id", "stop", "customer_id", "lon", "lat", "leg_m", "leg_s"])
        XCTAssertEqual(csv.rows.count, routes.reduce(0) { $0 + $1.stops.count })
        var row = 0
        for r in routes {
            for (k, stop) in r.stops.enumerated() {
                let fields = csv.rows[row]
                XCTAssertEqual(fields[0], map.ids[r.territory])
                XCTAssertEqual(fields[2], stop.customer.map { batch.id($0) } ?? "")
                XCTAssertEqual(Double(fields[3]), stop.location.x)
                XCTAssertEqual(Double(fields[5])!, stop.legMetres, accuracy: 0.05)
                XCTAssertEqual(Int(fields[1]), k + (r.stops.first?.customer == nil ? 0 : 1))
                row += 1
            }
        }
        let json = try XCTUnwrap(
            JSONSerialization.jsonObject(with: Data(JSONWriter.string(TerritoryRoute.json(routes, territoryIDs: map.ids, unassigned: 3)).utf8))
                as? [String: Any])
        let territories = try XCTUnwrap(json["territories"] as? [[String: Any]])
        XCTAssertEqual(territories.map { $0["id"] as? String }, routes.map { map.ids[$0.territory] })
        let summary = try XCTUnwrap(json["summary"] as? [String: Any])
        XCTAssertEqual(summary["unassigned"] as? Int, 3)
        XCTAssertEqual(summary["customers"] as? Int, routes.reduce(0) { $0 + $1.customers })
        XCTAssertEqual(try XCTUnwrap(summary["tour_km"] as? Double), routes.reduce(0) { $0 + $1.tourMetres } / 1000, accuracy: 0.001)
        let text = TerritoryRoute.text(routes, territoryIDs: map.ids, unassigned: 3)
        XCTAssertEqual(text.split(separator: "\n").count, 1 + routes.count + 1)
        XCTAssertTrue(text.hasSuffix(" 3 unassigned customers are not routed.\n"), text)
    }
}
