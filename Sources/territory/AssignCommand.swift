import ArgumentParser
import Foundation
import TerritoryKit

/// `territory assign`: each customer's territory, streamed in input order.
struct AssignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assign",
        abstract: "Assign each customer to the territory that covers it.",
        discussion: """
            Writes CSV `customer_id,territory_id` (plus `distance_m` with --nearest-within), one row per
            input row in input order; territory_id is empty when no territory covers the customer.
            Border rule: a point on a shared border goes to the territory earliest in the file.
            With --accounts, key accounts go to the territory the file names wherever they lie, and
            rows gain a `status` column (interior, boundary, border_tie, conflict, nearest,
            unassigned, or account).
            The output appears only when complete (written to a temporary file, then renamed).
            """
    )

    @Argument(help: "Territories: GeoJSON, any GDAL vector format, or PG:\"...\".")
    var territories: String
    @Argument(help: "Customers: CSV with a header, or a point layer or sheet through GDAL.")
    var customers: String
    @Option(name: [.short, .long], help: "Output CSV file (default: standard output).")
    var output: String?
    @OptionGroup var map: MapOptions
    @OptionGroup var quietOption: QuietOption
    @OptionGroup var columns: CustomerOptions
    @OptionGroup var outputOptions: OutputOptions
    @OptionGroup var keyAccounts: AccountsOption
    @Option(name: .customLong("nearest-within"), help: "Give uncovered customers to the nearest territory within this many metres.")
    var nearestWithin: Double?
    @Option(help: "Worker threads (default: all cores).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount
    @Option(help: "Point-in-polygon engine: indexed (fast) or geos (reference).")
    var engine: EngineChoice = .indexed

    enum EngineChoice: String, ExpressibleByArgument { case indexed, geos }

    func validate() throws {
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
        if let d = nearestWithin, !(d >= 0) { throw ValidationError("--nearest-within must be >= 0 metres") }
    }

    func run() throws {
        quietOption.apply()
        try runReportingErrors {
            let started = Date()
            let reader = try openCustomers(customers, columns)
            let options = AssignmentOptions(nearestWithin: nearestWithin, engine: engine == .geos ? .geos : .indexed)
            let (territories, map) = (self.territories, self.map)
            let sink = try OutputSink(path: output, options: outputOptions, defaultLayer: "assignments")
            let stream: AssignmentStream
            if keyAccounts.accounts != nil {
                // The accounts name territories: the map is needed before the first row.
                let assigner = try TerritoryAssigner(map: loadMap(territories, map), options: options)
                stream = AssignmentStream(
                    pipeline: AssignmentPipeline(assigner: assigner, threads: threads), reader: reader, withDistance: nearestWithin != nil,
                    accounts: try keyAccounts.load(assigner.map), progress: Progress("assign"))
            } else {
                // The map is loaded and indexed while the workers parse the first customer chunks.
                let pipeline = AssignmentPipeline(threads: threads) {
                    try TerritoryAssigner(map: loadMap(territories, map), options: options)
                }
                stream = AssignmentStream(
                    pipeline: pipeline, reader: reader, withDistance: nearestWithin != nil, accounts: nil, progress: Progress("assign"))
            }
            let summary = try stream.run(into: sink)
            try sink.commit()
            if let warning = try NearestOptions.implausibility(
                summary.unassigned, of: summary.assigned + summary.unassigned, outside: "territory", customers: (customers, columns),
                map: { try loadMap(territories, map) })
            {
                printStatus(warning)
            }
            let seconds = Date().timeIntervalSince(started)
            let rows = summary.assigned + summary.unassigned
            let nearest = nearestWithin != nil ? ", nearest \(summary.nearest)" : ""
            let accounts = keyAccounts.accounts != nil ? ", key accounts \(summary.accounts)" : ""
            printStatus(
                "assigned \(summary.assigned), unassigned \(summary.unassigned), border ties \(summary.borderTies), "
                    + "conflicts \(summary.conflicts)\(nearest)\(accounts); \(rows) customers in " + String(format: "%.2f s", seconds))
        }
    }
}
