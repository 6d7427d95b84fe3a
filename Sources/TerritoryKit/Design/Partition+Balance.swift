import Foundation

/// Balance: boundary moves lowering the squared deviations, and the rebalance that lowers
/// only the excess over the tolerance band, moving the least workload.
extension Partition {
    /// Boundary moves lowering Σ dev², until no move helps (or after `sweeps` passes over the
    /// units, a work bound for float ties) or time is up.
    mutating func balance(until deadline: Date, sweeps: Int = 1_000) {
        var improved = true, sweep = 0
        while improved, sweep < sweeps, Date() < deadline {
            sweep += 1
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

    /// Rebalance: only moves that lower the total excess over the tolerance band (Σ of squared
    /// excess), each time the one moving the least workload among those that help most per unit
    /// of workload; when none helps directly, workload is passed on from the heaviest territory
    /// through neighbours inside the band (a chain), still one unit at a time.
    ///
    /// Each step lowers Σ excess², so the loop ends; `steps` (100 per unit by default) bounds its
    /// work all the same, so that the plan never depends on the clock.
    mutating func rebalance(until deadline: Date, steps: Int? = nil) {
        let tol = problem.tolerance
        func excess(_ d: Double) -> Double { max(0, abs(d) - tol) }
        var step = 0
        let limit = steps ?? 100 * max(1, graph.count)
        while maxDeviation > tol + 1e-12, step < limit, Date() < deadline {
            step += 1
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
    mutating func swapLowersExcess() -> Bool {
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
    mutating func passOn() -> Bool {
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
}
