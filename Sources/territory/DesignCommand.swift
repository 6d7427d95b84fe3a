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
    @OptionGroup var targets: DesignTargetOptions
    @OptionGroup var weighting: UnitWeightOptions
    @OptionGroup var search: DesignSearchOptions
    @OptionGroup var map: MapOptions
    @OptionGroup var quietOption: QuietOption
    @OptionGroup var outputOptions: OutputOptions
    @OptionGroup var nearest: NearestOptions
    @OptionGroup var outputs: DesignOutputOptions
    @OptionGroup var workload: WorkloadOptions
    @OptionGroup var regionDesign: RegionDesignOptions
    @OptionGroup var balance: DesignBalanceOptions

    func run() throws {
        var shortfalls: [String] = []
        quietOption.apply()
        try runReportingErrors {
            try checkOptions()
            let unitMap = try loadMap(units, map)
            if !search.allowGaps { try requireCleanCoverage(unitMap, name: units) }
            let request = try regionDesign.within.map { try withinRequest($0, units: unitMap) } ?? request(unitMap)
            let progress = Progress("design")
            let phase = Locked("designing")
            let outcome = try TerritoryDesigner.design(
                request, anotherTry: "another --seed", driveLimitName: "--max-drive-minutes",
                progress: {
                    phase.withLock { [text = $0] in $0 = text }; progress.status($0)
                },
                fraction: { progress.status(phase.current, fraction: $0) })
            progress.finish()
            let (plan, reps, moves) = (outcome.plan, outcome.reps, targets.from != nil)
            _ = try write(plan, unitMap: unitMap, reps: reps, regions: outcome.regions)
            print(
                outputs.format == .json
                    ? JSONWriter.string(
                        plan.json(
                            reps: reps, routed: outcome.routed, tolerance: search.fraction, moves: moves, moreTime: "another --seed",
                            regions: outcome.regions)) + "\n"
                    : plan.text(routed: outcome.routed, moves: moves) + (outcome.regions?.text() ?? ""), terminator: "")
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

    /// Writes the outputs (with the regions, when designed); returns the designed map.
    func write(_ plan: DesignResult, unitMap: TerritoryMap, reps: [RepTerritory], regions: RegionPlan? = nil) throws -> TerritoryMap {
        let designed = try plan.territoryMap(reps: reps, regions: regions)
        let destination = regions == nil ? nil : regionDesign.destination(output: outputs.output, outputLayer: outputOptions.layer)
        try writePlan(
            designed, plan: plan, units: unitMap, output: outputs.output, options: outputOptions, unitsOutput: outputs.unitsOutput,
            unitsLayer: outputs.unitsOutputLayer, regions: try destination.map { (try regions!.regionMap(), $0.path, $0.layer) })
        return designed
    }
}
