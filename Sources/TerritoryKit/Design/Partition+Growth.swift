import Foundation

/// Seeds and growth: the first plan when the tree partition fails, grown from one seed unit
/// per territory; and a plan started from the current assignment (rebalancing).
extension Partition {
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
                // Units already placed (locked to a territory, a home) are never another's seed.
                chosen.contains(u) || problem.locked[u] >= 0 || problem.homes.contains(u)
                    ? 0 : (problem.weights[u] + floor) * (chosen.isEmpty ? 1 : nearest[u])
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
            // A unit the territory may not hold (beyond its home's drive limit) is left to others.
            while let (_, v) = frontier[t].pop() { if owner[v] < 0, mayHold(t, v) { picked = v; break } }
            guard let u = picked else { continue }  // nothing left to take: t stops growing
            assign(u, to: t)
            free -= 1
            for v in graph.neighbours[u] where owner[v] < 0 { frontier[t].push((graph.distance2(v, seeds[t]), v)) }
            order.push(((weight[t] + eps * Double(size[t])) / problem.targets[t], t))
        }
        // Units no territory could reach (locked units cut off, or a drive limit no neighbouring
        // territory's home meets): the nearest owner that may hold them, else the nearest owner.
        while let u = owner.firstIndex(of: -1) {
            let placed = (0..<graph.count).filter { owner[$0] >= 0 }
            let v =
                placed.filter { mayHold(owner[$0], u) }.min { graph.distance2(u, $0) < graph.distance2(u, $1) }
                ?? placed.min { graph.distance2(u, $0) < graph.distance2(u, $1) }!
            assign(u, to: owner[v])
        }
    }

    mutating func start(from current: [Int]) {
        for (u, t) in current.enumerated() { assign(u, to: t) }
    }
}
