import ArgumentParser
import Foundation
import TerritoryKit

/// `territory compare`: candidate plans side by side.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare plans side by side: balance, compactness, workload, moves against the first plan, goals.",
        discussion: """
            Each PLAN is a territory map (a file, a layer as file.gpkg:layer, or PG:"... tables=name"), or a unit \
            alignment (unit_id,territory_id CSV) with --units. Customers are placed in every plan by the border \
            rule (--accounts first). One column per plan; --output writes an HTML page with the plans' maps \
            side by side (pan and zoom move them all) and the table.
            """
    )

    @Argument(help: "The plans: territory maps, or unit alignments with --units; moves are counted against the first.")
    var plans: [String]
    @Option(help: "Customers: CSV with a header, or a point layer or sheet through GDAL.")
    var customers: String
    @Option(help: "Units (any source the other commands read) for plans given as unit_id,territory_id CSV.")
    var units: String?
    @Option(help: "Table format: text, json or csv.")
    var format: OutputFormat = .text
    @Option(name: [.short, .long], help: "An HTML page with the plans' maps side by side and the table.")
    var output: String?
    @Option(help: "Tolerance band in percent (as in report).")
    var tolerance: Double = 10
    @Option(name: .customLong("balance-on"), help: "Measure balance on customers, weight or workload.")
    var balanceOn: BalanceMeasure = .weight
    @Option(help: "Goals set by management: CSV territory_id,goal; each plan's goals not attainable are counted.")
    var goals: String?
    @Option(help: "Reps: CSV territory_id[,target_share][,days]: each territory's capacity (as in report).")
    var reps: String?
    @Option(help: "Worker threads (default: all cores).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount
    @OptionGroup var map: MapOptions
    @OptionGroup var quietOption: QuietOption
    @OptionGroup var columns: CustomerOptions
    @OptionGroup var nearest: NearestOptions
    @OptionGroup var keyAccounts: AccountsOption
    @OptionGroup var workload: WorkloadOptions

    func validate() throws {
        guard !plans.isEmpty else { throw ValidationError("give at least one plan") }
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
        guard tolerance >= 0, tolerance.isFinite else { throw ValidationError("--tolerance must be >= 0") }
    }

    func run() throws {
        quietOption.apply()
        try runReportingErrors {
            try workload.check()
            let progress = Progress("compare")
            progress.status("loading \(plans.count) plans")
            let unitMap = try units.map { (try loadMap($0, map), $0) }
            let loaded = try plans.map { try loadPlan($0, units: unitMap, map, nearest, accounts: keyAccounts.accounts) }
            let repRows = try reps.map { try RepTerritory.read(contentsOf: URL(fileURLWithPath: $0)) }
            let shares = repRows.map { rows in
                loaded.map { RepTerritory.shares(territoryIDs: $0.territoryIDs, reps: rows, cycleDays: workload.cycle.days) }
            }
            let goalsByPlan = try goals.map { path in
                try loaded.map { try TerritoryGoals.read(contentsOf: URL(fileURLWithPath: path), territoryIDs: $0.territoryIDs).goals }
            }
            let measured = balanceOn == .workload || workload.isGiven
            progress.status(measured ? "routing every plan's customers" : "placing customers in every plan")
            let (customers, columns, threads) = (self.customers, self.columns, self.threads)
            let comparison = try PlanComparison.compare(
                loaded, names: plans, customers: openCustomers(customers, columns, visitMinutes: workload.visitMinutesColumn), threads: threads,
                tolerance: tolerance / 100, balanceOn: balanceOn, shares: shares, goals: goalsByPlan,
                workload: measured
                    ? { [workload] map, batch, assignments in
                        try workload.workloads(map: map, customers: batch, assignments: assignments, threads: threads, source: (customers, columns))
                    } : nil)
            if let output { try AtomicOutputFile.write(try MapRenderer.comparisonPage(comparison), to: URL(fileURLWithPath: output)) }
            progress.finish()
            switch format {
            case .json: print(JSONWriter.string(comparison.json()))
            case .csv: print(comparison.csv(), terminator: "")
            case .text: print(comparison.text(), terminator: "")
            }
        }
    }
}
