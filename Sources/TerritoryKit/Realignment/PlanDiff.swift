import Foundation

/// One territory's change between two plans.
public struct TerritoryShift: Sendable, Equatable {
    /// The territory's id (in either plan, or both).
    public let id: String
    /// Customers and their weight before and after.
    public var customersBefore = 0, customersAfter = 0
    /// Weight before and after.
    public var weightBefore = 0.0, weightAfter = 0.0
    /// Customers that came from another territory (or from none), and that left for another (or none).
    public var gained = 0, lost = 0
    /// Workload hours per period before and after, when routed.
    public var hoursBefore: Double?, hoursAfter: Double?
    /// Whether the territory is in the old plan, and in the new one.
    public var inBefore = false, inAfter = false

    /// A territory with nothing yet.
    public init(id: String) { self.id = id }
}

/// One customer whose territory changes.
public struct CustomerMove: Sendable, Equatable {
    /// The customer's row (0-based, in file order).
    public let row: Int
    /// The customer's position in the batch it was read in.
    public let batchIndex: Int
    /// The territory before and after (positions in ``PlanDiff/territories``), nil for none.
    public let from: Int?, to: Int?

    /// A move of the customer at `row` of the file (`batchIndex` of its batch) from one territory to another.
    public init(row: Int, batchIndex: Int, from: Int?, to: Int?) {
        self.row = row; self.batchIndex = batchIndex; self.from = from; self.to = to
    }
}

/// What changes between two plans, customer by customer and territory by territory: the
/// realignment's cost (relationships broken: customers and weight that change hands) and its
/// effect on balance.
///
/// ## Example
/// ```swift
/// let before = try TerritoryPlan(map: try TerritoryMap.load(GeoJSONFile(oldURL)))
/// let after = try TerritoryPlan(map: try TerritoryMap.load(GeoJSONFile(newURL)))
/// let diff = try PlanDiff.compare(before, after, customers: try CustomerCSVReader(contentsOf: customersURL))
/// print(diff.movedCustomers, diff.movedWeightPercent, diff.maxDeviationAfter)
/// ```
public struct PlanDiff: Sendable {
    /// Every territory of either plan: the old plan's in order, then those only in the new one.
    public var territories: [TerritoryShift]
    /// Customers read.
    public var customers = 0
    /// Their total weight.
    public var totalWeight = 0.0
    /// Customers (and their weight) whose territory changes, unassigned counting as a territory.
    public var movedCustomers = 0, movedWeight = 0.0
    /// The part of those moves that are key accounts (an account in either plan): moved by the
    /// accounts files, not by the new borders.
    public var movedAccounts = 0, movedAccountWeight = 0.0
    /// Whether either plan had key accounts (the encodings then show account moves apart).
    public var withAccounts = false
    /// Customers and weight moving between each pair of territories, keyed by
    /// ``flowKey(from:to:)`` (positions in ``territories``, -1 for none): what region roll-ups
    /// count as crossing a region border.
    public var flows: [Int: (customers: Int, weight: Double)] = [:]

    /// The key of the flow from territory `from` to `to` (positions in ``territories``, nil for none).
    public func flowKey(from: Int?, to: Int?) -> Int { ((from ?? -1) + 1) * (territories.count + 1) + (to ?? -1) + 1 }

    /// Moved customers as a percentage of all.
    public var movedCustomersPercent: Double { customers > 0 ? Double(movedCustomers) / Double(customers) * 100 : 0 }
    /// Moved weight as a percentage of the total.
    public var movedWeightPercent: Double { totalWeight > 0 ? movedWeight / totalWeight * 100 : 0 }

    /// The largest deviation of a territory's weight (or hours, when routed) from the mean of
    /// its plan's territories, in percent, before and after.
    public var maxDeviationBefore: Double { PlanDiff.maxDeviation(territories.filter(\.inBefore).map { $0.hoursBefore ?? $0.weightBefore }) }
    /// See ``maxDeviationBefore``.
    public var maxDeviationAfter: Double { PlanDiff.maxDeviation(territories.filter(\.inAfter).map { $0.hoursAfter ?? $0.weightAfter }) }

    static func maxDeviation(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let mean = values.reduce(0, +) / Double(values.count)
        guard mean > 0 else { return 0 }
        return values.map { abs($0 - mean) / mean * 100 }.max()!
    }

    /// Compares two plans over a customer file, streaming: memory stays bounded whatever its size.
    /// - Parameters:
    ///   - before: the current plan.
    ///   - after: the proposed plan.
    ///   - customers: the customers, read chunk by chunk.
    ///   - threads: worker threads for locating customers.
    ///   - moved: called with each chunk's customers and their moves, in file order (for a
    ///     moves file written as it goes).
    /// - Throws: ``TerritoryError`` from reading or locating customers.
    public static func compare(
        _ before: TerritoryPlan, _ after: TerritoryPlan, customers: CustomerCSVReader, threads: Int = 1,
        moved: ((CustomerBatch, [CustomerMove]) throws -> Void)? = nil
    ) throws(TerritoryError) -> PlanDiff {
        try wrapped {
            var diff = PlanDiff(before: before.territoryIDs, after: after.territoryIDs)
            let (oldIndex, newIndex) = diff.indexes(before: before.territoryIDs, after: after.territoryIDs)
            var batch = CustomerBatch(), rowBase = 0
            var seenBefore = before.accounts.noneSeen, seenAfter = after.accounts.noneSeen
            diff.withAccounts = !before.accounts.isEmpty || !after.accounts.isEmpty
            while try customers.next(into: &batch) {
                let old = try before.place(batch, threads: threads, seen: &seenBefore)
                let new = try after.place(batch, threads: threads, seen: &seenAfter)
                let moves = diff.add(
                    batch, before: old.territories.map { $0.map { oldIndex[$0] } }, after: new.territories.map { $0.map { newIndex[$0] } },
                    rowBase: rowBase, accounts: zip(old.accounts, new.accounts).map { $0 || $1 })
                try moved?(batch, moves)
                rowBase += batch.count
            }
            try before.accounts.checkEveryAccountSeen(seenBefore, customers: customers.source)
            try after.accounts.checkEveryAccountSeen(seenAfter, customers: customers.source)
            return diff
        }
    }

    /// Compares two plans over customers held in memory, with each customer's territory in both
    /// given (positions in each plan's territory list), e.g. to route them afterwards.
    /// - Parameters:
    ///   - before: the old plan's territory ids.
    ///   - after: the new plan's territory ids.
    ///   - batch: the customers.
    ///   - placedBefore: each customer's territory in the old plan (a position in `before`).
    ///   - placedAfter: each customer's territory in the new plan (a position in `after`).
    ///   - accounts: per customer, whether it is a key account in either plan (nil: none is).
    public static func compare(
        before: [String], after: [String], customers batch: CustomerBatch, placedBefore: [Int?], placedAfter: [Int?],
        accounts: [Bool]? = nil
    ) -> (diff: PlanDiff, moves: [CustomerMove]) {
        var diff = PlanDiff(before: before, after: after)
        diff.withAccounts = accounts != nil
        let (oldIndex, newIndex) = diff.indexes(before: before, after: after)
        let moves = diff.add(
            batch, before: placedBefore.map { $0.map { oldIndex[$0] } }, after: placedAfter.map { $0.map { newIndex[$0] } }, rowBase: 0,
            accounts: accounts)
        return (diff, moves)
    }

    /// The territories a diff lists, by id: the old plan's in order, then those only in the new
    /// one (what ``CustomerMove/from`` and ``CustomerMove/to`` index).
    public static func territoryOrder(before: [String], after: [String]) -> [String] {
        var seen = Set<String>(), order: [String] = []
        for id in before + after where seen.insert(id).inserted { order.append(id) }
        return order
    }

    /// Both plans' territories, the old plan's first.
    init(before: [String], after: [String]) {
        territories = PlanDiff.territoryOrder(before: before, after: after).map { TerritoryShift(id: $0) }
        var seen: [String: Int] = [:]
        for (k, t) in territories.enumerated() { seen[t.id] = k }
        for id in before { territories[seen[id]!].inBefore = true }
        for id in after { territories[seen[id]!].inAfter = true }
    }

    /// Each plan's territory positions mapped to positions in ``territories``.
    func indexes(before: [String], after: [String]) -> ([Int], [Int]) {
        var position: [String: Int] = [:]
        for (k, t) in territories.enumerated() { position[t.id] = k }
        return (before.map { position[$0]! }, after.map { position[$0]! })
    }

    /// Tallies a batch whose customers are placed (positions in ``territories``) in both plans.
    mutating func add(_ batch: CustomerBatch, before: [Int?], after: [Int?], rowBase: Int, accounts: [Bool]? = nil) -> [CustomerMove] {
        var moves: [CustomerMove] = []
        for i in 0..<batch.count {
            let w = batch.weight[i], from = before[i], to = after[i]
            customers += 1
            totalWeight += w
            if let from { territories[from].customersBefore += 1; territories[from].weightBefore += w }
            if let to { territories[to].customersAfter += 1; territories[to].weightAfter += w }
            guard from != to else { continue }
            movedCustomers += 1
            movedWeight += w
            if accounts?[i] == true { movedAccounts += 1; movedAccountWeight += w }
            let key = flowKey(from: from, to: to)
            flows[key, default: (0, 0)].customers += 1
            flows[key, default: (0, 0)].weight += w
            if let from { territories[from].lost += 1 }
            if let to { territories[to].gained += 1 }
            moves.append(CustomerMove(row: rowBase + i, batchIndex: i, from: from, to: to))
        }
        return moves
    }
}
