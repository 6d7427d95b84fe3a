import Foundation
import TerritoryKit
import TestFixtures
import XCTest

/// Routes on a real osrm-routed (Monaco, started by scripts/osrm.sh): every leg is the server's
/// own number (checked against its whole matrix, the exact path), small territories ask every
/// pair and large ones only neighbour lists, and the tours respect one-way streets.
final class RoadRouteTests: XCTestCase {
    var server: String!
    var map: TerritoryMap!
    var batch: CustomerBatch!
    var assignments: [Assignment] = []

    override func setUpWithError() throws {
        let url = try Services.required("TERRITORY_TEST_OSRM", "OSRM server")
        server = url
        map = try TerritoryMap.load(GeoJSONFile(Fixtures.url("monaco_territories.geojson")))
        batch = try CustomerCSVReader(contentsOf: Fixtures.url("monaco_customers_400.csv")).readAll()
        assignments = try TerritoryAssigner(map: map).assign(batch)
    }

    /// Counts what a planner asks of the real server (a pass-through, not a stand-in).
    final class CountingNetwork: RoadNetwork, @unchecked Sendable {
        // @unchecked: `asked` is written under `lock`.
        let inner: OSRMTable
        let lock = NSLock()
        var asked: [Int] = []
        init(_ inner: OSRMTable) { self.inner = inner }
        func legs(_ pairs: [RoadPair], among points: [Coordinate], names: [String]) throws(TerritoryError) -> [RoadLeg] {
            lock.lock(); asked.append(pairs.count); lock.unlock()
            return try inner.legs(pairs, among: points, names: names)
        }
    }

    /// Each route's legs against the server's full matrix of the territory's stops, fetched and
    /// parsed independently of OSRMTable (OSRMReference).
    func checkLegsAreRoadTimes(_ routes: [TerritoryRoute]) throws {
        for route in routes {
            let points = route.stops.map(\.location)
            let m = try OSRMReference.table(server, points.map { ($0.x, $0.y) })
            let n = points.count
            var seconds = 0.0, metres = 0.0
            for k in 0..<n {
                let leg = k == 0 ? (route.returnSeconds, route.returnDriveMetres) : (route.stops[k].legSeconds, route.stops[k].legDriveMetres)
                let from = k == 0 ? n - 1 : k - 1
                XCTAssertEqual(leg.0, m.durations[from][k], "leg \(k) of territory \(route.territory)")
                XCTAssertEqual(leg.1, m.distances[from][k])
                seconds += leg.0; metres += leg.1
            }
            XCTAssertEqual(route.driveSeconds, seconds, accuracy: 1e-6)
            XCTAssertEqual(route.driveMetres, metres, accuracy: 1e-6)
            // The mirror tour is no quicker: direction was chosen on the directed times.
            var mirrored = 0.0
            for k in 0..<n { mirrored += m.durations[(k + 1) % n][k] }
            XCTAssertLessThanOrEqual(route.driveSeconds, mirrored + 1e-6)
        }
    }

    func testEveryLegIsTheServersAndSmallTerritoriesAskEveryPair() throws {
        let network = CountingNetwork(try OSRMTable(url: server))
        let routes = try RoutePlanner(roads: network, options: TourOptions(kicksPerStop: 10)).routes(
            map: map, customers: batch, assignments: assignments)
        XCTAssertEqual(routes.map(\.customers).reduce(0, +), 400)
        try checkLegsAreRoadTimes(routes)
        // 232 and 168 stops: at most 250, so every ordered pair in one call each.
        XCTAssertEqual(network.asked.sorted(), [168 * 167, 232 * 231])
        // Road time is far from the model here (hills, one-way streets, tunnels).
        let model = try RoutePlanner().routes(map: map, customers: batch, assignments: assignments)
        for (road, plain) in zip(routes, model) { XCTAssertGreaterThan(road.driveSeconds, 2 * plain.driveSeconds) }
    }

    func testLargeTerritoriesAskNeighbourListsNotTheMatrix() throws {
        let network = CountingNetwork(try OSRMTable(url: server, maxTableSize: 60))
        var planner = RoutePlanner(roads: network, options: TourOptions(kicksPerStop: 10))
        planner.fullMatrixStops = 50
        let routes = try planner.routes(map: map, customers: batch, assignments: assignments)
        try checkLegsAreRoadTimes(routes)
        // Neighbour lists plus the tour's estimated legs: a small share of the n(n-1) pairs.
        let asked = network.asked.reduce(0, +), all = 232 * 231 + 168 * 167
        XCTAssertLessThan(Double(asked), 0.3 * Double(all), "\(network.asked)")
        // And the tours stay near those of the whole matrix (Monaco is the hard case: near on the
        // map is often far by road).
        let full = try RoutePlanner(roads: try OSRMTable(url: server), options: TourOptions(kicksPerStop: 10)).routes(
            map: map, customers: batch, assignments: assignments)
        for (listed, whole) in zip(routes, full) { XCTAssertLessThan(listed.driveSeconds, 1.08 * whole.driveSeconds) }
    }

    func testHomesAndFaults() throws {
        // A rep's home starts the tour and is routed like any stop.
        let home = Coordinate(x: 7.4197, y: 43.7315)
        let routes = try RoutePlanner(roads: try OSRMTable(url: server), options: TourOptions(kicksPerStop: 10)).routes(
            map: map, customers: batch, assignments: assignments, homes: [home, nil])
        XCTAssertNil(routes[0].stops[0].customer)
        XCTAssertEqual(routes[0].stops[0].location, home)
        try checkLegsAreRoadTimes(routes)
        // A home out at sea is named as the home of its territory.
        XCTAssertThrowsError(
            try RoutePlanner(roads: try OSRMTable(url: server), options: TourOptions(kicksPerStop: 10)).routes(
                map: map, customers: batch, assignments: assignments, homes: [Coordinate(x: 7.5, y: 43.6), nil])
        ) { error in XCTAssertTrue("\(error)".contains("the home of territory west is"), "\(error)") }
        // No server: the one line after the retries.
        XCTAssertThrowsError(
            try RoutePlanner(roads: try OSRMTable(url: "http://127.0.0.1:1", attempts: 2)).routes(
                map: map, customers: batch, assignments: assignments)
        ) { error in XCTAssertTrue("\(error)".contains("cannot be reached"), "\(error)") }
    }
}
