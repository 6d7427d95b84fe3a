import Foundation

/// One plan's figures in a side-by-side comparison of scenarios.
public struct PlanFigures: Sendable, Equatable {
    /// The plan's name (its file or layer, as given).
    public let name: String
    /// Its territories.
    public let territories: Int
    /// The largest deviation of a territory from what it is expected to carry, in percent
    /// (absolute value).
    public let maxDeviationPercent: Double
    /// The coefficient of variation and the Gini coefficient of the balanced quantity.
    public let coefficientOfVariation: Double, gini: Double
    /// The mean and the least Polsby-Popper compactness of its territories.
    public let meanPolsbyPopper: Double, leastPolsbyPopper: Double
    /// Territories in more than one piece.
    public let nonContiguous: Int
    /// Workload hours: the largest territory's minus the smallest's, when workload is measured.
    public let workloadHoursSpread: Double?
    /// Drive hours of all territories together, when workload is measured.
    public let driveHours: Double?
    /// Customers (and their weight) in another territory than in the first plan (territories
    /// matched by id; none in the first plan's own column).
    public let movedCustomers: Int, movedWeight: Double
    /// Goals not attainable relative to the others, when goals are set.
    public let goalsNotAttainable: Int?
    /// The plan's balance report: every territory's figures.
    public let report: BalanceReport

    public static func == (a: PlanFigures, b: PlanFigures) -> Bool {
        a.name == b.name && a.territories == b.territories && a.maxDeviationPercent == b.maxDeviationPercent
            && a.coefficientOfVariation == b.coefficientOfVariation && a.gini == b.gini && a.meanPolsbyPopper == b.meanPolsbyPopper
            && a.leastPolsbyPopper == b.leastPolsbyPopper && a.nonContiguous == b.nonContiguous
            && a.workloadHoursSpread == b.workloadHoursSpread && a.driveHours == b.driveHours && a.movedCustomers == b.movedCustomers
            && a.movedWeight == b.movedWeight && a.goalsNotAttainable == b.goalsNotAttainable
    }
}

/// Candidate plans side by side: balance, shape, workload, disruption against the first plan and
/// goals, one column per plan, over the same customers.
///
/// Each plan places every customer by the border rule (for a plan of units, by the unit it lies
/// in), with its key accounts; the figures are each plan's ``BalanceReport``'s, so they read like
/// `territory report`'s.
///
/// ## Example
/// ```swift
/// let plans = try paths.map { try TerritoryPlan(map: TerritoryMap.load(GeoJSONFile(URL(fileURLWithPath: $0)))) }
/// let comparison = try PlanComparison.compare(plans, names: paths, customers: try CustomerCSVReader(contentsOf: customersURL))
/// print(comparison.text())
/// ```
public struct PlanComparison: Sendable {
    /// The plans' figures, in the order given.
    public let plans: [PlanFigures]
    /// The plans' territories (plans of units dissolved), for drawing.
    public let maps: [TerritoryMap]
    /// What balance is measured on.
    public let balanceOn: BalanceMeasure

    /// How workload is measured: a function from a plan's map, the customers and their
    /// assignments to each territory's workload (routes or call-cycle schedules).
    public typealias WorkloadModel = (_ map: TerritoryMap, _ customers: CustomerBatch, _ assignments: [Assignment]) throws -> [TerritoryWorkload]

    /// Compares `plans` over the customers of `customers`.
    ///
    /// Without a workload model the customers stream (memory stays bounded whatever the file's
    /// size); with one they are held in memory, since every territory's tour needs all its
    /// customers.
    /// - Parameters:
    ///   - plans: the plans, the first the one moves are counted against.
    ///   - names: one name per plan.
    ///   - customers: the customers.
    ///   - threads: worker threads for locating customers.
    ///   - tolerance: the tolerance band, as a fraction (for the reports' flags).
    ///   - balanceOn: what balance is measured on (workload needs `workload`).
    ///   - shares: each plan's territories' shares (the reps' capacities), or nil for the maps'
    ///     target shares or the mean.
    ///   - goals: each plan's goal per territory (nil: none set), when goals are set.
    ///   - workload: the workload model, when workload is measured.
    /// - Throws: ``TerritoryError/invalidArgument(_:)`` for no plans or a name list of another
    ///   size; errors reading or locating customers; a key account whose customer is not in the file.
    public static func compare(
        _ plans: [TerritoryPlan], names: [String], customers: CustomerCSVReader, threads: Int = 1, tolerance: Double = 0.10,
        balanceOn: BalanceMeasure = .weight, shares: [[Double]?]? = nil, goals: [[Double?]]? = nil, workload: WorkloadModel? = nil
    ) throws -> PlanComparison {
        guard !plans.isEmpty, names.count == plans.count else {
            throw TerritoryError.invalidArgument("\(names.count) names for \(plans.count) plans; give at least one plan")
        }
        let maps = try plans.map { try $0.territoryMap() }
        // Each plan's territory positions as positions in the first plan (-1: not there), so
        // that a move is a change of territory id.
        var firstIndex: [String: Int] = [:]
        for (i, id) in plans[0].territoryIDs.enumerated() { firstIndex[id] = i }
        let asFirst = plans.map { $0.territoryIDs.map { firstIndex[$0] ?? -1 } }
        var tallies = plans.map { BalanceTally(territoryCount: $0.territoryIDs.count) }
        var moved = [Int](repeating: 0, count: plans.count), movedWeight = [Double](repeating: 0, count: plans.count)
        var seen = plans.map { $0.accounts.noneSeen }
        var workloads: [[TerritoryWorkload]?] = Array(repeating: nil, count: plans.count)
        func add(_ batch: CustomerBatch) throws -> [[Assignment]] {
            var placed: [[Int?]] = []
            for (p, plan) in plans.enumerated() {
                placed.append(try plan.place(batch, threads: threads, seen: &seen[p]).territories)
            }
            let assignments = placed.map { list in list.map { Assignment(territory: $0, status: $0 == nil ? .unassigned : .interior) } }
            for p in plans.indices {
                try tallies[p].add(assignments[p], weights: batch.weight)
                guard p > 0 else { continue }
                for i in 0..<batch.count {
                    let a = placed[0][i], b = placed[p][i].map { asFirst[p][$0] }
                    // Both unassigned is no move; a territory the first plan lacks always is.
                    if a == nil && b == nil { continue }
                    if a == nil || b == nil || b! < 0 || a! != b! { moved[p] += 1; movedWeight[p] += batch.weight[i] }
                }
            }
            return assignments
        }
        if let workload {
            let batch = try customers.readAll()
            let assignments = try add(batch)
            for p in plans.indices { workloads[p] = try workload(maps[p], batch, assignments[p]) }
        } else {
            var batch = CustomerBatch()
            while try customers.next(into: &batch) { _ = try add(batch) }
        }
        for (p, plan) in plans.enumerated() { try plan.accounts.checkEveryAccountSeen(seen[p], customers: customers.source) }
        var figures: [PlanFigures] = []
        for p in plans.indices {
            let report = try BalanceReport(
                map: maps[p], tally: tallies[p], tolerance: tolerance, balanceOn: balanceOn, workload: workloads[p], shares: shares?[p])
            let pp = report.territories.map(\.compactness.polsbyPopper)
            let hours = workloads[p]?.map(\.hours)
            let notAttainable = goals.map { g in
                TerritoryGoals.assess(
                    goals: g[p], actuals: Array(repeating: nil, count: g[p].count), potentials: tallies[p].weight, tolerance: tolerance
                ).filter { $0.attainable == false }.count
            }
            figures.append(
                PlanFigures(
                    name: names[p], territories: maps[p].count,
                    maxDeviationPercent: report.territories.map { abs($0.deviationPercent) }.max() ?? 0,
                    coefficientOfVariation: report.summary.coefficientOfVariation, gini: report.summary.gini,
                    meanPolsbyPopper: pp.isEmpty ? 0 : pp.reduce(0, +) / Double(pp.count), leastPolsbyPopper: pp.min() ?? 0,
                    nonContiguous: report.territories.filter { $0.compactness.parts > 1 }.count,
                    workloadHoursSpread: hours.map { ($0.max() ?? 0) - ($0.min() ?? 0) },
                    driveHours: workloads[p].map { $0.reduce(0) { $0 + $1.driveHours } }, movedCustomers: moved[p], movedWeight: movedWeight[p],
                    goalsNotAttainable: notAttainable, report: report))
        }
        return PlanComparison(plans: figures, maps: maps, balanceOn: balanceOn)
    }
}
