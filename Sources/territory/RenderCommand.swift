import ArgumentParser
import Foundation
import TerritoryKit

/// `territory render`: an SVG map of territories, customers, overlaps and gaps.
struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Draw the territories (and customers) as an SVG map or an interactive HTML page.",
        discussion: """
            The output's extension chooses the format: .html for one self-contained interactive page (pan and zoom, \
            tooltips, layer toggles, a sortable table), anything else for SVG. Projected with PROJ (equal-area by \
            default); neighbouring territories never share a colour (or --color-by deviation/workload shows balance on a \
            diverging scale); overlaps hatched red, gaps hatched black, defective features ringed in red (invalid polygons \
            are drawn repaired), unassigned customers as crosses, routes from `territory route` with --routes.
            """
    )

    @Argument(help: "Territories: GeoJSON, any GDAL vector format, or PG:\"...\".")
    var territories: String
    @Argument(help: "Customers (CSV with a header, or a point layer or sheet through GDAL), optional.")
    var customers: String?
    @Option(name: [.short, .long], help: "The map to write: .html for the interactive page, any other name for SVG.")
    var output: String
    @Option(help: "Width of the map in pixels (a legend is added to the right).")
    var width: Double = 900
    @Option(help: "Projection (any CRS PROJ reads); default: equal-area centred on the map.")
    var projection: String?
    @Option(name: .customLong("color-by"), help: "Fill by territory (neighbours differ), deviation or workload (need customers).")
    var colorBy: MapColoringMode = .territory
    @Option(help: "Routes to draw: the CSV `territory route` writes.")
    var routes: String?
    @Option(help: "A call-cycle schedule to draw: the CSV `territory schedule` writes (each day's route; an HTML page gets a day selector).")
    var schedule: String?
    @Option(help: "Tolerance band in percent (deviation colouring and tooltips).")
    var tolerance: Double = 10
    @Option(help: "The previous plan (a territory map): areas that changed territory are hatched, the old territory in their tooltip.")
    var compare: String?
    @OptionGroup var map: MapOptions
    @OptionGroup var quietOption: QuietOption
    @OptionGroup var columns: CustomerOptions
    @OptionGroup var nearest: NearestOptions
    @OptionGroup var workload: WorkloadOptions
    @Option(help: "Reps: CSV territory_id[,...][,region]: region borders are drawn heavier, with a legend.")
    var reps: String?
    @OptionGroup var regionOptions: RegionOptions

    /// Option values that cannot work: one error line and exit 2, like any unusable input.
    func checkOptions() throws {
        func fail(_ message: String) -> TerritoryError { .invalidArgument(message) }
        guard width >= 100, width <= 20_000 else { throw fail("--width must be between 100 and 20000 pixels") }
        guard tolerance >= 0, tolerance.isFinite else { throw fail("--tolerance must be >= 0") }
        guard colorBy == .territory || customers != nil else { throw fail("--color-by \(colorBy.rawValue) needs a customers file") }
        guard routes == nil || schedule == nil else { throw fail("give --routes or --schedule, not both") }
        try workload.check()
    }

    func run() throws {
        Allocator.keepLargeBlocksMapped()  // drawing frees large blocks phase by phase
        quietOption.apply()
        try runReportingErrors {
            try checkOptions()
            // Damaged maps are drawn too (that is when a picture helps most): invalid polygons are
            // repaired for drawing and every defect is marked.
            let progress = Progress("render")
            progress.status("reading the territories")
            let features = try inspectMap(territories, map)
            // A damaged map is drawn with its defects ringed; one with no usable polygon is refused.
            let (territoryMap, problems) = try TerritoryMap.usablePart(of: features, properties: map.properties, source: territories)
            var options = RenderOptions()
            options.featureProblems = problems
            options.width = width
            options.projection = projection
            options.coloring = colorBy
            options.compareWith = try compare.map { try loadMap($0, map) }
            options.regions = try regionOptions.regions(
                territoryMap, reps: reps.map { try RepTerritory.read(contentsOf: URL(fileURLWithPath: $0)) }, repsSource: reps)
            options.routes =
                try routes.map { try RouteLine.read(contentsOf: URL(fileURLWithPath: $0)) }
                ?? schedule.map { try RouteLine.readSchedule(contentsOf: URL(fileURLWithPath: $0)) } ?? []
            // The assigner places customers; a map drawn without them does not need one.
            let assigner = try customers.map { _ in try TerritoryAssigner(map: territoryMap, options: nearest.assignment) }
            var read: CustomerTally?
            if let customers, let assigner {
                progress.status("reading customers")
                read = try CustomerTally(
                    customers, columns: columns, map: territoryMap, assigner: assigner, nearest: nearest, workload: workload,
                    routed: colorBy == .workload || workload.isGiven, sampleLimit: options.maxCustomers,
                    threads: ProcessInfo.processInfo.activeProcessorCount, command: "render")
                options.balance = try BalanceReport(
                    map: territoryMap, tally: read!.tally, tolerance: tolerance / 100, balanceOn: colorBy == .workload ? .workload : .weight,
                    workload: read!.workloads)
            }
            let (sample, total) = (read?.sample?.sample, read?.sample?.total ?? 0)
            progress.status("drawing \(NumberText.grouped(territoryMap.count)) territories")
            defer { progress.finish() }
            let html = output.lowercased().hasSuffix(".html") || output.lowercased().hasSuffix(".htm")
            let text =
                html
                ? try MapRenderer.html(map: territoryMap, customers: sample, assigner: assigner, totalCustomers: total, options: options)
                : try MapRenderer.svg(map: territoryMap, customers: sample, assigner: assigner, totalCustomers: total, options: options)
            try AtomicOutputFile.write(text, to: URL(fileURLWithPath: output))
            printStatus("map written to \(output)")
        }
    }
}
