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
            let features = try inspectMap(territories, map)
            // A map with no usable polygon is refused: writing an empty map (which no command
            // loads) and calling it clean would be a quiet wrong answer.
            let (damaged, problems) = try TerritoryMap.usablePart(
                of: features, properties: map.properties, rebuildInvalid: false, source: territories)
            let usable = Set(damaged.territories.map(\.featureIndex))
            let dropped = Dictionary(grouping: problems.filter { !usable.contains($0.featureIndex) }, by: \.featureIndex)
                .sorted { $0.key < $1.key }.map { $0.value[0] }
            // What reading mended in the features kept (a ring closed, an id given or made
            // unique) is a change too; invalid polygons are the repair's own (made_valid).
            let mended = problems.filter { usable.contains($0.featureIndex) && $0.defect.kind != .invalidGeometry }
            let policy: OverlapPolicy = prefer == .first ? .earlierInOrder : (prefer == .largest ? .largest : .smallest)
            let (fixed, log) = try Repairer.repair(
                damaged, options: RepairOptions(overlapPolicy: policy, mergeGapsBelow: maxGapArea ?? .infinity, snapWithin: minWidth))
            var validation = ValidationOptions()
            validation.properties = map.properties
            let report = try Validator.validate(fixed, options: validation)
            clean = report.isValid
            try sink.write(fixed.geoJSON(properties: map.properties))
            try sink.commit()
            switch format {
            case .json: print(JSONWriter.string(json(log, mended: mended, dropped: dropped, report: report, territories: fixed.count)))
            default: print(text(log, mended: mended, dropped: dropped, report: report, territories: fixed.count), terminator: "")
            }
        }
        if !clean { throw ExitCode(1) }
    }

    /// The change kind for a defect mended on reading.
    static func mendedKind(_ kind: FeatureDefect.Kind) -> String {
        switch kind {
        case .unclosedRing: return "closed_ring"
        case .missingID: return "id_assigned"
        case .duplicateID: return "id_renamed"
        default: return "mended"
        }
    }

    func json(_ log: RepairLog, mended: [FeatureProblem], dropped: [FeatureProblem], report: ValidationReport, territories: Int) -> JSONValue {
        var changes: [JSONValue] = mended.map { p in
            .object([
                JSONMember("kind", .string(RepairCommand.mendedKind(p.defect.kind))),
                JSONMember("ids", .array([.string(p.id ?? "#\(p.featureIndex)")])),
                JSONMember("area_m2", .number("0")), JSONMember("location", JSONValue.location(p.defect.location)),
                JSONMember("reason", .string("\(p.defect.kind.rawValue): \(p.defect.message)")),
            ])
        }
        changes += log.changes.map { c in
            .object([
                JSONMember("kind", .string(c.kind.rawValue)), JSONMember("ids", .array(c.ids.map(JSONValue.string))),
                JSONMember("area_m2", JSONValue.rounded(c.area, digits: 3)), JSONMember("location", JSONValue.location(c.location)),
            ])
        }
        changes += dropped.map { p in
            .object([
                JSONMember("kind", .string("dropped")), JSONMember("ids", .array([.string(p.id ?? "#\(p.featureIndex)")])),
                JSONMember("area_m2", .number("0")), JSONMember("location", JSONValue.location(p.defect.location)),
                JSONMember("reason", .string("\(p.defect.kind.rawValue): \(p.defect.message)")),
            ])
        }
        return .object([
            JSONMember("territories", .number(String(territories))), JSONMember("changes", .array(changes)),
            JSONMember("settled_slivers", .number(String(log.settledSlivers))), JSONMember("valid", .bool(report.isValid)),
            JSONMember(
                "remaining",
                .object([
                    JSONMember("invalid", .number(String(report.invalid.count))), JSONMember("overlaps", .number(String(report.overlaps.count))),
                    JSONMember("gaps", .number(String(report.gaps.count))),
                ])),
        ])
    }

    func text(_ log: RepairLog, mended: [FeatureProblem], dropped: [FeatureProblem], report: ValidationReport, territories: Int) -> String {
        let count = mended.count + log.changes.count + dropped.count
        var out = "\(territories) territories, \(count) change\(count == 1 ? "" : "s"); the repaired map "
        out +=
            report.isValid
            ? "validates clean\n"
            : "still has \(report.invalid.count) invalid, \(report.overlaps.count) overlaps, \(report.gaps.count) gaps\n"
        for p in mended {
            out +=
                TextTable.pad(RepairCommand.mendedKind(p.defect.kind), 12) + TextTable.pad(p.id ?? "#\(p.featureIndex)", 24)
                + "  \(p.defect.kind.rawValue): \(p.defect.message)\n"
        }
        for c in log.changes {
            let who = c.ids.count > 1 ? "\(c.ids[0]) <- \(c.ids[1])" : c.ids[0]
            out += TextTable.pad(c.kind.rawValue, 12) + TextTable.pad(who, 24) + TextTable.pad(String(format: "%.1f m²", c.area), 18, right: true)
            out += c.location.map { String(format: "  at (%.6f, %.6f)", $0.x, $0.y) } ?? ""
            out += "\n"
        }
        if log.settledSlivers > 0 {
            out += "(\(log.settledSlivers) of them slivers under 1 m², where outlines drawn at different scales nearly meet)\n"
        }
        for p in dropped {
            out +=
                TextTable.pad("dropped", 12) + TextTable.pad(p.id ?? "#\(p.featureIndex)", 24) + "  \(p.defect.kind.rawValue): \(p.defect.message)\n"
        }
        return out
    }
}
