import Foundation

/// How hard ``CallCycleScheduler`` works.
public struct ScheduleOptions: Sendable, Equatable {
    /// Ruin-and-recreate iterations per stop, per thread: the search is bounded by its work, so
    /// the same inputs, seed and thread count give the same schedule on any machine.
    public var iterationsPerStop: Int
    /// An optional ceiling in seconds (the schedule then depends on the machine's speed).
    public var timeLimit: Double
    /// The seed of the search's random choices.
    public var seed: UInt64
    /// Independent searches run side by side (different seeds); the best is kept.
    public var threads: Int

    /// Options: 200 iterations a stop, no time limit, seed 1, one thread.
    public init(iterationsPerStop: Int = 200, timeLimit: Double = .infinity, seed: UInt64 = 1, threads: Int = 1) {
        self.iterationsPerStop = iterationsPerStop; self.timeLimit = timeLimit; self.seed = seed; self.threads = threads
    }
}

/// A schedule: each day's routes, the pattern chosen for each stop, and the stops that could not
/// be placed, with why.
public struct CallCycleSchedule: Sendable {
    /// `routes[day][vehicle]`: the stops (by index) in visiting order; empty when the vehicle
    /// stays home.
    public let routes: [[[Int]]]
    /// `times[day][vehicle]`: each visit's arrival and departure (leaving home at 0, in the
    /// cost's unit of time; a visit starts at its window's opening when the vehicle is early),
    /// and the time back home.
    public let times: [[(arrive: [Double], depart: [Double], back: Double)]]
    /// Each stop's chosen day pattern, or nil when it could not be placed.
    public let patterns: [UInt64?]
    /// The stops not placed, each with the reason.
    public let unplaced: [(stop: Int, reason: String)]
    /// The total travel cost.
    public let cost: Double
    /// Whether the optional time limit cut the search short.
    public let timeLimitReached: Bool
}

/// Call-cycle schedules: every stop visited on one of its allowed day patterns, each day's
/// routes leaving home and back within the day's limits and the stops' opening windows, for the
/// least travel (the periodic vehicle routing problem).
///
/// The method: a cheapest-insertion start (the least flexible stops first, each on the pattern
/// whose days take it cheapest), then ruin and recreate: a few related stops are taken out of
/// all their days and put back, each on its cheapest pattern and positions (the cost of a
/// pattern is the sum of its days' cheapest insertions, computed once per day), accepted by a
/// simulated-annealing rule and kept when best. Each route is finally re-ordered by the same tour
/// engine as `route` (``TourSolver``), kept when it is shorter and still feasible. Several threads
/// run independent searches from different seeds; the best schedule wins (ties to the lowest
/// thread), so the result depends on the inputs, the seed and the thread count only.
///
/// ## Example
/// ```swift
/// let schedule = try CallCycleScheduler.schedule(problem, cost: { i, j in minutes[i][j] })
/// for (day, routes) in schedule.routes.enumerated() { print(day, routes) }
/// ```
public enum CallCycleScheduler {
    /// A schedule for `problem` under `cost` (between places: the homes, then the stops).
    /// - Parameters:
    ///   - problem: the stops, homes, days and limits.
    ///   - cost: the travel cost from place i to place j (time, in the unit of the stops'
    ///     durations and the day limits); it may be asymmetric.
    ///   - locations: each place's position (lon/lat or planar), for the tour engine's
    ///     neighbour lists; nil skips the final re-ordering of routes.
    ///   - options: effort, time limit, seed and threads.
    public static func schedule(
        _ problem: CallCycleProblem, cost: @escaping @Sendable (Int, Int) -> Double, locations: [Coordinate]? = nil,
        options: ScheduleOptions = ScheduleOptions()
    ) -> CallCycleSchedule {
        let deadline = Date().addingTimeInterval(options.timeLimit.isFinite ? options.timeLimit : 1e9)
        let threads = max(1, options.threads)
        let runs = Locked([ScheduleSearch?](repeating: nil, count: threads))
        onEachWorker(threads) { t in
            let search = ScheduleSearch(problem: problem, cost: cost, seed: options.seed &+ UInt64(t) &* 0x9E37_79B9_7F4A_7C15)
            search.construct()
            search.improve(iterations: options.iterationsPerStop * max(1, problem.stops.count), deadline: deadline)
            if let locations { search.polishRoutes(locations: locations) }
            runs.withLock { $0[t] = search }
        }
        let all = runs.current.map { $0! }
        let best = all.indices.min { a, b in all[a].objective != all[b].objective ? all[a].objective < all[b].objective : a < b }!
        return all[best].result(timeLimitReached: Date() >= deadline)
    }
}

/// One search: the schedule being improved and the best one seen. Not shared between threads.
final class ScheduleSearch {
    let problem: CallCycleProblem
    let cost: (Int, Int) -> Double
    var rng: SplitMix64
    let n: Int, days: Int, vehicles: Int
    /// The current schedule: `routes[day][vehicle]` of stop indices, and each stop's pattern.
    var routes: [[[Int]]]
    var pattern: [UInt64?]
    /// Each route's travel cost, load and (when needed) feasibility-relevant duration.
    var routeCost: [[Double]]
    var routeLoad: [[Double]]
    /// The penalty of a stop left out, per visit: far above any detour.
    let missingPenalty: Double
    private(set) var best: (routes: [[[Int]]], pattern: [UInt64?], objective: Double)
    /// Whether any stop has an opening window (routes are then simulated in time).
    let hasWindows: Bool
    /// Each stop's nearest stops by cost, for related removals.
    let related: [[Int]]

    init(problem: CallCycleProblem, cost: @escaping (Int, Int) -> Double, seed: UInt64) {
        self.problem = problem
        self.cost = cost
        rng = SplitMix64(seed: seed)
        n = problem.stops.count; days = problem.days; vehicles = problem.vehiclesPerDay
        routes = Array(repeating: Array(repeating: [], count: problem.vehiclesPerDay), count: problem.days)
        pattern = Array(repeating: nil, count: n)
        routeCost = Array(repeating: Array(repeating: 0, count: problem.vehiclesPerDay), count: problem.days)
        routeLoad = routeCost
        hasWindows = problem.stops.contains { $0.window != nil }
        // The penalty: twice the largest round trip from a home to a stop, per visit, so that
        // placing a stop always pays.
        var far = 1.0
        for k in 0..<n {
            for h in 0..<problem.homes {
                far = max(far, cost(h, problem.place(ofStop: k)) + cost(problem.place(ofStop: k), h))
            }
        }
        missingPenalty = 10 * far + 1
        let count = n
        related = (0..<count).map { k in
            let pk = problem.place(ofStop: k)
            let others = (0..<count).filter { $0 != k }.map { ($0, cost(pk, problem.place(ofStop: $0))) }
            return others.sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }.prefix(12).map(\.0)
        }
        best = ([], [], .infinity)
    }

    /// The objective: travel plus the penalty of missing visits.
    var objective: Double {
        var total = 0.0
        for d in 0..<days { for v in 0..<vehicles { total += routeCost[d][v] } }
        for k in 0..<n where pattern[k] == nil { total += missingPenalty * Double(problem.stops[k].visits) }
        return total
    }

    // MARK: Routes

    /// The travel cost of a route of vehicle `v`.
    func travel(_ route: [Int], vehicle v: Int) -> Double {
        guard !route.isEmpty else { return 0 }
        let home = problem.home(ofVehicle: v)
        var total = cost(home, problem.place(ofStop: route[0]))
        for i in 1..<route.count { total += cost(problem.place(ofStop: route[i - 1]), problem.place(ofStop: route[i])) }
        return total + cost(problem.place(ofStop: route[route.count - 1]), home)
    }

    /// Whether a route fits its day in time: leaving home at 0, waiting for windows, each visit
    /// starting by its window's close, back home within the day's duration limit.
    func fitsInTime(_ route: [Int], day d: Int, vehicle v: Int) -> Bool {
        let limit = problem.dayLimits[d].duration
        guard hasWindows || limit.isFinite else { return true }
        let home = problem.home(ofVehicle: v)
        var t = 0.0, at = home
        for k in route {
            let p = problem.place(ofStop: k)
            t += cost(at, p)
            let stop = problem.stops[k]
            if let w = stop.window {
                if t < w.open { t = w.open }
                if t > w.close + 1e-9 { return false }
            }
            t += stop.duration
            at = p
        }
        t += cost(at, home)
        return t <= limit + 1e-9
    }

    /// The arrival and departure times of a route's visits (leaving home at 0), and the time
    /// back home.
    func times(_ route: [Int], vehicle v: Int) -> (arrive: [Double], depart: [Double], back: Double) {
        let home = problem.home(ofVehicle: v)
        var t = 0.0, at = home
        var arrive: [Double] = [], depart: [Double] = []
        for k in route {
            let p = problem.place(ofStop: k)
            t += cost(at, p)
            arrive.append(t)
            if let w = problem.stops[k].window, t < w.open { t = w.open }
            t += problem.stops[k].duration
            depart.append(t)
            at = p
        }
        return (arrive, depart, t + cost(at, home))
    }

    /// The visit time of a route.
    func routeService(_ d: Int, _ v: Int) -> Double { routes[d][v].reduce(0) { $0 + problem.stops[$1].duration } }

    /// The cheapest feasible insertion of stop `k` on day `d`: its added travel, vehicle and
    /// position; nil when none fits.
    func cheapestInsertion(_ k: Int, day d: Int) -> (delta: Double, vehicle: Int, position: Int)? {
        let stop = problem.stops[k], pk = problem.place(ofStop: k)
        let limits = problem.dayLimits[d]
        var best: (delta: Double, vehicle: Int, position: Int)?
        var triedEmpty = false
        for v in 0..<vehicles where problem.available[v][d] {
            let route = routes[d][v]
            guard routeLoad[d][v] + stop.demand <= limits.load + 1e-9 else { continue }
            // Empty routes from one depot are all alike: try one.
            if route.isEmpty, problem.homes == 1 {
                if triedEmpty { continue }
                triedEmpty = true
            }
            let home = problem.home(ofVehicle: v)
            for position in 0...route.count {
                let a = position == 0 ? home : problem.place(ofStop: route[position - 1])
                let b = position == route.count ? home : problem.place(ofStop: route[position])
                let delta = cost(a, pk) + cost(pk, b) - (route.isEmpty ? 0 : cost(a, b))
                if let best, delta >= best.delta { continue }
                if hasWindows {
                    var candidate = route
                    candidate.insert(k, at: position)
                    guard fitsInTime(candidate, day: d, vehicle: v) else { continue }
                } else if limits.duration.isFinite {
                    // Without windows a route's duration is its travel and its visits.
                    guard routeCost[d][v] + delta + routeService(d, v) + stop.duration <= limits.duration + 1e-9 else { continue }
                }
                best = (delta, v, position)
            }
        }
        return best
    }

    /// Places stop `k` on its cheapest pattern; returns false (and leaves it out) when no pattern
    /// fits.
    @discardableResult
    func insert(_ k: Int) -> Bool {
        var perDay = [(delta: Double, vehicle: Int, position: Int)?](repeating: nil, count: days)
        var computed = [Bool](repeating: false, count: days)
        var bestPattern: UInt64?, bestCost = Double.infinity
        for p in problem.stops[k].patterns {
            var total = 0.0
            var q = p
            while q != 0 {
                let d = q.trailingZeroBitCount
                q &= q - 1
                if !computed[d] { perDay[d] = cheapestInsertion(k, day: d); computed[d] = true }
                guard let ins = perDay[d] else { total = .infinity; break }
                total += ins.delta
            }
            // Ties: a little noise (seeded), so that equal patterns are not always the first.
            let noisy = total * (1 + 1e-9 * Double(rng.next() % 1000))
            if noisy < bestCost { bestCost = noisy; bestPattern = p }
        }
        guard let chosen = bestPattern, bestCost.isFinite else { return false }
        for d in VisitPatterns.days(of: chosen) {
            let ins = perDay[d]!
            routes[d][ins.vehicle].insert(k, at: ins.position)
            routeCost[d][ins.vehicle] = travel(routes[d][ins.vehicle], vehicle: ins.vehicle)
            routeLoad[d][ins.vehicle] += problem.stops[k].demand
        }
        pattern[k] = chosen
        return true
    }

    /// Takes stop `k` out of every day it is visited.
    func remove(_ k: Int) {
        guard let p = pattern[k] else { return }
        for d in VisitPatterns.days(of: p) {
            for v in 0..<vehicles {
                if let i = routes[d][v].firstIndex(of: k) {
                    routes[d][v].remove(at: i)
                    routeCost[d][v] = travel(routes[d][v], vehicle: v)
                    routeLoad[d][v] -= problem.stops[k].demand
                    break
                }
            }
        }
        pattern[k] = nil
    }

    // MARK: Search

    /// The start: the least flexible stops first (fewest patterns, most visits), each on its
    /// cheapest pattern.
    func construct() {
        let order = (0..<n).sorted { a, b in
            let sa = problem.stops[a], sb = problem.stops[b]
            if sa.patterns.count != sb.patterns.count { return sa.patterns.count < sb.patterns.count }
            if sa.visits != sb.visits { return sa.visits > sb.visits }
            return a < b
        }
        for k in order { insert(k) }
        best = (routes, pattern, objective)
    }

    /// Ruin and recreate with simulated-annealing acceptance, `iterations` times or until the
    /// deadline; the best schedule seen is restored at the end.
    func improve(iterations: Int, deadline: Date) {
        guard n > 1 else { return }
        var current = objective
        // The start temperature: three times the mean cost per stop (tried on Cordeau's
        // instances from 0.02 to 10 times; 1 to 10 reach the best known values, lower is greedy).
        let start = 3 * max(current, 1) / Double(max(1, n))
        for iteration in 0..<iterations {
            if iteration % 256 == 0, Date() >= deadline { break }
            let temperature = start * pow(0.001, Double(iteration) / Double(iterations))
            let saved = (routes, pattern, routeCost, routeLoad)
            let removed = ruin()
            recreate(removed)
            let candidate = objective
            if candidate < current - 1e-9 || Double(rng.next() % 1_000_000) / 1_000_000 < exp(-(candidate - current) / max(temperature, 1e-12)) {
                current = candidate
                if candidate < best.objective - 1e-9 { best = (routes, pattern, candidate) }
            } else {
                (routes, pattern, routeCost, routeLoad) = saved
            }
        }
        restoreBest()
    }

    /// Takes out a few related stops (a random one and its nearest, now and then around a
    /// second centre too); as many of the stops left out so far are tried again with them.
    func ruin() -> [Int] {
        let count = min(n, 2 + Int(rng.next() % UInt64(max(1, min(15, n / 5)))))
        var removed = (0..<n).filter { pattern[$0] == nil }
        if removed.count > count {
            removed.shuffle(using: &rng)
            removed.removeLast(removed.count - count)
        }
        var centres = [Int(rng.next() % UInt64(n))]
        if rng.next() % 4 == 0 { centres.append(Int(rng.next() % UInt64(n))) }
        var taken = 0
        for centre in centres {
            for k in [centre] + related[centre] where taken < count && pattern[k] != nil {
                remove(k)
                removed.append(k)
                taken += 1
            }
        }
        return removed
    }

    /// Puts the stops back, the least flexible first, ties in a seeded random order.
    func recreate(_ stops: [Int]) {
        var order = stops
        order.shuffle(using: &rng)
        order.sort { problem.stops[$0].patterns.count < problem.stops[$1].patterns.count }
        for k in order { insert(k) }
    }

    func restoreBest() {
        guard best.objective.isFinite else { return }
        routes = best.routes
        pattern = best.pattern
        for d in 0..<days {
            for v in 0..<vehicles {
                routeCost[d][v] = travel(routes[d][v], vehicle: v)
                routeLoad[d][v] = routes[d][v].reduce(0) { $0 + problem.stops[$1].demand }
            }
        }
    }

    /// Re-orders every route with the tour engine of `route`, keeping the new order when it is
    /// shorter and still fits the day.
    func polishRoutes(locations: [Coordinate]) {
        for d in 0..<days {
            for v in 0..<vehicles where routes[d][v].count >= 3 {
                let route = routes[d][v], home = problem.home(ofVehicle: v)
                let places = [home] + route.map { problem.place(ofStop: $0) }
                // Road times differ each way: then the engine prices every leg as driven.
                let directed = places.indices.contains { i in
                    places.indices.contains { j in i < j && self.cost(places[i], places[j]) != self.cost(places[j], places[i]) }
                }
                let order = TourSolver.solve(places.map { locations[$0] }, start: 0, options: TourOptions(seed: 1), directed: directed) { i, j in
                    self.cost(places[i], places[j])
                }
                let forward = order.dropFirst().map { route[$0 - 1] }
                for candidate in [forward, forward.reversed()] where candidate != route {
                    let c = travel(candidate, vehicle: v)
                    if c < routeCost[d][v] - 1e-9, fitsInTime(candidate, day: d, vehicle: v) {
                        routes[d][v] = candidate
                        routeCost[d][v] = c
                    }
                }
            }
        }
        best = (routes, pattern, objective)
    }

    /// The schedule found, with a reason for each stop left out.
    func result(timeLimitReached: Bool) -> CallCycleSchedule {
        var unplaced: [(Int, String)] = []
        for k in 0..<n where pattern[k] == nil {
            unplaced.append((k, reason(k)))
        }
        let travel = (0..<days).reduce(0.0) { total, d in total + (0..<vehicles).reduce(0.0) { $0 + routeCost[d][$1] } }
        let times = (0..<days).map { d in (0..<vehicles).map { v in self.times(routes[d][v], vehicle: v) } }
        return CallCycleSchedule(
            routes: routes, times: times, patterns: pattern, unplaced: unplaced, cost: travel, timeLimitReached: timeLimitReached)
    }

    /// Why stop `k` fits no pattern: alone it cannot fit a day (its visit, window and the drive
    /// from home and back), or the days its patterns need are full.
    func reason(_ k: Int) -> String {
        let stop = problem.stops[k], pk = problem.place(ofStop: k)
        let home = problem.home(ofVehicle: 0)
        let alone = cost(home, pk) + stop.duration + cost(pk, home)
        let limit = problem.dayLimits.map(\.duration).max() ?? .infinity
        if alone > limit + 1e-9 { return "the visit with the drive from home and back takes longer than a day" }
        if stop.demand > (problem.dayLimits.map(\.load).max() ?? .infinity) { return "its demand exceeds a day's load" }
        if let w = stop.window, cost(home, pk) > w.close { return "it closes before it can be reached" }
        return "the days its visits need are full"
    }
}
