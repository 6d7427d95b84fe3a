import Foundation

/// Regions above territories: each territory in exactly one region, as a sales organisation's
/// regional managers each lead a group of reps. Reports roll territories up to their regions,
/// goals split company → regions → territories, and maps draw region borders.
///
/// ## Example
/// ```swift
/// let regions = try TerritoryRegions(territoryRegions: ["East", "East", "West"])
/// regions.ids                 // ["East", "West"]
/// regions.members(of: 0)      // [0, 1]
/// ```
public struct TerritoryRegions: Sendable, Equatable {
    /// The region ids, in ``NaturalOrder``.
    public let ids: [String]
    /// Each territory's region (a position in ``ids``), in map order.
    public let regionOfTerritory: [Int]

    /// Regions from each territory's region id (map order).
    /// - Throws: ``TerritoryError/invalidArgument(_:)`` for an empty region id.
    public init(territoryRegions: [String]) throws(TerritoryError) {
        if let empty = territoryRegions.firstIndex(where: \.isEmpty) {
            throw .invalidArgument("territory \(empty + 1) has an empty region id")
        }
        let sorted = Array(Set(territoryRegions)).sorted(by: NaturalOrder.precedes)
        var position: [String: Int] = [:]
        for (i, id) in sorted.enumerated() { position[id] = i }
        ids = sorted
        regionOfTerritory = territoryRegions.map { position[$0]! }
    }

    /// The territories of region `region`, in map order.
    public func members(of region: Int) -> [Int] { regionOfTerritory.indices.filter { regionOfTerritory[$0] == region } }

    /// The number of regions.
    public var count: Int { ids.count }

    /// The regions of `map`'s territories, from the reps' `region` column and from the map's
    /// property `property` (either or both; nil when neither is given).
    ///
    /// - Parameters:
    ///   - map: the territories.
    ///   - reps: the reps file's rows, when one was read.
    ///   - repsSource: the reps file's name, for messages.
    ///   - property: the map property holding each territory's region, when given.
    /// - Returns: nil when neither source names a region.
    /// - Throws: ``TerritoryError/invalidArgument(_:)`` naming a territory the reps file and the
    ///   map put in two different regions, a territory without a region (every territory needs
    ///   one once regions are used), or a reps row whose territory is not in the map.
    public static func of(
        map: TerritoryMap, reps: [RepTerritory]?, repsSource: String = "the reps file", property: String?
    )
        throws(TerritoryError) -> TerritoryRegions?
    {
        try of(territoryIDs: map.ids, reps: reps, repsSource: repsSource, maps: [map], property: property)
    }

    /// The regions of territories named by id (two plans' territories, say), from the reps'
    /// `region` column and from property `property` of the first of `maps` holding each
    /// territory (maps may be given without the property).
    /// - Throws: as ``of(map:reps:repsSource:property:)``; a reps row naming a territory not
    ///   among `territoryIDs` is refused too.
    public static func of(
        territoryIDs: [String], reps: [RepTerritory]?, repsSource: String = "the reps file", maps: [TerritoryMap], property: String?
    ) throws(TerritoryError) -> TerritoryRegions? {
        var position: [String: Int] = [:]
        for (i, id) in territoryIDs.enumerated() where position[id] == nil { position[id] = i }
        var region = [String?](repeating: nil, count: territoryIDs.count)
        var from = [String](repeating: "", count: territoryIDs.count)
        if let property {
            for map in maps.reversed() {
                for territory in map.territories {
                    guard let t = position[territory.id], let value = territory.properties.first(where: { $0.key == property })?.value else {
                        continue
                    }
                    let text: String
                    switch value {
                    case let .string(s): text = s
                    case let .number(n): text = n
                    case .null: continue
                    default: throw .invalidArgument("territory \(territory.id): property \(property) must be a region id (text or a number)")
                    }
                    if !text.isEmpty { region[t] = text; from[t] = "property \(property)" }
                }
            }
        }
        var anyRep = false
        for rep in reps ?? [] {
            guard let r = rep.region else { continue }
            guard let t = position[rep.id] else { throw .invalidArgument("\(repsSource): territory \(rep.id) is not in the map") }
            anyRep = true
            if let other = region[t], other != r {
                throw .invalidArgument(
                    "territory \(rep.id) is in two regions: \(r) (\(repsSource)) and \(other) (\(from[t])); give each territory one region")
            }
            region[t] = r
        }
        guard anyRep || region.contains(where: { $0 != nil }) else {
            if let property { throw .invalidArgument("no territory has the region property \(property)") }
            return nil
        }
        if let missing = region.firstIndex(where: { $0 == nil }) {
            throw .invalidArgument(
                "territory \(territoryIDs[missing]) has no region; every territory needs one (the region column of \(repsSource)"
                    + (property.map { " or the map property \($0)" } ?? "") + ")")
        }
        return try TerritoryRegions(territoryRegions: region.map { $0! })
    }
}
