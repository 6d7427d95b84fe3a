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

    /// Counts a batch read, keeping its rows while the first `4 × limit` are not yet kept.
    public mutating func keep(_ batch: CustomerBatch) {
        total += batch.count
        if head.count < limit * 4 { head.append(contentsOf: batch) }
    }

    /// Every `k`-th row of those kept, `k` chosen so that at most `limit` are drawn.
    public var sample: CustomerBatch {
        var kept = CustomerBatch()
        kept.append(contentsOf: head, every: max(1, (head.count + limit - 1) / limit))
        return kept
    }
}
