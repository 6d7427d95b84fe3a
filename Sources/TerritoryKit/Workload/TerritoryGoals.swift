import Foundation

/// One territory's goal, against its potential and, when known, its actual result.
public struct TerritoryGoal: Sendable, Equatable {
    /// The goal for the period, or nil when none was set for this territory.
    public let goal: Double?
    /// The potential it is measured against (the territory's weight).
    public let potential: Double
    /// Goal ÷ potential (nil without a goal, or with no potential).
    public let goalPerPotential: Double?
    /// Whether the goal is attainable relative to the others: its goal per unit of potential is
    /// at most the tolerance above the company's average (nil without a goal).
    public let attainable: Bool?
    /// The actual result, when given.
    public let actual: Double?
    /// Actual ÷ goal in percent (nil without both, or for a zero goal).
    public let attainmentPercent: Double?
}

/// Goals per territory: a company goal split in proportion to potential, or goals set by
/// management checked for attainability.
///
/// "Attainable" is relative: a goal asks for a share of what the territory can yield. When the
/// goal per unit of potential is more than the tolerance above the company's average (total
/// goal ÷ total potential over the territories with a goal), that territory is asked for more
/// than the others for the same potential, which is what the SMART criterion's "attainable"
/// rules out.
///
/// ## Example
/// ```swift
/// let goals = try TerritoryGoals.split(1_000_000, potentials: [300, 700])
/// // goals.map(\.goal) == [300_000, 700_000]
/// ```
public enum TerritoryGoals {
    /// Splits `amount` across territories in proportion to `shares` when given (one per
    /// territory, normalised), otherwise to `potentials`. Split by potential, every goal is
    /// attainable; split by shares, those asking more than `tolerance` above the average goal
    /// per potential are flagged.
    ///
    /// Goals are amounts of money: each is a whole number of cents, and they add up to the
    /// amount (rounded to the cent) exactly, by the largest-remainder method: every territory
    /// gets its share rounded down to the cent, and the cents left go one each to the largest
    /// remainders (the earlier territory first on a tie). 1,000,000 split three ways is
    /// 333,333.34 + 333,333.33 + 333,333.33.
    /// - Throws: ``TerritoryError/invalidArgument(_:)`` for a negative or non-finite amount,
    ///   counts that differ, or nothing to split by (all potentials zero).
    public static func split(
        _ amount: Double, potentials: [Double], shares: [Double]? = nil,
        tolerance: Double = 0.10
    ) throws(TerritoryError) -> [TerritoryGoal] {
        try wrapped {
            guard amount.isFinite, amount >= 0 else { throw TerritoryError.invalidArgument("the goal must be a number >= 0, got \(amount)") }
            let basis = shares ?? potentials
            guard basis.count == potentials.count else {
                throw TerritoryError.invalidArgument("\(basis.count) shares for \(potentials.count) territories")
            }
            let total = basis.reduce(0, +)
            guard total > 0 else { throw TerritoryError.invalidArgument("no potential to split the goal by (every territory's weight is 0)") }
            let goals = centsByLargestRemainder(amount, basis: basis, total: total).map { Double($0) / 100 }
            return assess(goals: goals, actuals: Array(repeating: nil, count: goals.count), potentials: potentials, tolerance: tolerance)
        }
    }

    /// Splits `amount` top-down: company → regions → territories. Each region gets its
    /// territories' summed basis (`shares` when given, otherwise `potentials`) of the amount, to
    /// the cent by the largest-remainder method; then each region's amount is split across its
    /// territories the same way. So goals add up exactly, to the cent, at every level: the
    /// territories to their region's goal, the regions to the company's.
    ///
    /// ## Example
    /// ```swift
    /// let regions = try TerritoryRegions(territoryRegions: ["East", "East", "West"])
    /// let goals = try TerritoryGoals.split(100, potentials: [1, 1, 1], regions: regions)
    /// // regions: 66.67 and 33.33; territories: 33.34, 33.33 and 33.33
    /// ```
    /// - Throws: as ``split(_:potentials:shares:tolerance:)``; also for a region list whose size
    ///   is not the territories'.
    public static func split(
        _ amount: Double, potentials: [Double], shares: [Double]? = nil, regions: TerritoryRegions?, tolerance: Double = 0.10
    ) throws(TerritoryError) -> [TerritoryGoal] {
        guard let regions else { return try split(amount, potentials: potentials, shares: shares, tolerance: tolerance) }
        return try wrapped {
            guard amount.isFinite, amount >= 0 else { throw TerritoryError.invalidArgument("the goal must be a number >= 0, got \(amount)") }
            let basis = shares ?? potentials
            guard basis.count == potentials.count, regions.regionOfTerritory.count == potentials.count else {
                throw TerritoryError.invalidArgument(
                    "\(basis.count) shares and \(regions.regionOfTerritory.count) regions for \(potentials.count) territories")
            }
            let total = basis.reduce(0, +)
            guard total > 0 else { throw TerritoryError.invalidArgument("no potential to split the goal by (every territory's weight is 0)") }
            let regionBasis = regions.ids.indices.map { r in regions.members(of: r).reduce(0) { $0 + basis[$1] } }
            let regionCents = centsByLargestRemainder(amount, basis: regionBasis, total: total)
            var cents = [Int64](repeating: 0, count: basis.count)
            for r in regions.ids.indices where regionBasis[r] > 0 {
                let members = regions.members(of: r)
                let parts = centsByLargestRemainder(Double(regionCents[r]) / 100, basis: members.map { basis[$0] }, total: regionBasis[r])
                for (k, t) in members.enumerated() { cents[t] = parts[k] }
            }
            let goals = cents.map { Double($0) / 100 }
            return assess(goals: goals, actuals: Array(repeating: nil, count: goals.count), potentials: potentials, tolerance: tolerance)
        }
    }

    /// `amount` in whole cents split in proportion to `basis` (summing to `total`), adding up to
    /// the amount's cents exactly.
    static func centsByLargestRemainder(_ amount: Double, basis: [Double], total: Double) -> [Int64] {
        let cents = (amount * 100).rounded()
        // Shares in cents, computed in Double: exact to the cent while cents < 2^53 / parts
        // (amounts up to tens of trillions); larger amounts keep their Double shares' cents.
        let raw = basis.map { cents * $0 / total }
        var parts = raw.map { Int64($0.rounded(.down)) }
        var left = Int64(cents) - parts.reduce(0, +)
        let byRemainder = raw.indices.sorted { a, b in
            let ra = raw[a] - raw[a].rounded(.down), rb = raw[b] - raw[b].rounded(.down)
            return ra != rb ? ra > rb : a < b
        }
        // Rounding in Double can leave a cent more or less than whole shares allow; hand out (or
        // take back) cents until the parts add up.
        var k = 0
        while left > 0, !byRemainder.isEmpty {
            parts[byRemainder[k % byRemainder.count]] += 1
            left -= 1; k += 1
        }
        k = byRemainder.count - 1
        while left < 0, k >= 0 {
            let t = byRemainder[k]
            if parts[t] > 0 { parts[t] -= 1; left += 1 }
            k -= 1
        }
        return parts
    }

    /// Checks goals set by management against potential.
    /// - Parameters:
    ///   - goals: one per territory (nil: no goal set).
    ///   - actuals: one per territory (nil: not known).
    ///   - potentials: one per territory (its weight).
    ///   - tolerance: as a fraction (0.10: a goal per potential up to 10% above average is fine).
    public static func assess(goals: [Double?], actuals: [Double?], potentials: [Double], tolerance: Double) -> [TerritoryGoal] {
        var goalSum = 0.0, potentialSum = 0.0
        for (g, p) in zip(goals, potentials) where g != nil { goalSum += g!; potentialSum += p }
        let average = potentialSum > 0 ? goalSum / potentialSum : nil
        return potentials.indices.map { t in
            let goal = goals[t], potential = potentials[t], actual = actuals[t]
            let perPotential: Double? = goal.flatMap { g in potential > 0 ? g / potential : (g == 0 ? 0 : nil) }
            var attainable: Bool?
            if let goal {
                if let perPotential, let average {
                    attainable = perPotential <= average * (1 + tolerance) + 1e-12 * max(1, average)
                } else {
                    attainable = goal == 0
                }
            }
            let attainment: Double? = goal.flatMap { g in actual.flatMap { a in g > 0 ? a / g * 100 : nil } }
            return TerritoryGoal(
                goal: goal, potential: potential, goalPerPotential: perPotential, attainable: attainable,
                actual: actual, attainmentPercent: attainment)
        }
    }
}
