import Foundation

/// A plan as the tools write it: the territory map (one dissolved feature per territory with the
/// plan's figures as properties), the unit alignment CSV, and the summary as JSON or text, the
/// same for a designed plan (`design`) and an alignment drawn as it stands (`plan`).
extension DesignResult {
    /// The plan as a territory map: each territory's polygon with properties `id`, `rep` (when
    /// known), `weight`, `units`, `deviation_pct`, `polsby_popper`, and `region` with regions.
    /// - Parameters:
    ///   - reps: the territories' reps, one per territory in ``territoryIDs`` order.
    ///   - regions: the regions above the territories, when designed.
    /// - Throws: ``TerritoryError`` when a polygon is not a usable territory.
    public func territoryMap(reps: [RepTerritory], regions: RegionPlan? = nil) throws(TerritoryError) -> TerritoryMap {
        var features: [Territory] = []
        for (t, id) in territoryIDs.enumerated() {
            var properties = [JSONMember("id", .string(id))]
            if let rep = reps[t].rep { properties.append(JSONMember("rep", .string(rep))) }
            properties += [
                JSONMember("weight", JSONValue.rounded(weights[t])), JSONMember("units", .number(Double(unitCount(t)))),
                JSONMember("deviation_pct", JSONValue.rounded(deviations[t] * 100, digits: 3)),
                JSONMember("polsby_popper", JSONValue.rounded(polsbyPopper[t], digits: 4)),
            ]
            if let regions { properties.append(JSONMember("region", .string(regions.ids[regions.regionOfTerritory[t]]))) }
            features.append(Territory(id: id, geometry: polygons[t], rep: reps[t].rep, properties: properties, featureIndex: t))
        }
        return try TerritoryMap(features)
    }

    /// The `unit_id,territory_id` CSV, one row per unit in `units` order (what `design --from`,
    /// `diff`, `edit` and `plan` read).
    public func alignmentCSV(units: TerritoryMap) -> [UInt8] { alignmentTable(units: units).csv }

    /// The rows of ``alignmentCSV(units:)`` as fields, for a writer of another format.
    public func alignmentTable(units: TerritoryMap) -> OutputTable {
        var table = OutputTable(header: ["unit_id", "territory_id"])
        for (u, t) in assignment.enumerated() { table.append([units.territories[u].id, territoryIDs[t]]) }
        return table
    }

    /// The number of units in territory `t`.
    public func unitCount(_ t: Int) -> Int { assignment.reduce(0) { $0 + ($1 == t ? 1 : 0) } }

    /// The summary as JSON: `territories` (`id`, `rep`, `weight`, `target`, `deviation_pct`,
    /// `polsby_popper`, `units`, and with `routed` `workload_hours_estimate` and
    /// `workload_hours_routed`), `max_deviation_pct`, `mean_polsby_popper`,
    /// `min_polsby_popper`, `status` (with `reason` when outside the tolerance; with `routed`,
    /// `routed_max_deviation_pct` and `balance_rounds` and the status of the routed workload),
    /// and with `moves` `moved_units` and `moved_weight`; with `regions`, each territory's
    /// `region` and `regions[]` (``RegionPlan/json(territoryIDs:)``).
    /// - Parameters:
    ///   - reps: the territories' reps, one per territory.
    ///   - routed: the routed balance the plan came from, if any.
    ///   - tolerance: the tolerance the routed workload is judged by (a fraction).
    ///   - moves: whether to report what moved (a rebalanced plan).
    ///   - moreTime: how a program names giving the search another try, in `reason`.
    ///   - regions: the regions above the territories, when designed.
    public func json(
        reps: [RepTerritory], routed: RoutedDesign? = nil, tolerance: Double, moves: Bool, moreTime: String, regions: RegionPlan? = nil
    ) -> JSONValue {
        var members = [
            JSONMember(
                "territories",
                .array(
                    territoryIDs.indices.map { t in
                        .object(
                            [
                                JSONMember("id", .string(territoryIDs[t])), JSONMember("rep", reps[t].rep.map(JSONValue.string) ?? .null),
                                JSONMember("weight", JSONValue.rounded(weights[t])), JSONMember("target", JSONValue.rounded(targets[t])),
                                JSONMember("deviation_pct", JSONValue.rounded(deviations[t] * 100, digits: 3)),
                                JSONMember("polsby_popper", JSONValue.rounded(polsbyPopper[t], digits: 4)),
                                JSONMember("units", .number(Double(unitCount(t)))),
                            ]
                                + (regions.map { [JSONMember("region", .string($0.ids[$0.regionOfTerritory[t]]))] } ?? [])
                                + (routed.map {
                                    [
                                        JSONMember("workload_hours_estimate", JSONValue.rounded(weights[t], digits: 3)),
                                        JSONMember("workload_hours_routed", JSONValue.rounded($0.routedHours[t], digits: 3)),
                                    ]
                                } ?? []))
                    })),
            JSONMember("max_deviation_pct", JSONValue.rounded(maxDeviation * 100, digits: 3)),
            JSONMember("mean_polsby_popper", JSONValue.rounded(meanPolsbyPopper, digits: 4)),
            JSONMember("min_polsby_popper", JSONValue.rounded(minPolsbyPopper, digits: 4)),
        ]
        if let routed {
            // Balanced on routed workload: that is what the status speaks of.
            members.append(JSONMember("routed_max_deviation_pct", JSONValue.rounded(routed.maxRoutedDeviation * 100, digits: 3)))
            members.append(JSONMember("balance_rounds", .number(Double(routed.rounds))))
            let within = routed.maxRoutedDeviation <= tolerance
            members.append(JSONMember("status", .string(within ? "within_tolerance" : "outside_tolerance")))
        } else if let reason = status.reason(moreTime: moreTime) {
            members.append(JSONMember("status", .string("outside_tolerance")))
            members.append(JSONMember("reason", .string(reason)))
        } else {
            members.append(JSONMember("status", .string("within_tolerance")))
        }
        if moves {
            members.append(JSONMember("moved_units", .number(Double(movedUnits))))
            members.append(JSONMember("moved_weight", JSONValue.rounded(movedWeight)))
        }
        if let regions {
            members.append(JSONMember("regions", regions.json(territoryIDs: territoryIDs)))
            members.append(JSONMember("regions_max_deviation_pct", JSONValue.rounded(regions.maxDeviation * 100, digits: 3)))
        }
        return .object(members)
    }

    /// The summary as a text table: each territory's weight, target, deviation, Polsby-Popper
    /// and units (and routed hours with `routed`), then the largest deviation and compactness
    /// (and what moved, with `moves`).
    public func text(routed: RoutedDesign? = nil, moves: Bool) -> String {
        var out = "territory   weight        target        deviation   Polsby-Popper  units" + (routed == nil ? "\n" : "  routed h\n")
        for t in territoryIDs.indices {
            out += territoryIDs[t].padding(toLength: max(10, territoryIDs[t].count), withPad: " ", startingAt: 0)
            out += String(
                format: "  %12.1f  %12.1f  %+9.2f%%  %13.3f  %5d", weights[t], targets[t], deviations[t] * 100, polsbyPopper[t], unitCount(t))
            out += (routed.map { String(format: "  %8.1f", $0.routedHours[t]) } ?? "") + "\n"
        }
        if let routed {
            let total = routed.routedHours.reduce(0, +), targetSum = targets.reduce(0, +)
            let worst =
                routed.routedHours.indices.map { t in
                    let target = targetSum > 0 ? total * targets[t] / targetSum : 0
                    return target > 0 ? abs(routed.routedHours[t] / target - 1) * 100 : 0
                }.max() ?? 0
            out += String(
                format:
                    "weights are estimated workload hours, corrected by routing (%d round%@); routed, the largest deviation from target is %.2f%%\n",
                routed.rounds, routed.rounds == 1 ? "" : "s", worst)
        }
        out += String(format: "max deviation %.2f%%, mean Polsby-Popper %.3f (least %.3f)", maxDeviation * 100, meanPolsbyPopper, minPolsbyPopper)
        if moves { out += String(format: "; moved %d units, weight %.1f", movedUnits, movedWeight) }
        return out + "\n"
    }
}

extension TerritoryDesigner {
    /// An alignment as it stands, measured as ``design(units:weights:options:progress:fraction:)``
    /// measures its plans: each territory's polygon (the union of its units), weight, target,
    /// deviation and geodesic Polsby-Popper, and whether it is within `tolerance`. Nothing is
    /// moved.
    ///
    /// ## Example
    /// ```swift
    /// let plan = try TerritoryDesigner.measure(units: counties, weights: weights, alignment: edited)
    /// let map = try plan.territoryMap(reps: edited.territoryIDs.map { RepTerritory(id: $0) })
    /// ```
    /// - Parameters:
    ///   - units: the units, in order.
    ///   - weights: each unit's workload.
    ///   - alignment: each unit's territory.
    ///   - reps: the territories' reps and target shares, one per territory of `alignment` in
    ///     its order (nil: no reps, equal shares).
    ///   - tolerance: the allowed deviation from target, a fraction.
    /// - Throws: ``TerritoryError/invalidArgument(_:)`` for weights that are not one per unit,
    ///   negative or all 0, ``TerritoryError`` when GEOS or PROJ fails.
    public static func measure(
        units: TerritoryMap, weights: [Double], alignment: UnitAlignment, reps: [RepTerritory]? = nil, tolerance: Double = 0.05
    ) throws(TerritoryError) -> DesignResult {
        try wrapped {
            var options = DesignOptions(
                reps: reps ?? alignment.territoryIDs.map { RepTerritory(id: $0) }, locked: [:], current: alignment.dictionary(units: units))
            options.tolerance = tolerance
            let problem = try DesignProblem(units: units, weights: weights, options: options)
            var plan = Partition(problem: problem, graph: try DesignGraph(units))
            plan.start(from: problem.current!)
            return try plan.result(units: units)
        }
    }
}
