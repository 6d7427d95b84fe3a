import Foundation

extension UnitAlignment {
    /// Reads `unit_id,territory_id` for every unit of `units`.
    /// - Throws: ``TerritoryError/csv(source:line:message:)`` naming the line of an unknown or
    ///   repeated unit or an empty territory id; ``TerritoryError/invalidArgument(_:)`` naming a
    ///   unit the file leaves out (every unit needs a territory).
    public static func read(contentsOf url: URL, units: TerritoryMap, unitsName: String = "the units") throws(TerritoryError) -> UnitAlignment {
        try wrapped {
            let table = try CSVTable.read(contentsOf: url)
            let path = url.path
            let u = try table.requiredColumn("unit_id"), t = try table.requiredColumn("territory_id")
            var position: [String: Int] = [:]
            for (i, unit) in units.territories.enumerated() { position[unit.id] = i }
            var territoryOf = [Int](repeating: -1, count: units.count)
            var ids: [String] = [], index: [String: Int] = [:]
            for (row, line) in zip(table.rows, table.lines) {
                guard let unit = position[row[u]] else {
                    throw TerritoryError.csv(source: path, line: line, message: "unit \(row[u]) is not in \(unitsName)")
                }
                guard territoryOf[unit] < 0 else { throw TerritoryError.csv(source: path, line: line, message: "unit \(row[u]) appears twice") }
                guard !row[t].isEmpty else { throw TerritoryError.csv(source: path, line: line, message: "territory_id is empty") }
                if index[row[t]] == nil { index[row[t]] = ids.count; ids.append(row[t]) }
                territoryOf[unit] = index[row[t]]!
            }
            if let missing = territoryOf.firstIndex(of: -1) {
                throw TerritoryError.invalidArgument("\(path): unit \(units.territories[missing].id) is missing; every unit needs a territory")
            }
            return try UnitAlignment(territoryIDs: ids, territoryOfUnit: territoryOf)
        }
    }
}

extension UnitAlignment {
    /// Reads a locked-units file: `unit_id,territory_id` rows for the units a design or an editor
    /// must leave where they are.
    /// - Parameters:
    ///   - url: the file.
    ///   - units: the units; each row's unit must be one of them, once.
    ///   - unitsName: the units' source, named in errors.
    ///   - territoryIDs: the territories a unit can be locked to.
    ///   - territoriesName: where those territories come from, named in errors.
    /// - Returns: unit id → territory id.
    /// - Throws: ``TerritoryError/csv(source:line:message:)`` naming the line of an unknown or
    ///   repeated unit, an empty territory id, or a territory not among `territoryIDs`.
    public static func readLocked(
        contentsOf url: URL, units: TerritoryMap, unitsName: String, territoryIDs: [String], territoriesName: String
    ) throws(TerritoryError) -> [String: String] {
        try wrapped {
            let table = try CSVTable.read(contentsOf: url)
            let path = url.path
            let u = try table.requiredColumn("unit_id"), t = try table.requiredColumn("territory_id")
            let known = Set(units.territories.map(\.id)), territories = Set(territoryIDs)
            var locked: [String: String] = [:]
            for (row, line) in zip(table.rows, table.lines) {
                func fail(_ message: String) -> TerritoryError { .csv(source: path, line: line, message: message) }
                guard known.contains(row[u]) else { throw fail("unit \(row[u]) is not in \(unitsName)") }
                guard locked[row[u]] == nil else { throw fail("unit \(row[u]) appears twice") }
                guard !row[t].isEmpty else { throw fail("territory_id is empty") }
                guard territories.contains(row[t]) else { throw fail("territory \(row[t]) is not in \(territoriesName)") }
                locked[row[u]] = row[t]
            }
            return locked
        }
    }
}
