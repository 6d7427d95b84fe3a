import Foundation
import GEOS
import GeoTypes

/// The customers each unit of a design covers: one assignment of a customer batch to the units,
/// from which each unit's workload is read (counted, weighed, or in estimated hours), the key
/// accounts' weights are set apart, and the points a drive limit measures are taken.
///
/// Reading the customers once and asking this for every figure keeps a design that combines
/// them (key accounts and a drive limit, say) to one pass over the file.
///
/// ## Example
/// ```swift
/// let covered = try UnitCustomers(units: counties, customers: batch)
/// let weights = covered.weights(weighed: false)   // customers per county
/// ```
public struct UnitCustomers {
    /// The customers.
    public let customers: CustomerBatch
    /// Each customer's unit (`territory` is the unit's position; nil when it lies in none).
    public let units: [Assignment]
    /// How many units there are.
    public let unitCount: Int

    /// Assigns `customers` to the units of `map` by the border rule of ``TerritoryAssigner``.
    /// - Throws: ``TerritoryError`` when the units cannot be indexed.
    public init(
        units map: TerritoryMap, customers: CustomerBatch, options: AssignmentOptions = AssignmentOptions(), threads: Int = 1
    )
        throws(TerritoryError)
    {
        self.customers = customers
        self.units = try TerritoryAssigner(map: map, options: options).assign(customers, threads: threads)
        self.unitCount = map.count
    }

    /// How many customers lie in no unit.
    public var leftOut: Int { units.reduce(0) { $0 + ($1.territory == nil ? 1 : 0) } }

    /// Each unit's workload: its customers' weights summed (`weighed`), or counted.
    public func weights(weighed: Bool) -> [Double] {
        var weights = [Double](repeating: 0, count: unitCount)
        for (i, a) in units.enumerated() { if let u = a.territory { weights[u] += weighed ? customers.weight[i] : 1 } }
        return weights
    }

    /// Each unit's estimated workload hours per period and their two parts.
    public struct Hours: Sendable, Equatable {
        /// Each unit's estimate: visits plus its share of a tour (``TerritoryWorkload/unitEstimate(customers:areaM2:visitMinutes:plan:model:)``).
        public let estimate: [Double]
        /// Each unit's visit hours per period.
        public let visit: [Double]
        /// Each unit's estimated drive hours per period (the estimate less the visits).
        public let drive: [Double]
    }

    /// Each unit's estimated workload hours per period: its customers' visits under `plan`
    /// plus a tour through them estimated from their count and the unit's geodesic area.
    /// - Throws: ``TerritoryError`` when a unit's area cannot be measured.
    public func estimatedHours(units map: TerritoryMap, plan: VisitPlan, model: TravelModel) throws(TerritoryError) -> Hours {
        var count = [Int](repeating: 0, count: unitCount), minutes = [Double](repeating: 0, count: unitCount)
        for (i, a) in units.enumerated() {
            guard let u = a.territory else { continue }
            count[u] += 1
            minutes[u] += plan.minutes(customers, i)
        }
        var estimate: [Double] = []
        estimate.reserveCapacity(unitCount)
        for u in 0..<unitCount {
            let area = try Geodesic.wgs84.area(map.territories[u].geometry)
            estimate.append(TerritoryWorkload.unitEstimate(customers: count[u], areaM2: area, visitMinutes: minutes[u], plan: plan, model: model))
        }
        let visit = minutes.map { plan.visitsPerPeriod * $0 / 60 }
        return Hours(estimate: estimate, visit: visit, drive: estimate.indices.map { max(0, estimate[$0] - visit[$0]) })
    }

    /// The units' weights with the key accounts set apart.
    public struct AccountSplit: Sendable {
        /// Each unit's weight, its key accounts left out.
        public let units: [Double]
        /// Each territory's key accounts' weight, by territory id.
        public let fixed: [String: Double]
        /// The accounts with their location and weight, in the customers' order.
        public let accounts: [EditorAccount]
    }

    /// Each unit's weight (summed when `weighed`, else counted), key accounts apart: an account's
    /// weight is its territory's, not its unit's.
    /// - Parameters:
    ///   - accounts: the key accounts, their territories positions in `territoryIDs`.
    ///   - weighed: whether each customer weighs its weight (else 1).
    ///   - territoryIDs: the territories being designed.
    ///   - unitIDs: each unit's id.
    ///   - locked: unit id → territory id of the locked units.
    ///   - customersName: the customer source, named when an account is missing from it.
    /// - Throws: ``TerritoryError`` naming the accounts file's line when an account lies in a unit
    ///   locked to another territory, or when an account is not among the customers.
    public func split(
        accounts: KeyAccounts, weighed: Bool, territoryIDs: [String], unitIDs: [String], locked: [String: String], customersName: String
    ) throws(TerritoryError) -> AccountSplit {
        var weights = [Double](repeating: 0, count: unitCount), fixed: [String: Double] = [:], located: [EditorAccount] = []
        var seen = accounts.noneSeen
        for i in 0..<customers.count {
            let w = weighed ? customers.weight[i] : 1
            guard let k = customers.withIDBytes(i, { accounts.account(ofID: $0) }) else {
                if let u = units[i].territory { weights[u] += w }
                continue
            }
            seen[k] = true
            let account = accounts.accounts[k], territory = territoryIDs[account.territory]
            if let u = units[i].territory, let other = locked[unitIDs[u]], other != territory {
                throw .csv(
                    source: accounts.source, line: account.line,
                    message:
                        "customer \(account.customerID) lies in unit \(unitIDs[u]), locked to \(other); the account names \(territory): give one of them"
                )
            }
            fixed[territory, default: 0] += w
            located.append(
                EditorAccount(
                    customerID: customers.id(i), location: Coordinate(x: customers.lon[i], y: customers.lat[i]), territory: account.territory,
                    weight: w))
        }
        try accounts.checkEveryAccountSeen(seen, customers: customersName)
        return AccountSplit(units: weights, fixed: fixed, accounts: located)
    }

    /// Each unit's points for a drive limit: the customers it covers, or, for a unit with none,
    /// a point inside it.
    /// - Throws: ``TerritoryError`` when GEOS cannot find a point inside a unit.
    public func points(units map: TerritoryMap) throws(TerritoryError) -> [[Coordinate]] {
        var points = [[Coordinate]](repeating: [], count: unitCount)
        for (i, a) in units.enumerated() { if let u = a.territory { points[u].append(Coordinate(x: customers.lon[i], y: customers.lat[i])) } }
        try UnitCustomers.fillEmpty(&points, units: map)
        return points
    }

    /// A point inside each unit of `map` (GEOS's point on surface), for units without customers.
    /// - Throws: ``TerritoryError`` when GEOS cannot find a point inside a unit.
    public static func interiorPoints(units map: TerritoryMap) throws(TerritoryError) -> [[Coordinate]] {
        var points = [[Coordinate]](repeating: [], count: map.count)
        try fillEmpty(&points, units: map)
        return points
    }

    private static func fillEmpty(_ points: inout [[Coordinate]], units map: TerritoryMap) throws(TerritoryError) {
        try wrapped {
            for u in points.indices where points[u].isEmpty {
                guard let inside = try map.territories[u].geometry.pointOnSurface().coordinates().first else {
                    throw TerritoryError.invalidArgument("unit \(map.territories[u].id) has no point inside it")
                }
                points[u] = [inside]
            }
        }
    }

    /// Each unit's weight from a numeric property.
    /// - Parameters:
    ///   - map: the units.
    ///   - property: the property's name.
    ///   - source: the units' file, named in errors.
    /// - Throws: ``TerritoryError`` naming the unit whose property is missing, not a number, or
    ///   negative.
    public static func propertyWeights(_ map: TerritoryMap, property: String, source: String) throws(TerritoryError) -> [Double] {
        var weights: [Double] = []
        weights.reserveCapacity(map.count)
        for t in map.territories {
            guard let value = t.properties.first(where: { $0.key == property })?.value else {
                throw .invalidArgument("\(source): unit \(t.id) has no property \"\(property)\"")
            }
            guard let w = value.doubleValue ?? value.stringValue.flatMap(Double.init), w.isFinite, w >= 0 else {
                throw .invalidArgument("\(source): unit \(t.id): \"\(property)\" is \(JSONWriter.string(value)); it must be a number >= 0")
            }
            weights.append(w)
        }
        return weights
    }
}
