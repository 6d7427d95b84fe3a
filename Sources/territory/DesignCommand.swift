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
        var outside: String?, beyond: String?
        quietOption.apply()
        try runReportingErrors {
            try checkOptions()
            let unitMap = try loadMap(units, map)
            if !allowGaps { try requireCleanCoverage(unitMap, name: units) }
            if let within = regionDesign.within {
                try designWithin(within, units: unitMap, weights: workloads(unitMap).0)
                return
            }
            var options = try designOptions(unitMap)
            if let maxDriveMinutes { options.reach = try driveReach(maxDriveMinutes, units: unitMap, reps: options.territories) }
            var weights: [Double], routed: UnitWorkload.RoutedCustomers?
            if let accounts {
                let ids = options.territories.map(\.id)
                let keyAccounts = try KeyAccounts.read(
                    contentsOf: URL(fileURLWithPath: accounts), territoryIDs: ids, territoriesName: "the territories")
                let split = try unitWorkload.weights(unitMap, accounts: keyAccounts, territoryIDs: ids, locked: options.locked)
                (weights, options.fixedWeights) = (split.units, split.fixed)
                routed = nil
            } else {
                (weights, routed) = try workloads(unitMap)
            }
            options.tolerance = tolerance / 100
            options.seed = seed
            options.timeLimit = timeLimit ?? .infinity
            let progress = Progress("design")
            let phase = LockedText("designing")
            let plan: DesignResult
            var routedDesign: RoutedDesign?
            if let routed {
                // Balanced on the routed workload: route, correct the estimate, rebalance, repeat.
                let balanced: RoutedDesign
                if workload.workloadModel == .schedule {
                    // Each round's plan measured by its call-cycle schedule: the days reps will drive.
                    let scheduled = try scheduleMeasure(routed, units: unitMap)
                    balanced = try RoutedBalance.design(
                        units: unitMap, visitHours: routed.visitHours, driveHours: routed.driveHours, customers: routed.batch,
                        customerUnits: routed.units.map(\.territory), options: options, timeLimit: balanceTimeLimit ?? .infinity,
                        progress: { progress.status($0) }, measure: scheduled)
                } else {
                    balanced = try RoutedBalance.design(
                        units: unitMap, visitHours: routed.visitHours, driveHours: routed.driveHours, customers: routed.batch,
                        customerUnits: routed.units.map(\.territory), options: options,
                        planner: try workload.drive.planner(threads: ProcessInfo.processInfo.activeProcessorCount),
                        visitPlan: try workload.plan, timeLimit: balanceTimeLimit ?? .infinity
                    ) { progress.status($0) }
                }
                plan = balanced.result
                routedDesign = balanced
            } else {
                plan = try TerritoryDesigner.design(
                    units: unitMap, weights: weights, options: options,
                    progress: {
                        phase.set($0); progress.status($0)
                    },
                    fraction: { progress.status(phase.get(), fraction: $0) })
            }
            let regionPlan = try regionDesign.regions.map { r in
                progress.status("grouping \(plan.territoryIDs.count) territories into \(r) regions")
                return try TerritoryDesigner.regions(of: plan, count: r, tolerance: tolerance / 100, seed: seed)
            }
            progress.finish()
            _ = try write(plan, unitMap: unitMap, reps: options.territories, regions: regionPlan)
            print(
                format == .json
                    ? JSONWriter.string(
                        plan.json(
                            reps: options.territories, routed: routedDesign, tolerance: tolerance / 100, moves: from != nil,
                            moreTime: "another --seed", regions: regionPlan))
                    : plan.text(routed: routedDesign, moves: from != nil) + (regionPlan?.text() ?? ""), terminator: format == .json ? "\n" : "")
            if let routedDesign {
                if routedDesign.maxRoutedDeviation > options.tolerance {
                    outside = String(
                        format:
                            "routed, the workload is %.2f%% off (tolerance %.2f%%) after %d rounds; a larger tolerance may help",
                        routedDesign.maxRoutedDeviation * 100, tolerance, routedDesign.rounds)
                }
            } else if let reason = DesignCommand.reason(plan.status) {
                outside = reason
            }
            if outside == nil, let regionPlan, let reason = DesignCommand.reason(regionPlan.status) { outside = "regions: " + reason }
            if let reach = options.reach { beyond = DesignCommand.beyondReach(reach, plan: plan, units: unitMap) }
            if plan.timeLimitReached || routedDesign?.timeLimitReached == true {
                printStatus(
                    "design: the time limit (\(plan.timeLimitReached ? "--time-limit" : "--balance-time-limit")) cut the search short: "
                        + "this plan depends on the machine's speed; without the limit it depends only on the inputs and --seed")
            }
            keepUntilExit(unitMap, plan)
        }
        if let outside { printError("tolerance not met: \(outside)") }
        if let beyond { printError("drive limit not met: \(beyond)") }
        if outside != nil || beyond != nil { throw ExitCode(1) }
    }

    var weightProperty: String? { weighting.weightProperty }
    var customers: String? { weighting.customers }
    var weightColumn: String? { weighting.columns.weightColumn }

    /// Where each unit's workload comes from.
    var unitWorkload: UnitWorkload { weighting.source(units: units, nearest: nearest, workload: workload) }

    /// Each unit's workload, with the customers kept for routing when balancing on workload.
    func workloads(_ unitMap: TerritoryMap) throws -> ([Double], UnitWorkload.RoutedCustomers?) {
        if balanceOn == .workload, customers != nil {
            let (weights, routed) = try unitWorkload.estimatedHours(unitMap)
            return (weights, routed)
        }
        return (try unitWorkload.weights(unitMap), nil)
    }

    func designOptions(_ unitMap: TerritoryMap) throws -> DesignOptions {
        var lockedUnits: [String: String] = [:]
        if let locked {
            let table = try CSVTable.read(contentsOf: URL(fileURLWithPath: locked))
            lockedUnits = try pairs(table, locked, unitMap)
        }
        if let territories {
            guard territories <= unitMap.count else {
                throw TerritoryError.invalidArgument("--territories \(territories) is more than the \(unitMap.count) units")
            }
            var o = DesignOptions(territories: territories)
            o.locked = lockedUnits
            try checkTerritories(lockedUnits, o.territories.map(\.id), file: locked)
            return o
        }
        if let reps {
            let list = try RepTerritory.read(contentsOf: URL(fileURLWithPath: reps))
            guard list.count <= unitMap.count else { throw TerritoryError.invalidArgument("\(list.count) reps but only \(unitMap.count) units") }
            try checkTerritories(lockedUnits, list.map(\.id), file: locked)
            return DesignOptions(reps: list, locked: lockedUnits)
        }
        // The same reader as diff's and edit's: every unit once, territories in order of first use.
        let current = try UnitAlignment.read(contentsOf: URL(fileURLWithPath: from!), units: unitMap, unitsName: units)
        try checkTerritories(lockedUnits, current.territoryIDs, file: locked)
        return DesignOptions(
            reps: current.territoryIDs.map { RepTerritory(id: $0) }, locked: lockedUnits, current: current.dictionary(units: unitMap))
    }

    /// `unit_id,territory_id` rows as a dictionary; unknown or repeated units are errors.
    func pairs(_ table: CSVTable, _ path: String, _ unitMap: TerritoryMap) throws -> [String: String] {
        let u = try table.requiredColumn("unit_id"), t = try table.requiredColumn("territory_id")
        let known = Set(unitMap.territories.map(\.id))
        var out: [String: String] = [:]
        for (row, line) in zip(table.rows, table.lines) {
            guard known.contains(row[u]) else { throw TerritoryError.csv(source: path, line: line, message: "unit \(row[u]) is not in \(units)") }
            guard out[row[u]] == nil else { throw TerritoryError.csv(source: path, line: line, message: "unit \(row[u]) appears twice") }
            guard !row[t].isEmpty else { throw TerritoryError.csv(source: path, line: line, message: "territory_id is empty") }
            out[row[u]] = row[t]
        }
        return out
    }

    func checkTerritories(_ locked: [String: String], _ ids: [String], file: String?) throws {
        let known = Set(ids)
        if let (unit, territory) = locked.sorted(by: { $0.key < $1.key }).first(where: { !known.contains($0.value) }) {
            throw TerritoryError.invalidArgument("\(file ?? "--locked"): unit \(unit) is locked to \(territory), which is not one of the territories")
        }
    }

    /// How a design round's plan is measured with `--workload-model schedule`: each territory's
    /// customers scheduled over the call cycle (from its rep's home when --reps gives one, else
    /// its pole of inaccessibility), its workload the schedule's hours.
    func scheduleMeasure(
        _ routed: UnitWorkload.RoutedCustomers, units: TerritoryMap
    ) throws -> (DesignResult) throws(TerritoryError) -> [TerritoryWorkload] {
        let needs = try workload.cycle.needs(
            routed.batch, customers: customers!, columns: weighting.columns,
            minutes: workload.visitMinutesColumn != nil ? nil : workload.visitMinutes ?? 30)
        let settings = try workload.cycle.settings, seconds = try workload.drive.driveSeconds(routed.batch)
        let reps = try reps.map { try RepTerritory.read(contentsOf: URL(fileURLWithPath: $0)) }
        let threads = ProcessInfo.processInfo.activeProcessorCount
        return { (result: DesignResult) throws(TerritoryError) -> [TerritoryWorkload] in
            let (map, assignments) = try RoutedBalance.territories(of: result, customerUnits: routed.units.map(\.territory))
            let homes = try TerritoryCallCycles.homes(
                of: map, given: result.territoryIDs.map { id in reps?.first { $0.id == id }?.home })
            let cycles = try TerritoryCallCycles.schedule(
                map: map, customers: routed.batch, assignments: assignments, needs: needs, homes: homes,
                workingDays: Array(repeating: nil, count: map.count), settings: settings, seconds: seconds, options: ScheduleOptions(threads: threads)
            )
            return TerritoryWorkload.fromSchedule(cycles, needs: needs)
        }
    }

    /// Which reps' homes reach each unit within `minutes` (the drive model, or OSRM's road times).
    func driveReach(_ minutes: Double, units unitMap: TerritoryMap, reps: [RepTerritory]) throws -> DriveReach {
        let homeless = reps.filter { $0.home == nil }
        guard homeless.isEmpty else {
            throw TerritoryError.invalidArgument(
                "--max-drive-minutes needs every rep's home: \(homeless.prefix(3).map(\.id).joined(separator: ", ")) has no lon,lat in \(self.reps ?? "--reps")"
            )
        }
        let points = try unitWorkload.unitPoints(unitMap)
        let drive = workload.drive, model = try drive.model, roads = try drive.roads
        return try DriveReach(limitMinutes: minutes, points: points, homes: reps.map { $0.home! }) { homes, points in
            if let roads { return try roads.matrix(sources: homes, destinations: points).durations }
            let geodesic = Geodesic.wgs84
            return try homes.map { h in try points.map { p in model.driveSeconds(geodesic: try geodesic.distance(from: h, to: p)) } }
        }
    }

    /// The exit line of a plan with units beyond their home's drive limit, or nil.
    static func beyondReach(_ reach: DriveReach, plan: DesignResult, units: TerritoryMap) -> String? {
        func names(_ list: [Int]) -> String {
            list.prefix(8).map { units.territories[$0].id }.joined(separator: ", ") + (list.count > 8 ? " (\(list.count) in all)" : "")
        }
        let limit = NumberText.shortest(reach.limitMinutes)
        if !reach.unreachable.isEmpty {
            return "no home reaches units \(names(reach.unreachable)) within \(limit) drive minutes: no plan can meet --max-drive-minutes"
        }
        let beyond = reach.beyondReach(plan.assignment)
        guard !beyond.isEmpty else { return nil }
        return "units \(names(beyond)) lie more than \(limit) drive minutes from their territory's home; a larger limit or tolerance may help"
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
