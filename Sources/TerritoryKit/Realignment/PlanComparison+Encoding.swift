import Foundation

/// The encodings `territory compare` writes: one column per plan, one row per measure.
extension PlanComparison {
    /// One measure across the plans: its key (JSON member and CSV row), a label for people, and
    /// each plan's value as a number (nil where not measured).
    public struct Row: Sendable, Equatable {
        /// The JSON member and CSV row name.
        public let key: String
        /// The label in text and HTML.
        public let label: String
        /// Each plan's value (nil: not measured).
        public let values: [Double?]
        /// Decimals shown.
        public let decimals: Int
    }

    /// The measures, in the order the table shows them; workload rows only when workload was
    /// measured, the goals row only when goals were set.
    public var rows: [Row] {
        func row(_ key: String, _ label: String, _ decimals: Int, _ value: (PlanFigures) -> Double?) -> Row {
            Row(key: key, label: label, values: plans.map(value), decimals: decimals)
        }
        var list = [
            row("territories", "territories", 0) { Double($0.territories) },
            row("max_deviation_pct", "max deviation % (\(balanceOn.rawValue))", 2) { $0.maxDeviationPercent },
            row("cv", "coefficient of variation", 4) { $0.coefficientOfVariation },
            row("gini", "Gini", 4) { $0.gini },
            row("mean_polsby_popper", "mean Polsby-Popper", 4) { $0.meanPolsbyPopper },
            row("least_polsby_popper", "least Polsby-Popper", 4) { $0.leastPolsbyPopper },
            row("non_contiguous", "non-contiguous territories", 0) { Double($0.nonContiguous) },
        ]
        if plans.contains(where: { $0.workloadHoursSpread != nil }) {
            list += [
                row("workload_hours_spread", "workload hours spread (max - min)", 2) { $0.workloadHoursSpread },
                row("drive_hours", "drive hours in all", 2) { $0.driveHours },
            ]
        }
        list += [
            row("moved_customers", "customers moved vs first", 0) { Double($0.movedCustomers) },
            row("moved_weight", "weight moved vs first", 2) { $0.movedWeight },
        ]
        if plans.contains(where: { $0.goalsNotAttainable != nil }) {
            list.append(row("goals_not_attainable", "goals not attainable", 0) { $0.goalsNotAttainable.map(Double.init) })
        }
        return list
    }

    /// The comparison as JSON: `balance_on`, and `plans[]`, each with `name` and every row's key
    /// (`territories`, `max_deviation_pct`, `cv`, `gini`, `mean_polsby_popper`,
    /// `least_polsby_popper`, `non_contiguous`, `workload_hours_spread` and `drive_hours` with
    /// workload, `moved_customers`, `moved_weight`, `goals_not_attainable` with goals).
    public func json() -> JSONValue {
        let rows = self.rows
        return .object([
            JSONMember("balance_on", .string(balanceOn.rawValue)),
            JSONMember(
                "plans",
                .array(
                    plans.indices.map { p in
                        .object(
                            [JSONMember("name", .string(plans[p].name))]
                                + rows.map { r in JSONMember(r.key, r.values[p].map { JSONValue.rounded($0, digits: r.decimals) } ?? .null) })
                    })),
        ])
    }

    /// The comparison as CSV: header `measure` and the plans' names, one row per measure.
    public func csv() -> String {
        var out: [UInt8] = Array("measure".utf8)
        for p in plans {
            out.append(0x2C)
            CSVWriter.appendField(p.name, to: &out)
        }
        out.append(0x0A)
        for r in rows {
            out += Array(r.key.utf8)
            for v in r.values { out += Array(("," + (v.map { NumberText.rounded($0, decimals: r.decimals) } ?? "")).utf8) }
            out.append(0x0A)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The comparison as a text table: one column per plan.
    public func text() -> String {
        let rows = self.rows
        let labelWidth = rows.map(\.label.count).max() ?? 10
        let widths = plans.indices.map { p in
            max(10, plans[p].name.count, rows.map { formatted($0.values[p], $0.decimals).count }.max() ?? 0)
        }
        var out = TextTable.pad("", labelWidth)
        for (p, plan) in plans.enumerated() { out += "  " + TextTable.pad(plan.name, widths[p], right: true) }
        out += "\n"
        for r in rows {
            out += TextTable.pad(r.label, labelWidth)
            for p in plans.indices { out += "  " + TextTable.pad(formatted(r.values[p], r.decimals), widths[p], right: true) }
            out += "\n"
        }
        return out
    }

    /// A value as the tables show it (`-` where not measured).
    func formatted(_ value: Double?, _ decimals: Int) -> String {
        guard let value, value.isFinite else { return "-" }
        return String(format: "%.\(decimals)f", value)
    }
}
