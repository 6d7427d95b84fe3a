import Foundation

/// Which territory each unit belongs to: the `unit_id,territory_id` CSV that `design
/// --units-output` writes, `design --from` rebalances, and `diff` and `edit` read.
///
/// ## Example
/// ```swift
/// let units = try TerritoryMap.load(contentsOf: URL(fileURLWithPath: "counties.geojson"))
/// let plan = try UnitAlignment.read(contentsOf: URL(fileURLWithPath: "plan.csv"), units: units)
/// print(plan.territoryIDs, plan.territoryOfUnit[0])
/// ```
public struct UnitAlignment: Sendable, Equatable {
    /// The territories, in the order they first appear in the file.
    public let territoryIDs: [String]
    /// For each unit of the units map (by position), its territory's position in ``territoryIDs``.
    public let territoryOfUnit: [Int]

    /// An alignment.
    /// - Throws: ``TerritoryError/invalidArgument(_:)`` when a unit's territory is out of range.
    public init(territoryIDs: [String], territoryOfUnit: [Int]) throws(TerritoryError) {
        if let bad = territoryOfUnit.first(where: { $0 < 0 || $0 >= territoryIDs.count }) {
            throw .invalidArgument("territory \(bad) of \(territoryIDs.count)")
        }
        self.territoryIDs = territoryIDs; self.territoryOfUnit = territoryOfUnit
    }

    /// Each unit's territory id, by unit id.
    public func dictionary(units: TerritoryMap) -> [String: String] {
        Dictionary(uniqueKeysWithValues: units.territories.indices.map { (units.territories[$0].id, territoryIDs[territoryOfUnit[$0]]) })
    }

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

    /// The territories as a map: each the union of its units (for routing and drawing).
    /// - Throws: ``TerritoryError/geometry(_:)`` when GEOS fails.
    public func dissolve(_ units: TerritoryMap) throws(TerritoryError) -> TerritoryMap {
        try wrapped {
            var members = [[Geometry]](repeating: [], count: territoryIDs.count)
            for (u, t) in territoryOfUnit.enumerated() { members[t].append(units.territories[u].geometry) }
            let territories = try territoryIDs.indices.map { t in
                Territory(id: territoryIDs[t], geometry: try polygonalPart(Geometry.unaryUnion(members[t])))
            }
            return try TerritoryMap(checked: territories)
        }
    }
}
