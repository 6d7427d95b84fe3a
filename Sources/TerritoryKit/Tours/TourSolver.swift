import Foundation
import GEOS

/// How hard ``TourSolver`` works on a tour.
public struct TourOptions: Sendable, Equatable {
    /// Candidate neighbours per stop: moves are only tried toward a stop's nearest stops.
    public var neighbours: Int
    /// Perturbations tried per stop after the first local optimum (iterated local search).
    /// Zero stops at the first 2-opt/Or-opt optimum (typically 4–6% above optimal); the default
    /// reaches about 1–2% on real customer sets.
    public var kicksPerStop: Int
    /// The seed of the perturbations: the same seed gives the same tour.
    public var seed: UInt64

    /// Options with the given neighbour count, perturbation effort and seed.
    public init(neighbours: Int = 10, kicksPerStop: Int = 50, seed: UInt64 = 1) {
        self.neighbours = neighbours
        self.kicksPerStop = kicksPerStop
        self.seed = seed
    }
}

/// A closed tour through stops that is short under a cost: geodesic metres, drive seconds, or
/// road times that differ each way.
///
/// The method (`TourSearch`, one engine for both kinds of cost): a space-filling-curve start,
/// then 2-opt and Or-opt (moving runs of one to three stops, either way round) restricted to each
/// stop's nearest neighbours with a work queue, then an iterated local search: a random local
/// double-bridge kick, local re-optimisation from the kicked stops only, kept when the tour got
/// shorter and undone otherwise (a journal of reversals makes undoing cost only what the attempt
/// changed). A directed cost is searched first on the mean of both ways (the tour's shape), then
/// exactly, with every move priced as driven. Up to eight stops (nine when directed) the optimum
/// is found by exhaustive search. Memory is linear in the number of stops for symmetric costs
/// (memoised in a bounded cache, never a matrix); directed ones keep a table up to 2,048 stops.
///
/// ## Example
/// ```swift
/// let stops = [Coordinate(x: 0, y: 0), Coordinate(x: 1, y: 1), Coordinate(x: 1, y: 0), Coordinate(x: 0, y: 1)]
/// let order = try TourSolver.solve(stops)   // [0, 2, 1, 3] or its mirror: the square's perimeter
/// ```
public enum TourSolver {
    /// The visiting order of `stops` (lon/lat degrees) minimising the closed tour's geodesic
    /// length on WGS 84, starting at stop `start`.
    /// - Throws: ``TerritoryError/invalidArgument(_:)`` for a coordinate that is not a
    ///   lon/lat point or a `start` out of range.
    public static func solve(_ stops: [Coordinate], start: Int = 0, options: TourOptions = TourOptions()) throws(TerritoryError) -> [Int] {
        try wrapped {
            try checkStops(stops, start: start)
            let geodesic = Geodesic.wgs84
            return solve(stops, start: start, options: options) { i, j in (try? geodesic.distance(from: stops[i], to: stops[j])) ?? 0 }
        }
    }

    /// The visiting order of `stops` minimising the sum of `cost` over the closed tour, starting at
    /// stop `start`. `cost(i, j)` must be non-negative, and symmetric unless `directed` is true
    /// (then each leg is priced as driven, i → j, as road times with one-way streets are). The
    /// stops' locations only choose which moves are tried (each stop's nearest neighbours), so
    /// any cost that grows with distance works, such as drive seconds.
    public static func solve(
        _ stops: [Coordinate], start: Int = 0, options: TourOptions = TourOptions(), directed: Bool = false,
        cost: (Int, Int) -> Double
    ) -> [Int] {
        let n = stops.count
        if directed {
            guard n > 2 else { return rotated(Array(0..<n), start: start) }
            if n <= 9 { return rotated(exhaustive(n, directed: true, cost: cost), start: start) }
            let shape = solve(stops, start: start, options: options) { i, j in (cost(i, j) + cost(j, i)) / 2 }
            return improve(shape, stops: stops, start: start, options: options, cost: cost)
        }
        guard n > 3 else { return rotated(Array(0..<n), start: start) }
        if n <= 8 { return rotated(exhaustive(n, cost: cost), start: start) }
        return search(stops, from: nil, options: options, costs: SymmetricCosts.self, cost: cost, start: start)
    }

    /// `order` (a closed tour of `stops`) improved under the directed `cost(i, j)`, turned to
    /// begin at `start`: for a tour that is nearly settled, such as one whose legs were just
    /// measured anew.
    static func improve(_ order: [Int], stops: [Coordinate], start: Int, options: TourOptions, cost: (Int, Int) -> Double) -> [Int] {
        let n = order.count
        guard n > 2 else { return order }
        if n <= 9 { return rotated(exhaustive(n, directed: true, cost: cost), start: start) }
        return search(stops, from: order, options: options, costs: DirectedCosts.self, cost: cost, start: start)
    }

    /// One run of the tour engine with costs of kind `Costs`.
    private static func search<Costs: TourCosts>(
        _ stops: [Coordinate], from order: [Int]?, options: TourOptions, costs: Costs.Type, cost: (Int, Int) -> Double, start: Int
    ) -> [Int] {
        // The search keeps the cost function only while it runs.
        let result = withoutActuallyEscaping(cost) { cost -> [Int] in
            let search = TourSearch<Costs>(stops, from: order, options: options, cost: cost)
            search.run()
            return search.tour.map { Int($0) }  // copied out before `search` is freed
        }
        return rotated(result, start: start)
    }

    /// The length of the closed tour `order` under `cost` (directed: each leg as it is driven).
    public static func length(_ order: [Int], cost: (Int, Int) -> Double) -> Double {
        guard order.count > 1 else { return 0 }
        var total = 0.0
        for k in order.indices { total += cost(order[k], order[(k + 1) % order.count]) }
        return total
    }

    /// Perturbations for a tour of `stops` stops: `perStop` each from 1,000 stops up; below,
    /// fewer in proportion to (stops / 1,000)², at least 200 in all, because small tours settle
    /// much sooner (docs/workload.md: on 40,000 customers in ~400-stop territories this lands
    /// within 0.3% of ten times the effort, in half the time of a linear scale).
    static func kicks(stops n: Int, perStop: Int) -> Int {
        guard perStop > 0 else { return 0 }
        return max(200, perStop * n * min(n, 1000) / 1000 * min(n, 1000) / 1000)
    }

    static func checkStops(_ stops: [Coordinate], start: Int) throws {
        for (i, c) in stops.enumerated() where !(c.isFinite && abs(c.x) <= 180 && abs(c.y) <= 90) {
            throw TerritoryError.invalidArgument("stop \(i) \(c) is not a lon/lat point")
        }
        guard stops.isEmpty || stops.indices.contains(start) else {
            throw TerritoryError.invalidArgument("start \(start) is not one of the \(stops.count) stops")
        }
    }

    /// `order` turned so that it begins at `start`.
    static func rotated(_ order: [Int], start: Int) -> [Int] {
        guard let at = order.firstIndex(of: start) else { return order }
        return Array(order[at...] + order[..<at])
    }

    /// The optimal tour of a few stops, by trying every order with stop 0 first. A symmetric cost
    /// is asked with i < j and each cycle tried in one direction only; a `directed` one is asked
    /// both ways and both directions are tried.
    static func exhaustive(_ n: Int, directed: Bool = false, cost: (Int, Int) -> Double) -> [Int] {
        var c = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for i in 0..<n { for j in 0..<n where i != j { c[i][j] = directed ? cost(i, j) : cost(min(i, j), max(i, j)) } }
        var best = Array(0..<n), bestLength = Double.infinity
        var path = [0], used = [Bool](repeating: false, count: n)
        used[0] = true
        func extend(_ length: Double) {
            if length >= bestLength { return }
            if path.count == n {
                let closed = length + c[path[n - 1]][0]
                if closed < bestLength { bestLength = closed; best = path }
                return
            }
            for j in 1..<n where !used[j] {
                // A symmetric cycle once: the second stop is smaller than the last.
                if !directed, path.count == n - 1, j < path[1] { continue }
                used[j] = true; path.append(j)
                extend(length + c[path[path.count - 2]][j])
                path.removeLast(); used[j] = false
            }
        }
        extend(0)
        return best
    }
}
