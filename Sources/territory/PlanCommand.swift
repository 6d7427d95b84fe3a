import ArgumentParser
import Foundation
import TerritoryKit

/// `territory plan`: an alignment drawn as a territory map, as design writes its plans.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Turn an alignment (unit_id,territory_id) into a territory map with design's figures.",
        discussion: """
            Each territory is the union of its units, with the properties design writes (id, rep, weight, \
            units, deviation_pct, polsby_popper) and the same summary; nothing is moved. Workload as in design: \
            a unit property, or the customers each unit covers. Territories in natural order (T2 before T10). \
            Exit 1 when a territory is outside the tolerance (the map is written; design --from rebalances it).
            """
    )

    @Argument(help: "Units: GeoJSON, any GDAL vector format, or PG:\"...\".")
    var units: String
    @Option(help: "CSV unit_id,territory_id: the alignment (design --units-output, the editor's download).")
    var alignment: String
    @OptionGroup var weighting: UnitWeightOptions
    @Option(help: "Allowed deviation from each territory's target, in percent.")
    var tolerance: Double = 5
    @Option(help: "CSV territory_id[,rep][,lon,lat][,target_share]: reps and target shares.")
    var reps: String?
    @Option(name: [.short, .long], help: "Output territories, one dissolved feature each: GeoJSON, another format by extension, or PG:\"...\".")
    var output: String
    @Option(help: "Summary format on stdout: text or json.")
    var format: OutputFormat = .text
    @OptionGroup var map: MapOptions
    @OptionGroup var quietOption: QuietOption
    @OptionGroup var outputOptions: OutputOptions
    @OptionGroup var nearest: NearestOptions

    func validate() throws {
        guard format != .csv else { throw ValidationError("--format must be text or json") }
        guard tolerance >= 0, tolerance.isFinite else { throw ValidationError("--tolerance must be >= 0") }
    }

    func run() throws {
        var outside: String?
        quietOption.apply()
        try runReportingErrors {
            guard weighting.weightProperty == nil || weighting.customers == nil else {
                throw TerritoryError.invalidArgument("give --weight-property or --customers, not both")
            }
            let unitMap = try loadMap(units, map)
            let aligned = try UnitAlignment.read(contentsOf: URL(fileURLWithPath: alignment), units: unitMap, unitsName: units).inNaturalOrder()
            let weights = try weighting.source(units: units, nearest: nearest).weights(unitMap)
            let teams = try reps.map { try RepTerritory.read(contentsOf: URL(fileURLWithPath: $0)) }
            let reps = aligned.territoryIDs.map { id in teams?.first { $0.id == id } ?? RepTerritory(id: id) }
            if let teams, let stray = teams.first(where: { !aligned.territoryIDs.contains($0.id) }) {
                throw TerritoryError.invalidArgument("\(self.reps!): territory \(stray.id) is not in \(alignment)")
            }
            let plan = try TerritoryDesigner.measure(units: unitMap, weights: weights, alignment: aligned, reps: reps, tolerance: tolerance / 100)
            try writePlan(
                plan.territoryMap(reps: reps), plan: plan, units: unitMap, output: output, options: outputOptions, unitsOutput: nil, unitsLayer: nil)
            let moreTime = "territory design --from"
            print(
                format == .json
                    ? JSONWriter.string(plan.json(reps: reps, tolerance: tolerance / 100, moves: false, moreTime: moreTime))
                    : plan.text(moves: false), terminator: format == .json ? "\n" : "")
            outside = plan.status.reason(moreTime: moreTime)
        }
        if let outside {
            printError("tolerance not met: \(outside)")
            throw ExitCode(1)
        }
    }
}
