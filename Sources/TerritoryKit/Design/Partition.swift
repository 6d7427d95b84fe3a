import Foundation
import GEOS

/// A plan being built: the owner of every unit and each territory's running totals, with the
/// moves the designer makes. Areas, perimeters and Polsby-Popper are kept exact under moves:
/// a territory's perimeter is its units' perimeters minus twice the borders they share.
struct Partition: Sendable {
    let problem: DesignProblem
    let graph: DesignGraph
    var owner: [Int]
    var weight: [Double], area: [Double], perimeter: [Double], size: [Int]
    /// Units that never move: locked units and homes.
    var fixed: [Bool]
    /// The deviation band the compactness moves keep to.
    var band: Double
    /// Scratch for ``randomTreeSplit``: each unit's local number, -1 when not in the split.
    var local: [Int32] = []
    /// Scratch for ``staysConnected(_:without:)``: units reached, and units to reach, in the
    /// search numbered `stamp`; its queue.
    var reached: [UInt32] = [], wanted: [UInt32] = []
    var stamp: UInt32 = 0
    var queue: [Int] = []

    init(problem: DesignProblem, graph: DesignGraph) {
        self.problem = problem
        self.graph = graph
        owner = [Int](repeating: -1, count: graph.count)
        weight = [Double](repeating: 0, count: problem.k); area = weight; perimeter = weight
        size = [Int](repeating: 0, count: problem.k)
        fixed = problem.locked.map { $0 >= 0 }
        band = problem.tolerance
    }

    // MARK: Measures

    func deviation(_ t: Int) -> Double { (weight[t] - problem.targets[t]) / problem.targets[t] }
    var maxDeviation: Double { (0..<problem.k).map { abs(deviation($0)) }.max() ?? 0 }

    /// Shared border of unit `u` with the units of territory `t` (m).
    func border(_ u: Int, with t: Int) -> Double {
        var sum = 0.0
        for (i, v) in graph.neighbours[u].enumerated() where owner[v] == t && v != u { sum += graph.borders[u][i] }
        return sum
    }

    mutating func assign(_ u: Int, to t: Int) {
        let s = owner[u]
        if s >= 0 {
            weight[s] -= problem.weights[u]; area[s] -= graph.area[u]; size[s] -= 1
            perimeter[s] += -graph.perimeter[u] + 2 * border(u, with: s)
        }
        perimeter[t] += graph.perimeter[u] - 2 * border(u, with: t)
        weight[t] += problem.weights[u]; area[t] += graph.area[u]; size[t] += 1
        owner[u] = t
    }

    /// Whether territory `s` stays connected without unit `u` (a breadth-first search inside
    /// `s` from one neighbour of `u`, stopping once all of u's neighbours in `s` are reached).
    /// Visited units are marked with a stamp in a scratch array rather than kept in a set: this
    /// runs for nearly every candidate move, and hashing was a seventh of a design run.
    mutating func staysConnected(_ s: Int, without u: Int) -> Bool {
        var first = -1, targets = 0
        if reached.count != graph.count { reached = [UInt32](repeating: 0, count: graph.count); wanted = reached }
        stamp &+= 1
        if stamp == 0 {  // wrapped: clear the marks once
            for i in reached.indices { reached[i] = 0; wanted[i] = 0 }
            stamp = 1
        }
        for v in graph.neighbours[u] where owner[v] == s && v != u && v != first && wanted[v] != stamp {
            if first < 0 { first = v } else { wanted[v] = stamp; targets += 1 }
        }
        guard targets > 0 else { return true }  // a leaf (or a lone unit) leaves the rest as it was
        reached[u] = stamp; reached[first] = stamp
        queue.removeAll(keepingCapacity: true)
        queue.append(first)
        var head = 0
        while head < queue.count {
            let v = queue[head]; head += 1
            for w in graph.neighbours[v] where owner[w] == s && reached[w] != stamp {
                reached[w] = stamp
                if wanted[w] == stamp {
                    targets -= 1
                    if targets == 0 { return true }
                }
                queue.append(w)
            }
        }
        return false
    }

    /// Whether unit `u` may move to territory `t` (a neighbouring territory) without breaking a rule.
    mutating func canMove(_ u: Int, to t: Int) -> Bool {
        let s = owner[u]
        return s != t && !fixed[u] && size[s] > 1 && staysConnected(s, without: u)
    }

    /// The territories next to unit `u`, other than its own, each once, in neighbour order.
    func neighbourTerritories(_ u: Int) -> [Int] {
        var out: [Int] = []
        for v in graph.neighbours[u] { let t = owner[v]; if t >= 0, t != owner[u], !out.contains(t) { out.append(t) } }
        return out
    }

    // MARK: Seeds and growth

    /// One seed unit per territory: the home's unit, else a locked unit, else weighted
    /// k-means++ on the centroids (each next seed drawn with probability ∝ workload × squared
    /// distance to the nearest seed so far).
    mutating func seeds(seed: UInt64) -> [Int] {
        var rng = SplitMix64(seed: seed)
        var seeds = [Int?](repeating: nil, count: problem.k)
        for t in 0..<problem.k { if let h = problem.homes[t] { seeds[t] = h } }
        for u in 0..<graph.count where problem.locked[u] >= 0 && seeds[problem.locked[u]] == nil { seeds[problem.locked[u]] = u }
        let total = problem.weights.reduce(0, +)
        let floor = total / Double(graph.count) * 1e-3  // units of no workload can still be drawn
        var chosen = seeds.compactMap { $0 }
        var nearest = [Double](repeating: .infinity, count: graph.count)
        for s in chosen { for u in 0..<graph.count { nearest[u] = min(nearest[u], graph.distance2(u, s)) } }
        for t in 0..<problem.k where seeds[t] == nil {
            let score = (0..<graph.count).map { u -> Double in
                chosen.contains(u) ? 0 : (problem.weights[u] + floor) * (chosen.isEmpty ? 1 : nearest[u])
            }
            let sum = score.reduce(0, +)
            var r = rng.nextDouble() * sum, pick = 0
            for (u, s) in score.enumerated() {
                r -= s
                if r <= 0, s > 0 { pick = u; break }
                if s > 0 { pick = u }
            }
            seeds[t] = pick
            chosen.append(pick)
            for u in 0..<graph.count { nearest[u] = min(nearest[u], graph.distance2(u, pick)) }
        }
        return seeds.map { $0! }
    }

    /// Grows the territories from their seeds: the territory furthest below its target takes the
    /// free neighbouring unit nearest its seed.
    mutating func grow(seeds: [Int]) {
        for (t, u) in seeds.enumerated() { assign(u, to: t); fixed[u] = fixed[u] || problem.homes[t] == u }
        for u in 0..<graph.count where problem.locked[u] >= 0 && owner[u] < 0 { assign(u, to: problem.locked[u]) }
        var frontier = [Heap<(Double, Int)>](repeating: Heap { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }, count: problem.k)
        for u in 0..<graph.count where owner[u] >= 0 {
            for v in graph.neighbours[u] where owner[v] < 0 { frontier[owner[u]].push((graph.distance2(v, seeds[owner[u]]), v)) }
        }
        let total = problem.weights.reduce(0, +), eps = total / Double(graph.count) * 1e-3
        var order = Heap<(Double, Int)> { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
        for t in 0..<problem.k { order.push(((weight[t] + eps * Double(size[t])) / problem.targets[t], t)) }
        var free = owner.filter { $0 < 0 }.count
        while free > 0, let (_, t) = order.pop() {
            var picked: Int?
            while let (_, v) = frontier[t].pop() { if owner[v] < 0 { picked = v; break } }
            guard let u = picked else { continue }  // nothing left to take: t stops growing
            assign(u, to: t)
            free -= 1
            for v in graph.neighbours[u] where owner[v] < 0 { frontier[t].push((graph.distance2(v, seeds[t]), v)) }
            order.push(((weight[t] + eps * Double(size[t])) / problem.targets[t], t))
        }
        // Units no territory could reach (only possible with locked units cut off): nearest owner.
        while let u = owner.firstIndex(of: -1) {
            let v = (0..<graph.count).filter { owner[$0] >= 0 }.min { graph.distance2(u, $0) < graph.distance2(u, $1) }!
            assign(u, to: owner[v])
        }
    }

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
        while let (units, ts) = parts.popLast() {
            if ts.count == 1 {
                for u in units { assign(u, to: ts.lowerBound) }
                continue
            }
            let ta = ts.lowerBound..<(ts.lowerBound + ts.count / 2), tb = ta.upperBound..<ts.upperBound
            let targetA = ta.reduce(0) { $0 + problem.targets[$1] }, targetB = tb.reduce(0) { $0 + problem.targets[$1] }
            let total = units.reduce(0) { $0 + problem.weights[$1] }
            let wantA = total * targetA / (targetA + targetB)
            var epsilon = problem.tolerance / Double(levels + 1)
            var split: [Int]?
            var splitter = makeSplitter(units)
            for attempt in 0..<2_000 {
                if attempt % 50 == 49 { epsilon *= 1.25 }
                if attempt % 20 == 0, Date() > deadline { break }
                let e = epsilon
                guard let cut = splitter.split(rng: &rng, weights: problem.weights, accept: { abs($0 - wantA) <= e * wantA }) else {
                    return false
                }
                if let a = cut.first { split = a; break }
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
    /// territories are merged and split again along a random spanning tree, both within the
    /// tolerance; the new pair is kept when its Polsby-Popper sum is higher. Pairs holding a
    /// home or a locked unit are left alone. `steps` tries, in a seeded order.
    mutating func recombine(steps: Int, seed: UInt64, until deadline: Date) {
        var rng = SplitMix64(seed: seed &+ 7)
        let tol = problem.tolerance
        for step in 0..<steps {
            if step % 8 == 0, Date() > deadline { return }
            let s = Int(rng.next() % UInt64(problem.k))
            var around: [Int] = []
            for u in 0..<graph.count where owner[u] == s { for t in neighbourTerritories(u) where !around.contains(t) { around.append(t) } }
            guard !around.isEmpty else { continue }
            let t = around[Int(rng.next() % UInt64(around.count))]
            let units = (0..<graph.count).filter { owner[$0] == s || owner[$0] == t }
            guard !units.contains(where: { fixed[$0] }) else { continue }
            let ts = problem.targets[s], tt = problem.targets[t], total = weight[s] + weight[t]
            guard let cut = randomTreeSplit(units, rng: &rng, accept: { abs($0 - ts) <= tol * ts && abs(total - $0 - tt) <= tol * tt }),
                let a = cut.first
            else { continue }
            let before = pp(s) + pp(t)
            let old = units.map { owner[$0] }
            let inA = Set(a)
            for u in units where (inA.contains(u) ? s : t) != owner[u] { assign(u, to: inA.contains(u) ? s : t) }
            if pp(s) + pp(t) <= before + 1e-12 {
                for (u, o) in zip(units, old) where owner[u] != o { assign(u, to: o) }
            }
        }
    }

    mutating func start(from current: [Int]) {
        for (u, t) in current.enumerated() { assign(u, to: t) }
    }

    // MARK: Improvement

    /// Boundary moves lowering Σ dev², until no move helps or time is up.
    mutating func balance(until deadline: Date) {
        var improved = true
        while improved, Date() < deadline {
            improved = false
            for u in 0..<graph.count where !fixed[u] {
                let s = owner[u], w = problem.weights[u]
                guard w > 0 else { continue }
                let ds = deviation(s)
                var best: (Double, Int)?
                for t in neighbourTerritories(u) {
                    let dt = deviation(t)
                    let ns = (weight[s] - w - problem.targets[s]) / problem.targets[s]
                    let nt = (weight[t] + w - problem.targets[t]) / problem.targets[t]
                    let delta = ns * ns + nt * nt - ds * ds - dt * dt
                    if delta < -1e-15, best == nil || delta < best!.0 { best = (delta, t) }
                }
                if let (_, t) = best, canMove(u, to: t) { assign(u, to: t); improved = true }
            }
        }
    }

    /// Boundary moves, then swaps of two boundary units between neighbouring territories,
    /// raising the two territories' Polsby-Popper while both stay within the tolerance (or get
    /// no further from it), in a seeded random order, until none helps. Swaps matter when the
    /// band is narrow: a single unit is often a large share of a territory.
    mutating func compact(until deadline: Date, seed: UInt64, band: Double? = nil) {
        self.band = band ?? problem.tolerance
        defer { self.band = problem.tolerance }
        var rng = SplitMix64(seed: seed &+ 1)
        var order = Array(0..<graph.count)
        var improved = true
        while improved, Date() < deadline {
            improved = false
            order.shuffle(using: &rng)
            for u in order where !fixed[u] {
                let s = owner[u]
                for t in neighbourTerritories(u) {
                    if tryMove(u, to: t) || trySwap(u, with: t, s) { improved = true; break }
                }
            }
        }
    }

    /// Whether a change of the weights of s and t keeps both acceptable: within the tolerance,
    /// or no further from their target than before.
    func acceptable(_ s: Int, _ ws: Double, _ t: Int, _ wt: Double) -> Bool {
        let tol = band
        let ns = abs(ws - problem.targets[s]) / problem.targets[s], nt = abs(wt - problem.targets[t]) / problem.targets[t]
        return (ns <= tol || ns <= abs(deviation(s)) + 1e-15) && (nt <= tol || nt <= abs(deviation(t)) + 1e-15)
    }

    private func pp(_ t: Int) -> Double { polsbyPopper(area: area[t], perimeter: perimeter[t]) }

    /// Moves u to t when that raises PP(s) + PP(t) and keeps both acceptable.
    private mutating func tryMove(_ u: Int, to t: Int) -> Bool {
        let s = owner[u], w = problem.weights[u]
        guard acceptable(s, weight[s] - w, t, weight[t] + w) else { return false }
        let newS = polsbyPopper(area: area[s] - graph.area[u], perimeter: perimeter[s] - graph.perimeter[u] + 2 * border(u, with: s))
        let newT = polsbyPopper(area: area[t] + graph.area[u], perimeter: perimeter[t] + graph.perimeter[u] - 2 * border(u, with: t))
        guard newS + newT > pp(s) + pp(t) + 1e-12, canMove(u, to: t) else { return false }
        assign(u, to: t)
        return true
    }

    /// Swaps u (in s) with a unit v of t next to s when that raises PP(s) + PP(t), keeps both
    /// acceptable and both connected.
    private mutating func trySwap(_ u: Int, with t: Int, _ s: Int) -> Bool {
        let before = pp(s) + pp(t), wu = problem.weights[u]
        // Candidates: units of t that touch s, near u (neighbours of u's neighbours in t).
        var candidates: [Int] = []
        for a in graph.neighbours[u] where owner[a] == t {
            if !candidates.contains(a) { candidates.append(a) }
            for b in graph.neighbours[a] where owner[b] == t && !candidates.contains(b) && graph.neighbours[b].contains(where: { owner[$0] == s }) {
                candidates.append(b)
            }
        }
        for v in candidates where !fixed[v] && v != u {
            let wv = problem.weights[v]
            guard acceptable(s, weight[s] - wu + wv, t, weight[t] + wu - wv) else { continue }
            guard canMove(u, to: t) else { return false }
            assign(u, to: t)
            if owner[v] == t, graph.neighbours[v].contains(where: { owner[$0] == s }), canMove(v, to: s) {
                assign(v, to: s)
                if pp(s) + pp(t) > before + 1e-12 { return true }
                assign(v, to: t)
            }
            assign(u, to: s)
        }
        return false
    }

    /// Rebalance: only moves that lower the total excess over the tolerance band (Σ of squared
    /// excess), each time the one moving the least workload among those that help most per unit
    /// of workload; when none helps directly, workload is passed on from the heaviest territory
    /// through neighbours inside the band (a chain), still one unit at a time.
    mutating func rebalance(until deadline: Date) {
        let tol = problem.tolerance
        func excess(_ d: Double) -> Double { max(0, abs(d) - tol) }
        while maxDeviation > tol + 1e-12, Date() < deadline {
            // Moves that lower the excess, ranked: first those that leave both territories in
            // the band (the lightest such unit: just enough), then those that create no new
            // excess (the heaviest: most progress without overshoot), then the rest by gain per
            // unit of workload.
            var best: (rank: Int, key: Double, u: Int, t: Int)?
            for u in 0..<graph.count where !fixed[u] {
                let s = owner[u], w = problem.weights[u]
                guard w > 0 else { continue }
                for t in neighbourTerritories(u) {
                    let ds = deviation(s), dt = deviation(t)
                    let ns = (weight[s] - w - problem.targets[s]) / problem.targets[s]
                    let nt = (weight[t] + w - problem.targets[t]) / problem.targets[t]
                    let gain = excess(ds) * excess(ds) + excess(dt) * excess(dt) - excess(ns) * excess(ns) - excess(nt) * excess(nt)
                    guard gain > 1e-15 else { continue }
                    let rank: Int, key: Double  // lower rank first; within a rank, lower key first
                    if excess(ns) == 0 && excess(nt) == 0 {
                        (rank, key) = (0, w)
                    } else if excess(ns) <= excess(ds) && excess(nt) <= excess(dt) {
                        (rank, key) = (1, -w)
                    } else {
                        (rank, key) = (2, -gain / w)
                    }
                    if best == nil || rank < best!.rank || (rank == best!.rank && key < best!.key), canMove(u, to: t) {
                        best = (rank, key, u, t)
                    }
                }
            }
            if let b = best { assign(b.u, to: b.t); continue }
            // No single move helps: a swap of a heavier unit for a lighter one, or workload
            // passed on through territories inside the band.
            if swapLowersExcess() { continue }
            guard passOn() else { return }
        }
    }

    /// The swap between the worst territory and a neighbour that lowers Σ excess² moving the
    /// least workload (both units count). False when none helps.
    private mutating func swapLowersExcess() -> Bool {
        let tol = problem.tolerance
        func excess(_ d: Double) -> Double { let e = max(0, abs(d) - tol); return e * e }
        let s = (0..<problem.k).max { abs(deviation($0)) < abs(deviation($1)) }!
        var best: (moved: Double, u: Int, v: Int)?
        for u in 0..<graph.count where owner[u] == s && !fixed[u] {
            for t in neighbourTerritories(u) {
                let before = excess(deviation(s)) + excess(deviation(t))
                for v in 0..<graph.count where owner[v] == t && !fixed[v] && graph.neighbours[v].contains(where: { owner[$0] == s }) {
                    let moved = problem.weights[u] + problem.weights[v], net = problem.weights[u] - problem.weights[v]
                    guard best == nil || moved < best!.moved else { continue }
                    let ns = (weight[s] - net - problem.targets[s]) / problem.targets[s]
                    let nt = (weight[t] + net - problem.targets[t]) / problem.targets[t]
                    guard excess(ns) + excess(nt) < before - 1e-15, canMove(u, to: t) else { continue }
                    assign(u, to: t)
                    if owner[v] == t, graph.neighbours[v].contains(where: { owner[$0] == s }), canMove(v, to: s) { best = (moved, u, v) }
                    assign(u, to: s)
                }
            }
        }
        guard let (_, u, v) = best else { return false }
        let t = owner[v]
        assign(u, to: t)
        assign(v, to: s)
        return true
    }

    /// One diffusion step for rebalancing, when no move lowers the excess directly: the move that
    /// lowers Σ dev² most per unit of workload without raising the excess anywhere, so workload
    /// flows across territories inside the band towards the light ones. False when nothing can
    /// move. Σ dev² strictly decreases, so the loop ends.
    private mutating func passOn() -> Bool {
        let tol = problem.tolerance
        func excess(_ d: Double) -> Double { let e = max(0, abs(d) - tol); return e * e }
        var best: (Double, Int, Int)?
        for u in 0..<graph.count where !fixed[u] {
            let w = problem.weights[u]
            guard w > 0 else { continue }
            let s = owner[u], ds = deviation(s)
            for t in neighbourTerritories(u) {
                let dt = deviation(t)
                guard ds > dt else { continue }
                let ns = (weight[s] - w - problem.targets[s]) / problem.targets[s]
                let nt = (weight[t] + w - problem.targets[t]) / problem.targets[t]
                let delta = ns * ns + nt * nt - ds * ds - dt * dt
                guard delta < -1e-15, excess(ns) + excess(nt) <= excess(ds) + excess(dt) + 1e-18 else { continue }
                let score = -delta / w
                if best == nil || score > best!.0, canMove(u, to: t) { best = (score, u, t) }
            }
        }
        guard let (_, u, t) = best else { return false }
        assign(u, to: t)
        return true
    }

    /// Within tolerance beats outside; then the smaller excess over it; then the higher mean PP.
    func isBetter(than other: Partition) -> Bool {
        let mine = excessOverTolerance, theirs = other.excessOverTolerance
        if mine != theirs { return mine < theirs }
        return meanPP > other.meanPP
    }

    /// How far the worst territory lies beyond the tolerance (0 within it).
    var excessOverTolerance: Double { max(0, maxDeviation - problem.tolerance) }

    var meanPP: Double { (0..<problem.k).reduce(0) { $0 + pp($1) } / Double(problem.k) }

    // MARK: Result

    func result(units: TerritoryMap) throws -> DesignResult {
        var members = [[Geometry]](repeating: [], count: problem.k)
        for (u, t) in owner.enumerated() { members[t].append(units.territories[u].geometry) }
        let polygons = try members.map { parts -> Geometry in
            try wrapped {
                if let u = try? Geometry.coverageUnion(parts), (try? u.isValid()) == true { return u }
                return try Geometry.unaryUnion(parts)
            }
        }
        var moved = 0, movedWeight = 0.0
        if let current = problem.current {
            for u in owner.indices where owner[u] != current[u] { moved += 1; movedWeight += problem.weights[u] }
        }
        let deviations = (0..<problem.k).map(deviation)
        let pp = (0..<problem.k).map { polsbyPopper(area: area[$0], perimeter: perimeter[$0]) }
        return DesignResult(
            territoryIDs: problem.ids, assignment: owner, weights: weight, targets: problem.targets,
            deviations: deviations, polsbyPopper: pp, polygons: polygons, movedUnits: moved, movedWeight: movedWeight,
            status: status(units: units))
    }

    /// Within tolerance, or the reason it cannot be (a unit heavier than a territory may be,
    /// locked units outweighing their territory), or that the search stopped short.
    func status(units: TerritoryMap) -> DesignResult.Status {
        let tol = problem.tolerance
        guard maxDeviation > tol + 1e-12 else { return .withinTolerance }
        let upper = (0..<problem.k).map { problem.targets[$0] * (1 + tol) }
        let largest = upper.max()!
        let heavy = (0..<graph.count).filter { problem.weights[$0] > largest }
        if !heavy.isEmpty {
            let worst = heavy.max { problem.weights[$0] < problem.weights[$1] }!
            let least = problem.weights[worst] / problem.targets.max()! - 1
            let names = heavy.prefix(5).map { units.territories[$0].id }.joined(separator: ", ")
            return .outsideTolerance(
                reason:
                    "unit\(heavy.count == 1 ? "" : "s") \(names) alone outweigh\(heavy.count == 1 ? "s" : "") the largest territory's upper bound; the smallest reachable deviation is \(String(format: "%.1f", least * 100))%"
            )
        }
        for t in 0..<problem.k {
            let lockedWeight = (0..<graph.count).filter { problem.locked[$0] == t }.reduce(0) { $0 + problem.weights[$1] }
            if lockedWeight > upper[t] {
                return .outsideTolerance(
                    reason:
                        "the units locked to \(problem.ids[t]) weigh \(String(format: "%.1f", (lockedWeight / problem.targets[t] - 1) * 100))% over its target"
                )
            }
        }
        return .outsideTolerance(
            reason:
                "the best plan found is \(String(format: "%.2f", maxDeviation * 100))% off (tolerance \(String(format: "%.2f", tol * 100))%); more time (--time-limit) or a larger tolerance may help"
        )
    }
}

/// A binary min-heap ordered by `less`.
struct Heap<Element> {
    private var items: [Element] = []
    private let less: (Element, Element) -> Bool
    init(_ less: @escaping (Element, Element) -> Bool) { self.less = less }

    mutating func push(_ e: Element) {
        items.append(e)
        var i = items.count - 1
        while i > 0 {
            let p = (i - 1) / 2
            guard less(items[i], items[p]) else { break }
            items.swapAt(i, p); i = p
        }
    }

    mutating func pop() -> Element? {
        guard !items.isEmpty else { return nil }
        items.swapAt(0, items.count - 1)
        let top = items.removeLast()
        var i = 0
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            if l < items.count, less(items[l], items[m]) { m = l }
            if r < items.count, less(items[r], items[m]) { m = r }
            if m == i { break }
            items.swapAt(i, m); i = m
        }
        return top
    }
}

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
        let m = units.count
        byKey.removeAll(keepingCapacity: true)
        let bits = max(24, UInt64.bitWidth - edges.count.leadingZeroBitCount), mask = UInt64(1) << bits - 1
        for e in edges.indices {
            let key = lengths[e] * (1 + 2 * rng.nextDouble())
            byKey.append(key.bitPattern & ~mask | UInt64(e))
        }
        byKey.sort()
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
        guard order.count == m else { return nil }
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
        let (cut, isPart) = candidates[Int(rng.next() % UInt64(candidates.count))]
        var inSubtree = [Bool](repeating: false, count: m)
        inSubtree[cut] = true
        var stack = [cut]
        while let u = stack.popLast() {
            for v in adjacency[u] where Int(v) != Int(parent[u]) && !inSubtree[Int(v)] { inSubtree[Int(v)] = true; stack.append(Int(v)) }
        }
        return [units.indices.filter { inSubtree[$0] == isPart }.map { units[$0] }]
    }
}
