import ArgumentParser
import Foundation
import TerritoryGDAL
import TerritoryKit

/// `territory diff`: what changes for each rep between two plans.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare two plans: which customers change territory, and how each territory's load shifts.",
        discussion: """
            OLD and NEW are territory maps, or unit alignments (unit_id,territory_id CSV, as design writes) \
            with --units. Customers are placed by the border rule in each plan (in a plan of units, the \
            territory of the earliest unit that covers them), with --nearest-within as everywhere. \
            --moves-output writes customer_id,from_territory_id,to_territory_id for every customer whose \
            territory changes (empty for none), in customer file order. With workload options (as in \
            report) each plan's customers are routed and the summary compares workload hours.
            --accounts (customer_id,territory_id) gives key accounts to their territories in both plans \
            (--old-accounts for the old plan's, when they differ); moves of accounts are counted apart \
            from the moves the new borders make.
            """
    )

    @Argument(help: "The current plan: a territory map, or an alignment CSV with --units.")
    var old: String
    @Argument(help: "The proposed plan: a territory map, or an alignment CSV with --units.")
    var new: String
    @Option(help: "Customers: CSV with a header, or a point layer or sheet through GDAL.")
    var customers: String
    @Option(help: "Units (any source the other commands read) for plans given as unit_id,territory_id CSV.")
    var units: String?
    @Option(name: .customLong("moves-output"), help: "CSV customer_id,from_territory_id,to_territory_id of the customers who move.")
    var movesOutput: String?
    @Option(help: "Summary format: text, json or csv.")
    var format: OutputFormat = .text
    @Option(help: "Worker threads (default: all cores).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount
    @OptionGroup var map: MapOptions
    @OptionGroup var quietOption: QuietOption
    @OptionGroup var columns: CustomerOptions
    @OptionGroup var nearest: NearestOptions
    @OptionGroup var workload: WorkloadOptions
    @OptionGroup var outputOptions: OutputOptions
    @OptionGroup var keyAccounts: AccountsOption
    @Option(name: .customLong("old-accounts"), help: "Key accounts of the old plan, when not those of --accounts.")
    var oldAccounts: String?
    @Option(help: "Reps: CSV territory_id[,...][,region]: the region of each territory, for region roll-ups.")
    var reps: String?
    @OptionGroup var regionOptions: RegionOptions

    func run() throws {
        quietOption.apply()
        try runReportingErrors {
            guard threads >= 1 else { throw TerritoryError.invalidArgument("--threads must be at least 1") }
            try workload.check()
            let progress = Progress("diff")
            progress.status("loading the plans")
            let unitMap = try units.map { try loadMap($0, map) }
            let before = try loadPlan(old, units: unitMap.map { ($0, units!) }, map, nearest, accounts: oldAccounts ?? keyAccounts.accounts)
            let after = try loadPlan(new, units: unitMap.map { ($0, units!) }, map, nearest, accounts: keyAccounts.accounts)
            let sink = try movesOutput.map { try OutputSink(path: $0, options: outputOptions, defaultLayer: "moves") }
            let movesFile = try sink.map {
                try MovesOutput($0, order: PlanDiff.territoryOrder(before: before.territoryIDs, after: after.territoryIDs))
            }
            var diff: PlanDiff
            if workload.isGiven {
                let batch = try openCustomers(customers, columns, visitMinutes: workload.visitMinutesColumn).readAll()
                var seenBefore = before.accounts.noneSeen, seenAfter = after.accounts.noneSeen
                let (placedBefore, accountsBefore) = try before.place(batch, threads: threads, seen: &seenBefore)
                let (placedAfter, accountsAfter) = try after.place(batch, threads: threads, seen: &seenAfter)
                try before.accounts.checkEveryAccountSeen(seenBefore, customers: customers)
                try after.accounts.checkEveryAccountSeen(seenAfter, customers: customers)
                let withAccounts = !before.accounts.isEmpty || !after.accounts.isEmpty
                let compared = PlanDiff.compare(
                    before: before.territoryIDs, after: after.territoryIDs, customers: batch, placedBefore: placedBefore, placedAfter: placedAfter,
                    accounts: withAccounts ? zip(accountsBefore, accountsAfter).map { $0 || $1 } : nil)
                diff = compared.diff
                try movesFile?.write(batch, compared.moves)
                progress.status("routing both plans' customers")
                for (plan, placed, isBefore) in [(before, placedBefore, true), (after, placedAfter, false)] {
                    let territoryMap = try plan.territoryMap()
                    let assignments = placed.map { Assignment(territory: $0, status: $0 == nil ? .unassigned : .interior) }
                    let hours = try workload.workloads(
                        map: territoryMap, customers: batch, assignments: assignments, threads: threads, source: (customers, columns))
                    for (t, id) in plan.territoryIDs.enumerated() {
                        guard let k = diff.territories.firstIndex(where: { $0.id == id }) else { continue }
                        if isBefore { diff.territories[k].hoursBefore = hours[t].hours } else { diff.territories[k].hoursAfter = hours[t].hours }
                    }
                }
            } else {
                let reader = try openCustomers(customers, columns)
                var rows = 0
                diff = try PlanDiff.compare(before, after, customers: reader, threads: threads) { batch, moves in
                    rows += batch.count
                    progress.update(rows: rows, bytes: reader.bytesRead, total: reader.totalBytes)
                    try movesFile?.write(batch, moves)
                }
            }
            progress.finish()
            try sink?.commit()
            let unassignedAfter = diff.customers - diff.territories.reduce(0) { $0 + $1.customersAfter }
            try nearest.reportLeftOut(
                unassignedAfter, of: diff.customers, outside: units == nil ? "territory" : "unit", customers: (customers, columns),
                map: { try after.territoryMap() })
            let maps = [after, before].compactMap { $0.alignment == nil ? $0.assigner.map : nil }
            let territoryRegions = try TerritoryRegions.of(
                territoryIDs: diff.territories.map(\.id), reps: reps.map { try RepTerritory.read(contentsOf: URL(fileURLWithPath: $0)) },
                repsSource: reps ?? "the reps file", maps: maps, property: regionOptions.regionProperty)
            let regions = territoryRegions.map { diff.regions($0) }
            switch format {
            case .json:
                var json = diff.json()
                if let regions, case let .object(members) = json { json = .object(members + [JSONMember("regions", PlanDiff.regionsJSON(regions))]) }
                print(JSONWriter.string(json))
            case .csv: print(diff.csv(regions: territoryRegions), terminator: "")
            case .text: print(diff.text() + (regions.map { "\n" + PlanDiff.regionsText($0) } ?? ""), terminator: "")
            }
        }
    }
}
