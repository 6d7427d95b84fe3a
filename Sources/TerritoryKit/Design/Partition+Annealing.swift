import Foundation

/// A last polish of the chosen plan: simulated annealing of the mean Polsby-Popper with boundary
/// moves and exchanges inside the tolerance. The earlier phases stop at plans no single
/// improving move or recut can better; accepting some worsening moves while the temperature is
/// high lets a boundary travel past such a plan.
extension Partition {
    /// `moves` random moves of a unit to the territory of one of its neighbours, in a seeded
    /// order: each keeps both territories acceptable (within the tolerance, or no further from
    /// it) and contiguous, and is taken when it raises the two territories' Polsby-Popper sum,
    /// or else with probability exp(change / temperature), the temperature falling geometrically
    /// from `hot` to `cold`. With `swaps`, a move the band forbids is tried as an exchange of the
    /// unit and that neighbour, kept by the same rule: in a narrow band most single moves are
    /// forbidden (on the US city units a unit is 1.5% of a territory on average, against ±1%),
    /// exchanges of units of similar workload are not. The plan is given back as it was if its
    /// mean Polsby-Popper ends lower (the last moves are nearly greedy, so it seldom does).
    mutating func anneal(moves: Int, seed: UInt64, hot: Double = 0.01, cold: Double = 0.0001, swaps: Bool = true, until deadline: Date) {
        guard moves > 0, problem.k > 1 else { return }
        var rng = SplitMix64(seed: seed &+ 13)
        let before = owner, meanBefore = meanPP
        // No territory may end less compact than the least compact one is now: users look at
        // the worst shape first, and the earlier phases raised it.
        let floor = (0..<problem.k).map { pp($0) }.min()!
        let n = UInt64(graph.count)
        var temperature = hot
        let cooling = Foundation.pow(cold / hot, 1 / Double(moves))
        for step in 0..<moves {
            temperature *= cooling
            if step & 0xFFFF == 0, Date() > deadline { break }
            let u = Int(rng.next() % n)
            let around = graph.neighbours[u]
            let v = around[Int(rng.next() % UInt64(around.count))]
            let t = owner[v]
            let s = owner[u]
            guard t != s, !fixed[u], size[s] > 1, mayHold(t, u) else { continue }
            let w = problem.weights[u]
            guard acceptable(s, weight[s] - w, t, weight[t] + w) else {
                if swaps { trySwap(u, v, temperature: temperature, floor: floor, rng: &rng) }
                continue
            }
            let (toS, toT, _) = borders(u, s, t, other: v)
            let (newS, newT) = ppAfterMove(u, from: s, to: t, borderWithS: toS, borderWithT: toT)
            guard min(newS, newT) >= floor else { continue }
            let change = newS + newT - pp(s) - pp(t)
            if change < 0, rng.nextDouble() >= Foundation.exp(change / temperature) { continue }
            guard staysConnected(s, without: u) else { continue }
            assign(u, to: t)
        }
        if meanPP < meanBefore { restore(Array(0..<graph.count), before) }
    }

    /// Exchanges neighbouring units u (of s) and v (of t) when both territories stay acceptable
    /// and contiguous, kept by the same rule as a move. The change is worked out before anything
    /// moves, so that the contiguity searches run only for exchanges that will be kept.
    private mutating func trySwap(_ u: Int, _ v: Int, temperature: Double, floor: Double, rng: inout SplitMix64) {
        let s = owner[u], t = owner[v]
        guard !fixed[v], size[t] > 1, mayHold(s, v), mayHold(t, u) else { return }
        let net = problem.weights[u] - problem.weights[v]
        guard acceptable(s, weight[s] - net, t, weight[t] + net) else { return }
        // Borders of u and v with each side as they are now (u-v itself counts on both).
        let (uS, uT, uv) = borders(u, s, t, other: v), (vS, vT, _) = borders(v, s, t, other: u)
        let areaS = area[s] - graph.area[u] + graph.area[v], areaT = area[t] - graph.area[v] + graph.area[u]
        let perimeterS = perimeter[s] - graph.perimeter[u] + 2 * uS + graph.perimeter[v] - 2 * (vS - uv)
        let perimeterT = perimeter[t] - graph.perimeter[v] + 2 * vT + graph.perimeter[u] - 2 * (uT - uv)
        let newS = polsbyPopper(area: areaS, perimeter: perimeterS), newT = polsbyPopper(area: areaT, perimeter: perimeterT)
        guard min(newS, newT) >= floor else { return }
        let change = newS + newT - pp(s) - pp(t)
        if change < 0, rng.nextDouble() >= Foundation.exp(change / temperature) { return }
        guard staysConnected(s, without: u) else { return }
        assign(u, to: t)
        guard graph.neighbours[v].contains(where: { owner[$0] == s }), staysConnected(t, without: v) else {
            assign(u, to: s)
            return
        }
        assign(v, to: s)
    }

    /// Unit x's shared border with the units of `s` and with those of `t` (x itself excluded),
    /// and with unit `other`.
    private func borders(_ x: Int, _ s: Int, _ t: Int, other: Int) -> (Double, Double, Double) {
        var toS = 0.0, toT = 0.0, toOther = 0.0
        for (i, y) in graph.neighbours[x].enumerated() where y != x {
            let length = graph.borders[x][i]
            if owner[y] == s { toS += length } else if owner[y] == t { toT += length }
            if y == other { toOther += length }
        }
        return (toS, toT, toOther)
    }
}
