import Foundation

/// Everything one design needs, for the one call that makes it
/// (``TerritoryDesigner/design(_:anotherTry:driveLimitName:progress:fraction:)``): the units and their workload, the
/// options, whether to balance on routed or scheduled hours, whether to group the territories
/// into regions, or to design them inside regions drawn beforehand. What comes back (``DesignOutcome``) says whether the plan meets the tolerance
/// and the drive limit.
///
/// ## Example
/// ```swift
/// var options = DesignOptions(territories: 8, tolerance: 0.01)
/// let outcome = try TerritoryDesigner.design(DesignRequest(units: counties, weights: births, options: options, regions: 2))
/// print(outcome.shortfalls)   // empty when the plan is within the tolerance
/// ```
public struct DesignRequest {
    /// The units.
    public var units: TerritoryMap
    /// Each unit's workload (its estimated hours when ``routed`` is given).
    public var weights: [Double]
    /// The territories, tolerance, seed, locks, fixed weights and drive reach.
    public var options: DesignOptions
    /// Balance on the hours reps will work, measured each round; nil balances on ``weights``.
    public var routed: RoutedWorkload?
    /// Group the territories into this many contiguous, balanced regions; nil for none.
    public var regions: Int?
    /// Design the territories inside regions drawn beforehand, none crossing a region border
    /// (balanced on ``weights``, with the tolerance and seed of ``options``); nil for none.
    public var within: GivenRegions?

    /// A request.
    public init(units: TerritoryMap, weights: [Double], options: DesignOptions, routed: RoutedWorkload? = nil, regions: Int? = nil) {
        self.units = units; self.weights = weights; self.options = options; self.routed = routed; self.regions = regions
    }

    /// A request for territories designed inside each of the regions `within`.
    public init(units: TerritoryMap, weights: [Double], within: GivenRegions, tolerance: Double, seed: UInt64 = 1) {
        let count = max(1, within.territoriesPerRegion.reduce(0, +))
        self.init(units: units, weights: weights, options: DesignOptions(territories: count, tolerance: tolerance, seed: seed))
        self.within = within
    }
}

/// Regions drawn beforehand, each to be divided into territories of its own.
public struct GivenRegions {
    /// The regions (their ids name them).
    public var map: TerritoryMap
    /// How many territories each region gets, in the map's order.
    public var territoriesPerRegion: [Int]

    /// Regions and their territory counts.
    public init(map: TerritoryMap, territoriesPerRegion: [Int]) {
        self.map = map; self.territoriesPerRegion = territoriesPerRegion
    }
}

/// How a design balanced on hours measures each round's plan (``RoutedBalance``).
public struct RoutedWorkload {
    /// How each round's territories are measured.
    public enum Measure {
        /// Each territory's customers routed (visits per period of `plan`).
        case routes(RoutePlanner, VisitPlan)
        /// Each territory's call-cycle schedule (``RoutedBalance/scheduleMeasure(customers:customerUnits:needs:settings:seconds:homes:threads:)``).
        case schedules((DesignResult) throws(TerritoryError) -> [TerritoryWorkload])
    }

    /// The customers and their units.
    public var covered: UnitCustomers
    /// Each unit's visit and estimated drive hours.
    public var hours: UnitCustomers.Hours
    /// How rounds are measured.
    public var measure: Measure
    /// An optional ceiling in seconds on the rounds (`.infinity`: none; the plan then depends only
    /// on the inputs and seed).
    public var timeLimit: Double

    /// A routed workload.
    public init(covered: UnitCustomers, hours: UnitCustomers.Hours, measure: Measure, timeLimit: Double = .infinity) {
        self.covered = covered; self.hours = hours; self.measure = measure; self.timeLimit = timeLimit
    }
}

/// A design and what it falls short of.
public struct DesignOutcome {
    /// The plan.
    public let plan: DesignResult
    /// The territories designed, as reps (ids, names, homes and shares where the request gave them).
    public let reps: [RepTerritory]
    /// The routed rounds, when the design balanced on hours.
    public let routed: RoutedDesign?
    /// The regions above the territories, when asked for.
    public let regions: RegionPlan?
    /// Why the plan misses the tolerance (`tolerance`), and which units lie beyond their home's
    /// drive limit (`driveLimit`); nil where it meets them.
    public let tolerance: String?, driveLimit: String?

    /// Whether a time limit cut the search (``DesignOptions/timeLimit``) or the rounds
    /// (``RoutedWorkload/timeLimit``) short: the plan then depends on the machine's speed.
    public var timeLimitReached: (search: Bool, rounds: Bool) { (plan.timeLimitReached, routed?.timeLimitReached == true) }
}

extension TerritoryDesigner {
    /// Designs the territories a request asks for: balanced on weight, or on routed or scheduled
    /// hours, grouped into regions when asked.
    /// - Parameters:
    ///   - request: what to design.
    ///   - anotherTry: how the caller names another attempt (a new seed), in the shortfall lines.
    ///   - driveLimitName: how the caller names the drive limit, in the shortfall lines.
    ///   - progress: called with a line saying what is being done.
    ///   - fraction: called with the share of the search done (weight balance only).
    /// - Throws: ``TerritoryError`` from the designer, the routing or the scheduling.
    public static func design(
        _ request: DesignRequest, anotherTry: String = "another seed", driveLimitName: String = "the drive limit",
        progress: ((String) -> Void)? = nil, fraction: (@Sendable (Double) -> Void)? = nil
    ) throws(TerritoryError) -> DesignOutcome {
        let options = request.options, units = request.units
        if let within = request.within {
            progress?("designing inside \(within.map.count) regions")
            let (plan, regions) = try design(
                units: units, weights: request.weights, within: within.map.territories.map(\.geometry), regionIDs: within.map.ids,
                territoriesPerRegion: within.territoriesPerRegion, tolerance: options.tolerance, seed: options.seed)
            return DesignOutcome(
                plan: plan, reps: plan.territoryIDs.map { RepTerritory(id: $0) }, routed: nil, regions: regions,
                tolerance: plan.status.reason(moreTime: anotherTry), driveLimit: nil)
        }
        let plan: DesignResult
        var routed: RoutedDesign?
        if let r = request.routed {
            // Balanced on the hours reps work: route (or schedule), correct the estimate, rebalance, repeat.
            let customerUnits = r.covered.units.map(\.territory)
            switch r.measure {
            case let .routes(planner, visitPlan):
                routed = try RoutedBalance.design(
                    units: units, visitHours: r.hours.visit, driveHours: r.hours.drive, customers: r.covered.customers,
                    customerUnits: customerUnits, options: options, planner: planner, visitPlan: visitPlan, timeLimit: r.timeLimit,
                    progress: progress)
            case let .schedules(measure):
                routed = try RoutedBalance.design(
                    units: units, visitHours: r.hours.visit, driveHours: r.hours.drive, customers: r.covered.customers,
                    customerUnits: customerUnits, options: options, timeLimit: r.timeLimit, progress: progress, measure: measure)
            }
            plan = routed!.result
        } else {
            plan = try design(units: units, weights: request.weights, options: options, progress: progress, fraction: fraction)
        }
        let regionPlan = try request.regions.map { count throws(TerritoryError) in
            progress?("grouping \(plan.territoryIDs.count) territories into \(count) regions")
            return try regions(of: plan, count: count, tolerance: options.tolerance, seed: options.seed)
        }
        var outside: String?
        if let routed {
            if routed.maxRoutedDeviation > options.tolerance {
                outside = String(
                    format: "routed, the workload is %.2f%% off (tolerance %.2f%%) after %d rounds; a larger tolerance may help",
                    routed.maxRoutedDeviation * 100, options.tolerance * 100, routed.rounds)
            }
        } else {
            outside = plan.status.reason(moreTime: anotherTry)
        }
        if outside == nil, let regionPlan, let reason = regionPlan.status.reason(moreTime: anotherTry) { outside = "regions: " + reason }
        let beyond = options.reach?.shortfall(plan.assignment, unitIDs: units.ids, limitName: driveLimitName)
        return DesignOutcome(plan: plan, reps: options.territories, routed: routed, regions: regionPlan, tolerance: outside, driveLimit: beyond)
    }
}
