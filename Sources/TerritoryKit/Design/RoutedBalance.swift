import Foundation

/// A plan balanced on routed workload, and how it got there.
public struct RoutedDesign: Sendable {
    /// The plan (its weights are the corrected estimates it was balanced on).
    public let result: DesignResult
    /// Each territory's workload hours per period, routed.
    public let routedHours: [Double]
    /// Each territory's routed hours' deviation from its target share of the routed total
    /// (a fraction: 0.05 = 5% over).
    public let routedDeviations: [Double]
    /// Design rounds run: the first design, then one rebalance per correction.
    public let rounds: Int
    /// Whether the optional time limit ended the loop before the routed workload was within the
    /// tolerance or the rounds were spent (the result then depends on the machine's speed).
    public internal(set) var timeLimitReached = false

    /// The largest routed deviation, as a fraction.
    public var maxRoutedDeviation: Double { routedDeviations.map(abs).max() ?? 0 }
}

/// Balancing on the hours reps will really drive: the unit estimate (visits plus a
/// Beardwood–Halton–Hammersley tour share per unit) is additive and fast, but routes of real
/// territories differ from it (clusters, coasts, sparse edges). So the plan is routed, each
/// territory's drive estimate is scaled to its routed drive time (the scale carried by its
/// units), and the plan is rebalanced on the corrected estimates, moving as little as it can;
/// repeated until the routed workload is within tolerance or the rounds are spent (or an optional
/// time limit). The best plan routed is kept.
///
/// ## Example
/// ```swift
/// let routed = try RoutedBalance.design(
///     units: units, visitHours: visit, driveHours: drive, customers: batch, customerUnits: unitOfCustomer,
///     options: DesignOptions(territories: 60, tolerance: 0.05), planner: RoutePlanner(model: try TravelModel()),
///     visitPlan: try VisitPlan(minutesPerVisit: 30), rounds: 8)
/// print(routed.maxRoutedDeviation, routed.rounds)
/// ```
public enum RoutedBalance {
    /// The most design rounds by default: on the NC counties and the US city units the routed
    /// workload is within 5% after two to four.
    public static let defaultRounds = 8

    /// Designs (or rebalances, with `options.current`) territories whose routed workload is
    /// within `options.tolerance`.
    /// - Parameters:
    ///   - units: the units.
    ///   - visitHours: each unit's visit hours per period (exact: additive).
    ///   - driveHours: each unit's estimated drive hours per period.
    ///   - customers: the customers to route.
    ///   - customerUnits: each customer's unit (nil: left out).
    ///   - options: as for ``TerritoryDesigner/design(units:weights:options:progress:fraction:)``;
    ///     `timeLimit` bounds each design round.
    ///   - planner: routes each territory's customers.
    ///   - visitPlan: visit time and frequency, for routed hours.
    ///   - rounds: the most design rounds (a work bound: the loop stops earlier when the routed
    ///     workload is within the tolerance).
    ///   - timeLimit: an optional ceiling in seconds for the whole loop (a round started is
    ///     finished); without one (`.infinity`) the result depends only on the inputs and seed.
    ///   - progress: called with a line saying what is being done.
    /// - Throws: ``TerritoryError`` from the designer or the planner.
    public static func design(
        units: TerritoryMap, visitHours: [Double], driveHours: [Double], customers: CustomerBatch, customerUnits: [Int?],
        options: DesignOptions, planner: RoutePlanner, visitPlan: VisitPlan, rounds: Int = RoutedBalance.defaultRounds,
        timeLimit: Double = .infinity, progress: ((String) -> Void)? = nil
    ) throws(TerritoryError) -> RoutedDesign {
        try design(
            units: units, visitHours: visitHours, driveHours: driveHours, customers: customers, customerUnits: customerUnits, options: options,
            rounds: rounds, timeLimit: timeLimit, progress: progress
        ) { (result: DesignResult) throws(TerritoryError) in
            try routedWork(result, customers: customers, customerUnits: customerUnits, options: options, planner: planner, visitPlan: visitPlan)
        }
    }

    /// The same loop with each round's plan measured by `measure` (each territory's workload:
    /// its routed tours, or its call-cycle schedule), so that design balances the hours reps
    /// will really work.
    /// - Throws: ``TerritoryError`` from the designer or `measure`.
    public static func design(
        units: TerritoryMap, visitHours: [Double], driveHours: [Double], customers: CustomerBatch, customerUnits: [Int?],
        options: DesignOptions, rounds: Int = RoutedBalance.defaultRounds, timeLimit: Double = .infinity,
        progress: ((String) -> Void)? = nil, measure: (DesignResult) throws(TerritoryError) -> [TerritoryWorkload]
    ) throws(TerritoryError) -> RoutedDesign {
        let n = units.count
        guard visitHours.count == n, driveHours.count == n, customerUnits.count == customers.count else {
            throw .invalidArgument("one visit and drive figure per unit and one unit per customer are needed")
        }
        let deadline = TerritoryDesigner.deadline(timeLimit)
        var scale = [Double](repeating: 1, count: n)
        var weights = (0..<n).map { visitHours[$0] + driveHours[$0] }
        var roundOptions = options
        var best: RoutedDesign?
        var round = 0
        while true {
            round += 1
            progress?(round == 1 ? "designing on the estimate" : "round \(round): rebalancing on the corrected estimate")
            let result = try TerritoryDesigner.design(units: units, weights: weights, options: roundOptions)
            progress?("round \(round): routing \(customers.count) customers")
            let work = try measure(result)
            let hours = work.map(\.hours), total = hours.reduce(0, +), targetTotal = result.targets.reduce(0, +)
            let deviations = hours.indices.map { t in
                let target = targetTotal > 0 ? total * result.targets[t] / targetTotal : 0
                return target > 0 ? hours[t] / target - 1 : 0
            }
            let routed = RoutedDesign(result: result, routedHours: hours, routedDeviations: deviations, rounds: round)
            if best == nil || routed.maxRoutedDeviation < best!.maxRoutedDeviation { best = routed }
            if routed.maxRoutedDeviation <= options.tolerance || round >= max(1, rounds) { break }
            if Date() >= deadline {
                best!.timeLimitReached = true
                break
            }
            // Each territory's drive estimate scaled to its routed drive, carried by its units.
            var estimated = [Double](repeating: 0, count: result.territoryIDs.count)
            for u in 0..<n { estimated[result.assignment[u]] += scale[u] * driveHours[u] }
            for u in 0..<n {
                let t = result.assignment[u]
                if estimated[t] > 0, work[t].driveHours > 0 { scale[u] *= work[t].driveHours / estimated[t] }
            }
            weights = (0..<n).map { visitHours[$0] + scale[$0] * driveHours[$0] }
            var current: [String: String] = [:]
            for (u, unit) in units.territories.enumerated() { current[unit.id] = result.territoryIDs[result.assignment[u]] }
            roundOptions.current = current
            if timeLimit.isFinite { roundOptions.timeLimit = max(1, min(options.timeLimit, deadline.timeIntervalSinceNow)) }
        }
        return best!
    }

    /// Each unit's workload hours per period with its drive estimate corrected by routing `plan`:
    /// the estimate of each territory's units scaled to the territory's routed drive time (as a
    /// design round does), for an editor that shows a plan's workload in road time.
    /// - Parameters:
    ///   - plan: each unit's territory (0..<territories).
    ///   - territories: the number of territories.
    ///   - visitHours: each unit's visit hours per period.
    ///   - driveHours: each unit's estimated drive hours per period.
    ///   - customers: the customers.
    ///   - customerUnits: each customer's unit (nil: left out).
    ///   - planner: routes each territory's customers (on road times when it has a road network).
    ///   - visitPlan: visit time and frequency.
    /// - Throws: ``TerritoryError`` from the planner, or for counts that do not match.
    public static func correctedHours(
        plan: [Int], territories: Int, visitHours: [Double], driveHours: [Double], customers: CustomerBatch, customerUnits: [Int?],
        planner: RoutePlanner, visitPlan: VisitPlan
    ) throws(TerritoryError) -> [Double] {
        let n = plan.count
        guard visitHours.count == n, driveHours.count == n, customerUnits.count == customers.count else {
            throw .invalidArgument("one visit and drive figure per unit and one unit per customer are needed")
        }
        let assignments = customerUnits.map { u in Assignment(territory: u.map { plan[$0] }, status: u == nil ? .unassigned : .interior) }
        let routes = try planner.routes(territoryCount: territories, customers: customers, assignments: assignments)
        let routed = TerritoryWorkload.fromRoutes(routes, customers: customers, plan: visitPlan)
        var estimated = [Double](repeating: 0, count: territories)
        for u in 0..<n { estimated[plan[u]] += driveHours[u] }
        return (0..<n).map { u in
            let t = plan[u]
            let scale = estimated[t] > 0 && routed[t].driveHours > 0 ? routed[t].driveHours / estimated[t] : 1
            return visitHours[u] + scale * driveHours[u]
        }
    }

    /// A round's measure by call-cycle schedules (`--workload-model schedule`): each territory's
    /// customers scheduled over the cycle from its home (the one given for its id, else its pole
    /// of inaccessibility); its workload the schedule's hours.
    /// - Parameters:
    ///   - customers: the customers.
    ///   - customerUnits: each customer's unit (nil: left out).
    ///   - needs: each customer's visits.
    ///   - settings: the cycle and the working day.
    ///   - seconds: drive seconds between points (the drive model's, or road times).
    ///   - homes: the homes given, by territory id.
    ///   - threads: the schedules' threads.
    /// - Returns: the measure for ``design(units:visitHours:driveHours:customers:customerUnits:options:rounds:timeLimit:progress:measure:)``.
    public static func scheduleMeasure(
        customers: CustomerBatch, customerUnits: [Int?], needs: [CustomerVisits], settings: CallCycleSettings,
        seconds: @escaping @Sendable ([Coordinate], [Int?]) throws -> [[Double]], homes: [String: Coordinate], threads: Int
    ) -> (DesignResult) throws(TerritoryError) -> [TerritoryWorkload] {
        { (result: DesignResult) throws(TerritoryError) -> [TerritoryWorkload] in
            let (map, assignments) = try territories(of: result, customerUnits: customerUnits)
            let cycles = try TerritoryCallCycles.schedule(
                map: map, customers: customers, assignments: assignments, needs: needs,
                homes: try TerritoryCallCycles.homes(of: map, given: result.territoryIDs.map { homes[$0] }),
                workingDays: Array(repeating: nil, count: map.count), settings: settings, seconds: seconds, options: ScheduleOptions(threads: threads)
            )
            return TerritoryWorkload.fromSchedule(cycles, needs: needs)
        }
    }

    /// A round's plan as its territories (each the union of its units) and each customer's
    /// territory in it, for measuring the plan's workload (routed, or scheduled).
    /// - Parameters:
    ///   - result: the round's plan.
    ///   - customerUnits: each customer's unit (nil: left out).
    /// - Throws: ``TerritoryError`` when a territory's polygon is not usable.
    public static func territories(
        of result: DesignResult, customerUnits: [Int?]
    ) throws(TerritoryError) -> (map: TerritoryMap, assignments: [Assignment]) {
        let map = try TerritoryMap(
            unchecked: result.territoryIDs.indices.map { Territory(id: result.territoryIDs[$0], geometry: result.polygons[$0]) })
        let assignments = customerUnits.map { u in
            Assignment(territory: u.map { result.assignment[$0] }, status: u == nil ? .unassigned : .interior)
        }
        return (map, assignments)
    }

    /// The plan's routed workload per territory.
    static func routedWork(
        _ result: DesignResult, customers: CustomerBatch, customerUnits: [Int?], options: DesignOptions, planner: RoutePlanner,
        visitPlan: VisitPlan
    ) throws(TerritoryError) -> [TerritoryWorkload] {
        let (map, assignments) = try territories(of: result, customerUnits: customerUnits)
        let homes = options.territories.count == map.count ? options.territories.map(\.home) : []
        let routes = try planner.routes(map: map, customers: customers, assignments: assignments, homes: homes.contains { $0 != nil } ? homes : [])
        return TerritoryWorkload.fromRoutes(routes, customers: customers, plan: visitPlan)
    }
}
