import Foundation
import GEOS
import PROJ

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
    /// (weight − expected) / expected, in percent (0 when nothing is expected).
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
    /// Standard deviation / mean of the territories' weights (population standard deviation).
    public let coefficientOfVariation: Double
    /// Largest weight / smallest weight (infinite when some territory has none).
    public let maxMinRatio: Double
    /// (largest − smallest) / mean.
    public let rangeOverMean: Double
    /// Gini coefficient of the weights: 0 when equal, toward 1 when one territory has everything.
    public let gini: Double
    /// The tolerance band, as a fraction (0.10 = ±10%).
    public let tolerance: Double
    /// How many territories fall outside it.
    public let outsideTolerance: Int
    /// Whether targets came from the territories' target shares (otherwise the mean).
    public let usesTargetShares: Bool
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
    /// Each territory's expected weight is its `targetShare` of the total when every territory has
    /// one (shares are normalised to sum to 1), otherwise the mean. Territories whose deviation is
    /// beyond ±`tolerance` (a fraction) are flagged.
    public init(map: TerritoryMap, tally: BalanceTally, tolerance: Double = 0.10) throws {
        guard tolerance >= 0, tolerance.isFinite else { throw TerritoryError.invalidArgument("tolerance must be >= 0, got \(tolerance)") }
        guard tally.customers.count == map.count else {
            throw TerritoryError.invalidArgument("the tally has \(tally.customers.count) territories, the map \(map.count)")
        }
        let n = map.count
        let weights = tally.weight
        let total = weights.reduce(0, +)
        let mean = n > 0 ? total / Double(n) : 0
        let shares = map.territories.compactMap(\.targetShare)
        let useShares = n > 0 && shares.count == n && shares.allSatisfy { $0 > 0 }
        let shareSum = shares.reduce(0, +)
        var rows: [TerritoryBalance] = []
        var outside = 0
        for (i, t) in map.territories.enumerated() {
            let area = try wrapped { try Geodesic.wgs84.area(t.geometry) } / 1e6
            let expected = useShares ? total * t.targetShare! / shareSum : mean
            let deviation = expected > 0 ? (weights[i] - expected) / expected * 100 : 0
            let flagged = abs(deviation) > tolerance * 100 + 1e-9
            if flagged { outside += 1 }
            rows.append(TerritoryBalance(id: t.id, name: t.name, rep: t.rep, customers: tally.customers[i], weight: weights[i],
                                         areaKm2: area, customersPerKm2: area > 0 ? Double(tally.customers[i]) / area : 0,
                                         expectedWeight: expected, deviationPercent: deviation, outsideTolerance: flagged,
                                         compactness: try Compactness(t.geometry)))
        }
        let variance = n > 0 ? weights.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n) : 0
        let maxW = weights.max() ?? 0, minW = weights.min() ?? 0
        territories = rows
        summary = BalanceSummary(
            territories: n, customers: tally.total, assigned: tally.total - tally.unassigned, unassigned: tally.unassigned,
            totalWeight: total, meanWeight: mean,
            coefficientOfVariation: mean > 0 ? variance.squareRoot() / mean : 0,
            maxMinRatio: minW > 0 ? maxW / minW : (maxW > 0 ? .infinity : 1),
            rangeOverMean: mean > 0 ? (maxW - minW) / mean : 0,
            gini: BalanceReport.gini(weights), tolerance: tolerance, outsideTolerance: outside, usesTargetShares: useShares)
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
    public mutating func add(_ assignments: [Assignment], weights: [Double]) throws {
        guard assignments.count == weights.count else {
            throw TerritoryError.invalidArgument("\(assignments.count) assignments but \(weights.count) weights")
        }
        if let bad = assignments.first(where: { ($0.territory ?? 0) < 0 || ($0.territory ?? 0) >= customers.count }) {
            throw TerritoryError.invalidArgument("assignment to territory \(bad.territory!) in a tally of \(customers.count)")
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

    /// Assigns every customer of a CSV reader (streamed, on `threads` threads) and tallies them.
    /// - Parameter progress: called on the calling thread after each chunk, with the customers so far.
    public static func tally(_ reader: CustomerCSVReader, assigner: TerritoryAssigner, threads: Int = 1,
                             progress: ((_ customers: Int) -> Void)? = nil) throws -> BalanceTally {
        let count = assigner.map.count
        var tally = BalanceTally(territoryCount: count)
        try AssignmentPipeline(assigner: assigner, threads: threads).run(reader, work: { batch, assignments, _ in
            var part = BalanceTally(territoryCount: count)
            part.addUnchecked(assignments, weights: batch.weight)
            return part
        }, consume: { part in
            try tally.merge(part)
            progress?(tally.total)
        })
        return tally
    }

    /// Adds another tally's counts.
    /// - Throws: ``TerritoryError/invalidArgument(_:)`` when the two tallies count different
    ///   numbers of territories.
    public mutating func merge(_ other: BalanceTally) throws {
        guard other.customers.count == customers.count else {
            throw TerritoryError.invalidArgument("merging a tally of \(other.customers.count) territories into one of \(customers.count)")
        }
        for t in customers.indices { customers[t] += other.customers[t]; weight[t] += other.weight[t] }
        total += other.total
        unassigned += other.unassigned
    }
}
