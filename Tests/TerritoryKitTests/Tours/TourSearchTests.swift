import Foundation
import TestFixtures
import XCTest

@testable import TerritoryKit

/// The tour engine under directed costs against the exact answer (every order tried) on real
/// customer locations with one-way costs, and on OSRM's road times of Monaco; and the length it
/// keeps move by move against the tour's length measured anew, for both kinds of cost.
final class TourSearchTests: XCTestCase {
    /// Real stops: North Carolina customers, a few at a time.
    func stops(_ count: Int, from start: Int) throws -> [Coordinate] {
        let batch = try CustomerCSVReader(contentsOf: Fixtures.url("nc_customers.csv")).readAll()
        return (start..<(start + count)).map { Coordinate(x: batch.lon[$0 * 3 % batch.count], y: batch.lat[$0 * 3 % batch.count]) }
    }

    /// Geodesic metres, with going "west to east" between some pairs three times as long: a
    /// strongly directed cost in which a tour and its mirror differ.
    func oneWay(_ points: [Coordinate]) -> (Int, Int) -> Double {
        { i, j in
            let d = (try? Geodesic.wgs84.distance(from: points[i], to: points[j])) ?? 0
            return points[i].x < points[j].x && (i + j) % 3 == 0 ? 3 * d : d
        }
    }

    func testFindsTheOptimumOfSmallDirectedTours() throws {
        for (n, start) in [(10, 0), (10, 20), (10, 40), (11, 60), (11, 80), (12, 0)] {
            let points = try stops(n, from: start)
            let cost = oneWay(points)
            let best = TourSolver.length(TourSolver.exhaustive(n, directed: true, cost: cost), cost: cost)
            let symmetric = TourSolver.solve(points, start: 0) { i, j in (cost(i, j) + cost(j, i)) / 2 }
            let order = TourSolver.improve(symmetric, stops: points, start: 0, options: TourOptions(), cost: cost)
            XCTAssertEqual(order.sorted(), Array(0..<n), "a tour visits every stop once")
            XCTAssertEqual(order[0], 0, "the tour starts at the start")
            XCTAssertEqual(TourSolver.length(order, cost: cost), best, accuracy: 1e-6, "\(n) stops from \(start)")
        }
    }

    /// The length the search keeps through reversals, kicks and undos (directed: with the sums of
    /// what reversing each edge adds) is the length of the tour it returns.
    func testKeptLengthIsTheTourLength() throws {
        let points = try stops(300, from: 0)
        let directed = oneWay(points)
        let symmetric = TourSearch<SymmetricCosts>(points, options: TourOptions()) { i, j in (directed(i, j) + directed(j, i)) / 2 }
        symmetric.run()
        let shape = symmetric.tour.map { Int($0) }
        XCTAssertEqual(
            symmetric.length, TourSolver.length(shape) { i, j in (directed(i, j) + directed(j, i)) / 2 }, accuracy: 1e-6 * symmetric.length)
        let search = TourSearch<DirectedCosts>(points, from: shape, options: TourOptions(), cost: directed)
        search.run()
        let order = search.tour.map { Int($0) }
        XCTAssertEqual(Set(order).count, 300)
        XCTAssertEqual(search.length, TourSolver.length(order, cost: directed), accuracy: 1e-6 * search.length)
        // Priced as driven, the directed search beats the symmetric one's tour in its better direction.
        let best = min(TourSolver.length(shape, cost: directed), TourSolver.length(shape.reversed(), cost: directed))
        XCTAssertLessThan(search.length, 0.98 * best)
    }

    /// `solve(directed: true)` is the symmetric search's shape improved as driven.
    func testSolveDirectedIsTheShapeImproved() throws {
        let points = try stops(120, from: 7)
        let cost = oneWay(points)
        let shape = TourSolver.solve(points, start: 5) { i, j in (cost(i, j) + cost(j, i)) / 2 }
        let order = TourSolver.solve(points, start: 5, directed: true, cost: cost)
        XCTAssertEqual(order, TourSolver.improve(shape, stops: points, start: 5, options: TourOptions(), cost: cost))
        XCTAssertEqual(order[0], 5)
    }

    func testNeverWorseThanItsStartAndBetterThanTheBestDirectionOfTheSymmetricTour() throws {
        let points = try stops(150, from: 0)
        let cost = oneWay(points)
        let symmetric = TourSolver.solve(points, start: 0) { i, j in (cost(i, j) + cost(j, i)) / 2 }
        let mirrored = [symmetric[0]] + symmetric.dropFirst().reversed()
        let start = min(TourSolver.length(symmetric, cost: cost), TourSolver.length(mirrored, cost: cost))
        let order = TourSolver.improve(symmetric, stops: points, start: 0, options: TourOptions(), cost: cost)
        XCTAssertEqual(Set(order).count, 150)
        XCTAssertLessThan(TourSolver.length(order, cost: cost), 0.98 * start)
        // Same seed, same tour.
        XCTAssertEqual(TourSolver.improve(symmetric, stops: points, start: 0, options: TourOptions(), cost: cost), order)
    }

    /// Monaco's road times (one-way streets, tunnels, hairpins): on nine and ten real stops the
    /// directed search finds what trying every order finds.
    func testOptimumOnMonacoRoadTimes() throws {
        let url = try Services.required("TERRITORY_TEST_OSRM", "OSRM server")
        let batch = try CustomerCSVReader(contentsOf: Fixtures.url("monaco_customers_400.csv")).readAll()
        let osrm = try OSRMTable(url: url)
        for start in [0, 150, 300] {
            let points = (start..<(start + 10)).map { Coordinate(x: batch.lon[$0], y: batch.lat[$0]) }
            let m = try osrm.matrix(sources: points, destinations: points)
            let cost: (Int, Int) -> Double = { m.durations[$0][$1] }
            let best = TourSolver.length(TourSolver.exhaustive(10, directed: true, cost: cost), cost: cost)
            let symmetric = TourSolver.solve(points, start: 0) { i, j in (cost(i, j) + cost(j, i)) / 2 }
            let order = TourSolver.improve(symmetric, stops: points, start: 0, options: TourOptions(), cost: cost)
            XCTAssertEqual(TourSolver.length(order, cost: cost), best, accuracy: 1e-6)
        }
    }
}
