import Foundation
import GEOS

/// Regions above designed territories: each region a contiguous union of whole territories,
/// balanced on the territories' workload. Made by ``TerritoryDesigner/regions(of:count:tolerance:seed:)``
/// (territories grouped after they are designed) or ``TerritoryDesigner/design(units:weights:within:regionIDs:territoriesPerRegion:tolerance:seed:)``
/// (territories designed inside given regions).
public struct RegionPlan: Sendable {
    /// The regions' ids, in order.
    public let ids: [String]
    /// Each territory's region (a position in ``ids``).
    public let regionOfTerritory: [Int]
    /// Each region's workload, target, deviation (a fraction) and Polsby-Popper compactness.
    public let weights: [Double], targets: [Double], deviations: [Double], polsbyPopper: [Double]
    /// Each region's shape: the union of its territories.
    public let polygons: [Geometry]
    /// Whether the regions are within the tolerance of their targets, and if not, why.
    public let status: DesignResult.Status

    /// The largest |deviation| of a region.
    public var maxDeviation: Double { deviations.map(abs).max() ?? 0 }

    /// The regions as ``TerritoryRegions`` (for roll-ups and goals).
    public var regions: TerritoryRegions {
        // The ids are given in order; TerritoryRegions orders them naturally (R1 … R12 alike).
        (try? TerritoryRegions(territoryRegions: regionOfTerritory.map { ids[$0] }))!
    }

    /// The regions as a map: one dissolved feature each, with properties `id`, `territories`
    /// (how many), `weight`, `deviation_pct`, `polsby_popper`.
    /// - Throws: ``TerritoryError`` when a polygon is not a usable territory.
    public func regionMap() throws(TerritoryError) -> TerritoryMap {
        var features: [Territory] = []
        for (r, id) in ids.enumerated() {
            let count = regionOfTerritory.filter { $0 == r }.count
            features.append(
                Territory(
                    id: id, geometry: polygons[r],
                    properties: [
                        JSONMember("id", .string(id)), JSONMember("territories", .number(String(count))),
                        JSONMember("weight", JSONValue.rounded(weights[r])),
                        JSONMember("deviation_pct", JSONValue.rounded(deviations[r] * 100, digits: 3)),
                        JSONMember("polsby_popper", JSONValue.rounded(polsbyPopper[r], digits: 4)),
                    ], featureIndex: r))
        }
        return try TerritoryMap(features)
    }

    /// The regions as `regions[]` of design's JSON: `id`, `territories` (their ids), `weight`,
    /// `target`, `deviation_pct`, `polsby_popper`.
    /// - Parameter territoryIDs: the territories' ids.
    public func json(territoryIDs: [String]) -> JSONValue {
        .array(
            ids.indices.map { r in
                .object([
                    JSONMember("id", .string(ids[r])),
                    JSONMember("territories", .array(territoryIDs.indices.filter { regionOfTerritory[$0] == r }.map { .string(territoryIDs[$0]) })),
                    JSONMember("weight", JSONValue.rounded(weights[r])), JSONMember("target", JSONValue.rounded(targets[r])),
                    JSONMember("deviation_pct", JSONValue.rounded(deviations[r] * 100, digits: 3)),
                    JSONMember("polsby_popper", JSONValue.rounded(polsbyPopper[r], digits: 4)),
                ])
            })
    }

    /// The regions as a text table after design's: each region's territories, weight, target,
    /// deviation and Polsby-Popper.
    public func text() -> String {
        var out = "region      territories   weight        target        deviation   Polsby-Popper\n"
        for r in ids.indices {
            out += ids[r].padding(toLength: max(10, ids[r].count), withPad: " ", startingAt: 0)
            out += String(
                format: "  %11d  %12.1f  %12.1f  %+9.2f%%  %13.3f\n", regionOfTerritory.filter { $0 == r }.count, weights[r], targets[r],
                deviations[r] * 100, polsbyPopper[r])
        }
        return out + String(format: "regions: max deviation %.2f%%\n", maxDeviation * 100)
    }
}

extension TerritoryDesigner {
    /// Groups a designed plan's territories into `count` regions: each a contiguous union of
    /// whole territories, balanced on the territories' workload within `tolerance`, as compact as
    /// the territory design makes its territories (the same search, the territories its units).
    ///
    /// ## Example
    /// ```swift
    /// let plan = try TerritoryDesigner.design(units: cities, weights: w, options: DesignOptions(territories: 120))
    /// let regions = try TerritoryDesigner.regions(of: plan, count: 12, tolerance: 0.05)
    /// print(regions.ids, regions.maxDeviation)
    /// ```
    /// - Parameters:
    ///   - plan: the designed territories.
    ///   - count: the number of regions (ids `R1`…).
    ///   - tolerance: the allowed deviation of a region from its target, a fraction.
    ///   - seed: the seed of the search.
    /// - Throws: ``TerritoryError/invalidArgument(_:)`` for more regions than territories;
    ///   ``TerritoryError`` when GEOS or PROJ fails.
    public static func regions(of plan: DesignResult, count: Int, tolerance: Double, seed: UInt64 = 1) throws(TerritoryError) -> RegionPlan {
        guard count >= 1, count <= plan.territoryIDs.count else {
            throw .invalidArgument("\(count) regions of \(plan.territoryIDs.count) territories: each region needs at least one territory")
        }
        let territories = try TerritoryMap(
            plan.territoryIDs.indices.map { Territory(id: plan.territoryIDs[$0], geometry: plan.polygons[$0], featureIndex: $0) })
        let grouped = try design(
            units: territories, weights: plan.weights,
            options: DesignOptions(reps: (1...count).map { RepTerritory(id: "R\($0)") }, tolerance: tolerance, seed: seed))
        return RegionPlan(
            ids: grouped.territoryIDs, regionOfTerritory: grouped.assignment, weights: grouped.weights, targets: grouped.targets,
            deviations: grouped.deviations, polsbyPopper: grouped.polsbyPopper, polygons: grouped.polygons, status: grouped.status)
    }

    /// Designs territories inside given regions: each region's units (those whose interior point
    /// lies in it) into its own number of territories, balanced on the region's own mean, so that
    /// no territory crosses a region border (units that straddle one belong to the region holding
    /// their interior point). Territories are numbered `T1`… across the regions in their order.
    ///
    /// ## Example
    /// ```swift
    /// let (plan, regions) = try TerritoryDesigner.design(
    ///     units: cities, weights: w, within: states.territories.map(\.geometry), regionIDs: states.ids,
    ///     territoriesPerRegion: Array(repeating: 4, count: states.count))
    /// ```
    /// - Parameters:
    ///   - units: the units.
    ///   - weights: each unit's workload.
    ///   - within: each region's polygon (lon/lat).
    ///   - regionIDs: each region's id.
    ///   - territoriesPerRegion: how many territories each region gets.
    ///   - tolerance: the allowed deviation of a territory from its region's mean, a fraction.
    ///   - seed: the seed of the search.
    /// - Returns: the territories (their targets each region's mean) and the regions above them.
    /// - Throws: ``TerritoryError/invalidArgument(_:)`` naming a unit in no region, a region
    ///   with fewer units than territories, or counts that do not match the regions;
    ///   ``TerritoryError`` when GEOS or PROJ fails.
    public static func design(
        units: TerritoryMap, weights: [Double], within: [Geometry], regionIDs: [String], territoriesPerRegion: [Int],
        tolerance: Double, seed: UInt64 = 1
    ) throws(TerritoryError) -> (plan: DesignResult, regions: RegionPlan) {
        try wrapped {
            guard within.count == regionIDs.count, territoriesPerRegion.count == regionIDs.count, !regionIDs.isEmpty else {
                throw TerritoryError.invalidArgument("\(regionIDs.count) regions, \(within.count) polygons, \(territoriesPerRegion.count) counts")
            }
            guard weights.count == units.count else { throw TerritoryError.invalidArgument("\(weights.count) weights for \(units.count) units") }
            let prepared = try within.map { try PreparedGeometry($0) }
            var regionOfUnit = [Int](repeating: -1, count: units.count)
            for (u, unit) in units.territories.enumerated() {
                let inside = try unit.geometry.pointOnSurface()
                guard let r = try prepared.firstIndex(where: { try $0.covers(inside) }) else {
                    throw TerritoryError.invalidArgument("unit \(unit.id) lies in no region; every unit needs one")
                }
                regionOfUnit[u] = r
            }
            var territoryIDs: [String] = [], territoryRegion: [Int] = [], shares: [Double] = []
            var unitTerritory = [String](repeating: "", count: units.count)
            let total = weights.reduce(0, +)
            for (r, regionID) in regionIDs.enumerated() {
                let members = units.territories.indices.filter { regionOfUnit[$0] == r }
                let k = territoriesPerRegion[r]
                guard k >= 1 else { throw TerritoryError.invalidArgument("region \(regionID) is given \(k) territories; at least 1") }
                guard members.count >= k else {
                    throw TerritoryError.invalidArgument("region \(regionID) has \(members.count) units for \(k) territories")
                }
                let ids = (0..<k).map { "T\(territoryIDs.count + $0 + 1)" }
                let regionUnits = try TerritoryMap(checked: members.map { units.territories[$0] }, idsAreUnique: true)
                let regionWeights = members.map { weights[$0] }
                let regionPlan = try design(
                    units: regionUnits, weights: regionWeights,
                    options: DesignOptions(reps: ids.map { RepTerritory(id: $0) }, tolerance: tolerance, seed: seed))
                for (i, u) in members.enumerated() { unitTerritory[u] = ids[regionPlan.assignment[i]] }
                let regionTotal = regionWeights.reduce(0, +)
                territoryIDs += ids
                territoryRegion += Array(repeating: r, count: k)
                // Each territory's target is its region's mean.
                shares += Array(repeating: total > 0 ? regionTotal / Double(k) / total : 1, count: k)
            }
            let alignment = try UnitAlignment(
                territoryIDs: territoryIDs, territoryOfUnit: unitTerritory.map { id in territoryIDs.firstIndex(of: id)! })
            let plan = try measure(
                units: units, weights: weights, alignment: alignment,
                reps: territoryIDs.indices.map { RepTerritory(id: territoryIDs[$0], targetShare: shares[$0]) }, tolerance: tolerance)
            // The regions as given, measured from the units they hold, each expected to carry its
            // share of the territories.
            let allTerritories = Double(territoriesPerRegion.reduce(0, +))
            let regionsAsPlan = try measure(
                units: units, weights: weights, alignment: UnitAlignment(territoryIDs: regionIDs, territoryOfUnit: regionOfUnit),
                reps: regionIDs.indices.map { RepTerritory(id: regionIDs[$0], targetShare: Double(territoriesPerRegion[$0]) / allTerritories) },
                tolerance: tolerance)
            let regions = RegionPlan(
                ids: regionIDs, regionOfTerritory: territoryRegion, weights: regionsAsPlan.weights, targets: regionsAsPlan.targets,
                deviations: regionsAsPlan.deviations, polsbyPopper: regionsAsPlan.polsbyPopper, polygons: regionsAsPlan.polygons,
                status: regionsAsPlan.status)
            return (plan, regions)
        }
    }
}
