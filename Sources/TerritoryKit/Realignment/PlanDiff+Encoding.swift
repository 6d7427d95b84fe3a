import Foundation

/// The encodings the CLI writes (`territory diff --format json|csv|text`), beside the comparison.
extension PlanDiff {
    /// The comparison as `territory diff --format json` writes it: per territory the customers
    /// and weight before and after, gained and lost (workload hours when routed), then the moved
    /// share and the largest deviations before and after; with key accounts, the moves of
    /// accounts apart (`moved_accounts`, `moved_account_weight`) from the geographic ones
    /// (`moved_geographic_customers`, `moved_geographic_weight`).
    public func json() -> JSONValue {
        let routed = territories.contains { $0.hoursBefore != nil || $0.hoursAfter != nil }
        let accountMembers =
            withAccounts
            ? [
                JSONMember("moved_accounts", .number(String(movedAccounts))),
                JSONMember("moved_account_weight", JSONValue.rounded(movedAccountWeight)),
                JSONMember("moved_geographic_customers", .number(String(movedCustomers - movedAccounts))),
                JSONMember("moved_geographic_weight", JSONValue.rounded(movedWeight - movedAccountWeight)),
            ] : []
        return .object(
            [
                JSONMember(
                    "territories",
                    .array(
                        territories.map { t in
                            var members = [
                                JSONMember("id", .string(t.id)), JSONMember("customers_before", .number(String(t.customersBefore))),
                                JSONMember("customers_after", .number(String(t.customersAfter))),
                                JSONMember("weight_before", JSONValue.rounded(t.weightBefore)),
                                JSONMember("weight_after", JSONValue.rounded(t.weightAfter)), JSONMember("gained", .number(String(t.gained))),
                                JSONMember("lost", .number(String(t.lost))), JSONMember("in_before", .bool(t.inBefore)),
                                JSONMember("in_after", .bool(t.inAfter)),
                            ]
                            if routed {
                                members += [
                                    JSONMember("workload_hours_before", t.hoursBefore.map { JSONValue.rounded($0, digits: 3) } ?? .null),
                                    JSONMember("workload_hours_after", t.hoursAfter.map { JSONValue.rounded($0, digits: 3) } ?? .null),
                                ]
                            }
                            return .object(members)
                        })),
                JSONMember("customers", .number(String(customers))), JSONMember("total_weight", JSONValue.rounded(totalWeight)),
                JSONMember("moved_customers", .number(String(movedCustomers))), JSONMember("moved_weight", JSONValue.rounded(movedWeight)),
                JSONMember("moved_customers_pct", JSONValue.rounded(movedCustomersPercent, digits: 3)),
                JSONMember("moved_weight_pct", JSONValue.rounded(movedWeightPercent, digits: 3)),
            ] + accountMembers + [
                JSONMember("balance_on", .string(routed ? "workload" : "weight")),
                JSONMember("max_deviation_before_pct", JSONValue.rounded(maxDeviationBefore, digits: 3)),
                JSONMember("max_deviation_after_pct", JSONValue.rounded(maxDeviationAfter, digits: 3)),
            ])
    }

    /// The comparison as CSV, one row per territory (with regions, each territory's `region`
    /// last).
    /// - Parameter regions: the region of each of ``territories``, when the organisation has them.
    public func csv(regions: TerritoryRegions? = nil) -> String {
        let routed = territories.contains { $0.hoursBefore != nil || $0.hoursAfter != nil }
        var out =
            "id,customers_before,customers_after,weight_before,weight_after,gained,lost"
            + (routed ? ",workload_hours_before,workload_hours_after" : "") + (regions != nil ? ",region" : "") + "\n"
        for (i, t) in territories.enumerated() {
            var bytes: [UInt8] = []
            CSVWriter.appendField(t.id, to: &bytes)
            out += String(decoding: bytes, as: UTF8.self)
            out +=
                ",\(t.customersBefore),\(t.customersAfter),\(NumberText.shortest(t.weightBefore)),\(NumberText.shortest(t.weightAfter)),\(t.gained),\(t.lost)"
            if routed {
                out +=
                    "," + (t.hoursBefore.map { NumberText.rounded($0, decimals: 3) } ?? "") + ","
                    + (t.hoursAfter.map { NumberText.rounded($0, decimals: 3) } ?? "")
            }
            if let regions {
                var field: [UInt8] = [0x2C]
                CSVWriter.appendField(regions.ids[regions.regionOfTerritory[i]], to: &field)
                out += String(decoding: field, as: UTF8.self)
            }
            out += "\n"
        }
        return out
    }

    /// The comparison as a text table and a summary line.
    public func text() -> String {
        let routed = territories.contains { $0.hoursBefore != nil || $0.hoursAfter != nil }
        var out = TextTable.pad("territory", 14) + TextTable.pad("customers", 18, right: true) + TextTable.pad("weight", 26, right: true)
        out +=
            TextTable.pad("gained", 8, right: true) + TextTable.pad("lost", 8, right: true) + (routed ? TextTable.pad("hours", 20, right: true) : "")
            + "\n"
        for t in territories {
            out += TextTable.pad(t.id, 14)
            out += TextTable.pad("\(t.inBefore ? String(t.customersBefore) : "-") -> \(t.inAfter ? String(t.customersAfter) : "-")", 18, right: true)
            out += TextTable.pad(String(format: "%.1f -> %.1f", t.weightBefore, t.weightAfter), 26, right: true)
            out += TextTable.pad(String(t.gained), 8, right: true) + TextTable.pad(String(t.lost), 8, right: true)
            if routed { out += TextTable.pad(String(format: "%.1f -> %.1f", t.hoursBefore ?? 0, t.hoursAfter ?? 0), 20, right: true) }
            out += "\n"
        }
        out += String(
            format:
                "\n%@ of %@ customers change territory (%.1f%%), weight %.1f of %.1f (%.1f%%); largest deviation from the mean %@ %.1f%% -> %.1f%%\n",
            NumberText.grouped(movedCustomers), NumberText.grouped(customers), movedCustomersPercent, movedWeight, totalWeight, movedWeightPercent,
            routed ? "(workload hours)" : "(weight)", maxDeviationBefore, maxDeviationAfter)
        if withAccounts {
            out +=
                "Key accounts: \(NumberText.grouped(movedAccounts)) of the moves (weight \(String(format: "%.1f", movedAccountWeight))); "
                + "by the new borders: \(NumberText.grouped(movedCustomers - movedAccounts)) "
                + "(weight \(String(format: "%.1f", movedWeight - movedAccountWeight))).\n"
        }
        return out
    }
}

extension PlanDiff {
    /// The header of the moves CSV `territory diff --moves` writes.
    public static let movesHeader = movesColumns.joined(separator: ",") + "\n"

    /// The moves' columns: `customer_id,from_territory_id,to_territory_id`.
    public static let movesColumns = ["customer_id", "from_territory_id", "to_territory_id"]

    /// The rows of ``movesCSV(_:_:territoryFields:)`` as fields (ids unquoted, an empty field
    /// for no territory), for a writer of another format.
    public static func movesTable(_ batch: CustomerBatch, _ moves: [CustomerMove], territoryIDs ids: [String]) -> OutputTable {
        var table = OutputTable(header: movesColumns)
        for m in moves { table.append([batch.id(m.batchIndex), m.from.map { ids[$0] } ?? "", m.to.map { ids[$0] } ?? ""]) }
        return table
    }

    /// Each territory id as a CSV field (quoted where it must be), for ``movesCSV(_:_:territoryFields:)``.
    public static func csvFields(_ ids: [String]) -> [[UInt8]] {
        ids.map { id in
            var field: [UInt8] = []
            CSVWriter.appendField(id, to: &field)
            return field
        }
    }

    /// The moves of a batch as rows of the moves CSV: `customer_id,from_territory_id,to_territory_id`,
    /// an empty territory for a customer outside every territory of that plan.
    /// - Parameters:
    ///   - batch: the customers the moves index.
    ///   - moves: the customers whose territory differs.
    ///   - ids: each territory's id as a CSV field, in ``territoryOrder(before:after:)``.
    public static func movesCSV(_ batch: CustomerBatch, _ moves: [CustomerMove], territoryFields ids: [[UInt8]]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(moves.count * 24)
        for m in moves {
            batch.withIDBytes(m.batchIndex) { CSVWriter.appendField($0, to: &out) }
            out.append(0x2C)
            if let from = m.from { out.append(contentsOf: ids[from]) }
            out.append(0x2C)
            if let to = m.to { out.append(contentsOf: ids[to]) }
            out.append(0x0A)
        }
        return out
    }
}
