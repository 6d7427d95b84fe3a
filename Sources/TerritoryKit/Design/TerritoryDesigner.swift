import Foundation
import GEOS

/// Designs territories from units (counties, ZIP areas, any polygon coverage): each unit in
/// exactly one territory, every territory contiguous and non-empty, workloads within a tolerance
/// of their targets, shapes compact; or, in rebalance mode, an existing alignment brought within
/// tolerance while moving as little workload as it can.
///
/// Method (docs/design.md has the details and the guarantees):
/// 1. **First plan**: recursive bisection along random spanning trees of the units; when units
///    are pinned (homes, locked units) or no split is found, growth from seeds (a rep's home
///    unit, else a locked unit, else weighted k-means++ on the centroids).
/// 2. **Balance**: boundary units move to a neighbouring territory while that lowers the sum of
///    squared relative deviations, never disconnecting the territory they leave.
/// 3. **Compactness**: boundary moves and swaps raise the two territories' √Polsby-Popper sum
///    (4πA/P², updated exactly from the units' geodesic areas, perimeters and shared borders),
///    first in a band three times the tolerance, then, after bringing every territory back into
///    the tolerance, inside it.
/// 4. **Recombination**: pairs of neighbouring territories merged and cut again along the best
///    cut of a random spanning tree when that is more compact; then the least compact territory
///    recut with a neighbour, round after round.
/// 5. Several seeded starts on every core, the best kept; it is then **annealed** (random
///    boundary moves inside the tolerance, some worsening ones taken while the temperature is
///    high) for a last rise of the mean Polsby-Popper.
/// 6. On small maps, the least compact territory and its neighbours are **designed afresh**
///    together, kept when the least compact territory gets more compact and the mean holds.
///
/// Contiguity is through shared borders of positive length, plus one link per island group to
/// the nearest unit across the water (see docs/design.md, "Islands"). Locked units and homes never move.
///
/// ## Example
/// ```swift
/// let counties = try TerritoryMap.load(GeoJSONFile(URL(fileURLWithPath: "nc_counties.geojson")))
/// let births = counties.territories.map { t in t.properties.first { $0.key == "bir74" }?.value.doubleValue ?? 0 }
/// let plan = try TerritoryDesigner.design(units: counties, weights: births,
///                                         options: DesignOptions(territories: 8, tolerance: 0.01))
/// print(plan.status, plan.maxDeviation, plan.meanPolsbyPopper)
/// ```
public enum TerritoryDesigner {
    /// Designs (or rebalances) territories.
    /// - Parameters:
    ///   - units: the units, in order (ids as in the map).
    ///   - weights: each unit's workload (non-negative, finite), in map order.
    ///   - options: territories, tolerance, locked units, current alignment, seed, time limit.
    ///   - progress: called now and then with a line saying what is being done.
    ///   - fraction: called from the worker threads as the independent starts finish, with the
    ///     share done (0...1), for a progress bar.
    /// - Throws: ``TerritoryError/invalidArgument(_:)`` for unusable options (fewer units than
    ///   territories, negative weights, unknown ids in `locked` or `current`, a unit missing from
    ///   `current`), ``TerritoryError`` when GEOS or PROJ fails.
    public static func design(
        units: TerritoryMap, weights: [Double], options: DesignOptions,
        progress: ((String) -> Void)? = nil, fraction: (@Sendable (Double) -> Void)? = nil
    ) throws(TerritoryError) -> DesignResult {
        try wrapped {
            var problem = try DesignProblem(units: units, weights: weights, options: options)
            progress?("measuring \(units.count) units")
            let graph = try DesignGraph(units)
            problem.homes = try options.territories.map { rep in try rep.home.map { try homeUnit($0, units: units, graph: graph) } }
            for (t, home) in problem.homes.enumerated() {
                if let home, problem.locked[home] >= 0, problem.locked[home] != t {
                    throw TerritoryError.invalidArgument(
                        "the home of \(problem.ids[t]) is in unit \(units.territories[home].id), locked to \(problem.ids[problem.locked[home]])")
                }
            }
            let deadline = TerritoryDesigner.deadline(options.timeLimit)
            var result: DesignResult
            if let current = problem.current {
                progress?("rebalancing")
                result = try rebalance(problem: problem, graph: graph, current: current, options: options, deadline: deadline, progress: progress)
                    .result(units: units)
            } else {
                result = try designAfresh(
                    problem: problem, graph: graph, options: options, deadline: deadline, progress: progress, fraction: fraction
                )
                .result(units: units)
            }
            result.timeLimitReached = Date() >= deadline
            return result
        }
    }

    /// The moment a time limit in seconds runs out: never for an infinite (absent) limit.
    static func deadline(_ timeLimit: Double) -> Date {
        timeLimit.isFinite ? Date().addingTimeInterval(max(0, timeLimit)) : .distantFuture
    }

    /// Several independent starts (seeds seed, seed+1, ...), the best kept: within tolerance
    /// first, then the highest mean Polsby-Popper, ties to the earlier start. A fixed count keeps
    /// plans reproducible whatever the thread count; the time limit only stops early. The starts
    /// run on every core.
    static func designAfresh(
        problem: DesignProblem, graph: DesignGraph, options: DesignOptions, deadline: Date, progress: ((String) -> Void)?,
        fraction: (@Sendable (Double) -> Void)? = nil
    ) -> Partition {
        // Small maps are cheap to start over: 24 starts up to 500 units (on the NC counties the
        // 17th seed is the first to pass mean Polsby-Popper 0.37), 8 up to 2,500, at most 4
        // above, 1 from 20,000 units. On the 3,316 US city units 6 starts gave mean PP 0.519 in
        // 1.6 s and 4 gave the same plan in 1.1 s; the spread between starts there is ~2%.
        let n = graph.count
        let restarts = max(1, options.restarts ?? (n <= 500 ? 24 : n <= 2_500 ? 8 : min(4, 20_000 / n)))
        let threads = max(1, min(restarts, ProcessInfo.processInfo.activeProcessorCount))
        progress?("\(restarts) plans on \(threads) core\(threads == 1 ? "" : "s")")
        let done = WorkCounter()
        let plans = parallelMap(count: restarts, threads: threads) { (start: Int) -> Partition? in
            // Starts after the deadline are skipped; the first always runs.
            if start > 0, Date() > deadline { return nil }
            let plan = TerritoryDesigner.plan(problem: problem, graph: graph, seed: options.seed &+ UInt64(start), deadline: deadline)
            fraction?(Double(done.add(1)) / Double(restarts))
            return plan
        }
        var best: Partition?
        for case let candidate? in plans where best == nil || candidate.isBetter(than: best!) { best = candidate }
        // The chosen plan is annealed (once, not every start: on large maps it costs a good part
        // of a start). On the 3,316 US city units -> 50 (mean PP 0.525 before), 2,000 tries per
        // unit gave 0.558 in 70 ms (300: 0.547, 1,000: 0.554; 4,000: 0.558 in 230 ms); at most
        // ten million tries on larger maps.
        if best!.maxDeviation <= problem.tolerance {
            best!.anneal(moves: min(2_000 * graph.count, 10_000_000), seed: options.seed, until: deadline)
            // Then the least compact territory, redesigned with its neighbours (users judge a map by
            // its worst shape): on the NC counties at ±1% by 1979 births least PP 0.098 -> 0.101 and
            // mean 0.358 -> 0.384; by SIDS cases 0.060 -> 0.089 and 0.338 -> 0.345.
            best!.redesignWorst(rounds: 3, starts: 8, maxUnits: 150, seed: options.seed, meanSlack: 0.002, until: deadline)
        }
        return best!
    }

    /// Rebalance mode: the current alignment brought into the band moving as little workload as
    /// possible. The greedy boundary moves first, then the least-disruption search from the
    /// current alignment (``Partition/reduceDisruption(from:nodeBudget:until:)``). When neither
    /// reaches the band (lumpy units can trap both), a fresh design is made, its territories
    /// matched to the current ones by shared workload, and every moved unit that can go back
    /// without leaving the band goes back; that plan is kept if it is closer to the band.
    static func rebalance(
        problem: DesignProblem, graph: DesignGraph, current: [Int], options: DesignOptions, deadline: Date,
        progress: ((String) -> Void)?
    ) -> Partition {
        // Locked units and homes go to their territories first (the user asked for those moves)
        // and stay there; the search counts disruption from that alignment.
        var current = current
        var plan = Partition(problem: problem, graph: graph)  // locked units start fixed
        for u in 0..<graph.count where problem.locked[u] >= 0 { current[u] = problem.locked[u] }
        for (t, home) in problem.homes.enumerated() {
            if let home { current[home] = t; plan.fixed[home] = true }
        }
        plan.start(from: current)
        plan.rebalance(until: deadline)
        plan.reduceDisruption(from: current, until: deadline)
        plan.revertWhileInBand(to: current)
        guard plan.maxDeviation > problem.tolerance + 1e-12, Date() < deadline else { return plan }
        progress?("the current alignment cannot be fixed by small moves; designing afresh")
        var fresh = designAfresh(problem: problem, graph: graph, options: options, deadline: deadline, progress: progress)
        fresh.match(to: current)
        fresh.fixed = plan.fixed
        fresh.revertWhileInBand(to: current)
        return fresh.exceedsTolerance(lessThan: plan) ? fresh : plan
    }

    /// One start of the search: a first partition, balanced, reshaped and recombined.
    static func plan(problem: DesignProblem, graph: DesignGraph, seed: UInt64, deadline: Date) -> Partition {
        var candidate = Partition(problem: problem, graph: graph)
        // Tree bisection when nothing is pinned (it cannot place locked units or homes);
        // growth from seeds otherwise, or when a split cannot be found in time.
        let pinned = problem.locked.contains { $0 >= 0 } || problem.homes.contains { $0 != nil } || problem.allowed != nil
        if pinned || !candidate.treePartition(seed: seed, deadline: deadline) {
            candidate = Partition(problem: problem, graph: graph)
            candidate.grow(seeds: candidate.seeds(seed: seed))
        }
        candidate.balance(until: deadline)
        // Reshape with room to move (three times the band), bring every territory back
        // into the band moving as little as possible, then polish inside the band.
        candidate.compact(until: deadline, seed: seed, band: 3 * problem.tolerance)
        candidate.rebalance(until: deadline)
        candidate.compact(until: deadline, seed: seed)
        if candidate.maxDeviation <= problem.tolerance {
            // Recombination of neighbouring pairs, kept when more compact, then a polish.
            candidate.recombine(steps: 25 * problem.k, seed: seed, until: deadline)
            candidate.compact(until: deadline, seed: seed)
            // Then the least compact territory, recut with a neighbour, round after round.
            candidate.raiseWorst(rounds: problem.k, trees: 20, seed: seed, until: deadline)
        } else {
            candidate.balance(until: deadline)
        }
        return candidate
    }
}

extension TerritoryDesigner {
    /// The unit containing a home (lon, lat), else the unit whose centroid is nearest to it.
    static func homeUnit(_ home: Coordinate, units: TerritoryMap, graph: DesignGraph) throws -> Int {
        try wrapped {
            let point = try Geometry.point(x: home.x, y: home.y)
            if let u = try units.territories.firstIndex(where: { try $0.geometry.covers(point) }) { return u }
            let p = try graph.projection.transform(home)
            return (0..<graph.count).min {
                (graph.x[$0] - p.x) * (graph.x[$0] - p.x) + (graph.y[$0] - p.y) * (graph.y[$0] - p.y)
                    < (graph.x[$1] - p.x) * (graph.x[$1] - p.x) + (graph.y[$1] - p.y) * (graph.y[$1] - p.y)
            }!
        }
    }
}

/// The checked inputs of a design.
struct DesignProblem: Sendable {
    let k: Int
    let ids: [String]
    let reps: [RepTerritory]
    let weights: [Double]
    let targets: [Double]
    let tolerance: Double
    /// Territory index of each locked unit (-1 for free units).
    let locked: [Int]
    /// Home unit of each territory, when its rep has a home.
    var homes: [Int?]
    let current: [Int]?
    /// Each territory's fixed workload (``DesignOptions/fixedWeights``): its weight before any
    /// unit joins it.
    let offsets: [Double]
    /// Whether unit u may be in territory t, at `u * k + t` (a drive limit); nil: any.
    let allowed: [Bool]?

    init(units: TerritoryMap, weights: [Double], options: DesignOptions) throws {
        let n = units.count
        k = options.territories.count
        guard k >= 1 else { throw TerritoryError.invalidArgument("at least one territory is needed") }
        guard k <= n else { throw TerritoryError.invalidArgument("\(k) territories but only \(n) units") }
        guard weights.count == n else { throw TerritoryError.invalidArgument("\(weights.count) weights for \(n) units") }
        if let bad = weights.indices.first(where: { !(weights[$0] >= 0) || !weights[$0].isFinite }) {
            throw TerritoryError.invalidArgument("unit \(units.territories[bad].id) has workload \(weights[bad]); workloads must be finite and >= 0")
        }
        guard options.tolerance >= 0, options.tolerance.isFinite else { throw TerritoryError.invalidArgument("the tolerance must be >= 0") }
        ids = options.territories.map(\.id)
        var seenIDs = Set<String>()
        if let dup = options.territories.map(\.id).first(where: { !seenIDs.insert($0).inserted }) {
            throw TerritoryError.invalidArgument("territory id \(dup) appears twice")
        }
        reps = options.territories
        self.weights = weights
        tolerance = options.tolerance
        var offsets = [Double](repeating: 0, count: k)
        for (id, w) in options.fixedWeights.sorted(by: { $0.key < $1.key }) {
            guard let t = options.territories.firstIndex(where: { $0.id == id }) else {
                throw TerritoryError.invalidArgument("fixed workload for \(id), which is not one of the territories")
            }
            guard w >= 0, w.isFinite else { throw TerritoryError.invalidArgument("the fixed workload of \(id) must be >= 0") }
            offsets[t] = w
        }
        self.offsets = offsets
        if let reach = options.reach {
            guard reach.territories == k, reach.units == n else {
                throw TerritoryError.invalidArgument(
                    "a drive reach of \(reach.units) units and \(reach.territories) homes for \(n) units and \(k) territories")
            }
            allowed = reach.allowed
        } else {
            allowed = nil
        }
        let total = weights.reduce(0, +) + offsets.reduce(0, +)
        guard total > 0 else { throw TerritoryError.invalidArgument("the total workload is 0") }
        // Shares: given ones as they are, the rest split what remains equally (the one rule of
        // RepTerritory.shares; no cycle here, so every rep without a share counts as full).
        if let bad = reps.compactMap(\.targetShare).first(where: { !($0 > 0) || !$0.isFinite }) {
            throw TerritoryError.invalidArgument("target share \(bad) must be > 0")
        }
        let shares = RepTerritory.capacityShares(territoryIDs: options.territories.map(\.id), reps: options.territories, cycleDays: nil).shares
        let shareSum = shares.reduce(0, +)
        targets = shares.map { total * $0 / shareSum }

        let unitIndex = Dictionary(units.territories.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        let territoryIndex = Dictionary(options.territories.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        var locked = [Int](repeating: -1, count: n)
        for (unit, territory) in options.locked.sorted(by: { $0.key < $1.key }) {
            guard let u = unitIndex[unit] else { throw TerritoryError.invalidArgument("locked unit \(unit) is not in the map") }
            guard let t = territoryIndex[territory] else {
                throw TerritoryError.invalidArgument("locked unit \(unit): unknown territory \(territory)")
            }
            locked[u] = t
        }
        homes = [Int?](repeating: nil, count: k)
        if let current = options.current {
            var owner = [Int](repeating: -1, count: n)
            for (unit, territory) in current {
                guard let u = unitIndex[unit] else { throw TerritoryError.invalidArgument("unit \(unit) of the current alignment is not in the map") }
                guard let t = territoryIndex[territory] else { throw TerritoryError.invalidArgument("unit \(unit): unknown territory \(territory)") }
                owner[u] = t
            }
            if let missing = owner.firstIndex(of: -1) {
                throw TerritoryError.invalidArgument("unit \(units.territories[missing].id) is missing from the current alignment")
            }
            self.current = owner
        } else {
            self.current = nil
        }
        self.locked = locked
    }
}
