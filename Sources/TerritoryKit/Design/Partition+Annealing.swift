import Foundation

/// A last polish of the chosen plan: simulated annealing of the mean Polsby-Popper with single
/// boundary moves inside the tolerance. The earlier phases stop at plans no single improving
/// move or recut can better; accepting some worsening moves while the temperature is high lets
/// a boundary travel past such a plan.
extension Partition {
    /// `moves` random moves of a unit to the territory of one of its neighbours, in a seeded
    /// order: each keeps both territories acceptable (within the tolerance, or no further from
    /// it) and contiguous, and is taken when it raises the two territories' Polsby-Popper sum,
    /// or else with probability exp(change / temperature), the temperature falling geometrically
    /// from `hot` to `cold`. The plan is given back as it was if its mean Polsby-Popper ends
    /// lower (the last moves are nearly greedy, so it seldom does).
    mutating func anneal(moves: Int, seed: UInt64, hot: Double = 0.01, cold: Double = 0.0001, until deadline: Date) {
        guard moves > 0, problem.k > 1 else { return }
        var rng = SplitMix64(seed: seed &+ 13)
        let before = owner, meanBefore = meanPP
        let n = UInt64(graph.count)
        var temperature = hot
        let cooling = Foundation.pow(cold / hot, 1 / Double(moves))
        for step in 0..<moves {
            temperature *= cooling
            if step & 0xFFFF == 0, Date() > deadline { break }
            let u = Int(rng.next() % n)
            let around = graph.neighbours[u]
            let t = owner[around[Int(rng.next() % UInt64(around.count))]]
            let s = owner[u]
            guard t != s, !fixed[u], size[s] > 1 else { continue }
            let w = problem.weights[u]
            guard acceptable(s, weight[s] - w, t, weight[t] + w) else { continue }
            var toS = 0.0, toT = 0.0
            for (i, v) in around.enumerated() where v != u {
                if owner[v] == s { toS += graph.borders[u][i] } else if owner[v] == t { toT += graph.borders[u][i] }
            }
            let newS = polsbyPopper(area: area[s] - graph.area[u], perimeter: perimeter[s] - graph.perimeter[u] + 2 * toS)
            let newT = polsbyPopper(area: area[t] + graph.area[u], perimeter: perimeter[t] + graph.perimeter[u] - 2 * toT)
            let change = newS + newT - pp(s) - pp(t)
            if change < 0, rng.nextDouble() >= Foundation.exp(change / temperature) { continue }
            guard staysConnected(s, without: u) else { continue }
            assign(u, to: t)
        }
        if meanPP < meanBefore { restore(Array(0..<graph.count), before) }
    }
}
