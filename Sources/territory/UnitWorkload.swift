import ArgumentParser
import Foundation
import TerritoryKit

/// The options saying where each unit's workload comes from (`design`, `edit`).
struct UnitWeightOptions: ParsableArguments {
    @Option(name: .customLong("weight-property"), help: "Numeric unit property holding each unit's workload.")
    var weightProperty: String?
    @Option(
        help: "Customers (CSV, a point layer or a sheet); each unit's workload is the customers it covers (their --weight-column summed, or counted)."
    )
    var customers: String?
    @OptionGroup var columns: CustomerOptions

    func validate() throws {
        if customers == nil, let option = columns.given.first { throw ValidationError("\(option) goes with --customers") }
    }

    /// Where the units' workload comes from; `workload` (visit time and the drive model) is
    /// needed for estimated hours only.
    func source(units: String, nearest: NearestOptions, workload: WorkloadOptions? = nil) -> UnitWorkload {
        UnitWorkload(unitsName: units, weightProperty: weightProperty, customers: customers, columns: columns, nearest: nearest, workload: workload)
    }
}

/// Where each unit's workload comes from, for `design` and `edit`: a numeric unit property, the
/// customers each unit covers (counted or weighed), their estimated workload hours, or 1.
struct UnitWorkload {
    let unitsName: String
    let weightProperty: String?
    let customers: String?
    let columns: CustomerOptions
    let nearest: NearestOptions
    let workload: WorkloadOptions?

    /// Customers held for routing a plan (workload balance only).
    struct RoutedCustomers {
        let batch: CustomerBatch
        /// Each customer's unit.
        let units: [Assignment]
        /// Each unit's visit hours and estimated drive hours per period.
        let visitHours: [Double], driveHours: [Double]
    }

    /// Each unit's estimated workload hours per period (visits plus its share of a tour), with
    /// the customers kept for routing.
    func estimatedHours(_ unitMap: TerritoryMap) throws -> ([Double], RoutedCustomers) {
        if let customers, let workload {
            let batch = try openCustomers(customers, columns, visitMinutes: workload.visitMinutesColumn).readAll()
            let units = try TerritoryAssigner(map: unitMap, options: nearest.assignment).assign(
                batch, threads: ProcessInfo.processInfo.activeProcessorCount)
            let left = units.reduce(0) { $0 + ($1.territory == nil ? 1 : 0) }
            try nearest.reportLeftOut(
                left, of: batch.count, outside: "unit", customers: (customers, columns), map: { unitMap })
            var count = [Int](repeating: 0, count: unitMap.count), minutes = [Double](repeating: 0, count: unitMap.count)
            let plan = try workload.plan, model = try workload.drive.model
            for (i, a) in units.enumerated() {
                guard let u = a.territory else { continue }
                count[u] += 1
                minutes[u] += plan.minutes(batch, i)
            }
            let weights = try unitMap.territories.indices.map { u in
                TerritoryWorkload.unitEstimate(
                    customers: count[u], areaM2: try Geodesic.wgs84.area(unitMap.territories[u].geometry),
                    visitMinutes: minutes[u], plan: plan, model: model)
            }
            let visit = minutes.map { plan.visitsPerPeriod * $0 / 60 }
            let drive = weights.indices.map { max(0, weights[$0] - visit[$0]) }
            return (weights, RoutedCustomers(batch: batch, units: units, visitHours: visit, driveHours: drive))
        }
        throw TerritoryError.invalidArgument("workload hours need --customers")
    }

    /// Each unit's weight from the customers it covers, key accounts apart: an account's weight
    /// (1 without a weight column) is its territory's, not its unit's.
    /// - Parameters:
    ///   - accounts: the key accounts, their territories positions in `territoryIDs`.
    ///   - territoryIDs: the territories being designed.
    ///   - locked: unit id → territory id of the locked units; an account lying in a unit locked
    ///     to another territory is refused.
    /// - Returns: each unit's weight, each territory's accounts' weight by territory id, and the
    ///   accounts with their location and weight (for the editor).
    func weights(
        _ unitMap: TerritoryMap, accounts: KeyAccounts, territoryIDs: [String], locked: [String: String]
    ) throws -> (units: [Double], fixed: [String: Double], accounts: [EditorAccount]) {
        guard let customers else { throw TerritoryError.invalidArgument("--accounts goes with --customers (key accounts are customers)") }
        let batch = try openCustomers(customers, columns).readAll()
        let units = try TerritoryAssigner(map: unitMap, options: nearest.assignment).assign(
            batch, threads: ProcessInfo.processInfo.activeProcessorCount)
        let left = units.reduce(0) { $0 + ($1.territory == nil ? 1 : 0) }
        try nearest.reportLeftOut(left, of: batch.count, outside: "unit", customers: (customers, columns), map: { unitMap })
        var weights = [Double](repeating: 0, count: unitMap.count), fixed: [String: Double] = [:], located: [EditorAccount] = []
        var seen = accounts.noneSeen
        for i in 0..<batch.count {
            let w = columns.weightColumn == nil ? 1 : batch.weight[i]
            if let k = batch.withIDBytes(i, { accounts.account(ofID: $0) }) {
                seen[k] = true
                let territory = territoryIDs[accounts.accounts[k].territory]
                if let u = units[i].territory, let other = locked[unitMap.territories[u].id], other != territory {
                    throw TerritoryError.csv(
                        source: accounts.source, line: accounts.accounts[k].line,
                        message:
                            "customer \(accounts.accounts[k].customerID) lies in unit \(unitMap.territories[u].id), locked to \(other); the account names \(territory): give one of them"
                    )
                }
                fixed[territory, default: 0] += w
                located.append(
                    EditorAccount(
                        customerID: batch.id(i), location: Coordinate(x: batch.lon[i], y: batch.lat[i]),
                        territory: accounts.accounts[k].territory, weight: w))
            } else if let u = units[i].territory {
                weights[u] += w
            }
        }
        try accounts.checkEveryAccountSeen(seen, customers: customers)
        return (weights, fixed, located)
    }

    /// Each unit's points for a drive limit: the customers it covers, or its interior point
    /// (without customers, or for a unit with none).
    func unitPoints(_ unitMap: TerritoryMap) throws -> [[Coordinate]] {
        var points = [[Coordinate]](repeating: [], count: unitMap.count)
        if let customers {
            let batch = try openCustomers(customers, columns).readAll()
            let units = try TerritoryAssigner(map: unitMap, options: nearest.assignment).assign(
                batch, threads: ProcessInfo.processInfo.activeProcessorCount)
            for (i, a) in units.enumerated() { if let u = a.territory { points[u].append(Coordinate(x: batch.lon[i], y: batch.lat[i])) } }
        }
        for u in points.indices where points[u].isEmpty {
            let inside = try unitMap.territories[u].geometry.pointOnSurface()
            points[u] = [try inside.coordinates().first!]
        }
        return points
    }

    /// Each unit's weight: a property, the customers it covers, or 1.
    func weights(_ unitMap: TerritoryMap) throws -> [Double] {
        if let weightProperty {
            return try unitMap.territories.map { t in
                guard let value = t.properties.first(where: { $0.key == weightProperty })?.value else {
                    throw TerritoryError.invalidArgument("\(unitsName): unit \(t.id) has no property \"\(weightProperty)\"")
                }
                guard let w = value.doubleValue ?? value.stringValue.flatMap(Double.init), w.isFinite, w >= 0 else {
                    throw TerritoryError.invalidArgument(
                        "\(unitsName): unit \(t.id): \"\(weightProperty)\" is \(JSONWriter.string(value)); it must be a number >= 0")
                }
                return w
            }
        }
        if let customers {
            let assigner = try TerritoryAssigner(map: unitMap, options: nearest.assignment)
            let reader = try openCustomers(customers, columns)
            let tally = try BalanceTally.tally(reader, assigner: assigner, threads: ProcessInfo.processInfo.activeProcessorCount) { _ in }
            try nearest.reportLeftOut(
                tally.unassigned, of: tally.total, outside: "unit", customers: (customers, columns), map: { unitMap })
            return columns.weightColumn == nil ? tally.customers.map(Double.init) : tally.weight
        }
        return [Double](repeating: 1, count: unitMap.count)
    }

}
