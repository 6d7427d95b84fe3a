import ArgumentParser
import Foundation
import TerritoryKit

/// `territory report`: workload balance and shape of every territory.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Report customer counts, weighted potential, area, balance and compactness per territory.",
        discussion: """
            Workload: with --visit-minutes or --visit-minutes-column (or --balance-on workload), every
            territory's customers are routed (as `territory route` does) and its workload per period is
            visits-per-period × (visit minutes / 60 + the tour's drive hours).
            Goals: --goal AMOUNT splits a company goal in proportion to potential (weight, or the map's
            target shares when every territory has one); --goals GOALS.csv (territory_id,goal[,actual])
            checks goals set by management: a goal per unit of potential more than --tolerance above
            the company's average is flagged as not attainable.
            """
    )

    @Argument(help: "Territories: GeoJSON, any GDAL vector format, or PG:\"...\".")
    var territories: String
    @Argument(help: "Customers: CSV with a header, or a point layer or sheet through GDAL.")
    var customers: String
    @OptionGroup var map: MapOptions
    @OptionGroup var quietOption: QuietOption
    @OptionGroup var columns: CustomerOptions
    @OptionGroup var nearest: NearestOptions
    @OptionGroup var keyAccounts: AccountsOption
    @OptionGroup var regionOptions: RegionOptions
    @Option(help: "Output format: text, json or csv.")
    var format: OutputFormat = .text
    @Option(help: "Tolerance band in percent: territories deviating more are flagged.")
    var tolerance: Double = 10
    @Option(help: "Worker threads (default: all cores).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount
    @Option(name: .customLong("balance-on"), help: "Measure balance on customers, weight or workload.")
    var balanceOn: BalanceMeasure = .weight
    @OptionGroup var workload: WorkloadOptions
    @Option(help: "Company goal for the period, split across territories in proportion to potential.")
    var goal: Double?
    @Option(help: "Goals set by management: CSV territory_id,goal[,actual].")
    var goals: String?
    @Option(help: "The period goals and workload are for (a label, e.g. 2027-Q1).")
    var period: String?
    @Option(
        help: ArgumentHelp(
            "Reps: CSV territory_id[,rep][,lon,lat][,target_share][,days][,region]: homes, capacities and regions.",
            discussion:
                "Workload tours start at lon,lat (the rep's home); target_share and days (of a --days cycle) set what each territory is expected to carry; region rolls territories up."
        ))
    var reps: String?

    /// Option values that cannot work: one error line and exit 2, like any unusable input.
    func checkOptions() throws {
        func fail(_ message: String) -> TerritoryError { .invalidArgument(message) }
        guard tolerance >= 0, tolerance.isFinite else { throw fail("--tolerance must be >= 0") }
        guard threads >= 1 else { throw fail("--threads must be at least 1") }
        guard goal == nil || goals == nil else { throw fail("give --goal or --goals, not both") }
        if let goal { guard goal.isFinite, goal >= 0 else { throw fail("--goal must be a number >= 0") } }
        try workload.check()
    }

    func run() throws {
        quietOption.apply()
        try runReportingErrors {
            try checkOptions()
            let territoryMap = try loadMap(territories, map)
            let repRows = try reps.map {
                try RepTerritory.byTerritory(RepTerritory.read(contentsOf: URL(fileURLWithPath: $0)), territoryIDs: territoryMap.ids, source: $0)
            }
            let regions = try regionOptions.regions(territoryMap, reps: repRows?.compactMap { $0 }, repsSource: reps)
            let shares = repRows.flatMap {
                RepTerritory.shares(territoryIDs: territoryMap.ids, reps: $0.compactMap { $0 }, cycleDays: workload.cycle.days)
            }
            let read = try CustomerTally(
                customers, columns: columns, map: territoryMap, assigner: TerritoryAssigner(map: territoryMap, options: nearest.assignment),
                nearest: nearest, workload: workload, routed: balanceOn == .workload || workload.isGiven, homes: repRows?.map { $0?.home } ?? [],
                accounts: keyAccounts, threads: threads, command: "report")
            let (tally, maxDrive) = (read.tally, read.maxDrive)
            let report = try BalanceReport(
                map: territoryMap, tally: tally, tolerance: tolerance / 100, balanceOn: balanceOn,
                workload: read.workloads, shares: shares)
            var territoryGoals: [TerritoryGoal]?
            if let goal {
                let basis = report.summary.usesTargetShares ? shares ?? territoryMap.territories.map { $0.targetShare! } : nil
                territoryGoals = try TerritoryGoals.split(goal, potentials: tally.weight, shares: basis, regions: regions, tolerance: tolerance / 100)
            } else if let goals {
                let (set, actuals) = try TerritoryGoals.read(contentsOf: URL(fileURLWithPath: goals), map: territoryMap)
                territoryGoals = TerritoryGoals.assess(goals: set, actuals: actuals, potentials: tally.weight, tolerance: tolerance / 100)
            }
            switch format {
            case .json: print(JSONWriter.string(report.json(goals: territoryGoals, period: period, regions: regions, maxDrive: maxDrive)))
            case .csv: print(report.csv(goals: territoryGoals, regions: regions, maxDrive: maxDrive), terminator: "")
            case .text: print(report.text(goals: territoryGoals, period: period, regions: regions, maxDrive: maxDrive), terminator: "")
            }
        }
    }
}
