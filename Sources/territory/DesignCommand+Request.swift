import Foundation
import GEOS
import TerritoryKit

extension DesignCommand {
    /// The library's design request from the options: the territories, each unit's weight (or
    /// estimated hours, or the weight left after key accounts), a drive limit's reach, and how a
    /// plan's routed workload is measured.
    func request(_ unitMap: TerritoryMap) throws -> DesignRequest {
        var options = try targets.designOptions(locked: search.locked, units: unitMap, unitsName: units)
        options.tolerance = search.fraction
        options.seed = search.seed
        options.timeLimit = search.timeLimit ?? .infinity
        // The customers read and placed in units once, for all that needs them placed: key
        // accounts, estimated hours, a drive limit's points.
        let covered =
            customers != nil && balance.needsPlacedCustomers
            ? try unitWorkload.covered(unitMap, withVisitMinutes: balance.balanceOn == .workload) : nil
        var weights: [Double], hours: UnitCustomers.Hours?
        if let covered, let accounts = balance.accounts {
            let ids = options.territories.map(\.id)
            let keyAccounts = try KeyAccounts.read(contentsOf: URL(fileURLWithPath: accounts), territoryIDs: ids, territoriesName: "the territories")
            let split = try unitWorkload.weights(covered, unitMap: unitMap, accounts: keyAccounts, territoryIDs: ids, locked: options.locked)
            (weights, options.fixedWeights) = (split.units, split.fixed)
        } else if let covered, balance.balanceOn == .workload {
            hours = try unitWorkload.estimatedHours(unitMap, covered)
            weights = hours!.estimate
        } else {
            weights = try unitWorkload.weights(unitMap, covered: covered)
        }
        if let minutes = balance.maxDriveMinutes {
            let points = try covered?.points(units: unitMap) ?? UnitCustomers.interiorPoints(units: unitMap)
            options.reach = try driveReach(minutes, points: points, reps: options.territories)
        }
        var request = DesignRequest(units: unitMap, weights: weights, options: options, regions: regionDesign.regions)
        if let covered, let hours {
            let measure: RoutedWorkload.Measure =
                workload.workloadModel == .schedule
                ? .schedules(try scheduleMeasure(covered, reps: options.territories))  // the days reps will drive
                : .routes(try workload.drive.planner(threads: ProcessInfo.processInfo.activeProcessorCount), try workload.plan)
            request.routed = RoutedWorkload(covered: covered, hours: hours, measure: measure, timeLimit: balance.balanceTimeLimit ?? .infinity)
        }
        return request
    }

    /// Where each unit's workload comes from.
    var unitWorkload: UnitWorkload { weighting.source(units: units, nearest: nearest, workload: workload) }

    var customers: String? { weighting.customers }

    /// How a design round's plan is measured with `--workload-model schedule`: each territory's
    /// customers scheduled over the call cycle (from its rep's home when --reps gives one).
    func scheduleMeasure(_ covered: UnitCustomers, reps: [RepTerritory]) throws -> (DesignResult) throws(TerritoryError) -> [TerritoryWorkload] {
        let needs = try workload.cycle.needs(
            covered.customers, customers: customers!, columns: weighting.columns,
            minutes: workload.visitMinutesColumn != nil ? nil : workload.visitMinutes ?? 30)
        return RoutedBalance.scheduleMeasure(
            customers: covered.customers, customerUnits: covered.units.map(\.territory), needs: needs, settings: try workload.cycle.settings,
            seconds: try workload.drive.driveSeconds(covered.customers),
            homes: Dictionary(reps.compactMap { r in r.home.map { (r.id, $0) } }, uniquingKeysWith: { a, _ in a }),
            threads: ProcessInfo.processInfo.activeProcessorCount)
    }

    /// Which reps' homes reach each unit's points within `minutes` (the drive model, or OSRM's road times).
    func driveReach(_ minutes: Double, points: [[Coordinate]], reps: [RepTerritory]) throws -> DriveReach {
        let homeless = reps.filter { $0.home == nil }
        guard homeless.isEmpty else {
            throw TerritoryError.invalidArgument(
                "--max-drive-minutes needs every rep's home: \(homeless.prefix(3).map(\.id).joined(separator: ", ")) has no lon,lat in \(targets.reps ?? "--reps")"
            )
        }
        return try DriveReach(limitMinutes: minutes, points: points, homes: reps.map { $0.home! }, seconds: try workload.drive.secondsFrom())
    }
}

extension DesignCommand {
    /// `--within`: territories designed inside each region of the map at `path`.
    func withinRequest(_ path: String, units unitMap: TerritoryMap) throws -> DesignRequest {
        let weights = try unitWorkload.weights(unitMap)
        let regionMap = try loadMap(path, map)
        return DesignRequest(
            units: unitMap, weights: weights,
            within: GivenRegions(map: regionMap, territoriesPerRegion: try regionDesign.counts(regionMap.ids)), tolerance: search.fraction,
            seed: search.seed)
    }
}
