/// Random spanning-tree splits of one set of units (Kruskal over their edges ordered by random
/// weights scaled by the units' distance, so the tree follows the geography and the parts it
/// cuts off are compact blobs rather than random dendrites). Built once per set; each
/// ``split(rng:weights:accept:)`` draws a new tree. Working tables are kept between draws.
struct TreeSplitter {
    let units: [Int]
    let edges: [(Int32, Int32)]
    let lengths: [Double]
    /// Edges by random key: the key's bit pattern (a non-negative Double orders like its bits)
    /// cut to its top 40 bits (fewer on maps of over 2^24 edges), then the edge number in the low
    /// bits, so one integer sort orders them (keys within a relative 4e-9 of each other tie and
    /// fall to edge order). Sorting (Double, edge) pairs with a closure was a fifth of a design run.
    private var byKey: [UInt64] = []
    private var root: [Int] = []
    private var adjacency: [[Int32]] = []

    init(units: [Int], edges: [(Int32, Int32)], lengths: [Double]) {
        self.units = units; self.edges = edges; self.lengths = lengths
    }

    /// A part cut off by one tree edge whose workload `accept`s, chosen at random among those:
    /// `[part]` (unit ids), or `[]` when no edge gives one. Nil when the units are not connected.
    mutating func split(rng: inout SplitMix64, weights: [Double], accept: (Double) -> Bool) -> [[Int]]? {
        try? split(rng: &rng, weights: weights, accept: accept, scored: false, choose: { _ in 0 })
    }

    /// As ``split(rng:weights:accept:)``, but the part is the acceptable one that `score` rates
    /// highest (given each unit's membership of the part, by local index), not a random one.
    mutating func bestSplit(rng: inout SplitMix64, weights: [Double], accept: (Double) -> Bool, score: ([Bool]) -> Double) -> [[Int]]? {
        try? split(rng: &rng, weights: weights, accept: accept, scored: true, choose: score)
    }

    private struct NotConnected: Error {}

    private mutating func split(
        rng: inout SplitMix64, weights: [Double], accept: (Double) -> Bool, scored: Bool, choose score: ([Bool]) -> Double
    ) throws -> [[Int]] {
        let m = units.count
        byKey.removeAll(keepingCapacity: true)
        let bits = max(24, UInt64.bitWidth - edges.count.leadingZeroBitCount), mask = UInt64(1) << bits - 1
        for e in edges.indices {
            let key = lengths[e] * (1 + 2 * rng.nextDouble())
            byKey.append(key.bitPattern & ~mask | UInt64(e))
        }
        sortKeys(&byKey)
        root.removeAll(keepingCapacity: true)
        root.append(contentsOf: 0..<m)
        if adjacency.count != m { adjacency = [[Int32]](repeating: [], count: m) }
        for i in 0..<m { adjacency[i].removeAll(keepingCapacity: true) }
        for key in byKey {
            let e = Int(key & mask)
            let (a, b) = (Int(edges[e].0), Int(edges[e].1))
            var ra = a, rb = b
            while root[ra] != ra { root[ra] = root[root[ra]]; ra = root[ra] }
            while root[rb] != rb { root[rb] = root[root[rb]]; rb = root[rb] }
            if ra == rb { continue }
            root[max(ra, rb)] = min(ra, rb)
            adjacency[a].append(Int32(b)); adjacency[b].append(Int32(a))
        }
        // Subtree workloads from a root, children before parents.
        var parent = [Int32](repeating: -2, count: m)
        parent[0] = -1
        var order = [0], head = 0
        order.reserveCapacity(m)
        while head < order.count {
            let u = order[head]; head += 1
            for v in adjacency[u] where Int(v) != Int(parent[u]) { parent[Int(v)] = Int32(u); order.append(Int(v)) }
        }
        guard order.count == m else { throw NotConnected() }
        var sub = [Double](repeating: 0, count: m)
        for u in order.reversed() {
            sub[u] += weights[units[u]]
            if parent[u] >= 0 { sub[Int(parent[u])] += sub[u] }
        }
        let total = units.reduce(0) { $0 + weights[$1] }
        var candidates: [(Int, Bool)] = []  // (node, its subtree is the part)
        for u in order.dropFirst() {
            if accept(sub[u]) { candidates.append((u, true)) }
            if accept(total - sub[u]) { candidates.append((u, false)) }
        }
        guard !candidates.isEmpty else { return [] }
        /// Which units are in the part a candidate cuts off.
        func membership(_ candidate: (Int, Bool)) -> [Bool] {
            let (cut, isPart) = candidate
            var inSubtree = [Bool](repeating: false, count: m)
            inSubtree[cut] = true
            var stack = [cut]
            while let u = stack.popLast() {
                for v in adjacency[u] where Int(v) != Int(parent[u]) && !inSubtree[Int(v)] { inSubtree[Int(v)] = true; stack.append(Int(v)) }
            }
            return isPart ? inSubtree : inSubtree.map { !$0 }
        }
        let drawn = Int(rng.next() % UInt64(candidates.count))
        var part = membership(candidates[drawn])
        if scored, candidates.count > 1 {
            var best = score(part)
            for (k, candidate) in candidates.enumerated() where k != drawn {
                let other = membership(candidate)
                let value = score(other)
                if value > best { best = value; part = other }
            }
        }
        return [units.indices.filter { part[$0] }.map { units[$0] }]
    }
}
