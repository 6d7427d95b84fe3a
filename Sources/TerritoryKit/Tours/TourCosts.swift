/// The leg costs a tour search reads, memoised: the same both ways (``SymmetricCosts``) or each
/// way as driven (``DirectedCosts``).
///
/// The kind is a type, not a flag, so that the search is compiled once per kind: a symmetric
/// search (every geodesic tour) carries none of the directed one's bookkeeping.
protocol TourCosts: AnyObject {
    /// Whether a → b may cost other than b → a.
    static var isDirected: Bool { get }
    /// Costs of `n` stops searched with `k` candidates each, measured by `measure(i, j)` on
    /// first use.
    init(stops n: Int, candidatesPerStop k: Int, measure: @escaping (Int, Int) -> Double)
    /// The cost of the leg from stop `a` to stop `b` (`a != b`).
    func cost(_ a: Int32, _ b: Int32) -> Double
}

/// Symmetric costs: one memo entry per unordered pair, measured with i < j.
typealias SymmetricCosts = PairCostCache<SymmetricPairs>

extension PairCostCache: TourCosts {
    static var isDirected: Bool { Order.isDirected }

    /// A bounded memo sized for the search: room for each stop's candidate legs many times over.
    convenience init(stops n: Int, candidatesPerStop k: Int, measure: @escaping (Int, Int) -> Double) {
        self.init(capacity: min(1 << 22, max(1 << 12, n * k * (Order.isDirected ? 64 : 32))), measure: measure)
    }
}

/// Directed costs: a lazily filled n × n table for territory-sized tours (up to 2,048 stops,
/// 32 MB), a bounded memo of ordered pairs beyond. Owned by one search on one thread.
final class DirectedCosts: TourCosts {
    static var isDirected: Bool { true }
    private let n: Int
    private let table: UnsafeMutableBufferPointer<Double>?
    private let cache: PairCostCache<DirectedPairs>?
    private let measure: (Int, Int) -> Double

    init(stops n: Int, candidatesPerStop k: Int, measure: @escaping (Int, Int) -> Double) {
        self.n = n
        self.measure = measure
        if n <= 2048 {
            let table = UnsafeMutableBufferPointer<Double>.allocate(capacity: n * n)
            table.initialize(repeating: -1)  // costs are >= 0: -1 marks "not measured yet"
            self.table = table
            cache = nil
        } else {
            table = nil
            cache = PairCostCache<DirectedPairs>(stops: n, candidatesPerStop: k, measure: measure)
        }
    }

    deinit { table?.deallocate() }

    @inline(__always)
    func cost(_ a: Int32, _ b: Int32) -> Double {
        guard let table else { return cache!.cost(a, b) }
        let slot = Int(a) * n + Int(b)
        let known = table[slot]
        if known >= 0 { return known }
        let value = measure(Int(a), Int(b))
        table[slot] = value
        return value
    }
}
