import Foundation
import XCTest
import TerritoryKit
import TestFixtures

/// The symmetric tour search: known optima, the exact optimum of small random sets (Held-Karp),
/// the same tour for the same seed, tiny and duplicate cases.
final class TourSolverTests: XCTestCase {
    let geodesic = Geodesic.wgs84

    func metres(_ points: [Coordinate]) -> (Int, Int) -> Double {
        { i, j in try! Geodesic.wgs84.distance(from: points[i], to: points[j]) }
    }

    /// Points on a circle: the optimal tour goes round it.
    func testPointsOnACircleAreVisitedInCircleOrder() throws {
        for n in [9, 12, 40, 101] {
            // Shuffled so that input order gives nothing away.
            var rng = SplitMix64(seed: UInt64(n))
            let angles = (0..<n).map { Double($0) / Double(n) * 2 * .pi }.shuffled(using: &rng)
            let points = angles.map { Coordinate(x: 10 + 0.5 * cos($0), y: 45 + 0.35 * sin($0)) }
            let order = try TourSolver.solve(points)
            XCTAssertEqual(Set(order), Set(0..<n))
            XCTAssertEqual(order.first, 0)
            // Consecutive stops are neighbours on the circle, in one direction throughout.
            let rank = order.map { i in angles[i] }
            let steps = zip(rank, rank.dropFirst() + [rank[0]]).map { a, b -> Int in
                Int(((b - a) / (2 * .pi) * Double(n)).rounded())
            }
            let normalised = steps.map { ($0 % n + n) % n }
            XCTAssertTrue(normalised.allSatisfy { $0 == 1 } || normalised.allSatisfy { $0 == n - 1 }, "n \(n): \(normalised)")
        }
    }

    /// A 6 × 6 grid: every optimal tour uses grid-neighbour legs only (any diagonal or longer
    /// leg makes the 36-leg tour longer than 36 unit legs).
    func testGridTourUsesOnlyNeighbourLegs() throws {
        var points: [Coordinate] = []
        for i in 0..<6 { for j in 0..<6 { points.append(Coordinate(x: 0.01 * Double(i), y: 0.01 * Double(j))) } }
        var shuffler = SplitMix64(seed: 42)
        points.shuffle(using: &shuffler)
        let order = try TourSolver.solve(points)
        let cost = metres(points)
        let unit = try geodesic.distance(from: Coordinate(x: 0, y: 0), to: Coordinate(x: 0.01, y: 0))
        for k in order.indices {
            XCTAssertLessThan(cost(order[k], order[(k + 1) % order.count]), unit * 1.01)
        }
    }

    /// The search matches the exact optimum (Held-Karp dynamic programming) on random sets of
    /// up to 13 real places, and the exhaustive search of up to 8 stops does too.
    func testToursMatchTheExactOptimumOnSmallSets() throws {
        let cities = try CustomerCSVReader(contentsOf: Fixtures.url("geonames_cities15000.csv")).readAll()
        var rng = SplitMix64(seed: 7)
        for trial in 0..<12 {
            let n = 5 + trial % 9
            let picked = (0..<n).map { _ in Int(rng.next() % UInt64(cities.count / 20)) + trial * 300 }
            let points = picked.map { Coordinate(x: cities.lon[$0] * 0.02 + 5, y: cities.lat[$0] * 0.02 + 40) }
            let cost = metres(points)
            let order = try TourSolver.solve(points)
            XCTAssertEqual(order.sorted(), Array(0..<n))
            let found = TourSolver.length(order, cost: cost)
            let optimum = heldKarp(n, cost)
            XCTAssertEqual(found, optimum, accuracy: optimum * 1e-9, "trial \(trial), n \(n)")
        }
    }

    func testSameSeedSameTourAndEveryStopOnce() throws {
        let cities = try CustomerCSVReader(contentsOf: Fixtures.url("geonames_cities15000.csv")).readAll()
        let points = (0..<400).map { Coordinate(x: cities.lon[$0 * 50], y: cities.lat[$0 * 50]) }
        let a = try TourSolver.solve(points, options: TourOptions(kicksPerStop: 5, seed: 3))
        let b = try TourSolver.solve(points, options: TourOptions(kicksPerStop: 5, seed: 3))
        XCTAssertEqual(a, b)
        XCTAssertEqual(a.sorted(), Array(0..<400))
        // Kicks only ever keep a shorter tour: more effort is never longer.
        let none = try TourSolver.solve(points, options: TourOptions(kicksPerStop: 0, seed: 3))
        XCTAssertLessThanOrEqual(TourSolver.length(a, cost: metres(points)), TourSolver.length(none, cost: metres(points)) + 1e-6)
    }

    func testTinyAndDuplicateStops() throws {
        XCTAssertEqual(try TourSolver.solve([]), [])
        XCTAssertEqual(try TourSolver.solve([Coordinate(x: 1, y: 1)]), [0])
        XCTAssertEqual(try TourSolver.solve([Coordinate(x: 1, y: 1), Coordinate(x: 2, y: 2)], start: 1), [1, 0])
        let same = [Coordinate](repeating: Coordinate(x: -78.6, y: 35.8), count: 12)
        let order = try TourSolver.solve(same, start: 4)
        XCTAssertEqual(order.sorted(), Array(0..<12))
        XCTAssertEqual(order.first, 4)
        XCTAssertEqual(TourSolver.length(order, cost: metres(same)), 0)
        XCTAssertThrowsError(try TourSolver.solve([Coordinate(x: 200, y: 0)]))
        XCTAssertThrowsError(try TourSolver.solve([Coordinate(x: 0, y: 0)], start: 3))
    }

    func heldKarp(_ n: Int, _ cost: (Int, Int) -> Double) -> Double {
        let full = 1 << (n - 1)
        var best = [[Double]](repeating: [Double](repeating: .infinity, count: n), count: full)
        for j in 1..<n { best[1 << (j - 1)][j] = cost(0, j) }
        for set in 1..<full {
            for j in 1..<n where set & (1 << (j - 1)) != 0 && best[set][j] < .infinity {
                for m in 1..<n where set & (1 << (m - 1)) == 0 {
                    let next = set | (1 << (m - 1))
                    best[next][m] = min(best[next][m], best[set][j] + cost(j, m))
                }
            }
        }
        return (1..<n).map { best[full - 1][$0] + cost($0, 0) }.min()!
    }
}
