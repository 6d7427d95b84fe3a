import ArgumentParser
import Foundation
import TerritoryKit

/// `territory report`: workload balance and shape of every territory.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Report customer counts, weighted potential, area, balance and compactness per territory."
    )

    @Argument(help: "Territories (GeoJSON FeatureCollection).")
    var territories: String
    @Argument(help: "Customers (CSV with a header).")
    var customers: String
    @OptionGroup var map: MapOptions
    @OptionGroup var columns: CustomerOptions
    @Option(help: "Output format: text, json or csv.")
    var format: OutputFormat = .text
    @Option(help: "Tolerance band in percent: territories deviating more are flagged.")
    var tolerance: Double = 10
    @Option(help: "Worker threads (default: all cores).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        guard tolerance >= 0 else { throw ValidationError("--tolerance must be >= 0") }
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
    }

    func run() throws {
        try runReportingErrors {
            let territoryMap = try loadMap(territories, map)
            let assigner = try TerritoryAssigner(map: territoryMap)
            let reader = try CustomerCSVReader(contentsOf: URL(fileURLWithPath: customers), columns: columns.columns)
            let progress = Progress("report")
            let tally = try BalanceTally.tally(reader, assigner: assigner, threads: threads) { _ in
                progress.update(bytes: reader.bytesRead, total: reader.totalBytes)
            }
            progress.finish()
            let report = try BalanceReport(map: territoryMap, tally: tally, tolerance: tolerance / 100)
            switch format {
            case .json: print(JSONWriter.string(json(report)))
            case .csv: print(csv(report), terminator: "")
            case .text: print(text(report), terminator: "")
            }
        }
    }

    func json(_ r: BalanceReport) -> JSONValue {
        let s = r.summary
        return .object([
            JSONMember("territories", .array(r.territories.map { t in
                .object([
                    JSONMember("id", .string(t.id)),
                    JSONMember("name", t.name.map(JSONValue.string) ?? .null),
                    JSONMember("rep", t.rep.map(JSONValue.string) ?? .null),
                    JSONMember("customers", .number(Double(t.customers))),
                    JSONMember("weight", jsonNumber(t.weight)),
                    JSONMember("area_km2", jsonNumber(t.areaKm2, digits: 3)),
                    JSONMember("customers_per_km2", jsonNumber(t.customersPerKm2)),
                    JSONMember("expected_weight", jsonNumber(t.expectedWeight)),
                    JSONMember("deviation_pct", jsonNumber(t.deviationPercent, digits: 2)),
                    JSONMember("outside_tolerance", .bool(t.outsideTolerance)),
                    JSONMember("polsby_popper", jsonNumber(t.compactness.polsbyPopper, digits: 4)),
                    JSONMember("reock", jsonNumber(t.compactness.reock, digits: 4)),
                    JSONMember("convex_hull_ratio", jsonNumber(t.compactness.convexHullRatio, digits: 4)),
                    JSONMember("parts", .number(Double(t.compactness.parts))),
                ])
            })),
            JSONMember("summary", .object([
                JSONMember("territories", .number(Double(s.territories))),
                JSONMember("customers", .number(Double(s.customers))),
                JSONMember("assigned", .number(Double(s.assigned))),
                JSONMember("unassigned", .number(Double(s.unassigned))),
                JSONMember("total_weight", jsonNumber(s.totalWeight)),
                JSONMember("mean_weight", jsonNumber(s.meanWeight)),
                JSONMember("coefficient_of_variation", jsonNumber(s.coefficientOfVariation, digits: 4)),
                JSONMember("max_min_ratio", jsonNumber(s.maxMinRatio, digits: 4)),
                JSONMember("range_over_mean", jsonNumber(s.rangeOverMean, digits: 4)),
                JSONMember("gini", jsonNumber(s.gini, digits: 4)),
                JSONMember("tolerance_pct", jsonNumber(s.tolerance * 100)),
                JSONMember("outside_tolerance", .number(Double(s.outsideTolerance))),
                JSONMember("uses_target_shares", .bool(s.usesTargetShares)),
            ])),
        ])
    }

    func csv(_ r: BalanceReport) -> String {
        var out = "id,name,rep,customers,weight,area_km2,customers_per_km2,expected_weight,deviation_pct,outside_tolerance,polsby_popper,reock,convex_hull_ratio,parts\n"
        for t in r.territories {
            var fields: [UInt8] = []
            for (i, f) in [t.id, t.name ?? "", t.rep ?? ""].enumerated() {
                if i > 0 { fields.append(0x2C) }
                appendCSVField(f, to: &fields)
            }
            out += String(decoding: fields, as: UTF8.self)
            out += String(format: ",%d,%.6g,%.3f,%.6f,%.6g,%.2f,", t.customers, t.weight, t.areaKm2, t.customersPerKm2, t.expectedWeight, t.deviationPercent)
            out += t.outsideTolerance ? "true" : "false"
            out += String(format: ",%.4f,%.4f,%.4f,%d\n", t.compactness.polsbyPopper, t.compactness.reock, t.compactness.convexHullRatio, t.compactness.parts)
        }
        return out
    }

    func text(_ r: BalanceReport) -> String {
        let s = r.summary
        func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
            let t = String(text.prefix(width))
            let fill = String(repeating: " ", count: max(0, width - t.count))
            return right ? fill + t : t + fill
        }
        var out = pad("id", 10) + " " + pad("name", 20) + " " + pad("customers", 9, right: true) + " " + pad("weight", 14, right: true)
            + " " + pad("area km²", 11, right: true) + " " + pad("dev %", 9, right: true) + " " + pad("PP", 6, right: true)
            + " " + pad("parts", 5, right: true) + "\n"
        for t in r.territories {
            out += pad(t.id, 10) + " " + pad(t.name ?? "", 20) + " " + pad(String(t.customers), 9, right: true)
                + " " + pad(String(format: "%.0f", t.weight), 14, right: true) + " " + pad(String(format: "%.1f", t.areaKm2), 11, right: true)
                + " " + pad(String(format: "%+.1f", t.deviationPercent) + (t.outsideTolerance ? "!" : " "), 9, right: true)
                + " " + pad(String(format: "%.3f", t.compactness.polsbyPopper), 6, right: true)
                + " " + pad(String(t.compactness.parts), 5, right: true) + "\n"
        }
        out += "\n\(s.customers) customers: \(s.assigned) assigned, \(s.unassigned) unassigned. Targets: \(s.usesTargetShares ? "target shares" : "the mean").\n"
        out += String(format: "Spread: CV %.3f, max/min %.2f, range/mean %.3f, Gini %.3f; ", s.coefficientOfVariation, s.maxMinRatio, s.rangeOverMean, s.gini)
        out += "\(s.outsideTolerance) of \(s.territories) territories outside ±\(String(format: "%g", s.tolerance * 100))% (marked !).\n"
        return out
    }
}

