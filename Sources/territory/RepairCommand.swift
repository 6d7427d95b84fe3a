import ArgumentParser
import Foundation
import TerritoryKit

/// `territory repair`: a damaged map made valid, every change listed.
struct RepairCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repair",
        abstract: "Repair a territory map: invalid rings, overlaps, enclosed gaps, near-miss slivers; every change listed.",
        discussion: """
            Invalid polygons are rebuilt (GEOS make-valid, structure method); territories closer than \
            --min-width metres without touching are snapped together; each overlap goes to one owner (the \
            border rule's: the territory earlier in the file, or --prefer largest|smallest); gaps enclosed \
            by the coverage go to the neighbour with the longest shared border (up to --max-gap-area). \
            Nothing outside the defects moves. Features without a usable geometry are left out and listed. \
            The repaired map is validated: exit 0 when it is clean, 1 when problems remain (a gap larger \
            than --max-gap-area), 2 when the input is unusable.
            """
    )

    @Argument(help: "Territories: GeoJSON, any GDAL vector format, or PG:\"...\".")
    var territories: String
    @Option(name: [.short, .long], help: "The repaired map: GeoJSON, another format by extension, or PG:\"...\".")
    var output: String
    @Option(help: "Who keeps an overlap: first (the border rule: earlier in the file), largest or smallest.")
    var prefer: Preference = .first
    @Option(name: .customLong("min-width"), help: "Snap together territories closer than this many metres that do not touch.")
    var minWidth: Double?
    @Option(name: .customLong("max-gap-area"), help: "Merge enclosed gaps up to this many m² (default: every enclosed gap).")
    var maxGapArea: Double?
    @Option(help: "Summary format on stdout: text or json.")
    var format: OutputFormat = .text
    @OptionGroup var map: MapOptions
    @OptionGroup var quietOption: QuietOption
    @OptionGroup var outputOptions: OutputOptions

    enum Preference: String, ExpressibleByArgument { case first, largest, smallest }

    func validate() throws {
        guard format != .csv else { throw ValidationError("--format must be text or json") }
        if let minWidth, !(minWidth >= 0 && minWidth.isFinite) { throw ValidationError("--min-width must be >= 0 metres") }
        if let maxGapArea, !(maxGapArea >= 0) { throw ValidationError("--max-gap-area must be >= 0 m²") }
    }

    func run() throws {
        var clean = true
        quietOption.apply()
        try runReportingErrors {
            let sink = try OutputSink(path: output, kind: .features, options: outputOptions, defaultLayer: "territories")
            let policy: OverlapPolicy = prefer == .first ? .earlierInOrder : (prefer == .largest ? .largest : .smallest)
            let repair = try FeatureRepair.repair(
                try inspectMap(territories, map), properties: map.properties,
                options: RepairOptions(overlapPolicy: policy, mergeGapsBelow: maxGapArea ?? .infinity, snapWithin: minWidth), source: territories)
            clean = repair.report.isValid
            try sink.write(repair.map, properties: map.properties)
            try sink.commit()
            print(format == .json ? JSONWriter.string(repair.json()) : repair.text(), terminator: format == .json ? "\n" : "")
        }
        if !clean { throw ExitCode(1) }
    }
}
