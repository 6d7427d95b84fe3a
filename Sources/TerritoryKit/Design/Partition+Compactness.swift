import Foundation

/// Compactness: boundary moves and swaps that raise the pair's shape score (√PP each, so the less
/// compact territory gains most) inside the deviation band.
extension Partition {
    /// Boundary moves, then swaps of two boundary units between neighbouring territories,
    /// raising the two territories' shape score while both stay within the tolerance (or get
    /// no further from it), in a seeded random order, until none helps. Swaps matter when the
    /// band is narrow: a single unit is often a large share of a territory.
    mutating func compact(until deadline: Date, seed: UInt64, band: Double? = nil) {
        self.band = band ?? problem.tolerance
        defer { self.band = problem.tolerance }
        var rng = SplitMix64(seed: seed &+ 1)
        var order = Array(0..<graph.count)
        var improved = true, sweep = 0
        // Every kept move raises the shape score, so the loop ends; 1,000 sweeps bound its work.
        while improved, sweep < 1_000, Date() < deadline {
            sweep += 1
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

    /// Moves u to t when that raises √PP(s) + √PP(t) and keeps both acceptable.
    mutating func tryMove(_ u: Int, to t: Int) -> Bool {
        let s = owner[u], w = problem.weights[u]
        guard acceptable(s, weight[s] - w, t, weight[t] + w) else { return false }
        let (newS, newT) = ppAfterMove(u, from: s, to: t, borderWithS: border(u, with: s), borderWithT: border(u, with: t))
        guard Partition.shapeScore(newS) + Partition.shapeScore(newT) > shapeScore(s) + shapeScore(t) + 1e-12, canMove(u, to: t) else {
            return false
        }
        assign(u, to: t)
        return true
    }

    /// Swaps u (in s) with a unit v of t next to s when that raises √PP(s) + √PP(t), keeps both
    /// acceptable and both connected.
    mutating func trySwap(_ u: Int, with t: Int, _ s: Int) -> Bool {
        let before = shapeScore(s) + shapeScore(t), wu = problem.weights[u]
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
                if shapeScore(s) + shapeScore(t) > before + 1e-12 { return true }
                assign(v, to: t)
            }
            assign(u, to: s)
        }
        return false
    }
}
