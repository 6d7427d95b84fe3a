import Foundation

extension RepTerritory {
    /// Each territory's share of the workload from its rep's capacity: the same rule wherever
    /// capacity counts (design's targets, report's expected values).
    ///
    /// A rep's given `target_share` is kept. The others split what the given shares leave, in
    /// proportion to the days they work: a rep with `days` d of a cycle of `cycleDays` counts
    /// d / `cycleDays` of a full-time rep (capped at 1); without `days`, or without a cycle, a
    /// full rep. When the given shares leave nothing, the others get a full rep's equal share.
    /// Shares are normalised to sum to 1.
    ///
    /// ## Example
    /// ```swift
    /// let reps = [RepTerritory(id: "A"), RepTerritory(id: "B", workingDays: 12)]
    /// RepTerritory.shares(territoryIDs: ["A", "B"], reps: reps, cycleDays: 20)   // [0.625, 0.375]
    /// ```
    /// - Parameters:
    ///   - territoryIDs: the territories, in order.
    ///   - reps: the reps file's rows (territories it does not list count as full reps).
    ///   - cycleDays: the call cycle's working days, when known.
    /// - Returns: one share per territory, or nil when no rep has a target share or (with a
    ///   cycle) a part-time number of days: then every territory expects the mean.
    public static func shares(territoryIDs: [String], reps: [RepTerritory], cycleDays: Int?) -> [Double]? {
        let (shares, meaningful) = capacityShares(territoryIDs: territoryIDs, reps: reps, cycleDays: cycleDays)
        guard meaningful else { return nil }
        let sum = shares.reduce(0, +)
        return sum > 0 ? shares.map { $0 / sum } : nil
    }

    /// The shares of ``shares(territoryIDs:reps:cycleDays:)`` before they are normalised (design
    /// divides its total by their sum itself), and whether any rep's share or days made them
    /// differ from the mean.
    static func capacityShares(territoryIDs: [String], reps: [RepTerritory], cycleDays: Int?) -> (shares: [Double], meaningful: Bool) {
        var byID: [String: RepTerritory] = [:]
        for r in reps { byID[r.id] = r }
        let listed = territoryIDs.map { byID[$0] }
        let capacity = listed.map { rep -> Double in
            guard let days = rep?.workingDays, let cycleDays, cycleDays > 0 else { return 1 }
            return min(1, Double(days) / Double(cycleDays))
        }
        let given = listed.map { $0?.targetShare }
        let meaningful = given.contains(where: { $0 != nil }) || capacity.contains(where: { $0 < 1 })
        let count = Double(territoryIDs.count)
        let givenSum = given.reduce(0) { $0 + ($1 ?? 0) }
        let otherCapacity = zip(given, capacity).reduce(0) { $0 + ($1.0 == nil ? $1.1 : 0) }
        let rest = max(0, 1 - givenSum)
        let shares = zip(given, capacity).map { g, c -> Double in
            if let g { return g }
            return rest > 0 && otherCapacity > 0 ? rest * c / otherCapacity : c / count
        }
        return (shares, meaningful)
    }
}
