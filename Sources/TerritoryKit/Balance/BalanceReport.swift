import Foundation
import GEOS
import PROJ

/// What balance is measured on.
public enum BalanceMeasure: String, Sendable, Equatable, CaseIterable {
    /// The number of customers.
    case customers
    /// The customers' total weight (the weighted potential).
    case weight
    /// Workload hours per period (visit time plus drive time; see ``TerritoryWorkload``).
    case workload
}

/// One territory's workload and shape.
public struct TerritoryBalance: Sendable {
    /// The territory's id.
    public let id: String
    /// Its name and rep, when known.
    public let name: String?, rep: String?
    /// Customers assigned to it.
    public let customers: Int
    /// Their total weight (the weighted potential).
    public let weight: Double
    /// Geodesic area in km².
    public let areaKm2: Double
    /// Customers per km².
    public let customersPerKm2: Double
    /// The weight it should have: its target share of the total, or the mean.
    public let expectedWeight: Double
    /// Its workload per period, when known.
    public let workload: TerritoryWorkload?
    /// The balanced quantity (customers, weight or workload hours; see
    /// ``BalanceSummary/balanceOn``) and what it should be: its target share of the total, or the mean.
    public let balanced: Double, expected: Double
    /// (balanced − expected) / expected, in percent (0 when nothing is expected).
    public let deviationPercent: Double
    /// Whether the deviation is outside the tolerance band.
    public let outsideTolerance: Bool
    /// Shape measures.
    public let compactness: Compactness
}

/// Spread of the workload across territories.
public struct BalanceSummary: Sendable {
    /// Number of territories.
    public let territories: Int
    /// Customers read, assigned and unassigned.
    public let customers: Int, assigned: Int, unassigned: Int
    /// Total weight of assigned customers.
    public let totalWeight: Double
    /// Mean weight per territory.
    public let meanWeight: Double
    /// Standard deviation / mean of the balanced quantity (``balanceOn``) over territories
    /// (population standard deviation).
    public let coefficientOfVariation: Double
    /// Largest / smallest balanced quantity (infinite when some territory has none).
    public let maxMinRatio: Double
    /// (largest − smallest) / mean.
    public let rangeOverMean: Double
    /// Gini coefficient of the balanced quantity: 0 when equal, toward 1 when one territory has everything.
    public let gini: Double
    /// The tolerance band, as a fraction (0.10 = ±10%).
    public let tolerance: Double
    /// How many territories fall outside it.
    public let outsideTolerance: Int
    /// Whether targets came from the territories' target shares (otherwise the mean).
    public let usesTargetShares: Bool
    /// What the deviations and the spread (CV, max/min, range/mean, Gini) are measured on.
    public let balanceOn: BalanceMeasure
}

/// Customer counts, weighted potential, area, density and compactness per territory, and how
/// evenly the workload is spread.
public struct BalanceReport: Sendable {
    /// One entry per territory, in map order.
    public let territories: [TerritoryBalance]
    /// The overall spread.
    public let summary: BalanceSummary

    /// Builds the report from per-territory totals.
    ///
    /// Each territory's expected value is its `targetShare` of the total when every territory has
    /// one (shares are normalised to sum to 1), otherwise the mean. Territories whose deviation is
    /// beyond ±`tolerance` (a fraction) are flagged.
    ///
    /// ## Example
    /// ```swift
    /// let tally = try BalanceTally.tally(reader, assigner: assigner, threads: 2)
    /// let report = try BalanceReport(map: map, tally: tally, tolerance: 0.05)
    /// print(report.summary.coefficientOfVariation)
    /// ```
    /// - Parameters:
    ///   - map: the territories, in the order of the tally.
    ///   - tally: customers and weight per territory.
    ///   - tolerance: the band, as a fraction (0.10 = ±10%).
    ///   - balanceOn: what deviations and spread are measured on.
    ///   - workload: one per territory; required when balancing on workload, shown otherwise.
    ///   - shares: each territory's share of the total, from its rep's capacity
    ///     (``RepTerritory/shares(territoryIDs:reps:cycleDays:)``); given, they replace the map's
    ///     target shares and the mean.
    /// - Throws: ``TerritoryError/invalidArgument(_:)`` for a negative tolerance, a tally,
    ///   workload or share list whose size is not the map's, or workload balance without workloads.
    public init(
        map: TerritoryMap, tally: BalanceTally, tolerance: Double = 0.10, balanceOn: BalanceMeasure = .weight,
        workload: [TerritoryWorkload]? = nil, shares: [Double]? = nil
    ) throws(TerritoryError) {
        self = try wrapped {
            try BalanceReport(computing: map, tally: tally, tolerance: tolerance, balanceOn: balanceOn, workload: workload, shares: shares)
        }
    }

    /// The work of the public initialiser above, whose errors that one converts.
    init(
        computing map: TerritoryMap, tally: BalanceTally, tolerance: Double, balanceOn: BalanceMeasure,
        workload: [TerritoryWorkload]? = nil, shares givenShares: [Double]? = nil
    ) throws {
        guard tolerance >= 0, tolerance.isFinite else { throw TerritoryError.invalidArgument("tolerance must be >= 0, got \(tolerance)") }
        guard tally.customers.count == map.count else {
            throw TerritoryError.invalidArgument("the tally has \(tally.customers.count) territories, the map \(map.count)")
        }
        if let workload, workload.count != map.count {
            throw TerritoryError.invalidArgument("\(workload.count) workloads for \(map.count) territories")
        }
        if balanceOn == .workload, workload == nil { throw TerritoryError.invalidArgument("balancing on workload needs each territory's workload") }
        let n = map.count
        let weights = tally.weight
        let values: [Double]
        switch balanceOn {
        case .customers: values = tally.customers.map(Double.init)
        case .weight: values = weights
        case .workload: values = workload!.map { $0.hours }
        }
        let totalWeight = weights.reduce(0, +)
        let total = values.reduce(0, +)
        let mean = n > 0 ? total / Double(n) : 0
        if let givenShares, givenShares.count != n || givenShares.contains(where: { !($0 >= 0) || !$0.isFinite }) {
            throw TerritoryError.invalidArgument("\(givenShares.count) shares for \(n) territories, each a number >= 0")
        }
        let shares = givenShares ?? map.territories.compactMap(\.targetShare)
        let useShares = n > 0 && shares.count == n && shares.allSatisfy { $0 > 0 }
        let shareSum = shares.reduce(0, +)
        var rows: [TerritoryBalance] = []
        var outside = 0
        for (i, t) in map.territories.enumerated() {
            let area = try wrapped { try Geodesic.wgs84.area(t.geometry) } / 1e6
            let expected = useShares ? total * shares[i] / shareSum : mean
            let expectedWeight = useShares ? totalWeight * shares[i] / shareSum : (n > 0 ? totalWeight / Double(n) : 0)
            let deviation = expected > 0 ? (values[i] - expected) / expected * 100 : 0
            let flagged = abs(deviation) > tolerance * 100 + 1e-9
            if flagged { outside += 1 }
            rows.append(
                TerritoryBalance(
                    id: t.id, name: t.name, rep: t.rep, customers: tally.customers[i], weight: weights[i],
                    areaKm2: area, customersPerKm2: area > 0 ? Double(tally.customers[i]) / area : 0,
                    expectedWeight: expectedWeight, workload: workload?[i], balanced: values[i], expected: expected,
                    deviationPercent: deviation, outsideTolerance: flagged,
                    compactness: try Compactness(t.geometry)))
        }
        let variance = n > 0 ? values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n) : 0
        let maxW = values.max() ?? 0, minW = values.min() ?? 0
        territories = rows
        summary = BalanceSummary(
            territories: n, customers: tally.total, assigned: tally.total - tally.unassigned, unassigned: tally.unassigned,
            totalWeight: totalWeight, meanWeight: n > 0 ? totalWeight / Double(n) : 0,
            coefficientOfVariation: mean > 0 ? variance.squareRoot() / mean : 0,
            maxMinRatio: minW > 0 ? maxW / minW : (maxW > 0 ? .infinity : 1),
            rangeOverMean: mean > 0 ? (maxW - minW) / mean : 0,
            gini: BalanceReport.gini(values), tolerance: tolerance, outsideTolerance: outside, usesTargetShares: useShares,
            balanceOn: balanceOn)
    }

    /// The Gini coefficient: Σᵢ Σⱼ |xᵢ − xⱼ| / (2 n² mean), computed in O(n log n) on sorted values.
    static func gini(_ values: [Double]) -> Double {
        let n = Double(values.count)
        let total = values.reduce(0, +)
        guard n > 0, total > 0 else { return 0 }
        let sorted = values.sorted()
        var weightedSum = 0.0
        for (i, x) in sorted.enumerated() { weightedSum += (2 * Double(i + 1) - n - 1) * x }
        return weightedSum / (n * total)
    }
}

/// Running per-territory customer counts and weights, filled batch by batch as customers stream in.
public struct BalanceTally: Sendable {
    /// Customers per territory (map order).
    public private(set) var customers: [Int]
    /// Weight per territory.
    public private(set) var weight: [Double]
    /// All customers seen, and those with no territory.
    public private(set) var total = 0, unassigned = 0

    /// An empty tally for `territoryCount` territories.
    public init(territoryCount: Int) {
        customers = Array(repeating: 0, count: territoryCount)
        weight = Array(repeating: 0, count: territoryCount)
    }

    /// Adds assignments with their customers' weights (one weight per assignment).
    /// - Throws: ``TerritoryError/invalidArgument(_:)`` when the counts differ or an assignment
    ///   names a territory outside the tally; nothing is added then.
    public mutating func add(_ assignments: [Assignment], weights: [Double]) throws(TerritoryError) {
        guard assignments.count == weights.count else {
            throw TerritoryError.invalidArgument("\(assignments.count) assignments but \(weights.count) weights")
        }
        // Unassigned customers (no territory) fit any tally, an empty one too.
        if let bad = assignments.lazy.compactMap(\.territory).first(where: { $0 < 0 || $0 >= customers.count }) {
            throw TerritoryError.invalidArgument("assignment to territory \(bad) in a tally of \(customers.count)")
        }
        addUnchecked(assignments, weights: weights)
    }

    /// Adds assignments of one batch (counts known to match: the pipeline's own batches).
    mutating func addUnchecked(_ assignments: [Assignment], weights: [Double]) {
        for (a, w) in zip(assignments, weights) {
            total += 1
            if let t = a.territory { customers[t] += 1; weight[t] += w } else { unassigned += 1 }
        }
    }

    /// Adds assignments, each customer weighing 1 (a count).
    /// - Throws: ``TerritoryError/invalidArgument(_:)`` when an assignment names a territory
    ///   outside the tally; nothing is added then.
    public mutating func add(_ assignments: [Assignment]) throws(TerritoryError) {
        try add(assignments, weights: [Double](repeating: 1, count: assignments.count))
    }

    /// Tallies points held in memory without building a result per point: each of `threads`
    /// workers assigns its share of the points into its own tally, and the tallies are merged.
    /// This is the path that scales with threads (no per-point array is allocated, written or
    /// read back on one thread).
    ///
    /// ## Example
    /// ```swift
    /// let tally = try BalanceTally.tally(lon: lons, lat: lats, assigner: assigner, threads: 2)
    /// print(tally.customers)       // customers per territory, in map order
    /// ```
    /// - Parameters:
    ///   - lon: longitudes (degrees).
    ///   - lat: latitudes (degrees), one per longitude.
    ///   - weights: one per point, or nil to count every point as 1.
    ///   - assigner: the map's assigner (its options apply).
    ///   - threads: workers (1 = the calling thread only).
    /// - Throws: ``TerritoryError/invalidArgument(_:)`` when the arrays differ in length.
    public static func tally(
        lon: [Double], lat: [Double], weights: [Double]? = nil, assigner: TerritoryAssigner,
        threads: Int = 1
    ) throws(TerritoryError) -> BalanceTally {
        try wrapped {
            guard lon.count == lat.count, weights.map({ $0.count == lon.count }) ?? true else {
                throw TerritoryError.invalidArgument("\(lon.count) longitudes, \(lat.count) latitudes and \(weights?.count ?? lon.count) weights")
            }
            let n = lon.count, count = assigner.map.count
            let workers = max(1, min(threads, (n + 16_383) / 16_384))
            let parts = Locked([BalanceTally?](repeating: nil, count: workers))
            let exact = assigner.firstOwnerIsExact
            // Without weights every point counts 1: no array of ones is made for that.
            let counting = weights == nil
            // Workers read the inputs through raw buffers: an array captured by a closure that runs
            // on several threads can be retained per access, and every thread then updates the same
            // reference count (one cache line bouncing between cores, which ate most of the second
            // thread's gain).
            lon.withUnsafeBufferPointer { xs in
                lat.withUnsafeBufferPointer { ys in
                    (weights ?? []).withUnsafeBufferPointer { ws in
                        let inputs = (SharedBuffer(xs), SharedBuffer(ys), SharedBuffer(ws))
                        let work: @Sendable (Int) -> Void = { w in
                            let xs = inputs.0.base, ys = inputs.1.base, ws = inputs.2.base
                            var customers = [Int](repeating: 0, count: count), weight = [Double](repeating: 0, count: count)
                            var unassigned = 0
                            let range = chunk(w, of: workers, in: n)
                            for i in range {
                                let t =
                                    exact ? assigner.firstOwner(lon: xs[i], lat: ys[i]) : (assigner.assign(lon: xs[i], lat: ys[i]).territory ?? -1)
                                if t >= 0 {
                                    customers[t] += 1
                                    weight[t] += counting ? 1 : ws[i]
                                } else {
                                    unassigned += 1
                                }
                            }
                            var part = BalanceTally(territoryCount: count)
                            part.customers = customers; part.weight = weight
                            part.total = range.count; part.unassigned = unassigned
                            parts.withLock { $0[w] = part }
                        }
                        onEachWorker(workers, work)
                    }
                }
            }
            var tally = BalanceTally(territoryCount: count)
            for case let part? in parts.current { try tally.merge(part) }
            return tally
        }
    }

    /// Assigns every customer of a CSV reader (streamed, on `threads` threads) and tallies them.
    /// - Parameters:
    ///   - reader: the customer file.
    ///   - assigner: the map's assigner.
    ///   - accounts: key accounts, counted to their own territory wherever they lie.
    ///   - threads: workers assigning chunks.
    ///   - progress: called on the calling thread after each chunk, with the customers so far.
    /// - Throws: a bad row of the file; ``TerritoryError/csv(source:line:message:)`` naming the
    ///   line of an account whose customer is not in the file.
    public static func tally(
        _ reader: CustomerCSVReader, assigner: TerritoryAssigner, accounts: KeyAccounts = .none, threads: Int = 1,
        progress: ((_ customers: Int) -> Void)? = nil
    ) throws(TerritoryError) -> BalanceTally {
        try wrapped {
            let count = assigner.map.count
            var tally = BalanceTally(territoryCount: count)
            var seen = accounts.noneSeen
            try AssignmentPipeline(assigner: assigner, threads: threads).run(
                reader,
                work: { batch, assignments, _ in
                    var part = BalanceTally(territoryCount: count)
                    var assignments = assignments, hit = accounts.noneSeen
                    accounts.apply(to: &assignments, customers: batch, seen: &hit)
                    part.addUnchecked(assignments, weights: batch.weight)
                    return (part, hit.indices.filter { hit[$0] })
                },
                consume: { part, hit in
                    try tally.merge(part)
                    for k in hit { seen[k] = true }
                    progress?(tally.total)
                })
            try accounts.checkEveryAccountSeen(seen, customers: reader.source)
            return tally
        }
    }

    /// Adds another tally's counts.
    /// - Throws: ``TerritoryError/invalidArgument(_:)`` when the two tallies count different
    ///   numbers of territories.
    public mutating func merge(_ other: BalanceTally) throws(TerritoryError) {
        guard other.customers.count == customers.count else {
            throw TerritoryError.invalidArgument("merging a tally of \(other.customers.count) territories into one of \(customers.count)")
        }
        for t in customers.indices { customers[t] += other.customers[t]; weight[t] += other.weight[t] }
        total += other.total
        unassigned += other.unassigned
    }
}
