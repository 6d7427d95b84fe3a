import ArgumentParser
import Foundation
import TerritoryKit

/// `territory report`: workload balance and shape of every territory.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Report customer counts, weighted potential, area, balance and compactness per territory.",
        discussion: """
            Workload: with --visit-minutes or --visit-minutes-column (or --balance-on workload), every
            territory's customers are routed (as `territory route` does) and its workload per period is
            visits-per-period × (visit minutes / 60 + the tour's drive hours).
            Goals: --goal AMOUNT splits a company goal in proportion to potential (weight, or the map's
            target shares when every territory has one); --goals GOALS.csv (territory_id,goal[,actual])
            checks goals set by management: a goal per unit of potential more than --tolerance above
            the company's average is flagged as not attainable.
            """
    )

    @Argument(help: "Territories: GeoJSON, any GDAL vector format, or PG:\"...\".")
    var territories: String
    @Argument(help: "Customers: CSV with a header, or a point layer or sheet through GDAL.")
    var customers: String
    @OptionGroup var map: MapOptions
    @OptionGroup var quietOption: QuietOption
    @OptionGroup var columns: CustomerOptions
    @OptionGroup var nearest: NearestOptions
    @Option(help: "Output format: text, json or csv.")
    var format: OutputFormat = .text
    @Option(help: "Tolerance band in percent: territories deviating more are flagged.")
    var tolerance: Double = 10
    @Option(help: "Worker threads (default: all cores).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount
    @Option(name: .customLong("balance-on"), help: "Measure balance on customers, weight or workload.")
    var balanceOn: BalanceMeasure = .weight
    @OptionGroup var workload: WorkloadOptions
    @Option(help: "Company goal for the period, split across territories in proportion to potential.")
    var goal: Double?
    @Option(help: "Goals set by management: CSV territory_id,goal[,actual].")
    var goals: String?
    @Option(help: "The period goals and workload are for (a label, e.g. 2027-Q1).")
    var period: String?
    @Option(help: "Reps: CSV territory_id[,rep][,lon,lat]: workload tours start at lon,lat (the rep's home).")
    var reps: String?

    /// Option values that cannot work: one error line and exit 2, like any unusable input.
    func checkOptions() throws {
        func fail(_ message: String) -> TerritoryError { .invalidArgument(message) }
        guard tolerance >= 0, tolerance.isFinite else { throw fail("--tolerance must be >= 0") }
        guard threads >= 1 else { throw fail("--threads must be at least 1") }
        guard goal == nil || goals == nil else { throw fail("give --goal or --goals, not both") }
        if let goal { guard goal.isFinite, goal >= 0 else { throw fail("--goal must be a number >= 0") } }
        try workload.check()
    }

    func run() throws {
        quietOption.apply()
        try runReportingErrors {
            try checkOptions()
            let territoryMap = try loadMap(territories, map)
            let assigner = try TerritoryAssigner(map: territoryMap, options: nearest.assignment)
            var tally: BalanceTally
            var workloads: [TerritoryWorkload]?
            if balanceOn == .workload || workload.isGiven {
                // Workload needs every territory's route: customers are held in memory.
                var customerColumns = columns.columns
                customerColumns.visitMinutes = workload.visitMinutesColumn
                let batch = try openCustomers(customers, columns: customerColumns, layer: columns.customersLayer).readAll()
                let assignments = try assigner.assign(batch, threads: threads)
                tally = BalanceTally(territoryCount: territoryMap.count)
                try tally.add(assignments, weights: batch.weight)
                let progress = Progress("report")
                progress.status("routing \(batch.count.formatted()) customers")
                let homes = try reps.map { try RouteCommand.homes(fromReps: $0, map: territoryMap) } ?? []
                workloads = try workload.workloads(
                    map: territoryMap, customers: batch, assignments: assignments, homes: homes,
                    threads: threads)
                progress.finish()
            } else {
                let reader = try openCustomers(customers, columns: columns.columns, layer: columns.customersLayer)
                let progress = Progress("report")
                tally = try BalanceTally.tally(reader, assigner: assigner, threads: threads) { _ in
                    progress.update(bytes: reader.bytesRead, total: reader.totalBytes)
                }
                progress.finish()
            }
            nearest.reportLeftOut(tally.unassigned, outside: "territory")
            let report = try BalanceReport(
                map: territoryMap, tally: tally, tolerance: tolerance / 100, balanceOn: balanceOn,
                workload: workloads)
            var territoryGoals: [TerritoryGoal]?
            if let goal {
                let shares = report.summary.usesTargetShares ? territoryMap.territories.map { $0.targetShare! } : nil
                territoryGoals = try TerritoryGoals.split(goal, potentials: tally.weight, shares: shares, tolerance: tolerance / 100)
            } else if let goals {
                let (set, actuals) = try TerritoryGoals.read(contentsOf: URL(fileURLWithPath: goals), map: territoryMap)
                territoryGoals = TerritoryGoals.assess(goals: set, actuals: actuals, potentials: tally.weight, tolerance: tolerance / 100)
            }
            switch format {
            case .json: print(JSONWriter.string(json(report, goals: territoryGoals)))
            case .csv: print(csv(report, goals: territoryGoals), terminator: "")
            case .text: print(text(report, goals: territoryGoals), terminator: "")
            }
        }
    }

    func json(_ r: BalanceReport, goals: [TerritoryGoal]? = nil) -> JSONValue {
        let s = r.summary
        return .object([
            JSONMember(
                "territories",
                .array(
                    r.territories.enumerated().map { i, t in
                        var members = [
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
                            JSONMember("balanced", jsonNumber(t.balanced)),
                            JSONMember("expected", jsonNumber(t.expected)),
                        ]
                        if let w = t.workload {
                            members += [
                                JSONMember("workload_hours", jsonNumber(w.hours, digits: 3)),
                                JSONMember("visit_hours", jsonNumber(w.visitHours, digits: 3)),
                                JSONMember("drive_hours", jsonNumber(w.driveHours, digits: 3)),
                            ]
                        }
                        if let g = goals?[i] {
                            members += [
                                JSONMember("goal", g.goal.map { jsonNumber($0, digits: 2) } ?? .null),
                                JSONMember("goal_per_potential", g.goalPerPotential.map { jsonNumber($0) } ?? .null),
                                JSONMember("attainable", g.attainable.map(JSONValue.bool) ?? .null),
                                JSONMember("actual", g.actual.map { jsonNumber($0, digits: 2) } ?? .null),
                                JSONMember("attainment_pct", g.attainmentPercent.map { jsonNumber($0, digits: 2) } ?? .null),
                            ]
                        }
                        return .object(members)
                    })),
            JSONMember(
                "summary",
                .object(
                    [
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
                        JSONMember("balance_on", .string(s.balanceOn.rawValue)),
                    ] + (period.map { [JSONMember("period", .string($0))] } ?? [])
                        + (r.territories.first?.workload == nil
                            ? []
                            : [
                                JSONMember(
                                    "workload_hours",
                                    jsonNumber(
                                        r.territories.reduce(0) { $0 + ($1.workload?.hours ?? 0) }, digits: 3))
                            ])
                        + (goals.map { g in
                            [
                                JSONMember("goal_total", jsonNumber(g.reduce(0) { $0 + ($1.goal ?? 0) }, digits: 2)),
                                JSONMember("not_attainable", .number(Double(g.filter { $0.attainable == false }.count))),
                            ]
                        } ?? []))),
        ])
    }

    func csv(_ r: BalanceReport, goals: [TerritoryGoal]? = nil) -> String {
        let withWorkload = r.territories.first?.workload != nil
        var out =
            "id,name,rep,customers,weight,area_km2,customers_per_km2,expected_weight,deviation_pct,outside_tolerance,polsby_popper,reock,convex_hull_ratio,parts"
        if withWorkload { out += ",workload_hours,visit_hours,drive_hours" }
        if goals != nil { out += ",goal,goal_per_potential,attainable,actual,attainment_pct" }
        out += "\n"
        func field(_ x: Double?, _ format: String) -> String { x.map { $0.isFinite ? String(format: format, $0) : "" } ?? "" }
        for (i, t) in r.territories.enumerated() {
            var fields: [UInt8] = []
            for (i, f) in [t.id, t.name ?? "", t.rep ?? ""].enumerated() {
                if i > 0 { fields.append(0x2C) }
                appendCSVField(f, to: &fields)
            }
            out += String(decoding: fields, as: UTF8.self)
            out += String(
                format: ",%d,%.6g,%.3f,%.6f,%.6g,%.2f,", t.customers, t.weight, t.areaKm2, t.customersPerKm2, t.expectedWeight, t.deviationPercent)
            out += t.outsideTolerance ? "true" : "false"
            out += String(
                format: ",%.4f,%.4f,%.4f,%d", t.compactness.polsbyPopper, t.compactness.reock, t.compactness.convexHullRatio, t.compactness.parts)
            if let w = t.workload { out += String(format: ",%.3f,%.3f,%.3f", w.hours, w.visitHours, w.driveHours) }
            if let g = goals?[i] {
                out +=
                    "," + field(g.goal, "%.2f") + "," + field(g.goalPerPotential, "%.6g") + ","
                    + (g.attainable.map { $0 ? "true" : "false" } ?? "") + "," + field(g.actual, "%.2f") + "," + field(g.attainmentPercent, "%.2f")
            }
            out += "\n"
        }
        return out
    }

    func text(_ r: BalanceReport, goals: [TerritoryGoal]? = nil) -> String {
        let s = r.summary
        var out =
            pad("id", 10) + " " + pad("name", 20) + " " + pad("customers", 9, right: true) + " " + pad("weight", 14, right: true)
            + " " + pad("area km²", 11, right: true) + " " + pad("dev %", 9, right: true) + " " + pad("PP", 6, right: true)
            + " " + pad("parts", 5, right: true)
            + (r.territories.first?.workload != nil ? " " + pad("work h", 9, right: true) : "")
            + (goals != nil ? " " + pad("goal", 12, right: true) + " " + pad("att %", 7, right: true) : "") + "\n"
        for (i, t) in r.territories.enumerated() {
            out +=
                pad(t.id, 10) + " " + pad(t.name ?? "", 20) + " " + pad(String(t.customers), 9, right: true)
                + " " + pad(String(format: "%.0f", t.weight), 14, right: true) + " " + pad(String(format: "%.1f", t.areaKm2), 11, right: true)
                + " " + pad(String(format: "%+.1f", t.deviationPercent) + (t.outsideTolerance ? "!" : " "), 9, right: true)
                + " " + pad(String(format: "%.3f", t.compactness.polsbyPopper), 6, right: true)
                + " " + pad(String(t.compactness.parts), 5, right: true)
                + (t.workload.map { " " + pad(String(format: "%.1f", $0.hours), 9, right: true) } ?? "")
                + (goals.map { g in
                    " " + pad(g[i].goal.map { String(format: "%.0f", $0) + (g[i].attainable == false ? "!" : " ") } ?? "-", 12, right: true)
                        + " " + pad(g[i].attainmentPercent.map { String(format: "%.1f", $0) } ?? "", 7, right: true)
                } ?? "") + "\n"
        }
        out +=
            "\n\(s.customers) customers: \(s.assigned) assigned, \(s.unassigned) unassigned. Targets: \(s.usesTargetShares ? "target shares" : "the mean").\n"
        out += String(
            format: "Spread: CV %.3f, max/min %.2f, range/mean %.3f, Gini %.3f; ", s.coefficientOfVariation, s.maxMinRatio, s.rangeOverMean, s.gini)
        out += "\(s.outsideTolerance) of \(s.territories) territories outside ±\(String(format: "%g", s.tolerance * 100))% (marked !)"
        out += s.balanceOn == .weight ? ".\n" : ", balanced on \(s.balanceOn.rawValue).\n"
        if r.territories.first?.workload != nil {
            out +=
                String(format: "Workload: %.1f hours", r.territories.reduce(0) { $0 + ($1.workload?.hours ?? 0) })
                + (period.map { " for \($0)" } ?? " per period") + " (visits and the routed drive).\n"
        }
        if let goals {
            let total = goals.reduce(0) { $0 + ($1.goal ?? 0) }
            let unattainable = goals.filter { $0.attainable == false }.count
            out +=
                String(format: "Goals: %.0f in all", total) + (period.map { " for \($0)" } ?? "")
                + "; \(unattainable) not attainable relative to the others (goal per potential more than "
                + String(format: "%g", s.tolerance * 100) + "% above average, marked !).\n"
        }
        return out
    }
}
