import Foundation

/// Random spanning-tree bisection (the first plan), recombination steps (ReCom: two
/// neighbouring territories merged and split again along the best cut of a random spanning
/// tree) and the recuts that raise the least compact territory.
extension Partition {
    /// Recursive bisection along random spanning trees (the idea of GerryChain's recursive tree
    /// partition): the units are split in two by cutting one edge of a random spanning tree of
    /// their graph, chosen so that the part's workload matches the territories it will hold;
    /// both parts are connected by construction, and each is split again until one territory
    /// remains per part. Each split is held to a share of the tolerance and relaxed only after
    /// many tries. Returns false when a split fails (the caller then grows from seeds).
    mutating func treePartition(seed: UInt64, deadline: Date) -> Bool {
        var rng = SplitMix64(seed: seed)
        let levels = max(1, Int(Double(problem.k).squareRoot().rounded(.up)))
        var parts: [([Int], Range<Int>)] = [(Array(0..<graph.count), 0..<problem.k)]
        widestSplitSlack = 0
        while let (units, ts) = parts.popLast() {
            if ts.count == 1 {
                for u in units { assign(u, to: ts.lowerBound) }
                continue
            }
            let ta = ts.lowerBound..<(ts.lowerBound + ts.count / 2), tb = ta.upperBound..<ts.upperBound
            let targetA = ta.reduce(0) { $0 + problem.targets[$1] }, targetB = tb.reduce(0) { $0 + problem.targets[$1] }
            // The units' workload plus the fixed workload of the territories they will make; part A
            // is to carry its share of that, less its own territories' fixed workload.
            let total = units.reduce(0) { $0 + problem.weights[$1] } + ts.reduce(0) { $0 + problem.offsets[$1] }
            let offsetA = ta.reduce(0) { $0 + problem.offsets[$1] }
            let wantA = total * targetA / (targetA + targetB) - offsetA
            var epsilon = problem.tolerance / Double(levels + 1)
            var split: [Int]?
            var splitter = makeSplitter(units)
            for attempt in 0..<2_000 {
                if attempt % 50 == 49 { epsilon *= 1.25 }
                if attempt % 20 == 0, Date() > deadline { break }
                let e = epsilon
                guard let cut = splitter.split(rng: &rng, weights: problem.weights, accept: { abs($0 - wantA) <= e * (wantA + offsetA) }) else {
                    return false
                }
                if let a = cut.first {
                    split = a
                    widestSplitSlack = max(widestSplitSlack, e)
                    break
                }
            }
            guard let a = split else { return false }
            let inA = Set(a)
            parts.append((units.filter { !inA.contains($0) }, tb))
            parts.append((a, ta))
        }
        return true
    }

    /// One random spanning tree of `units` (Kruskal over their edges ordered by random weights
    /// scaled by the units' distance, so the tree follows the geography and the parts it cuts
    /// off are compact blobs rather than random dendrites), and a part cut off by one tree edge
    /// whose workload `accept`s, chosen at random among those: `[part]`, or `[]` when no edge
    /// gives one. Nil when the units are not connected.
    mutating func randomTreeSplit(_ units: [Int], rng: inout SplitMix64, accept: (Double) -> Bool) -> [[Int]]? {
        var splitter = makeSplitter(units)
        return splitter.split(rng: &rng, weights: problem.weights, accept: accept)
    }

    /// The edges among `units` in local numbering, ready for repeated random splits (the tree
    /// bisection tries many trees of the same units).
    mutating func makeSplitter(_ units: [Int]) -> TreeSplitter {
        // Units are numbered 0..<m locally through `local` (reset before returning), so that
        // every table is a flat array: with dictionaries keyed by unit, hashing took most of
        // the design's time.
        if local.count != graph.count { local = [Int32](repeating: -1, count: graph.count) }
        for (i, u) in units.enumerated() { local[u] = Int32(i) }
        defer { for u in units { local[u] = -1 } }
        var edges: [(Int32, Int32)] = [], lengths: [Double] = []
        for (i, u) in units.enumerated() {
            for v in graph.neighbours[u] where v > u && local[v] >= 0 {
                edges.append((Int32(i), local[v]))
                lengths.append(graph.distance2(u, v).squareRoot())
            }
        }
        return TreeSplitter(units: units, edges: edges, lengths: lengths)
    }

    /// Recombination (GerryChain's ReCom step, used as a hill climber): two neighbouring
    /// territories are merged and split again along the most compact acceptable cut of a random
    /// spanning tree, both within the tolerance; the new pair is kept when its shape score (√PP
    /// summed) is higher. Pairs holding a home or a locked unit are left alone. `steps` tries,
    /// in a seeded order.
    mutating func recombine(steps: Int, seed: UInt64, until deadline: Date) {
        var rng = SplitMix64(seed: seed &+ 7)
        for step in 0..<steps {
            if step % 8 == 0, Date() > deadline { return }
            let s = Int(rng.next() % UInt64(problem.k))
            let around = territories(around: s)
            guard !around.isEmpty else { continue }
            let t = around[Int(rng.next() % UInt64(around.count))]
            guard let units = freeUnits(of: s, t) else { continue }
            guard let a = bestCut(s, t, units, rng: &rng, score: { Partition.shapeScore($0) + Partition.shapeScore($1) }) else { continue }
            let before = shapeScore(s) + shapeScore(t)
            let old = recut(units, s: s, part: a, t: t)
            if shapeScore(s) + shapeScore(t) <= before + 1e-12 || !allHeld(units) { restore(units, old) }
        }
    }

    /// The part for `s` of the best acceptable cut of a random spanning tree of `units` (the
    /// units of `s` and `t`): `score` rates the two parts' Polsby-Popper values. Nil when no cut
    /// of this tree keeps both within the tolerance.
    mutating func bestCut(
        _ s: Int, _ t: Int, _ units: [Int], rng: inout SplitMix64, score: @escaping (Double, Double) -> Double
    ) -> [Int]? {
        var cutter = pairCutter(s, t, units, score: score)
        return cutter.next(&rng)
    }

    /// Draws cuts of the units of `s` and `t` (`units`) along random spanning trees, each the
    /// best of its tree under `score`, which rates the two parts' Polsby-Popper values, computed
    /// from the units' areas and perimeters less the borders inside each part. The tables are
    /// made once for the pair; each ``PairCutter/next(_:)`` draws a new tree.
    mutating func pairCutter(_ s: Int, _ t: Int, _ units: [Int], score: @escaping (Double, Double) -> Double) -> PairCutter {
        let tol = problem.tolerance
        let ts = problem.targets[s], tt = problem.targets[t], total = weight[s] + weight[t], os = problem.offsets[s]
        let areas = units.map { graph.area[$0] }, perimeters = units.map { graph.perimeter[$0] }
        if local.count != graph.count { local = [Int32](repeating: -1, count: graph.count) }
        for (i, u) in units.enumerated() { local[u] = Int32(i) }
        var inner: [(Int, Int, Double)] = []
        for (i, u) in units.enumerated() {
            for (k, v) in graph.neighbours[u].enumerated() where v > u && local[v] >= 0 { inner.append((i, Int(local[v]), graph.borders[u][k])) }
        }
        for u in units { local[u] = -1 }
        let rate: ([Bool]) -> Double = { inA in
            var areaA = 0.0, areaB = 0.0, perimeterA = 0.0, perimeterB = 0.0
            for i in inA.indices {
                if inA[i] { areaA += areas[i]; perimeterA += perimeters[i] } else { areaB += areas[i]; perimeterB += perimeters[i] }
            }
            for (i, j, length) in inner where inA[i] == inA[j] {
                if inA[i] { perimeterA -= 2 * length } else { perimeterB -= 2 * length }
            }
            return score(polsbyPopper(area: areaA, perimeter: perimeterA), polsbyPopper(area: areaB, perimeter: perimeterB))
        }
        return PairCutter(
            // A part's weight is its units' and its territory's fixed workload.
            splitter: makeSplitter(units), weights: problem.weights,
            accept: { abs($0 + os - ts) <= tol * ts && abs(total - $0 - os - tt) <= tol * tt },
            rate: rate)
    }

    /// Raises the least compact territory: recuts it with each neighbour along the tree cut
    /// whose less compact part is the most compact, kept when the pair's least Polsby-Popper
    /// rises, for `rounds` rounds (users look at the worst shape first).
    mutating func raiseWorst(rounds: Int, trees: Int, seed: UInt64, until deadline: Date) {
        var rng = SplitMix64(seed: seed &+ 11)
        var stuck = Set<Int>()
        for _ in 0..<rounds {
            if Date() > deadline { return }
            guard let s = (0..<problem.k).filter({ !stuck.contains($0) }).min(by: { pp($0) < pp($1) }) else { return }
            var raised = false
            for t in territories(around: s) {
                guard let units = freeUnits(of: s, t) else { continue }
                let before = min(pp(s), pp(t))
                var cutter = pairCutter(s, t, units, score: { min($0, $1) })
                for _ in 0..<trees {
                    guard let a = cutter.next(&rng) else { continue }
                    let old = recut(units, s: s, part: a, t: t)
                    if min(pp(s), pp(t)) > before + 1e-12, allHeld(units) {
                        raised = true
                        break
                    }
                    restore(units, old)
                }
                if raised { break }
            }
            if !raised { stuck.insert(s) }
        }
    }
}

extension Partition {
    /// The territories next to territory `s`, each once, in the order its units meet them.
    func territories(around s: Int) -> [Int] {
        var around: [Int] = []
        for u in 0..<graph.count where owner[u] == s { for t in neighbourTerritories(u) where !around.contains(t) { around.append(t) } }
        return around
    }

    /// The units of territories `s` and `t`, in unit order; nil when one of them is fixed (a
    /// home or a locked unit: such pairs are not recut).
    func freeUnits(of s: Int, _ t: Int) -> [Int]? {
        let units = (0..<graph.count).filter { owner[$0] == s || owner[$0] == t }
        return units.contains(where: { fixed[$0] }) ? nil : units
    }

    /// Gives `part` (units among `units`) to `s` and the rest of `units` to `t`; returns the
    /// owners before, for ``restore(_:_:)``.
    mutating func recut(_ units: [Int], s: Int, part: [Int], t: Int) -> [Int] {
        let old = units.map { owner[$0] }
        let inPart = Set(part)
        for u in units where (inPart.contains(u) ? s : t) != owner[u] { assign(u, to: inPart.contains(u) ? s : t) }
        return old
    }

    /// Gives `units` back to their owners before a ``recut(_:s:part:t:)``.
    mutating func restore(_ units: [Int], _ old: [Int]) {
        for (u, o) in zip(units, old) where owner[u] != o { assign(u, to: o) }
    }
}

/// See ``Partition/pairCutter(_:_:_:score:)``.
struct PairCutter {
    var splitter: TreeSplitter
    let weights: [Double]
    let accept: (Double) -> Bool
    let rate: ([Bool]) -> Double

    /// The best acceptable cut of a new random tree (the first territory's part), or nil.
    mutating func next(_ rng: inout SplitMix64) -> [Int]? {
        splitter.bestSplit(rng: &rng, weights: weights, accept: accept, score: rate)?.first
    }
}
