import Foundation

/// One region's roll-up of its territories: what the regional manager answers for.
public struct RegionBalance: Sendable, Equatable {
    /// The region's id.
    public let id: String
    /// Its territories' ids, in map order.
    public let territories: [String]
    /// Customers and weight of its territories.
    public let customers: Int, weight: Double
    /// The balanced quantity (customers, weight or workload hours) summed over its territories,
    /// and what they are expected to carry together.
    public let balanced: Double, expected: Double
    /// (balanced − expected) / expected, in percent (0 when nothing is expected).
    public let deviationPercent: Double
    /// Workload hours of its territories, when known.
    public let workloadHours: Double?
    /// The sum of its territories' goals, when goals are set.
    public let goal: Double?

    /// Rolls per-territory figures (one entry per territory of `regions`) up to the regions: each
    /// region's sums, its deviation that of the balanced sum from the expected sum (a region of
    /// part-time reps is expected to carry less).
    ///
    /// ## Example
    /// ```swift
    /// let regions = try TerritoryRegions(territoryRegions: ["East", "East", "West"])
    /// let rows = RegionBalance.rollUp(
    ///     regions, territoryIDs: ["A", "B", "C"], customers: [10, 20, 30], weights: [1, 2, 3],
    ///     balanced: [1, 2, 3], expected: [2, 2, 2])
    /// // East: balanced 3, expected 4, deviation -25%
    /// ```
    /// - Parameters:
    ///   - regions: each territory's region.
    ///   - territoryIDs: the territories' ids.
    ///   - customers: customers per territory.
    ///   - weights: weight per territory.
    ///   - balanced: the balanced quantity per territory.
    ///   - expected: what each territory is expected to carry.
    ///   - hours: workload hours per territory, when known.
    ///   - goals: goal per territory (nil: none set), when goals are set.
    public static func rollUp(
        _ regions: TerritoryRegions, territoryIDs: [String], customers: [Int], weights: [Double], balanced: [Double], expected: [Double],
        hours: [Double]? = nil, goals: [Double?]? = nil
    ) -> [RegionBalance] {
        regions.ids.indices.map { r in
            let members = regions.members(of: r).filter { $0 < territoryIDs.count }
            func sum(_ values: [Double]) -> Double { members.reduce(0) { $0 + values[$1] } }
            let b = sum(balanced), e = sum(expected)
            let goal: Double? = goals.flatMap { g in
                let set = members.compactMap { g[$0] }
                // In cents, so a region's goal is its territories' to the cent.
                return set.isEmpty ? nil : set.reduce(0) { $0 + ($1 * 100).rounded() } / 100
            }
            return RegionBalance(
                id: regions.ids[r], territories: members.map { territoryIDs[$0] }, customers: members.reduce(0) { $0 + customers[$1] },
                weight: sum(weights), balanced: b, expected: e, deviationPercent: e > 0 ? (b - e) / e * 100 : 0,
                workloadHours: hours.map(sum), goal: goal)
        }
    }

    /// The roll-ups as JSON members of `regions[]`: `id`, `territories`, `customers`, `weight`,
    /// `deviation_pct`, `workload_hours` and `goal` (null when not known).
    public static func json(_ rows: [RegionBalance]) -> JSONValue {
        .array(
            rows.map { r in
                .object([
                    JSONMember("id", .string(r.id)), JSONMember("territories", .array(r.territories.map(JSONValue.string))),
                    JSONMember("customers", .number(String(r.customers))), JSONMember("weight", JSONValue.rounded(r.weight)),
                    JSONMember("deviation_pct", JSONValue.rounded(r.deviationPercent, digits: 2)),
                    JSONMember("workload_hours", r.workloadHours.map { JSONValue.rounded($0, digits: 3) } ?? .null),
                    JSONMember("goal", r.goal.map { JSONValue.rounded($0, digits: 2) } ?? .null),
                ])
            })
    }

    /// The roll-ups as a text table (work hours and goals when known).
    public static func text(_ rows: [RegionBalance]) -> String {
        let hours = rows.first?.workloadHours != nil, goals = rows.contains { $0.goal != nil }
        let width = max(10, rows.map(\.id.count).max() ?? 0)
        var out =
            TextTable.pad("region", width) + " " + TextTable.pad("territories", 11, right: true) + " " + TextTable.pad("customers", 9, right: true)
            + " " + TextTable.pad("weight", 14, right: true) + " " + TextTable.pad("dev %", 9, right: true)
            + (hours ? " " + TextTable.pad("work h", 9, right: true) : "") + (goals ? " " + TextTable.pad("goal", 14, right: true) : "") + "\n"
        for r in rows {
            out +=
                TextTable.pad(r.id, width) + " " + TextTable.pad(String(r.territories.count), 11, right: true) + " "
                + TextTable.pad(String(r.customers), 9, right: true) + " " + TextTable.pad(String(format: "%.0f", r.weight), 14, right: true) + " "
                + TextTable.pad(String(format: "%+.1f", r.deviationPercent) + " ", 9, right: true)
                + (hours ? " " + TextTable.pad(String(format: "%.1f", r.workloadHours ?? 0), 9, right: true) : "")
                + (goals ? " " + TextTable.pad(r.goal.map { String(format: "%.2f", $0) } ?? "-", 14, right: true) : "") + "\n"
        }
        return out
    }
}

extension BalanceReport {
    /// The report rolled up to regions (see ``RegionBalance/rollUp(_:territoryIDs:customers:weights:balanced:expected:hours:goals:)``).
    ///
    /// ## Example
    /// ```swift
    /// let regions = try TerritoryRegions(territoryRegions: ["East", "East", "West"])
    /// for r in report.regions(regions) { print(r.id, r.deviationPercent) }
    /// ```
    /// - Parameters:
    ///   - regions: each territory's region (one per territory of the report).
    ///   - goals: each territory's goal, when goals are set.
    public func regions(_ regions: TerritoryRegions, goals: [TerritoryGoal]? = nil) -> [RegionBalance] {
        RegionBalance.rollUp(
            regions, territoryIDs: territories.map(\.id), customers: territories.map(\.customers), weights: territories.map(\.weight),
            balanced: territories.map(\.balanced), expected: territories.map(\.expected),
            hours: territories.first?.workload == nil ? nil : territories.map { $0.workload?.hours ?? 0 }, goals: goals?.map(\.goal))
    }
}

extension BalanceReport {
    /// Each territory's farthest customer from its rep's home, in drive minutes: what a drive
    /// limit from home (`design --max-drive-minutes`) bounds.
    ///
    /// ## Example
    /// ```swift
    /// let minutes = try BalanceReport.maxDriveMinutes(customers: batch, assignments: assignments, homes: homes) { home, points in
    ///     try points.map { model.driveSeconds(geodesic: try Geodesic.wgs84.distance(from: home, to: $0)) }
    /// }
    /// ```
    /// - Parameters:
    ///   - customers: the customers.
    ///   - assignments: each customer's territory.
    ///   - homes: each territory's home (nil: unknown, no figure).
    ///   - seconds: drive seconds from a home to each of the points (the drive model's, or a road
    ///     network's).
    /// - Returns: one figure per territory: nil without a home, 0 without customers.
    public static func maxDriveMinutes(
        customers: CustomerBatch, assignments: [Assignment], homes: [Coordinate?],
        seconds: (_ home: Coordinate, _ points: [Coordinate]) throws -> [Double]
    ) rethrows -> [Double?] {
        var points = [[Coordinate]](repeating: [], count: homes.count)
        for (i, a) in assignments.enumerated() {
            if let t = a.territory, t < homes.count { points[t].append(Coordinate(x: customers.lon[i], y: customers.lat[i])) }
        }
        return try homes.indices.map { t in
            guard let home = homes[t] else { return nil }
            return points[t].isEmpty ? 0 : (try seconds(home, points[t]).max() ?? 0) / 60
        }
    }
}
