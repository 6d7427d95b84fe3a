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
            var out: [UInt8] = Array("a,b,shared_border_m\n".utf8)
            out.reserveCapacity(graph.rook.count * 24)
            for border in graph.rook {
                CSVWriter.appendField(unitMap.territories[border.a].id, to: &out); out.append(0x2C)
                CSVWriter.appendField(unitMap.territories[border.b].id, to: &out); out.append(0x2C)
                appendMillimetres(border.length, to: &out)
                out.append(0x0A)
            }
            try sink.write(out)
            try sink.commit()
            let summary =
                "\(graph.rook.count) pairs sharing a border, \(graph.queen.count) touching at points only, "
                + "\(graph.components.count) connected component\(graph.components.count == 1 ? "" : "s")"
            if output == nil { printStatus(summary) } else { print(summary) }
        }
    }
}

extension UnitGraph.Method: ExpressibleByArgument {}

/// Appends metres rounded to the millimetre, without trailing zeros (`1602.741`, `31.62`, `5`):
/// the same text as the shortest form of the rounded value, without formatting a Double.
func appendMillimetres(_ metres: Double, to out: inout [UInt8]) {
    guard metres.isFinite, abs(metres) < 1e12 else { out.append(contentsOf: JSONWriter.format(metres).utf8); return }
    var mm = Int64((metres * 1000).rounded())
    if mm < 0 { out.append(UInt8(ascii: "-")); mm = -mm }
    appendDigits(UInt64(mm / 1000), to: &out)
    var fraction = Int(mm % 1000)
    guard fraction != 0 else { return }
    var digits = 3
    while fraction % 10 == 0 { fraction /= 10; digits -= 1 }
    out.append(UInt8(ascii: "."))
    // The fraction's digits, with its leading zeros (5 mm is ".005").
    var place = 1
    for _ in 1..<digits { place *= 10 }
    while place > 0 { out.append(UInt8(ascii: "0") + UInt8(fraction / place % 10)); place /= 10 }
}

/// Appends the decimal digits of `n` (no sign, no leading zeros; "0" for 0) without making a
/// String: adjacency output made two strings per row.
func appendDigits(_ n: UInt64, to out: inout [UInt8]) {
    var place: UInt64 = 1
    while place <= n / 10 { place *= 10 }
    var n = n
    while place > 0 {
        out.append(UInt8(ascii: "0") + UInt8(n / place))
        n %= place
        place /= 10
    }
}
