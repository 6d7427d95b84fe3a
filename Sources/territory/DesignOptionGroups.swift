import ArgumentParser
import Foundation
import TerritoryKit

/// Which territories `design` makes: a number of them, one per rep, or the current alignment's.
struct DesignTargetOptions: ParsableArguments {
    @Option(help: "Number of territories to make (ids T1, T2, ...).")
    var territories: Int?
    @Option(help: "CSV territory_id[,rep][,lon,lat][,target_share]: one territory per rep.")
    var reps: String?
    @Option(name: .customLong("from"), help: "CSV unit_id,territory_id: the current alignment, to rebalance.")
    var from: String?

    /// How many of the three are given.
    var given: Int { [territories != nil, reps != nil, from != nil].filter { $0 }.count }

    /// The library's design options for these territories, with the units `locked` names.
    func designOptions(locked: String?, units: TerritoryMap, unitsName: String) throws -> DesignOptions {
        let chosen: DesignOptions.Territories =
            territories.map { .count($0) } ?? reps.map { .reps(URL(fileURLWithPath: $0)) } ?? .current(URL(fileURLWithPath: from!))
        return try DesignOptions.read(chosen, locked: locked.map { URL(fileURLWithPath: $0) }, units: units, unitsName: unitsName)
    }
}

/// How `design`'s search runs and what it must respect.
struct DesignSearchOptions: ParsableArguments {
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

    /// The tolerance as a fraction.
    var fraction: Double { tolerance / 100 }
}

/// Where `design` writes its plan, and how it prints the summary.
struct DesignOutputOptions: ParsableArguments {
    @Option(name: .customLong("units-output-layer"), help: "Layer (table) for --units-output in a GeoPackage or database.")
    var unitsOutputLayer: String?
    @Option(name: .shortAndLong, help: "Output territories, one dissolved feature each: GeoJSON, another format by extension, or PG:\"...\".")
    var output: String
    @Option(name: .customLong("units-output"), help: "Output CSV unit_id,territory_id, one row per unit in input order.")
    var unitsOutput: String?
    @Option(help: "Summary format on stdout: text or json.")
    var format: OutputFormat = .text
}

/// What `design` balances on beyond the units' weights: estimated hours, key accounts, a drive
/// limit from the reps' homes.
struct DesignBalanceOptions: ParsableArguments {
    enum Measure: String, ExpressibleByArgument { case weight, workload }

    @Option(name: .customLong("balance-on"), help: "Balance on weight (the workload above) or workload (estimated hours; needs --customers).")
    var balanceOn: Measure = .weight
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

    /// Whether the customers must be placed in units (not only counted or weighed).
    var needsPlacedCustomers: Bool { accounts != nil || balanceOn == .workload || maxDriveMinutes != nil }
}

extension DesignCommand {
    /// Option combinations that cannot work: one error line and exit 2, like any unusable input.
    func checkOptions() throws {
        func fail(_ message: String) -> TerritoryError { .invalidArgument(message) }
        let within = regionDesign.within != nil
        try regionDesign.check(territoriesGiven: targets.given > 0)
        guard targets.given == 1 || within else { throw fail("give exactly one of --territories, --reps, --from") }
        guard !within || balance.balanceOn == .weight else { throw fail("--within balances on weight (the estimate of each unit's hours)") }
        if let minutes = balance.maxDriveMinutes {
            guard minutes > 0, minutes.isFinite else { throw fail("--max-drive-minutes must be a number > 0") }
            guard targets.reps != nil else { throw fail("--max-drive-minutes needs the reps' homes: give --reps with lon,lat for every territory") }
            guard !within else { throw fail("--max-drive-minutes needs the reps' homes: give --reps, not --within") }
        }
        if balance.accounts != nil {
            guard customers != nil else { throw fail("--accounts goes with --customers (key accounts are customers)") }
            guard balance.balanceOn == .weight, !within else {
                throw fail("--accounts works with --balance-on weight and territories named before the design (--territories, --reps or --from)")
            }
        }
        if let territories = targets.territories, territories < 1 { throw fail("--territories must be at least 1") }
        guard weighting.weightProperty == nil || customers == nil else { throw fail("give --weight-property or --customers, not both") }
        guard search.tolerance >= 0, search.tolerance.isFinite else { throw fail("--tolerance must be >= 0") }
        for (name, limit) in [("--time-limit", search.timeLimit), ("--balance-time-limit", balance.balanceTimeLimit)] {
            if let limit { guard limit >= 0, limit.isFinite else { throw fail("\(name) must be a number of seconds >= 0") } }
        }
        guard outputs.format != .csv else { throw fail("--format must be text or json") }
        guard balance.balanceOn != .workload || customers != nil else { throw fail("--balance-on workload needs --customers") }
        try workload.check()
    }
}
