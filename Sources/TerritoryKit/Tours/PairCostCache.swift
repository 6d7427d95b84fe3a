/// A bounded memo of pair costs (symmetric or directed, by its `Order`), so that a tour search measures each geodesic (about
/// a microsecond with Karney's algorithm) once, not every time a move is evaluated.
///
/// Open addressing with linear probing over one flat table of keys and one of values. When the
/// table is 70% full it is emptied (costs are recomputed on demand), which keeps memory bounded
/// however long the search runs: no n² matrix is ever built.
///
/// The tables are raw allocations owned by this object: it is looked up millions of times per
/// tour, and Swift arrays inside a mutated struct pay a uniqueness check on every write (a fifth
/// of the search's time when this was a struct of arrays). Nothing else touches the memory, and
/// the object never leaves the one search (one thread) that made it.
final class PairCostCache<Order: PairOrder> {
    private let keys: UnsafeMutablePointer<UInt64>
    private let values: UnsafeMutablePointer<Double>
    private let size: Int
    private let mask: Int
    private var count = 0
    private let limit: Int
    private let measure: (Int, Int) -> Double

    /// A cache of at most `capacity` entries (rounded up to a power of two) of the costs
    /// `measure(i, j)`: called with i < j for ``SymmetricPairs``; for ``DirectedPairs`` i → j and
    /// j → i are two costs.
    init(capacity: Int, measure: @escaping (Int, Int) -> Double) {
        self.measure = measure
        var size = 1024
        while size < capacity { size <<= 1 }
        self.size = size
        keys = .allocate(capacity: size)
        keys.initialize(repeating: 0, count: size)
        values = .allocate(capacity: size)
        values.initialize(repeating: 0, count: size)
        mask = size - 1
        limit = size * 7 / 10
    }

    deinit {
        keys.deallocate()
        values.deallocate()
    }

    /// The cost between stops `i` and `j`, measured on a miss.
    @inline(__always)
    func cost(_ i: Int32, _ j: Int32) -> Double {
        let (lo, hi) = i < j || Order.isDirected ? (i, j) : (j, i)
        // Zero marks an empty slot, so keys are offset by one.
        let key = (UInt64(UInt32(bitPattern: lo)) << 32 | UInt64(UInt32(bitPattern: hi))) &+ 1
        var slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 20) & mask
        while true {
            let k = keys[slot]
            if k == key { return values[slot] }
            if k == 0 { break }
            slot = (slot + 1) & mask
        }
        let value = measure(Int(lo), Int(hi))
        if count >= limit {
            keys.update(repeating: 0, count: size)
            count = 0
            slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 20) & mask
        }
        keys[slot] = key
        values[slot] = value
        count += 1
        return value
    }
}

/// Whether a cost memo's pairs are ordered: a compile-time choice, so that the symmetric search
/// (the hot path of every geodesic tour) pays nothing for the directed one's keys.
protocol PairOrder { static var isDirected: Bool { get } }
/// i → j costs what j → i costs: one entry per unordered pair.
enum SymmetricPairs: PairOrder { static var isDirected: Bool { false } }
/// i → j and j → i are two costs (one-way streets, road times).
enum DirectedPairs: PairOrder { static var isDirected: Bool { true } }
