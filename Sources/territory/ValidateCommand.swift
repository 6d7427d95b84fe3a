import ArgumentParser
import Foundation
import GEOS
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
    @Option(help: "A GeoJSON service region; parts of it no territory covers are reported as gaps.")
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
                let features = try TerritoryMap.inspect(contentsOf: URL(fileURLWithPath: region), checkValidity: false)
                let parts = features.compactMap(\.geometry)
                guard !parts.isEmpty else {
                    throw TerritoryError.notAFeatureCollection(source: region, message: "the region has no usable polygon")
                }
                options.region = try Geometry.unaryUnion(parts)
            }
            let progress = Progress("reading \(URL(fileURLWithPath: territories).lastPathComponent)")
            let features = try inspectMap(territories, map) { progress.update(bytes: $0, total: $1) }
            progress.finish()
            let report = try Validator.validate(features, options: options)
            problems = !report.isValid
            print(format == .json ? JSONWriter.string(json(report)) : text(report), terminator: format == .json ? "\n" : "")
        }
        if problems { throw ExitCode(1) }
    }

    func json(_ r: ValidationReport) -> JSONValue {
        .object([
            JSONMember("territories", .number(Double(r.territoryCount))),
            JSONMember("valid", .bool(r.isValid)),
            JSONMember(
                "invalid",
                .array(
                    r.invalid.map { p in
                        .object([
                            JSONMember("id", p.id.map(JSONValue.string) ?? .null),
                            JSONMember("feature_index", .number(Double(p.featureIndex))),
                            JSONMember("kind", .string(p.defect.kind.rawValue)),
                            JSONMember("reason", .string(p.defect.message)),
                            JSONMember("location", jsonLocation(p.defect.location)),
                        ])
                    })),
            JSONMember(
                "overlaps",
                .array(
                    r.overlaps.map { o in
                        .object([
                            JSONMember("a", .string(o.firstID)), JSONMember("b", .string(o.secondID)),
                            JSONMember("area_m2", jsonNumber(o.area, digits: 3)), JSONMember("width_m", jsonNumber(o.width, digits: 3)),
                            JSONMember("location", jsonLocation(o.location)), JSONMember("sliver", .bool(o.isSliver)),
                        ])
                    })),
            JSONMember(
                "gaps",
                .array(
                    r.gaps.map { g in
                        .object([
                            JSONMember("kind", .string(g.kind.rawValue)),
                            JSONMember("area_m2", jsonNumber(g.area, digits: 3)), JSONMember("width_m", jsonNumber(g.width, digits: 3)),
                            JSONMember("location", jsonLocation(g.location)), JSONMember("sliver", .bool(g.isSliver)),
                        ])
                    })),
            JSONMember(
                "warnings",
                .array(
                    r.warnings.map { w in
                        .object([
                            JSONMember("id", w.id.map(JSONValue.string) ?? .null),
                            JSONMember("feature_index", .number(Double(w.featureIndex))),
                            JSONMember("kind", .string(w.kind.rawValue)), JSONMember("parts", .number(Double(w.parts))),
                        ])
                    })),
        ])
    }

    func text(_ r: ValidationReport) -> String {
        var out = "\(territories): \(r.territoryCount) territories, "
        out += r.isValid ? "clean" : "\(r.invalid.count) defective, \(r.overlaps.count) overlaps, \(r.gaps.count) gaps"
        out += r.warnings.isEmpty ? "\n" : ", \(r.warnings.count) warnings\n"
        func place(_ c: Coordinate?) -> String {
            guard let c, c.isFinite else { return "" }
            return String(format: " at (%.6f, %.6f)", c.x, c.y)
        }
        for p in r.invalid {
            out +=
                "invalid  feature \(p.featureIndex)\(p.id.map { " (id \($0))" } ?? ""): \(p.defect.kind.rawValue): \(p.defect.message)\(place(p.defect.location))\n"
        }
        for o in r.overlaps {
            out +=
                "overlap  \(o.firstID) / \(o.secondID): " + String(format: "%.1f m², %.1f m wide", o.area, o.width) + place(o.location)
                + (o.isSliver ? " (sliver)" : "") + "\n"
        }
        for g in r.gaps {
            out +=
                "gap      \(g.kind.rawValue): " + String(format: "%.1f m², %.1f m wide", g.area, g.width) + place(g.location)
                + (g.isSliver ? " (sliver)" : "") + "\n"
        }
        for w in r.warnings {
            out += "warning  feature \(w.featureIndex)\(w.id.map { " (id \($0))" } ?? ""): \(w.kind.rawValue): \(w.parts) separate parts\n"
        }
        return out
    }
}

extension ValidationEngine: ExpressibleByArgument {}
