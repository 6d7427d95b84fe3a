import ArgumentParser
import Foundation
import GEOS
import TerritoryKit

/// `territory design`: balanced, contiguous, compact territories from units, or a rebalanced map.
struct DesignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "design",
        abstract: "Design balanced, contiguous, compact territories from units (or rebalance an alignment).",
        discussion: """
            Exactly one of --territories, --reps or --from (or --within with --territories-per-region). \
            --regions R groups the territories into R contiguous, balanced regions (each territory gets a \
            region property; the regions are written dissolved). Workload: a numeric unit property \
            (--weight-property), or the customers each unit covers by the border rule (--customers; \
            the sum of --weight-column, else the count); else every unit weighs 1. With \
            --balance-on workload (needs --customers), each unit weighs its estimated hours per period: \
            visits × (visit minutes / 60 + circuity × 0.7124·√(customers × area) / speed); the finished \
            plan's customers are then routed and each territory's routed workload is reported beside it. \
            Exit status: 0 within tolerance; 1 the best plan is written but misses the tolerance \
            (the reason on stderr); 2 unusable input (nothing written).
            """
    )

    @Argument(help: "Units: GeoJSON, any GDAL vector format, or PG:\"...\" (Polygon/MultiPolygon features, a coverage).")
    var units: String
    @Option(help: "Number of territories to make (ids T1, T2, ...).")
    var territories: Int?
    @Option(help: "CSV territory_id[,rep][,lon,lat][,target_share]: one territory per rep.")
    var reps: String?
    @Option(name: .customLong("from"), help: "CSV unit_id,territory_id: the current alignment, to rebalance.")
    var from: String?
    @OptionGroup var weighting: UnitWeightOptions
    @Option(help: "Allowed deviation from each territory's target, in percent.")
    var tolerance: Double = 5
    @Flag(
        name: .customLong("allow-gaps"),
        help: "Design on units that are not a clean coverage (gaps or overlaps between them); without it they are refused, naming territory repair.")
    var allowGaps = false
    @Option(help: "CSV unit_id,territory_id: units that must stay in a territory.")
    var locked: String?
    @Option(help: "Seed of the pseudo-random choices (same seed, same plan).")
    var seed: UInt64 = 1
    @Option(
        name: .customLong("time-limit"),
        help: "An optional ceiling in seconds on the search (without it the plan depends only on the inputs and seed).")
    var timeLimit: Double?
    @OptionGroup var map: MapOptions
    @OptionGroup var quietOption: QuietOption
    @OptionGroup var outputOptions: OutputOptions
    @OptionGroup var nearest: NearestOptions
    @Option(name: .customLong("units-output-layer"), help: "Layer (table) for --units-output in a GeoPackage or database.")
    var unitsOutputLayer: String?
    @Option(name: .shortAndLong, help: "Output territories, one dissolved feature each: GeoJSON, another format by extension, or PG:\"...\".")
    var output: String
    @Option(name: .customLong("units-output"), help: "Output CSV unit_id,territory_id, one row per unit in input order.")
    var unitsOutput: String?
    @Option(help: "Summary format on stdout: text or json.")
    var format: OutputFormat = .text
    @Option(name: .customLong("balance-on"), help: "Balance on weight (the workload above) or workload (estimated hours; needs --customers).")
    var balanceOn: DesignMeasure = .weight
    @OptionGroup var workload: WorkloadOptions
    @OptionGroup var regionDesign: RegionDesignOptions
    @Option(help: "Key accounts: CSV customer_id,territory_id; each account's weight is its territory's, wherever it lies (needs --customers).")
    var accounts: String?
    @Option(
        name: .customLong("max-drive-minutes"),
        help: "No customer farther than this drive from its rep's home (homes from --reps; the drive model or --osrm).")
    var maxDriveMinutes: Double?
    @Option(
        name: .customLong("balance-time-limit"),
        help: "With --balance-on workload: an optional ceiling in seconds on the rounds of routing and rebalancing (at most 8).")
    var balanceTimeLimit: Double?

    enum DesignMeasure: String, ExpressibleByArgument { case weight, workload }

    /// Option combinations that cannot work: one error line and exit 2, like any unusable input.
    func checkOptions() throws {
        func fail(_ message: String) -> TerritoryError { .invalidArgument(message) }
        let given = [territories != nil, reps != nil, from != nil].filter({ $0 }).count
        try regionDesign.check(territoriesGiven: given > 0)
        guard given == 1 || regionDesign.within != nil else { throw fail("give exactly one of --territories, --reps, --from") }
        guard regionDesign.within == nil || balanceOn == .weight else {
            throw fail("--within balances on weight (the estimate of each unit's hours)")
        }
        if let maxDriveMinutes {
            guard maxDriveMinutes > 0, maxDriveMinutes.isFinite else { throw fail("--max-drive-minutes must be a number > 0") }
            guard reps != nil else { throw fail("--max-drive-minutes needs the reps' homes: give --reps with lon,lat for every territory") }
            guard regionDesign.within == nil else { throw fail("--max-drive-minutes needs the reps' homes: give --reps, not --within") }
        }
        if accounts != nil {
            guard customers != nil else { throw fail("--accounts goes with --customers (key accounts are customers)") }
            guard balanceOn == .weight, regionDesign.within == nil else {
                throw fail("--accounts works with --balance-on weight and territories named before the design (--territories, --reps or --from)")
            }
        }
        if let territories, territories < 1 { throw fail("--territories must be at least 1") }
        guard weightProperty == nil || customers == nil else { throw fail("give --weight-property or --customers, not both") }
        guard tolerance >= 0, tolerance.isFinite else { throw fail("--tolerance must be >= 0") }
        for (name, limit) in [("--time-limit", timeLimit), ("--balance-time-limit", balanceTimeLimit)] {
            if let limit { guard limit >= 0, limit.isFinite else { throw fail("\(name) must be a number of seconds >= 0") } }
        }
        guard format != .csv else { throw fail("--format must be text or json") }
        guard balanceOn != .workload || customers != nil else { throw fail("--balance-on workload needs --customers") }
        try workload.check()
    }

    func run() throws {
        var shortfalls: [String] = []
        quietOption.apply()
        try runReportingErrors {
            try checkOptions()
            let unitMap = try loadMap(units, map)
            if !allowGaps { try requireCleanCoverage(unitMap, name: units) }
            if let within = regionDesign.within {
                try designWithin(within, units: unitMap, weights: unitWorkload.weights(unitMap))
                return
            }
            var options = try designOptions(unitMap)
            options.tolerance = tolerance / 100
            options.seed = seed
            options.timeLimit = timeLimit ?? .infinity
            // The customers read and placed in units once, for all that needs them placed: key
            // accounts, estimated hours, a drive limit's points.
            let needsPlaced = accounts != nil || balanceOn == .workload || maxDriveMinutes != nil
            let covered = customers != nil && needsPlaced ? try unitWorkload.covered(unitMap, withVisitMinutes: balanceOn == .workload) : nil
            var weights: [Double], hours: UnitCustomers.Hours?
            if let covered, let accounts {
                let ids = options.territories.map(\.id)
                let keyAccounts = try KeyAccounts.read(
                    contentsOf: URL(fileURLWithPath: accounts), territoryIDs: ids, territoriesName: "the territories")
                let split = try unitWorkload.weights(covered, unitMap: unitMap, accounts: keyAccounts, territoryIDs: ids, locked: options.locked)
                (weights, options.fixedWeights) = (split.units, split.fixed)
            } else if let covered, balanceOn == .workload {
                hours = try unitWorkload.estimatedHours(unitMap, covered)
                weights = hours!.estimate
            } else {
                weights = try unitWorkload.weights(unitMap, covered: covered)
            }
            if let maxDriveMinutes {
                let points = try covered?.points(units: unitMap) ?? UnitCustomers.interiorPoints(units: unitMap)
                options.reach = try driveReach(maxDriveMinutes, points: points, reps: options.territories)
            }
            var request = DesignRequest(units: unitMap, weights: weights, options: options, regions: regionDesign.regions)
            if let covered, let hours {
                let measure: RoutedWorkload.Measure =
                    workload.workloadModel == .schedule
                    ? .schedules(try scheduleMeasure(covered, reps: options.territories))  // the days reps will drive
                    : .routes(try workload.drive.planner(threads: ProcessInfo.processInfo.activeProcessorCount), try workload.plan)
                request.routed = RoutedWorkload(covered: covered, hours: hours, measure: measure, timeLimit: balanceTimeLimit ?? .infinity)
            }
            let progress = Progress("design")
            let phase = Locked("designing")
            let outcome = try TerritoryDesigner.design(
                request, anotherTry: "another --seed", driveLimitName: "--max-drive-minutes",
                progress: {
                    phase.withLock { [text = $0] in $0 = text }; progress.status($0)
                },
                fraction: { progress.status(phase.current, fraction: $0) })
            progress.finish()
            let plan = outcome.plan
            _ = try write(plan, unitMap: unitMap, reps: options.territories, regions: outcome.regions)
            print(
                format == .json
                    ? JSONWriter.string(
                        plan.json(
                            reps: options.territories, routed: outcome.routed, tolerance: tolerance / 100, moves: from != nil,
                            moreTime: "another --seed", regions: outcome.regions))
                    : plan.text(routed: outcome.routed, moves: from != nil) + (outcome.regions?.text() ?? ""),
                terminator: format == .json ? "\n" : "")
            if let outside = outcome.tolerance { shortfalls.append("tolerance not met: \(outside)") }
            if let beyond = outcome.driveLimit { shortfalls.append("drive limit not met: \(beyond)") }
            if outcome.timeLimitReached.search || outcome.timeLimitReached.rounds {
                printStatus(
                    "design: the time limit (\(outcome.timeLimitReached.search ? "--time-limit" : "--balance-time-limit")) cut the search short: "
                        + "this plan depends on the machine's speed; without the limit it depends only on the inputs and --seed")
            }
            keepUntilExit(unitMap, plan)
        }
        shortfalls.forEach(printError)
        if !shortfalls.isEmpty { throw ExitCode(1) }
    }

    var weightProperty: String? { weighting.weightProperty }
    var customers: String? { weighting.customers }
    var weightColumn: String? { weighting.columns.weightColumn }

    /// Where each unit's workload comes from.
    var unitWorkload: UnitWorkload { weighting.source(units: units, nearest: nearest, workload: workload) }

    func designOptions(_ unitMap: TerritoryMap) throws -> DesignOptions {
        let chosen: DesignOptions.Territories =
            territories.map { .count($0) } ?? reps.map { .reps(URL(fileURLWithPath: $0)) } ?? .current(URL(fileURLWithPath: from!))
        return try DesignOptions.read(chosen, locked: locked.map { URL(fileURLWithPath: $0) }, units: unitMap, unitsName: units)
    }

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
                "--max-drive-minutes needs every rep's home: \(homeless.prefix(3).map(\.id).joined(separator: ", ")) has no lon,lat in \(self.reps ?? "--reps")"
            )
        }
        return try DriveReach(limitMinutes: minutes, points: points, homes: reps.map { $0.home! }, seconds: try workload.drive.secondsFrom())
    }

    /// Writes the outputs (with the regions, when designed); returns the designed map.
    func write(_ plan: DesignResult, unitMap: TerritoryMap, reps: [RepTerritory], regions: RegionPlan? = nil) throws -> TerritoryMap {
        let designed = try plan.territoryMap(reps: reps, regions: regions)
        let destination = regions == nil ? nil : regionDesign.destination(output: output, outputLayer: outputOptions.layer)
        try writePlan(
            designed, plan: plan, units: unitMap, output: output, options: outputOptions, unitsOutput: unitsOutput, unitsLayer: unitsOutputLayer,
            regions: try destination.map { (try regions!.regionMap(), $0.path, $0.layer) })
        return designed
    }

    /// `--within`: territories designed inside each given region, the regions above them.
    func designWithin(_ within: String, units unitMap: TerritoryMap, weights: [Double]) throws {
        let regionMap = try loadMap(within, map)
        let progress = Progress("design")
        progress.status("designing inside \(regionMap.count) regions")
        let (plan, regions) = try TerritoryDesigner.design(
            units: unitMap, weights: weights, within: regionMap.territories.map(\.geometry), regionIDs: regionMap.ids,
            territoriesPerRegion: try regionDesign.counts(regionMap.ids), tolerance: tolerance / 100, seed: seed)
        progress.finish()
        let reps = plan.territoryIDs.map { RepTerritory(id: $0) }
        _ = try write(plan, unitMap: unitMap, reps: reps, regions: regions)
        print(
            format == .json
                ? JSONWriter.string(plan.json(reps: reps, tolerance: tolerance / 100, moves: false, moreTime: "another --seed", regions: regions))
                : plan.text(moves: false) + regions.text(), terminator: format == .json ? "\n" : "")
        if let reason = DesignCommand.reason(plan.status) {
            printError("tolerance not met: \(reason)")
            throw ExitCode(1)
        }
    }

    /// Why the tolerance is missed, naming the option that gives the search another try (the
    /// search is bounded by its work, so more time alone does not change it).
    static func reason(_ status: DesignResult.Status) -> String? { status.reason(moreTime: "another --seed") }

}
