import Foundation
import TestFixtures
import XCTest

@testable import TerritoryKit

/// The call-cycle scheduler on Cordeau's PVRP instance p03 (checked against the instance's own
/// rules here, and against its best known value, 524.61), on opening windows that force one
/// order, on a stop no day can take, and for determinism.
final class CallCycleSchedulerTests: XCTestCase {
    /// p03 read as the benchmark reads it: the depot then 50 customers, Euclidean costs.
    func p03() throws -> (problem: CallCycleProblem, points: [Coordinate]) {
        let numbers = try Fixtures.text("pvrp/p03.txt").split(whereSeparator: \.isWhitespace).map { Double($0)! }
        var at = 0
        func next() -> Double { defer { at += 1 }; return numbers[at] }
        _ = next()
        let vehicles = Int(next()), customers = Int(next()), days = Int(next())
        let limits = (0..<days).map { _ -> DayLimits in
            let d = next(), q = next()
            return DayLimits(duration: d == 0 ? .infinity : d, load: q)
        }
        var points: [Coordinate] = [], stops: [CallCycleStop] = []
        for i in 0...customers {
            _ = next()
            let x = next(), y = next(), duration = next(), demand = next()
            _ = next()
            let count = Int(next())
            let patterns = (0..<count).map { _ -> UInt64 in
                let value = UInt64(next())
                return (0..<days).reduce(0) { p, day in (value >> UInt64(days - 1 - day)) & 1 == 1 ? p | (1 << UInt64(day)) : p }
            }
            points.append(Coordinate(x: x, y: y))
            if i > 0 { stops.append(CallCycleStop(duration: duration, demand: demand, patterns: patterns)) }
        }
        return (try CallCycleProblem(stops: stops, homes: 1, days: days, vehiclesPerDay: vehicles, dayLimits: limits), points)
    }

    func testCordeauP03IsFeasibleAndNearTheBestKnown() throws {
        let (problem, points) = try p03()
        let distance: @Sendable (Int, Int) -> Double = { i, j in
            ((points[i].x - points[j].x) * (points[i].x - points[j].x) + (points[i].y - points[j].y) * (points[i].y - points[j].y)).squareRoot()
        }
        let schedule = CallCycleScheduler.schedule(
            problem, cost: distance, locations: points, options: ScheduleOptions(iterationsPerStop: 1000, seed: Fixtures.testSeed))
        XCTAssertTrue(schedule.unplaced.isEmpty)
        // The instance's rules, checked here: each customer on exactly the days of one of its
        // patterns, once a day; each route within the day's load; the cost recomputed.
        var days = [Set<Int>](repeating: [], count: problem.stops.count)
        var total = 0.0
        for (d, routes) in schedule.routes.enumerated() {
            XCTAssertLessThanOrEqual(routes.filter { !$0.isEmpty }.count, problem.vehiclesPerDay)
            for route in routes where !route.isEmpty {
                let places = [0] + route.map { $0 + 1 } + [0]
                for k in 1..<places.count { total += distance(places[k - 1], places[k]) }
                XCTAssertLessThanOrEqual(route.reduce(0) { $0 + problem.stops[$1].demand }, problem.dayLimits[d].load)
                for s in route { XCTAssertTrue(days[s].insert(d).inserted, "stop \(s) twice on day \(d)") }
            }
        }
        for (s, stop) in problem.stops.enumerated() {
            let pattern = days[s].reduce(UInt64(0)) { $0 | (1 << UInt64($1)) }
            XCTAssertTrue(stop.patterns.contains(pattern), "stop \(s) on days \(days[s].sorted())")
        }
        XCTAssertEqual(total, schedule.cost, accuracy: 1e-6)
        let bestKnown = try XCTUnwrap(Fixtures.referenceRows("pvrp/bks.csv").first { $0["instance"] == "p03" }.flatMap { Double($0["best_known"]!) })
        XCTAssertLessThanOrEqual(total, bestKnown * 1.015, "seed \(Fixtures.testSeed): \(total) against the best known \(bestKnown)")
        XCTAssertGreaterThanOrEqual(total, bestKnown - 0.01)
    }

    /// Three stops on a line east of home, each open in a window that only the order c, b, a
    /// fits; a fourth open before anyone can reach it is left out, saying why.
    func testWindowsForceTheOrderAndAClosedStopIsNamed() throws {
        let x: [Double] = [0, 10, 20, 30, 40]
        let windows = [
            VisitWindow(open: 100, close: 110), VisitWindow(open: 60, close: 70), VisitWindow(open: 30, close: 35), VisitWindow(open: 0, close: 5),
        ]
        let stops = windows.map { CallCycleStop(duration: 5, demand: 1, patterns: [1], window: $0) }
        let problem = try CallCycleProblem(stops: stops, homes: 1, days: 1, vehiclesPerDay: 1, dayLimits: [DayLimits(duration: 480)])
        let schedule = CallCycleScheduler.schedule(problem, cost: { i, j in abs(x[i] - x[j]) }, options: ScheduleOptions(iterationsPerStop: 50))
        XCTAssertEqual(schedule.routes[0][0], [2, 1, 0])
        // Leaving home at 0: c reached at 30, b at 30 + 5 + 10 = 45 (waits to 60), a at 75 (waits to 100).
        XCTAssertEqual(schedule.times[0][0].arrive, [30, 45, 75])
        XCTAssertEqual(schedule.times[0][0].depart, [35, 65, 105])
        XCTAssertEqual(schedule.times[0][0].back, 115)
        XCTAssertEqual(schedule.unplaced.map(\.stop), [3])
        XCTAssertEqual(schedule.unplaced.first?.reason, "it closes before it can be reached")
    }

    func testTheSameSeedAndThreadsGiveTheSameSchedule() throws {
        let (problem, points) = try p03()
        let distance: @Sendable (Int, Int) -> Double = { i, j in hypot(points[i].x - points[j].x, points[i].y - points[j].y) }
        let options = ScheduleOptions(iterationsPerStop: 40, seed: 7, threads: 2)
        let a = CallCycleScheduler.schedule(problem, cost: distance, options: options)
        let b = CallCycleScheduler.schedule(problem, cost: distance, options: options)
        XCTAssertEqual(a.routes, b.routes)
        XCTAssertEqual(a.patterns, b.patterns)
    }

    /// The spacing rule's patterns, counted against Python's itertools.combinations filtered by
    /// the same rule (consecutive days at least ⌊days / visits⌋ − slack apart): 20, 66, 330,
    /// 20, 1 and 10 for the cases below.
    func testSpacedPatternsAreEveryChoiceTheRuleAllows() {
        for (visits, days, slack, count) in [(1, 20, 1, 20), (2, 20, 1, 66), (4, 20, 1, 330), (3, 10, 0, 20), (5, 5, 0, 1), (2, 5, 2, 10)] {
            let patterns = VisitPatterns.spaced(visits: visits, days: days, slack: slack)
            XCTAssertEqual(patterns.count, count, "\(visits) visits in \(days) days, slack \(slack)")
            XCTAssertEqual(Set(patterns).count, patterns.count)
            let gap = max(1, days / visits - slack)
            for p in patterns {
                let d = VisitPatterns.days(of: p)
                XCTAssertEqual(d.count, visits)
                XCTAssertTrue(zip(d, d.dropFirst()).allSatisfy { $1 - $0 >= gap }, "\(d)")
            }
        }
    }
}
