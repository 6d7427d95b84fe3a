import Foundation

/// A plan to compare or edit: territories drawn as polygons, or units grouped by an alignment.
/// Either way it places a customer in a territory by the border rule: for a map, the earliest
/// territory that covers it; for an alignment, the territory of the earliest unit that covers it
/// (customers sit in units, as `design` counts them).
public struct TerritoryPlan: Sendable {
    /// The plan's territories, in order.
    public let territoryIDs: [String]
    /// The map its customers are located in: the territories, or the units.
    public let assigner: TerritoryAssigner
    /// For a plan of units, each unit's territory (position in ``territoryIDs``); nil for a map.
    public let alignment: UnitAlignment?
    /// The units, for a plan of units.
    public let units: TerritoryMap?
    /// Key accounts, their territories positions in ``territoryIDs``: placed there wherever they
    /// lie (read them with ``KeyAccounts/read(contentsOf:territoryIDs:territoriesName:)`` against
    /// ``territoryIDs``).
    public var accounts = KeyAccounts.none

    /// A plan of territories.
    /// - Throws: ``TerritoryError`` from indexing the map.
    public init(map: TerritoryMap, options: AssignmentOptions = AssignmentOptions()) throws(TerritoryError) {
        territoryIDs = map.territories.map(\.id)
        assigner = try TerritoryAssigner(map: map, options: options)
        alignment = nil
        units = nil
    }

    /// A plan of units grouped into territories, its territories in ``NaturalOrder`` (an
    /// alignment file lists them as its units come; `T2` before `T10` is the order of a map).
    /// - Throws: ``TerritoryError`` from indexing the units.
    public init(units: TerritoryMap, alignment: UnitAlignment, options: AssignmentOptions = AssignmentOptions()) throws(TerritoryError) {
        let sorted = alignment.inNaturalOrder()
        territoryIDs = sorted.territoryIDs
        assigner = try TerritoryAssigner(map: units, options: options)
        self.alignment = sorted
        self.units = units
    }

    /// Each customer's territory (position in ``territoryIDs``), or nil when none covers it.
    /// - Throws: ``TerritoryError`` when GEOS fails.
    public func locate(_ batch: CustomerBatch, threads: Int = 1) throws(TerritoryError) -> [Int?] {
        var seen = accounts.noneSeen
        return try place(batch, threads: threads, seen: &seen).territories
    }

    /// Each customer's territory (position in ``territoryIDs``, nil when none covers it) and
    /// whether it is a key account of this plan (placed by ``accounts``, not by where it lies).
    /// - Parameters:
    ///   - batch: the customers.
    ///   - threads: worker threads.
    ///   - seen: the accounts met, marked (``KeyAccounts/noneSeen`` to start).
    /// - Throws: ``TerritoryError`` when GEOS fails.
    public func place(_ batch: CustomerBatch, threads: Int = 1, seen: inout [Bool]) throws(TerritoryError) -> (territories: [Int?], accounts: [Bool])
    {
        let placed = try assigner.assign(batch, threads: threads)
        var territories = alignment.map { alignment in placed.map { $0.territory.map { alignment.territoryOfUnit[$0] } } } ?? placed.map(\.territory)
        var isAccount = [Bool](repeating: false, count: batch.count)
        if !accounts.isEmpty {
            for i in 0..<batch.count {
                if let k = batch.withIDBytes(i, { accounts.account(ofID: $0) }) {
                    territories[i] = accounts.accounts[k].territory
                    isAccount[i] = true
                    seen[k] = true
                }
            }
        }
        return (territories, isAccount)
    }

    /// The plan as a map of territories (a plan of units dissolved), for routing and drawing.
    /// - Throws: ``TerritoryError/geometry(_:)`` when GEOS fails.
    public func territoryMap() throws(TerritoryError) -> TerritoryMap {
        if let alignment, let units { return try alignment.dissolve(units) }
        return assigner.map
    }
}
