import ArgumentParser
import Foundation
import TerritoryKit

/// `territory schedule`: each rep's call cycle, every customer at its visit frequency.
struct ScheduleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedule",
        abstract: "Schedule each rep's call cycle: every customer at its visit frequency, each day a route from home within the working hours.",
        discussion: """
            Customers are assigned by the border rule of `assign`. Each territory's customers are visited \
            --visits times in the cycle of --days working days, consecutive visits at least \
            ⌊days / visits⌋ − --spacing-slack days apart, each day a route from the rep's home (--reps \
            lon,lat; else the territory's pole of inaccessibility) and back within --day-hours from \
            --day-start, visits inside the customers' opening hours. Writes CSV \
            territory_id,rep,day,date,stop,customer_id,lon,lat,arrive,depart,leg_m,leg_s. Exit 1 when \
            visits could not be placed (the schedule is written, the missing visits listed).
            """
    )

    @Argument(help: "Territories: GeoJSON, any GDAL vector format, or PG:\"...\".")
    var territories: String
    @Argument(help: "Customers: CSV with a header, or a point layer or sheet through GDAL.")
    var customers: String
    @Option(name: [.short, .long], help: "Output schedule: CSV, another format by extension, or PG:\"...\".")
    var output: String
    @Option(help: "Reps: CSV territory_id[,rep][,lon,lat][,days]: homes, and the working days of part-time reps.")
    var reps: String?
    @OptionGroup var cycle: CallCycleOptions
    @Option(name: .customLong("visit-minutes"), help: "Minutes per visit, for every customer (default 30).")
    var visitMinutes: Double?
    @Option(name: .customLong("visit-minutes-column"), help: "Customer column with each customer's minutes per visit.")
    var visitMinutesColumn: String?
    @OptionGroup var drive: DriveOptions
    @OptionGroup var dates: CalendarOptions
    @Option(
        name: .customLong("time-limit"),
        help: "An optional ceiling in seconds on the search (without it the schedule depends only on the inputs, seed and threads).")
    var timeLimit: Double?
    @Option(help: "Seed of the search (same seed and threads, same schedule).")
    var seed: UInt64 = 1
    @Option(help: "Independent searches side by side; the best is kept.")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount
    @Option(help: "Summary format on stdout: text or json.")
    var format: OutputFormat = .text
    @OptionGroup var map: MapOptions
    @OptionGroup var quietOption: QuietOption
    @OptionGroup var columns: CustomerOptions
    @OptionGroup var outputOptions: OutputOptions
    @OptionGroup var nearest: NearestOptions
    @OptionGroup var keyAccounts: AccountsOption
    @OptionGroup var regionOptions: RegionOptions

    func validate() throws {
        guard format != .csv else { throw ValidationError("--format must be text or json") }
        guard visitMinutes == nil || visitMinutesColumn == nil else {
            throw ValidationError("give --visit-minutes or --visit-minutes-column, not both")
        }
        if let visitMinutes, !(visitMinutes >= 0 && visitMinutes.isFinite) { throw ValidationError("--visit-minutes must be >= 0") }
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
        if let timeLimit, !(timeLimit > 0) { throw ValidationError("--time-limit must be a number of seconds > 0") }
    }

    func run() throws {
        var missing: String?
        quietOption.apply()
        try runReportingErrors {
            try drive.check()
            let settings = try cycle.settings
            let days = cycle.days
            let dates = try self.dates.dates(count: days)
            let territoryMap = try loadMap(territories, map)
            let batch = try openCustomers(customers, columns, visitMinutes: visitMinutesColumn).readAll()
            let needs = try cycle.needs(batch, customers: customers, columns: columns, minutes: visitMinutesColumn != nil ? nil : visitMinutes ?? 30)
            var assignments = try TerritoryAssigner(map: territoryMap, options: nearest.assignment).assign(batch, threads: threads)
            try keyAccounts.apply(to: &assignments, customers: batch, map: territoryMap, source: customers)
            let left = assignments.reduce(0) { $0 + ($1.territory == nil ? 1 : 0) }
            try nearest.reportLeftOut(left, of: batch.count, outside: "territory", customers: (customers, columns), map: { territoryMap })
            let repRows = try reps.map {
                try RepTerritory.byTerritory(RepTerritory.read(contentsOf: URL(fileURLWithPath: $0)), territoryIDs: territoryMap.ids, source: $0)
            }
            let repPlan = try ScheduleReps(map: territoryMap, reps: repRows, cycleDays: days, source: reps ?? "--reps")
            let repNames = repPlan.names
            let regions = try regionOptions.regions(territoryMap, reps: repRows?.compactMap { $0 }, repsSource: reps)
            let progress = Progress("schedule")
            let cycles = try TerritoryCallCycles.schedule(
                map: territoryMap, customers: batch, assignments: assignments, needs: needs, homes: repPlan.homes, workingDays: repPlan.workingDays,
                settings: settings, seconds: try drive.driveSeconds(batch),
                options: ScheduleOptions(timeLimit: timeLimit ?? .infinity, seed: seed, threads: threads)
            ) { done, total in progress.status("scheduling territory \(done + 1) of \(total)", fraction: Double(done) / Double(max(1, total))) }
            progress.finish()
            let sink = try OutputSink(path: output, options: outputOptions, defaultLayer: "schedule")
            try sink.write(TerritoryCallCycles.table(cycles, map: territoryMap, reps: repNames, customers: batch, dates: dates))
            if let calendar = self.dates.calendar, let dates {
                try TerritoryCallCycles.writeCalendars(
                    cycles, map: territoryMap, reps: repNames, customers: batch, dates: dates, into: URL(fileURLWithPath: calendar))
            }
            try sink.commit()
            let rollUp = regions.map { regions in
                TerritoryCallCycles.regions(
                    cycles, map: territoryMap, customers: batch, assignments: assignments, regions: regions,
                    shares: repRows.flatMap { RepTerritory.shares(territoryIDs: territoryMap.ids, reps: $0.compactMap { $0 }, cycleDays: days) })
            }
            print(
                format == .json
                    ? JSONWriter.string(TerritoryCallCycles.json(cycles, map: territoryMap, reps: repNames, customers: batch, regions: rollUp)) + "\n"
                    : TerritoryCallCycles.text(cycles, map: territoryMap, regions: rollUp), terminator: "")
            if cycles.contains(where: \.timeLimitReached) {
                printStatus("schedule: the time limit cut the search short: this schedule depends on the machine's speed")
            }
            missing = TerritoryCallCycles.unplacedLine(cycles, territoryIDs: territoryMap.ids)
        }
        if let missing {
            printError(missing)
            throw ExitCode(1)
        }
    }
}
