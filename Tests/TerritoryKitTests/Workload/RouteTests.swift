import Foundation
import XCTest
import TerritoryKit
import TestFixtures

/// Routes of territories: every customer once from the home, known times against the model, the
/// travel-times file, customer batches built in code.
final class RouteTests: XCTestCase {
    let geodesic = Geodesic.wgs84

    func metres(_ points: [Coordinate]) -> (Int, Int) -> Double {
        { i, j in try! Geodesic.wgs84.distance(from: points[i], to: points[j]) }
    }

    // MARK: Routes over a map

    func square(_ id: String, _ x: Double, _ y: Double, _ size: Double) throws -> Territory {
        Territory(id: id, geometry: try Geometry(wkt: "POLYGON((\(x) \(y), \(x + size) \(y), \(x + size) \(y + size), \(x) \(y + size), \(x) \(y)))"))
    }

    func testRoutesVisitEveryAssignedCustomerOnceFromTheHome() throws {
        let map = try TerritoryMap([try square("A", 0, 0, 1), try square("B", 1, 0, 1), try square("Empty", 5, 5, 1)])
        var rng = SplitMix64(seed: 1)
        var ids: [String] = [], lon: [Double] = [], lat: [Double] = []
        for i in 0..<300 {
            ids.append("c\(i)")
            lon.append(rng.nextDouble() * 2.2 - 0.1)  // some fall outside both squares
            lat.append(rng.nextDouble() * 0.8 + 0.1)
        }
        // Duplicate locations too.
        for i in 0..<5 { ids.append("dup\(i)"); lon.append(0.5); lat.append(0.5) }
        let batch = try CustomerBatch(ids: ids, lon: lon, lat: lat)
        let assignments = try TerritoryAssigner(map: map).assign(batch)
        let home = Coordinate(x: 0.2, y: 0.2)
        let routes = try RoutePlanner(threads: 2).routes(
            map: map, customers: batch, assignments: assignments,
            homes: [home, nil, Coordinate(x: 5.5, y: 5.5)])
        XCTAssertEqual(routes.map(\.territory), [0, 1, 2])
        var seen: [Int] = []
        for route in routes { seen += route.stops.compactMap(\.customer) }
        let assigned = assignments.indices.filter { assignments[$0].territory != nil }
        XCTAssertEqual(seen.sorted(), assigned)
        for (t, route) in routes.enumerated() {
            for stop in route.stops { if let c = stop.customer { XCTAssertEqual(assignments[c].territory, t) } }
            // Legs: each stop's leg from the one before; the tour adds the return leg.
            let legs = route.stops.reduce(0) { $0 + $1.legMetres }
            XCTAssertEqual(route.tourMetres, legs + route.returnMetres, accuracy: 1e-6)
            XCTAssertEqual(route.stops.first?.legMetres, route.stops.isEmpty ? nil : 0)
            for k in route.stops.indices.dropFirst() {
                let expected = try geodesic.distance(from: route.stops[k - 1].location, to: route.stops[k].location)
                XCTAssertEqual(route.stops[k].legMetres, expected, accuracy: 1e-6)
            }
        }
        XCTAssertNil(routes[0].stops[0].customer, "the home comes first")
        XCTAssertEqual(routes[0].stops[0].location, home)
        XCTAssertNotNil(routes[1].stops.first?.customer)
        // A territory with no customers but a home: a tour of one stop, zero length.
        XCTAssertEqual(routes[2].stops.count, 1)
        XCTAssertEqual(routes[2].tourMetres, 0)
        XCTAssertEqual(routes[2].customers, 0)
        // Drive: circuity and speed.
        XCTAssertEqual(routes[0].driveMetres, routes[0].tourMetres * 1.3, accuracy: 1e-6)
        XCTAssertEqual(routes[0].driveSeconds, routes[0].tourMetres * 1.3 / (60 / 3.6), accuracy: 1e-6)
        // BHH: 0.7124 √(n A).
        let area = try geodesic.area(map.territories[0].geometry)
        XCTAssertEqual(routes[0].bhhMetres, 0.7124 * (Double(routes[0].stops.count) * area).squareRoot(), accuracy: 1e-6)
        // One or two customers.
        let one = try CustomerBatch(ids: ["x"], lon: [0.5], lat: [0.5])
        let single = try RoutePlanner().routes(
            map: map, customers: one, assignments: try TerritoryAssigner(map: map).assign(one),
            homes: [home, nil, nil])
        XCTAssertEqual(single[0].stops.count, 2)
        XCTAssertEqual(single[0].tourMetres, 2 * (try geodesic.distance(from: home, to: Coordinate(x: 0.5, y: 0.5))), accuracy: 1e-6)
        XCTAssertEqual(single[1].stops.count, 0)
    }

    func testKnownTimesReplaceTheModelAndChooseTheDirection() throws {
        let map = try TerritoryMap([try square("A", 0, 0, 1)])
        // Four customers on a square: both directions round it are equally long.
        let batch = try CustomerBatch(ids: ["a", "b", "c", "d"], lon: [0.2, 0.8, 0.8, 0.2], lat: [0.2, 0.2, 0.8, 0.8])
        let assignments = try TerritoryAssigner(map: map).assign(batch)
        let model = try TravelModel(circuity: 1, speedKmh: 36)  // 10 m/s
        let plain = try RoutePlanner(model: model).routes(map: map, customers: batch, assignments: assignments)[0]
        // A one-way street: a -> b takes an hour, b -> a a second. The tour must drive b -> a.
        var times = TravelTimes()
        try times.set(from: "a", to: "b", seconds: 3600)
        try times.set(from: "b", to: "a", seconds: 1)
        let routed = try RoutePlanner(model: model, times: times).routes(map: map, customers: batch, assignments: assignments)[0]
        let order = routed.stops.map { batch.id($0.customer!) }
        let legs = zip(order, order.dropFirst() + [order[0]]).map { "\($0)\($1)" }
        XCTAssertTrue(legs.contains("ba"), "\(legs)")
        XCTAssertFalse(legs.contains("ab"), "\(legs)")
        // Three legs by the model, one known second.
        let ab = try geodesic.distance(from: Coordinate(x: 0.2, y: 0.2), to: Coordinate(x: 0.8, y: 0.2))
        XCTAssertEqual(routed.driveSeconds, (routed.tourMetres - ab) / 10 + 1, accuracy: 1e-6)
        XCTAssertEqual(routed.tourMetres, plain.tourMetres, accuracy: 1e-6)
        XCTAssertThrowsError(try times.set(from: "a", to: "c", seconds: -1))
        XCTAssertThrowsError(try TravelModel(circuity: 0))
        XCTAssertThrowsError(try TravelModel(speedKmh: .nan))
    }

    func testTravelTimesFileErrorsNameTheLine() throws {
        let dir = try Fixtures.temporaryDirectory()
        let url = dir.appendingPathComponent("m.csv")
        try "from_id,to_id,seconds\na,b,10\nb,a,ten\n".write(to: url, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try TravelTimes.read(contentsOf: url)) { error in
            XCTAssertTrue("\(error)".contains(":3"), "\(error)")
            XCTAssertTrue("\(error)".contains("ten"), "\(error)")
        }
        try "from_id,to_id,seconds\na,b,10\na,b,12\n".write(to: url, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try TravelTimes.read(contentsOf: url)) { XCTAssertTrue("\($0)".contains("twice"), "\($0)") }
        try "from,to,seconds\n".write(to: url, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try TravelTimes.read(contentsOf: url)) { XCTAssertTrue("\($0)".contains("from_id"), "\($0)") }
        try "to_id,from_id,seconds\nb,a,7.5\n".write(to: url, atomically: true, encoding: .utf8)
        let times = try TravelTimes.read(contentsOf: url)
        XCTAssertEqual(times.seconds(from: "a", to: "b"), 7.5)
        XCTAssertNil(times.seconds(from: "b", to: "a"))
    }

    func testCustomerBatchFromArraysChecksItsInput() throws {
        XCTAssertThrowsError(try CustomerBatch(ids: ["a"], lon: [0, 1], lat: [0]))
        XCTAssertThrowsError(try CustomerBatch(ids: ["a"], lon: [0], lat: [95]))
        XCTAssertThrowsError(try CustomerBatch(ids: ["a"], lon: [0], lat: [0], weights: [-1]))
        XCTAssertThrowsError(try CustomerBatch(ids: ["a"], lon: [0], lat: [0], visitMinutes: [.nan]))
        let b = try CustomerBatch(ids: ["a", "b"], lon: [0, 1], lat: [0, 1], weights: [2, 3], visitMinutes: [30, 45])
        XCTAssertEqual(b.id(1), "b")
        XCTAssertEqual(b.weight, [2, 3])
        XCTAssertEqual(b.visitMinutes, [30, 45])
    }
}
