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
            try sink.write(RouteCommand.csv(routes, map: territoryMap, customers: batch))
            try sink.commit()
            let unassigned = assignments.reduce(0) { $0 + ($1.territory == nil ? 1 : 0) }
            try nearest.reportLeftOut(
                unassigned, of: batch.count, outside: "territory", customers: (customers, columns), map: { territoryMap })
            switch format {
            case .json: print(JSONWriter.string(RouteCommand.json(routes, map: territoryMap, unassigned: unassigned)))
            case .text: print(RouteCommand.text(routes, map: territoryMap, unassigned: unassigned), terminator: "")
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

    static func csv(_ routes: [TerritoryRoute], map: TerritoryMap, customers: CustomerBatch) -> [UInt8] {
        var out = Array("territory_id,stop,customer_id,lon,lat,leg_m,leg_s\n".utf8)
        for route in routes {
            var id: [UInt8] = []
            CSVWriter.appendField(map.territories[route.territory].id, to: &id)
            let numbering = route.stops.first?.customer == nil ? 0 : 1
            for (k, stop) in route.stops.enumerated() {
                out.append(contentsOf: id)
                out.append(contentsOf: Array(",\(k + numbering),".utf8))
                if let c = stop.customer { customers.withIDBytes(c) { CSVWriter.appendField($0, to: &out) } }
                out.append(contentsOf: Array(",\(NumberText.shortest(stop.location.x)),\(NumberText.shortest(stop.location.y)),".utf8))
                out.append(contentsOf: Array(String(format: "%.1f,%.1f\n", stop.legMetres, stop.legSeconds).utf8))
            }
        }
        return out
    }

    static func json(_ routes: [TerritoryRoute], map: TerritoryMap, unassigned: Int) -> JSONValue {
        .object([
            JSONMember(
                "territories",
                .array(
                    routes.map { r in
                        .object([
                            JSONMember("id", .string(map.territories[r.territory].id)),
                            JSONMember("stops", .number(Double(r.stops.count))),
                            JSONMember("customers", .number(Double(r.customers))),
                            JSONMember("tour_km", JSONValue.rounded(r.tourMetres / 1000, digits: 3)),
                            JSONMember("drive_km", JSONValue.rounded(r.driveMetres / 1000, digits: 3)),
                            JSONMember("drive_hours", JSONValue.rounded(r.driveSeconds / 3600, digits: 3)),
                            JSONMember("bhh_km", JSONValue.rounded(r.bhhMetres / 1000, digits: 3)),
                        ])
                    })),
            JSONMember(
                "summary",
                .object([
                    JSONMember("territories", .number(Double(routes.count))),
                    JSONMember("customers", .number(Double(routes.reduce(0) { $0 + $1.customers }))),
                    JSONMember("unassigned", .number(Double(unassigned))),
                    JSONMember("tour_km", JSONValue.rounded(routes.reduce(0) { $0 + $1.tourMetres } / 1000, digits: 3)),
                    JSONMember("drive_km", JSONValue.rounded(routes.reduce(0) { $0 + $1.driveMetres } / 1000, digits: 3)),
                    JSONMember("drive_hours", JSONValue.rounded(routes.reduce(0) { $0 + $1.driveSeconds } / 3600, digits: 3)),
                    JSONMember("bhh_km", JSONValue.rounded(routes.reduce(0) { $0 + $1.bhhMetres } / 1000, digits: 3)),
                ])),
        ])
    }

    static func text(_ routes: [TerritoryRoute], map: TerritoryMap, unassigned: Int) -> String {
        // Numbers right-aligned in their columns.
        func number(_ text: String, _ width: Int) -> String { TextTable.pad(text, width, right: true) }
        var out =
            TextTable.pad("territory", 12) + number("stops", 7) + number("tour km", 11) + number("drive km", 11)
            + number("drive h", 9) + number("BHH km", 11) + "\n"
        for r in routes {
            out +=
                TextTable.pad(map.territories[r.territory].id, 12) + number(String(r.stops.count), 7)
                + number(String(format: "%.1f", r.tourMetres / 1000), 11) + number(String(format: "%.1f", r.driveMetres / 1000), 11)
                + number(String(format: "%.2f", r.driveSeconds / 3600), 9) + number(String(format: "%.1f", r.bhhMetres / 1000), 11) + "\n"
        }
        let tour = routes.reduce(0) { $0 + $1.tourMetres }, bhh = routes.reduce(0) { $0 + $1.bhhMetres }
        out +=
            "\nTotal: "
            + String(
                format: "%.1f km of tours, %.1f drive km, %.1f drive hours; BHH estimate %.1f km (%+.1f%%).",
                tour / 1000, routes.reduce(0) { $0 + $1.driveMetres } / 1000,
                routes.reduce(0) { $0 + $1.driveSeconds } / 3600, bhh / 1000, tour > 0 ? (bhh - tour) / tour * 100 : 0)
        out += unassigned > 0 ? " \(unassigned) unassigned customers are not routed.\n" : "\n"
        return out
    }
}
