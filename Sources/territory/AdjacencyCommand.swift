import ArgumentParser
import Foundation
import TerritoryKit

/// `territory adjacency`: which units share a border, and how long it is.
struct AdjacencyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "adjacency",
        abstract: "List the pairs of units that share a border, with its geodesic length.",
        discussion: """
            Writes CSV `a,b,shared_border_m`: one row per pair of units whose boundaries share a \
            border of positive length (rook contiguity), ids as written, `a` earlier in the file than \
            `b`, rows in file order of `a`, then `b`. Units touching at points only are not listed. \
            Prints the number of pairs and of connected components (groups of units linked through \
            shared borders) on standard error when the CSV goes to standard output, else on standard output.
            """
    )

    @Argument(help: "Units: GeoJSON, any GDAL vector format, or PG:\"...\" (Polygon/MultiPolygon features).")
    var units: String
    @Option(name: .shortAndLong, help: "Output CSV file (default: standard output).")
    var output: String?
    @OptionGroup var map: MapOptions
    @OptionGroup var quietOption: QuietOption
    @OptionGroup var outputOptions: OutputOptions
    @Option(help: "coverage (edge matching first, fast) or pairwise (exact, every touching pair); same result.")
    var method: UnitGraph.Method = .coverage

    func run() throws {
        quietOption.apply()
        try runReportingErrors {
            let unitMap = try loadMap(units, map)
            let graph = try UnitGraph(map: unitMap, method: method)
            keepUntilExit(unitMap, graph)
            let sink = try OutputSink(path: output, options: outputOptions, defaultLayer: "adjacency")
            try sink.write(graph.table(unitIDs: unitMap.ids))
            try sink.commit()
            let summary = graph.summary
            if output == nil { printStatus(summary) } else { print(summary) }
        }
    }
}

extension UnitGraph.Method: ExpressibleByArgument {}
