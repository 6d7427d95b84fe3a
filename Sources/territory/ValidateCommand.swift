import ArgumentParser
import Foundation
import GEOS
import TerritoryGDAL
import TerritoryKit

/// `territory validate`: every defective feature, overlap and gap of a territory map.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a territory map for broken features, overlaps and gaps.",
        discussion: "Exit status: 0 when the map is clean, 1 when it has problems, 2 when the file is unusable."
    )

    @Argument(help: "Territories: GeoJSON, any GDAL vector format (Shapefile, GeoPackage, ...), or PG:\"...\".")
    var territories: String
    @Option(help: "A service region (GeoJSON, any GDAL vector format, or PG:\"...\"); parts of it no territory covers are reported as gaps.")
    var region: String?
    @OptionGroup var map: MapOptions
    @OptionGroup var quietOption: QuietOption
    @Option(name: .customLong("sliver-area"), help: "Overlaps/gaps smaller than this many m² are flagged as slivers.")
    var sliverArea: Double = 10_000
    @Option(name: .customLong("sliver-width"), help: "Overlaps/gaps narrower than this many metres are flagged as slivers.")
    var sliverWidth: Double = 50
    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text
    @Option(help: "coverage (edge matching first, fast) or pairwise (exact relate on every touching pair); same report.")
    var engine: ValidationEngine = .coverage

    func validate() throws {
        guard format != .csv else { throw ValidationError("--format must be text or json") }
        guard sliverArea >= 0, sliverWidth >= 0 else { throw ValidationError("sliver thresholds must be >= 0") }
    }

    func run() throws {
        var problems = false
        quietOption.apply()
        try runReportingErrors {
            var options = ValidationOptions()
            options.sliverArea = sliverArea
            options.sliverWidth = sliverWidth
            options.properties = map.properties
            options.engine = engine
            if let region {
                let features = try TerritoryMap.inspect(VectorSource.map(region), checkValidity: false)
                let parts = features.compactMap(\.geometry)
                guard !parts.isEmpty else {
                    throw TerritoryError.unreadableFile(path: region, reason: "the region has no usable polygon")
                }
                options.region = try Geometry.unaryUnion(parts)
            }
            let progress = Progress("reading \(URL(fileURLWithPath: territories).lastPathComponent)")
            let features = try inspectMap(territories, map) { progress.update(bytes: $0, total: $1) }
            progress.finish()
            let report = try Validator.validate(features, options: options)
            problems = !report.isValid
            // The text report names features by id: their control characters are shown, not obeyed.
            print(
                format == .json ? JSONWriter.string(report.json()) : TerminalText.visible(report.text(source: territories)),
                terminator: format == .json ? "\n" : "")
        }
        if problems { throw ExitCode(1) }
    }
}

extension ValidationEngine: ExpressibleByArgument {}
