import ArgumentParser
import Foundation
import TerritoryKit

/// `territory route`: a closed visiting tour through each territory's customers.
struct RouteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "route",
        abstract: "Plan a closed visiting tour through each territory's customers.",
        discussion: """
            Customers are assigned by the border rule of `assign`; each territory's tour visits its
            customers once and returns to the start (the rep's home when --reps gives lon,lat).
            Writes CSV territory_id,stop,customer_id,lon,lat,leg_m,leg_s: territories in map order,
            stops numbered from 1 in visiting order (stop 0 is the home, with an empty customer_id),
            leg_m the geodesic metres and leg_s the drive seconds from the previous stop (0 on the
            first row of a territory); the return leg is counted in the summary. Drive km = tour km ×
            circuity; drive hours = drive km / speed, except for pairs listed in --matrix (CSV
            from_id,to_id,seconds), which take their known time. With --osrm URL every leg's drive
            seconds and road km come from the OSRM server's table service and the tours minimise
            them, one-way streets included; drive hours are then the tours' road time. BHH km =
            0.7124·√(stops × area), the closed-form estimate.
            """
    )

    @Argument(help: "Territories: GeoJSON, any GDAL vector format, or PG:\"...\".")
    var territories: String
    @Argument(help: "Customers: CSV with a header, or a point layer or sheet through GDAL.")
    var customers: String
    @Option(name: [.short, .long], help: "Output CSV file of stops.")
    var output: String
    @Option(help: "Reps: CSV territory_id[,rep][,lon,lat][,target_share]; lon,lat is the home each tour starts from.")
    var reps: String?
    @OptionGroup var drive: DriveOptions
    @Option(help: "Seed of the tour search (same seed, same tours).")
    var seed: UInt64 = 1
    @Option(help: "Search effort: perturbations tried per stop after the first local optimum (0: 2-opt/Or-opt only).")
    var effort: Int = TourOptions().kicksPerStop
    @Option(help: "Worker threads (default: all cores).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount
    @Option(help: "Summary format: text or json.")
    var format: SummaryFormat = .text
    @OptionGroup var map: MapOptions
    @OptionGroup var quietOption: QuietOption
    @OptionGroup var columns: CustomerOptions
    @OptionGroup var outputOptions: OutputOptions
    @OptionGroup var nearest: NearestOptions
    @OptionGroup var keyAccounts: AccountsOption

    /// Option values that cannot work: one error line and exit 2, like any unusable input.
    func checkOptions() throws {
        func fail(_ message: String) -> TerritoryError { .invalidArgument(message) }
        guard threads >= 1 else { throw fail("--threads must be at least 1") }
        guard effort >= 0 else { throw fail("--effort must be >= 0") }
        try drive.check()
    }

    func run() throws {
        quietOption.apply()
        try runReportingErrors {
            try checkOptions()
            let started = Date()
            let territoryMap = try loadMap(territories, map)
            let homes = try reps.map { try RouteCommand.homes(fromReps: $0, map: territoryMap) } ?? []
            let batch = try openCustomers(customers, columns).readAll()
            var assignments = try TerritoryAssigner(map: territoryMap, options: nearest.assignment).assign(batch, threads: threads)
            try keyAccounts.apply(to: &assignments, customers: batch, map: territoryMap, source: customers)
            let progress = Progress("route")
            progress.status("routing \(batch.count.formatted()) customers")
            let planner = try drive.planner(options: TourOptions(kicksPerStop: effort, seed: seed), threads: threads)
            let routes = try planner.routes(map: territoryMap, customers: batch, assignments: assignments, homes: homes) {
                progress.status("routing \(NumberText.grouped(batch.count)) customers", fraction: $0)
            }
            progress.finish()
            let sink = try OutputSink(path: output, options: outputOptions, defaultLayer: "routes")
            try sink.write(TerritoryRoute.table(routes, territoryIDs: territoryMap.ids, customers: batch))
            try sink.commit()
            let unassigned = assignments.reduce(0) { $0 + ($1.territory == nil ? 1 : 0) }
            try nearest.reportLeftOut(
                unassigned, of: batch.count, outside: "territory", customers: (customers, columns), map: { territoryMap })
            switch format {
            case .json: print(JSONWriter.string(TerritoryRoute.json(routes, territoryIDs: territoryMap.ids, unassigned: unassigned)))
            case .text: print(TerritoryRoute.text(routes, territoryIDs: territoryMap.ids, unassigned: unassigned), terminator: "")
            }
            printStatus(
                "routed \(batch.count - unassigned) customers in \(territoryMap.count) territories ("
                    + "\(unassigned) unassigned, left out) in " + String(format: "%.2f s", Date().timeIntervalSince(started)) + drive.serverTime)
        }
    }

    enum SummaryFormat: String, ExpressibleByArgument { case text, json }

    /// One home per territory from a reps file; every listed territory must exist.
    static func homes(fromReps path: String, map: TerritoryMap) throws -> [Coordinate?] {
        try RepTerritory.byTerritory(RepTerritory.read(contentsOf: URL(fileURLWithPath: path)), territoryIDs: map.ids, source: path).map { $0?.home }
    }
}
