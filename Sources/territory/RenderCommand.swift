import ArgumentParser
import Foundation
import TerritoryKit

/// `territory render`: an SVG map of territories, customers, overlaps and gaps.
struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Draw the territories (and customers) as an SVG map.",
        discussion: """
        Projected with PROJ (equal-area by default); overlaps hatched red, gaps hatched black, defective features ringed \
        in red (invalid polygons are drawn repaired), unassigned customers as crosses.
        """
    )

    @Argument(help: "Territories (GeoJSON FeatureCollection).")
    var territories: String
    @Argument(help: "Customers (CSV with a header), optional.")
    var customers: String?
    @Option(name: [.short, .long], help: "The SVG file to write.")
    var output: String
    @Option(help: "Width of the map in pixels (a legend is added to the right).")
    var width: Double = 900
    @Option(help: "Projection (any CRS PROJ reads); default: equal-area centred on the map.")
    var projection: String?
    @OptionGroup var map: MapOptions
    @OptionGroup var columns: CustomerOptions

    func validate() throws {
        guard width >= 100, width <= 20_000 else { throw ValidationError("--width must be between 100 and 20000 pixels") }
    }

    func run() throws {
        try runReportingErrors {
            // Damaged maps are drawn too (that is when a picture helps most): invalid polygons are
            // repaired for drawing and every defect is marked.
            let features = try TerritoryMap.inspect(contentsOf: URL(fileURLWithPath: territories), properties: map.properties)
            let (territoryMap, problems) = try TerritoryMap.usablePart(of: features, properties: map.properties)
            var options = RenderOptions()
            options.featureProblems = problems
            options.width = width
            options.projection = projection
            var sample: CustomerBatch?
            var total = 0
            if let customers {
                // An even sample of at most maxCustomers rows, read in batches (memory stays bounded).
                let reader = try CustomerCSVReader(contentsOf: URL(fileURLWithPath: customers), columns: columns.columns)
                var kept = CustomerBatch(), batch = CustomerBatch()
                var all = CustomerBatch()
                while try reader.next(into: &batch) {
                    total += batch.count
                    if all.count < options.maxCustomers * 4 { all.append(contentsOf: batch) }
                }
                let step = max(1, (all.count + options.maxCustomers - 1) / options.maxCustomers)
                kept.append(contentsOf: all, every: step)
                sample = kept
            }
            let assigner = try TerritoryAssigner(map: territoryMap)
            let svg = try MapRenderer.svg(map: territoryMap, customers: sample, assigner: assigner, totalCustomers: total, options: options)
            try AtomicOutputFile.write(svg, to: URL(fileURLWithPath: output))
            printStatus("map written to \(output)")
        }
    }
}
