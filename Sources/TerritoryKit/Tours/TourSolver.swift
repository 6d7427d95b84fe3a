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

/// A closed tour through stops that is short under a symmetric cost.
///
/// The method: a space-filling-curve start, then 2-opt and Or-opt (moving runs of one to three
/// stops, either way round) restricted to each stop's nearest neighbours with "don't look" bits,
/// then an iterated local search: a random local double-bridge kick, local re-optimisation from
/// the kicked stops only, kept when the tour got shorter and undone otherwise (a journal of
/// reversals makes undoing cost only what the attempt changed). Up to eight stops the optimum is
/// found by exhaustive search. Memory is linear in the number of stops: costs are memoised in a
/// bounded cache, never held as a matrix.
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
    /// stop `start`. `cost(i, j)` must be symmetric and non-negative; the stops' locations only
    /// choose which moves are tried (each stop's nearest neighbours), so any cost that grows with
    /// distance works, such as drive seconds.
    public static func solve(
        _ stops: [Coordinate], start: Int = 0, options: TourOptions = TourOptions(),
        cost: (Int, Int) -> Double
    ) -> [Int] {
        let n = stops.count
        guard n > 3 else { return rotated(Array(0..<n), start: start) }
        if n <= 8 { return rotated(exhaustive(n, cost: cost), start: start) }
        // The search keeps the cost function only while it runs.
        let order = withoutActuallyEscaping(cost) { cost -> [Int] in
            let search = TourSearch(stops, options: options, cost: cost)
            search.run()
            return search.tour.map { Int($0) }  // copied out before `search` is freed
        }
        return rotated(order, start: start)
    }

    /// The length of the closed tour `order` under `cost` (directed: each leg as it is driven).
    public static func length(_ order: [Int], cost: (Int, Int) -> Double) -> Double {
        guard order.count > 1 else { return 0 }
        var total = 0.0
        for k in order.indices { total += cost(order[k], order[(k + 1) % order.count]) }
        return total
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
