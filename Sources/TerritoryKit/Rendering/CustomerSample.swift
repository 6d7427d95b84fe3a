import Foundation

/// The customers a map draws: an even sample of at most `limit` of the first `4 × limit` rows, so
/// that a map of millions stays light and reading stays one pass with bounded memory.
///
/// ## Example
/// ```swift
/// var sample = CustomerSample(limit: options.maxCustomers)
/// while try reader.next(into: &batch) { sample.keep(batch) }
/// let drawn = sample.sample   // at most options.maxCustomers customers
/// ```
public struct CustomerSample {
    /// The most customers drawn.
    public let limit: Int
    /// How many customers were seen.
    public private(set) var total = 0
    private var head = CustomerBatch()

    /// An empty sample of at most `limit` customers.
    public init(limit: Int) { self.limit = max(1, limit) }

    /// Counts a batch read, keeping its rows among the first `4 × limit` (the same rows however
    /// the file is cut into batches: one batch of all customers or the reader's chunks).
    public mutating func keep(_ batch: CustomerBatch) {
        total += batch.count
        if head.count < limit * 4 { head.append(contentsOf: batch, first: limit * 4 - head.count) }
    }

    /// Every `k`-th row of those kept, `k` chosen so that at most `limit` are drawn.
    public var sample: CustomerBatch {
        var kept = CustomerBatch()
        kept.append(contentsOf: head, every: max(1, (head.count + limit - 1) / limit))
        return kept
    }
}

extension CustomerSample {
    /// Reads every customer of `reader` once, tallying them per territory of `assigner`'s map
    /// and keeping the sample a map draws (at most `limit`): one streaming pass, memory bounded.
    /// - Throws: ``TerritoryError`` from the reader (naming its line) or the assigner.
    public static func tallied(
        _ reader: CustomerCSVReader, assigner: TerritoryAssigner, territories: Int, limit: Int, threads: Int = 1
    ) throws(TerritoryError) -> (tally: BalanceTally, sample: CustomerSample) {
        var tally = BalanceTally(territoryCount: territories), sample = CustomerSample(limit: limit)
        var batch = CustomerBatch()
        while try reader.next(into: &batch) {
            try tally.add(assigner.assign(batch, threads: threads), weights: batch.weight)
            sample.keep(batch)
        }
        return (tally, sample)
    }
}
