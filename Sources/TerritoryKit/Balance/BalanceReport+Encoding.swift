import Foundation

/// The encodings the CLI writes (`territory report --format json|csv|text`), beside the report
/// so library users get the same output and a new measure is one edit here.
extension BalanceReport {
    /// The report as `territory report --format json` writes it: `territories` (one object per
    /// territory: counts, weight, area, deviation, compactness, and workload and goal members
    /// when given) and `summary` (spread measures, tolerance, what balance is measured on); with
    /// regions, each territory's `region` and the roll-ups `regions` (`id`, `territories`,
    /// `customers`, `weight`, `deviation_pct`, `workload_hours`, `goal`).
    /// - Parameters:
    ///   - goals: each territory's goal, when goals are set (``TerritoryGoals``).
    ///   - period: the period label the workload and goals are for.
    ///   - regions: the regions above the territories, when the organisation has them.
    ///   - maxDrive: each territory's farthest customer from its rep's home in drive minutes
    ///     (``maxDriveMinutes(customers:assignments:homes:seconds:)``), as `max_drive_min`.
    public func json(
        goals: [TerritoryGoal]? = nil, period: String? = nil, regions: TerritoryRegions? = nil, maxDrive: [Double?]? = nil
    ) -> JSONValue {
        let s = summary
        let regionMembers = regions.map { [JSONMember("regions", RegionBalance.json(self.regions($0, goals: goals)))] } ?? []
        return .object(
            [
                JSONMember(
                    "territories",
                    .array(
                        territories.enumerated().map { i, t in
                            var members = [
                                JSONMember("id", .string(t.id)),
                                JSONMember("name", t.name.map(JSONValue.string) ?? .null),
                                JSONMember("rep", t.rep.map(JSONValue.string) ?? .null),
                                JSONMember("customers", .number(Double(t.customers))),
                                JSONMember("weight", JSONValue.rounded(t.weight)),
                                JSONMember("area_km2", JSONValue.rounded(t.areaKm2, digits: 3)),
                                JSONMember("customers_per_km2", JSONValue.rounded(t.customersPerKm2)),
                                JSONMember("expected_weight", JSONValue.rounded(t.expectedWeight)),
                                JSONMember("deviation_pct", JSONValue.rounded(t.deviationPercent, digits: 2)),
                                JSONMember("outside_tolerance", .bool(t.outsideTolerance)),
                                JSONMember("polsby_popper", JSONValue.rounded(t.compactness.polsbyPopper, digits: 4)),
                                JSONMember("reock", JSONValue.rounded(t.compactness.reock, digits: 4)),
                                JSONMember("convex_hull_ratio", JSONValue.rounded(t.compactness.convexHullRatio, digits: 4)),
                                JSONMember("parts", .number(Double(t.compactness.parts))),
                                JSONMember("balanced", JSONValue.rounded(t.balanced)),
                                JSONMember("expected", JSONValue.rounded(t.expected)),
                            ]
                            if let regions { members.append(JSONMember("region", .string(regions.ids[regions.regionOfTerritory[i]]))) }
                            if let maxDrive {
                                members.append(JSONMember("max_drive_min", maxDrive[i].map { JSONValue.rounded($0, digits: 2) } ?? .null))
                            }
                            if let w = t.workload {
                                members += [
                                    JSONMember("workload_hours", JSONValue.rounded(w.hours, digits: 3)),
                                    JSONMember("visit_hours", JSONValue.rounded(w.visitHours, digits: 3)),
                                    JSONMember("drive_hours", JSONValue.rounded(w.driveHours, digits: 3)),
                                ]
                            }
                            if let g = goals?[i] {
                                members += [
                                    JSONMember("goal", g.goal.map { JSONValue.rounded($0, digits: 2) } ?? .null),
                                    JSONMember("goal_per_potential", g.goalPerPotential.map { JSONValue.rounded($0) } ?? .null),
                                    JSONMember("attainable", g.attainable.map(JSONValue.bool) ?? .null),
                                    JSONMember("actual", g.actual.map { JSONValue.rounded($0, digits: 2) } ?? .null),
                                    JSONMember("attainment_pct", g.attainmentPercent.map { JSONValue.rounded($0, digits: 2) } ?? .null),
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
                            JSONMember("total_weight", JSONValue.rounded(s.totalWeight)),
                            JSONMember("mean_weight", JSONValue.rounded(s.meanWeight)),
                            JSONMember("coefficient_of_variation", JSONValue.rounded(s.coefficientOfVariation, digits: 4)),
                            JSONMember("max_min_ratio", JSONValue.rounded(s.maxMinRatio, digits: 4)),
                            JSONMember("range_over_mean", JSONValue.rounded(s.rangeOverMean, digits: 4)),
                            JSONMember("gini", JSONValue.rounded(s.gini, digits: 4)),
                            JSONMember("tolerance_pct", JSONValue.rounded(s.tolerance * 100)),
                            JSONMember("outside_tolerance", .number(Double(s.outsideTolerance))),
                            JSONMember("uses_target_shares", .bool(s.usesTargetShares)),
                            JSONMember("balance_on", .string(s.balanceOn.rawValue)),
                        ] + (period.map { [JSONMember("period", .string($0))] } ?? [])
                            + (territories.first?.workload == nil
                                ? []
                                : [
                                    JSONMember(
                                        "workload_hours",
                                        JSONValue.rounded(
                                            territories.reduce(0) { $0 + ($1.workload?.hours ?? 0) }, digits: 3))
                                ])
                            + (goals.map { g in
                                [
                                    JSONMember("goal_total", JSONValue.rounded(g.reduce(0) { $0 + ($1.goal ?? 0) }, digits: 2)),
                                    JSONMember("not_attainable", .number(Double(g.filter { $0.attainable == false }.count))),
                                ]
                            } ?? []))),
            ] + regionMembers)
    }

    /// The report as CSV, one row per territory (the JSON's territory members; workload and goal
    /// columns when given, and the territory's `region` last with regions: a spreadsheet's
    /// group-by gives the roll-ups).
    /// - Parameters:
    ///   - goals: each territory's goal, when goals are set.
    ///   - regions: the regions above the territories, when the organisation has them.
    ///   - maxDrive: each territory's farthest customer's drive minutes from home (`max_drive_min`).
    public func csv(goals: [TerritoryGoal]? = nil, regions: TerritoryRegions? = nil, maxDrive: [Double?]? = nil) -> String {
        let withWorkload = territories.first?.workload != nil
        var out =
            "id,name,rep,customers,weight,area_km2,customers_per_km2,expected_weight,deviation_pct,outside_tolerance,polsby_popper,reock,convex_hull_ratio,parts"
        if withWorkload { out += ",workload_hours,visit_hours,drive_hours" }
        if goals != nil { out += ",goal,goal_per_potential,attainable,actual,attainment_pct" }
        if regions != nil { out += ",region" }
        if maxDrive != nil { out += ",max_drive_min" }
        out += "\n"
        func field(_ x: Double?, _ format: String) -> String { x.map { $0.isFinite ? String(format: format, $0) : "" } ?? "" }
        for (i, t) in territories.enumerated() {
            var fields: [UInt8] = []
            for (i, f) in [t.id, t.name ?? "", t.rep ?? ""].enumerated() {
                if i > 0 { fields.append(0x2C) }
                CSVWriter.appendField(f, to: &fields)
            }
            out += String(decoding: fields, as: UTF8.self)
            // Weights as JSON writes them (six decimals at most, every integer digit): `%g` cut a
            // weight of 1,485,217 to 1.48522e+06.
            out += ",\(t.customers),\(NumberText.rounded(t.weight, decimals: 6))"
            out += String(format: ",%.3f,%.6f,", t.areaKm2, t.customersPerKm2)
            out += NumberText.rounded(t.expectedWeight, decimals: 6) + String(format: ",%.2f,", t.deviationPercent)
            out += t.outsideTolerance ? "true" : "false"
            out += String(
                format: ",%.4f,%.4f,%.4f,%d", t.compactness.polsbyPopper, t.compactness.reock, t.compactness.convexHullRatio, t.compactness.parts)
            if let w = t.workload { out += String(format: ",%.3f,%.3f,%.3f", w.hours, w.visitHours, w.driveHours) }
            if let g = goals?[i] {
                out +=
                    "," + field(g.goal, "%.2f") + "," + field(g.goalPerPotential, "%.6g") + ","
                    + (g.attainable.map { $0 ? "true" : "false" } ?? "") + "," + field(g.actual, "%.2f") + "," + field(g.attainmentPercent, "%.2f")
            }
            if let regions {
                var field: [UInt8] = [0x2C]
                CSVWriter.appendField(regions.ids[regions.regionOfTerritory[i]], to: &field)
                out += String(decoding: field, as: UTF8.self)
            }
            if let maxDrive { out += "," + (maxDrive[i].map { String(format: "%.2f", $0) } ?? "") }
            out += "\n"
        }
        return out
    }

    /// The report as a text table, the regions' roll-ups after it (with regions), and a summary
    /// paragraph.
    /// - Parameters:
    ///   - goals: each territory's goal, when goals are set.
    ///   - period: the period label the workload and goals are for.
    ///   - regions: the regions above the territories, when the organisation has them.
    ///   - maxDrive: each territory's farthest customer's drive minutes from home (a `drive min` column).
    public func text(goals: [TerritoryGoal]? = nil, period: String? = nil, regions: TerritoryRegions? = nil, maxDrive: [Double?]? = nil) -> String {
        let s = summary
        var out =
            TextTable.pad("id", 10) + " " + TextTable.pad("name", 20) + " " + TextTable.pad("customers", 9, right: true) + " "
            + TextTable.pad("weight", 14, right: true)
            + " " + TextTable.pad("area km²", 11, right: true) + " " + TextTable.pad("dev %", 9, right: true) + " "
            + TextTable.pad("PP", 6, right: true)
            + " " + TextTable.pad("parts", 5, right: true)
            + (territories.first?.workload != nil ? " " + TextTable.pad("work h", 9, right: true) : "")
            + (goals != nil ? " " + TextTable.pad("goal", 12, right: true) + " " + TextTable.pad("att %", 7, right: true) : "")
            + (maxDrive != nil ? " " + TextTable.pad("drive min", 9, right: true) : "") + "\n"
        for (i, t) in territories.enumerated() {
            out +=
                TextTable.pad(t.id, 10) + " " + TextTable.pad(t.name ?? "", 20) + " " + TextTable.pad(String(t.customers), 9, right: true)
                + " " + TextTable.pad(String(format: "%.0f", t.weight), 14, right: true) + " "
                + TextTable.pad(String(format: "%.1f", t.areaKm2), 11, right: true)
                + " " + TextTable.pad(String(format: "%+.1f", t.deviationPercent) + (t.outsideTolerance ? "!" : " "), 9, right: true)
                + " " + TextTable.pad(String(format: "%.3f", t.compactness.polsbyPopper), 6, right: true)
                + " " + TextTable.pad(String(t.compactness.parts), 5, right: true)
                + (t.workload.map { " " + TextTable.pad(String(format: "%.1f", $0.hours), 9, right: true) } ?? "")
                + (goals.map { g in
                    " " + TextTable.pad(g[i].goal.map { String(format: "%.0f", $0) + (g[i].attainable == false ? "!" : " ") } ?? "-", 12, right: true)
                        + " " + TextTable.pad(g[i].attainmentPercent.map { String(format: "%.1f", $0) } ?? "", 7, right: true)
                } ?? "")
                + (maxDrive.map { " " + TextTable.pad($0[i].map { String(format: "%.0f", $0) } ?? "-", 9, right: true) } ?? "") + "\n"
        }
        if let regions { out += "\n" + RegionBalance.text(self.regions(regions, goals: goals)) }
        out +=
            "\n\(s.customers) customers: \(s.assigned) assigned, \(s.unassigned) unassigned. Targets: \(s.usesTargetShares ? "target shares" : "the mean").\n"
        out += String(
            format: "Spread: CV %.3f, max/min %.2f, range/mean %.3f, Gini %.3f; ", s.coefficientOfVariation, s.maxMinRatio, s.rangeOverMean, s.gini)
        out += "\(s.outsideTolerance) of \(s.territories) territories outside ±\(String(format: "%g", s.tolerance * 100))% (marked !)"
        out += s.balanceOn == .weight ? ".\n" : ", balanced on \(s.balanceOn.rawValue).\n"
        if territories.first?.workload != nil {
            out +=
                String(format: "Workload: %.1f hours", territories.reduce(0) { $0 + ($1.workload?.hours ?? 0) })
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
