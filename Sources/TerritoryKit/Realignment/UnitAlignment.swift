import Foundation

/// Which territory each unit belongs to: the `unit_id,territory_id` CSV that `design
/// --units-output` writes, `design --from` rebalances, and `diff` and `edit` read.
///
/// ## Example
/// ```swift
/// let units = try TerritoryMap.load(GeoJSONFile(URL(fileURLWithPath: "counties.geojson")))
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

    /// The same alignment with its territories in ``NaturalOrder`` (an alignment file lists them
    /// as its units come; `T2` before `T10` is the order of a map).
    public func inNaturalOrder() -> UnitAlignment {
        let order = territoryIDs.indices.sorted { NaturalOrder.precedes(territoryIDs[$0], territoryIDs[$1]) }
        var position = [Int](repeating: 0, count: order.count)
        for (k, t) in order.enumerated() { position[t] = k }
        // Each unit keeps its territory: the positions are only renumbered.
        return try! UnitAlignment(territoryIDs: order.map { territoryIDs[$0] }, territoryOfUnit: territoryOfUnit.map { position[$0] })
    }

    /// Each unit's territory id, by unit id.
    public func dictionary(units: TerritoryMap) -> [String: String] {
        Dictionary(uniqueKeysWithValues: units.territories.indices.map { (units.territories[$0].id, territoryIDs[territoryOfUnit[$0]]) })
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
