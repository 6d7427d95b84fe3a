import ArgumentParser
import Foundation
import TerritoryKit

/// `territory edit`: the plan editor, one offline HTML page.
struct EditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit",
        abstract: "Write a plan editor: one offline HTML page to move units between territories by hand and save the alignment.",
        discussion: """
            Units from any source the other commands read; --alignment is the unit_id,territory_id CSV that \
            design --units-output writes (and the editor's download button saves). Workload as in design: a \
            unit property, the customers each unit covers (or their weight), and with workload options the \
            estimated hours per period (with --osrm: each territory's estimate scaled to its tours on road \
            times, as design --balance-on workload corrects it). Locked units (--locked unit_id,territory_id) refuse to move; --reps \
            gives reps and target shares. See docs/cli.md for the page's contract.
            """
    )

    @Argument(help: "Units: GeoJSON, any GDAL vector format, or PG:\"...\".")
    var units: String
    @Option(help: "CSV unit_id,territory_id: the plan to edit.")
    var alignment: String
    @OptionGroup var weighting: UnitWeightOptions
    @Option(help: "Allowed deviation from each territory's target, in percent.")
    var tolerance: Double = 5
    @Option(help: "CSV unit_id,territory_id: units that must stay in a territory.")
    var locked: String?
    @Option(help: "CSV territory_id[,rep][,lon,lat][,target_share]: reps and target shares.")
    var reps: String?
    @Option(name: [.short, .long], help: "The HTML page to write.")
    var output: String
    @OptionGroup var map: MapOptions
    @OptionGroup var quietOption: QuietOption
    @OptionGroup var nearest: NearestOptions
    @OptionGroup var workload: WorkloadOptions
    @Option(help: "Key accounts: CSV customer_id,territory_id; shown fixed in their territory, their weight its own (needs --customers).")
    var accounts: String?

    func run() throws {
        Allocator.keepLargeBlocksMapped()  // drawing frees large blocks phase by phase
        quietOption.apply()
        try runReportingErrors {
            func fail(_ message: String) -> TerritoryError { .invalidArgument(message) }
            guard tolerance >= 0, tolerance.isFinite else { throw fail("--tolerance must be >= 0") }
            guard weighting.weightProperty == nil || weighting.customers == nil else { throw fail("give --weight-property or --customers, not both") }
            guard !workload.isGiven || weighting.customers != nil else { throw fail("workload hours need --customers") }
            guard accounts == nil || weighting.customers != nil else { throw fail("--accounts goes with --customers (key accounts are customers)") }
            try workload.check()
            let progress = Progress("edit")
            progress.status("reading the units")
            let unitMap = try loadMap(units, map)
            let plan = try UnitAlignment.read(contentsOf: URL(fileURLWithPath: alignment), units: unitMap, unitsName: units)
            let source = weighting.source(units: units, nearest: nearest, workload: workload)
            // The customers read and placed in units once, for estimated hours and key accounts.
            let covered =
                weighting.customers != nil && (workload.isGiven || accounts != nil)
                ? try source.covered(unitMap, withVisitMinutes: workload.isGiven) : nil
            var hours: [Double]?
            if workload.isGiven, let covered {
                let estimate = try source.estimatedHours(unitMap, covered)
                hours = estimate.estimate
                if workload.drive.osrm != nil {
                    // Road times: each territory's drive estimate scaled to its tours on the roads.
                    progress.status("routing the plan on OSRM road times")
                    hours = try RoutedBalance.correctedHours(
                        plan: plan.territoryOfUnit, territories: plan.territoryIDs.count, visitHours: estimate.visit,
                        driveHours: estimate.drive, customers: covered.customers, customerUnits: covered.units.map(\.territory),
                        planner: try workload.drive.planner(threads: ProcessInfo.processInfo.activeProcessorCount), visitPlan: try workload.plan)
                }
            }
            let lockedByID =
                try locked.map {
                    try UnitAlignment.readLocked(
                        contentsOf: URL(fileURLWithPath: $0), units: unitMap, unitsName: units, territoryIDs: plan.territoryIDs,
                        territoriesName: alignment)
                } ?? [:]
            // Positions by id, once (a linear search per locked unit is quadratic on large maps).
            let unitPosition = Dictionary(uniqueKeysWithValues: unitMap.ids.enumerated().map { ($1, $0) })
            let territoryPosition = Dictionary(uniqueKeysWithValues: plan.territoryIDs.enumerated().map { ($1, $0) })
            let lockedUnits = Dictionary(uniqueKeysWithValues: lockedByID.map { (unitPosition[$0.key]!, territoryPosition[$0.value]!) })
            var repNames = [String?](repeating: nil, count: plan.territoryIDs.count)
            var shares: [Double]?
            if let reps {
                let list = try RepTerritory.read(contentsOf: URL(fileURLWithPath: reps))
                for r in list {
                    guard let t = plan.territoryIDs.firstIndex(of: r.id) else { throw fail("\(reps): territory \(r.id) is not in \(alignment)") }
                    repNames[t] = r.rep
                }
                // Shares as design and report take them: those given, the rest split evenly.
                shares = RepTerritory.shares(territoryIDs: plan.territoryIDs, reps: list, cycleDays: nil)
            }
            progress.status("weighing the units")
            var weights: [Double], editorAccounts: [EditorAccount] = []
            if let accounts, let covered {
                // Key accounts: their weight their territory's, not their unit's; shown fixed.
                let keyAccounts = try KeyAccounts.read(
                    contentsOf: URL(fileURLWithPath: accounts), territoryIDs: plan.territoryIDs, territoriesName: alignment)
                let split = try source.weights(covered, unitMap: unitMap, accounts: keyAccounts, territoryIDs: plan.territoryIDs, locked: lockedByID)
                weights = split.units
                editorAccounts = split.accounts
            } else {
                weights = try source.weights(unitMap, covered: covered)
            }
            progress.status("drawing \(NumberText.grouped(unitMap.count)) units")
            var input = PlanEditorInput(
                units: unitMap, alignment: plan, weights: weights, hours: hours, tolerance: tolerance / 100, locked: lockedUnits,
                reps: repNames, targetShares: shares)
            input.accounts = editorAccounts
            let page = try PlanEditor.html(input)
            progress.finish()
            try AtomicOutputFile.write(page, to: URL(fileURLWithPath: output))
            printStatus("editor written to \(output)")
            keepUntilExit(unitMap)
        }
    }
}
