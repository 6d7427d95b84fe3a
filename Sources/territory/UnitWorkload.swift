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

/// Where each unit's workload comes from, for `design`, `edit` and `plan`: a numeric unit
/// property, the customers each unit covers (counted or weighed), their estimated workload hours,
/// or 1. The figures are the library's (``UnitCustomers``); this reads the sources and says what
/// was left out.
struct UnitWorkload {
    let unitsName: String
    let weightProperty: String?
    let customers: String?
    let columns: CustomerOptions
    let nearest: NearestOptions
    let workload: WorkloadOptions?

    /// The customers read once and placed in the units (with their visit minutes when
    /// `withVisitMinutes`), the customers left out said on stderr.
    func covered(_ unitMap: TerritoryMap, withVisitMinutes: Bool = false) throws -> UnitCustomers {
        guard let customers else { throw TerritoryError.invalidArgument("workload hours need --customers") }
        let batch = try openCustomers(customers, columns, visitMinutes: withVisitMinutes ? workload?.visitMinutesColumn : nil).readAll()
        let covered = try UnitCustomers(
            units: unitMap, customers: batch, options: nearest.assignment, threads: ProcessInfo.processInfo.activeProcessorCount)
        try nearest.reportLeftOut(covered.leftOut, of: batch.count, outside: "unit", customers: (customers, columns), map: { unitMap })
        return covered
    }

    /// Each unit's estimated workload hours per period (visits plus its share of a tour).
    func estimatedHours(_ unitMap: TerritoryMap, _ covered: UnitCustomers) throws -> UnitCustomers.Hours {
        guard let workload else { throw TerritoryError.invalidArgument("workload hours need --customers") }
        return try covered.estimatedHours(units: unitMap, plan: try workload.plan, model: try workload.drive.model)
    }

    /// Each unit's weight from the customers it covers, key accounts apart (their weight is their
    /// territory's), with the accounts located for the editor.
    func weights(
        _ covered: UnitCustomers, unitMap: TerritoryMap, accounts: KeyAccounts, territoryIDs: [String], locked: [String: String]
    ) throws -> UnitCustomers.AccountSplit {
        try covered.split(
            accounts: accounts, weighed: columns.weightColumn != nil, territoryIDs: territoryIDs, unitIDs: unitMap.ids, locked: locked,
            customersName: customers ?? "--customers")
    }

    /// Each unit's weight from customers already placed (`covered`: summed with a weight column,
    /// else counted), or else as ``weights(_:)`` reads it.
    func weights(_ unitMap: TerritoryMap, covered: UnitCustomers?) throws -> [Double] {
        guard let covered else { return try weights(unitMap) }
        return covered.weights(weighed: columns.weightColumn != nil)
    }

    /// Each unit's weight: a property, the customers it covers (streamed, never held whole), or 1.
    func weights(_ unitMap: TerritoryMap) throws -> [Double] {
        if let weightProperty { return try UnitCustomers.propertyWeights(unitMap, property: weightProperty, source: unitsName) }
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
