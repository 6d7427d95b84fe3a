import Foundation

/// One region's change between two plans.
public struct RegionShift: Sendable, Equatable {
    /// The region's roll-up in the new plan (customers, weight, deviation, hours).
    public let after: RegionBalance
    /// Customers and weight of its territories in the old plan.
    public let customersBefore: Int, weightBefore: Double
    /// Its deviation in the old plan, in percent.
    public let deviationBeforePercent: Double
    /// Customers that came into the region from another (or from none), and that left it.
    public let gained: Int, lost: Int
}

extension PlanDiff {
    /// The comparison rolled up to regions: each region's territories before and after, and the
    /// customers crossing its border (moves between two of its own territories stay inside).
    ///
    /// A region's deviation is its balanced sum (weight, or hours when routed) against its
    /// territories' share of its plan's total: as many means as it has territories in that plan.
    ///
    /// ## Example
    /// ```swift
    /// let regions = try TerritoryRegions(territoryRegions: diff.territories.map { regionOf[$0.id]! })
    /// for r in diff.regions(regions) { print(r.after.id, r.gained, r.lost) }
    /// ```
    /// - Parameter regions: the region of each territory of ``territories`` (both plans').
    public func regions(_ regions: TerritoryRegions) -> [RegionShift] {
        let ids = territories.map(\.id)
        func balanced(_ before: Bool) -> [Double] {
            territories.map { before ? ($0.hoursBefore ?? $0.weightBefore) : ($0.hoursAfter ?? $0.weightAfter) }
        }
        func expected(_ before: Bool) -> [Double] {
            let members = territories.map { before ? $0.inBefore : $0.inAfter }
            let n = members.filter { $0 }.count
            let mean = n > 0 ? balanced(before).reduce(0, +) / Double(n) : 0
            return members.map { $0 ? mean : 0 }
        }
        let routed = territories.contains { $0.hoursAfter != nil }
        let after = RegionBalance.rollUp(
            regions, territoryIDs: ids, customers: territories.map(\.customersAfter), weights: territories.map(\.weightAfter),
            balanced: balanced(false), expected: expected(false), hours: routed ? territories.map { $0.hoursAfter ?? 0 } : nil)
        let before = RegionBalance.rollUp(
            regions, territoryIDs: ids, customers: territories.map(\.customersBefore), weights: territories.map(\.weightBefore),
            balanced: balanced(true), expected: expected(true))
        var gained = [Int](repeating: 0, count: regions.count), lost = gained
        let k = territories.count
        for (key, flow) in flows {
            let from = key / (k + 1) - 1, to = key % (k + 1) - 1
            let rFrom = from >= 0 ? regions.regionOfTerritory[from] : -1, rTo = to >= 0 ? regions.regionOfTerritory[to] : -1
            guard rFrom != rTo else { continue }
            if rTo >= 0 { gained[rTo] += flow.customers }
            if rFrom >= 0 { lost[rFrom] += flow.customers }
        }
        return regions.ids.indices.map { r in
            RegionShift(
                after: after[r], customersBefore: before[r].customers, weightBefore: before[r].weight,
                deviationBeforePercent: before[r].deviationPercent, gained: gained[r], lost: lost[r])
        }
    }

    /// The region roll-ups as `regions[]` of `territory diff --format json`: the new plan's
    /// `id`, `territories`, `customers`, `weight`, `deviation_pct`, `workload_hours`, `goal`
    /// (null), then `customers_before`, `weight_before`, `deviation_before_pct`, `gained`, `lost`.
    public static func regionsJSON(_ rows: [RegionShift]) -> JSONValue {
        guard case let .array(items) = RegionBalance.json(rows.map(\.after)) else { return .array([]) }
        return .array(
            zip(items, rows).map { item, r in
                guard case let .object(members) = item else { return item }
                return .object(
                    members + [
                        JSONMember("customers_before", .number(String(r.customersBefore))),
                        JSONMember("weight_before", JSONValue.rounded(r.weightBefore)),
                        JSONMember("deviation_before_pct", JSONValue.rounded(r.deviationBeforePercent, digits: 2)),
                        JSONMember("gained", .number(String(r.gained))), JSONMember("lost", .number(String(r.lost))),
                    ])
            })
    }

    /// The region roll-ups as a text table: customers and weight before → after, deviation
    /// before → after, customers gained from and lost to other regions.
    public static func regionsText(_ rows: [RegionShift]) -> String {
        let width = max(10, rows.map(\.after.id.count).max() ?? 0)
        var out =
            TextTable.pad("region", width) + TextTable.pad("customers", 18, right: true) + TextTable.pad("weight", 26, right: true)
            + TextTable.pad("dev %", 18, right: true) + TextTable.pad("gained", 8, right: true) + TextTable.pad("lost", 8, right: true) + "\n"
        for r in rows {
            out += TextTable.pad(r.after.id, width) + TextTable.pad("\(r.customersBefore) -> \(r.after.customers)", 18, right: true)
            out += TextTable.pad(String(format: "%.1f -> %.1f", r.weightBefore, r.after.weight), 26, right: true)
            out += TextTable.pad(String(format: "%+.1f -> %+.1f", r.deviationBeforePercent, r.after.deviationPercent), 18, right: true)
            out += TextTable.pad(String(r.gained), 8, right: true) + TextTable.pad(String(r.lost), 8, right: true) + "\n"
        }
        return out
    }
}
