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
    /// The largest relative error a split of the last ``treePartition(seed:deadline:)`` was
    /// accepted with (splits start at a share of the tolerance and are relaxed after many tries):
    /// no territory of that partition is further from its target than (1 + this)^depth - 1.
    var widestSplitSlack: Double = 0
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
        area = [Double](repeating: 0, count: problem.k); perimeter = area
        // A territory's fixed workload (key accounts) is its own before any unit joins it.
        weight = problem.offsets
        size = [Int](repeating: 0, count: problem.k)
        fixed = problem.locked.map { $0 >= 0 }
        band = problem.tolerance
    }

    // MARK: Measures and moves

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
        return s != t && !fixed[u] && size[s] > 1 && mayHold(t, u) && staysConnected(s, without: u)
    }

    /// Whether territory `t` may hold unit `u` (its home reaches the unit within a drive limit).
    @inline(__always)
    func mayHold(_ t: Int, _ u: Int) -> Bool { problem.allowed?[u * problem.k + t] ?? true }

    /// Whether every one of `units` is in a territory that may hold it.
    func allHeld(_ units: [Int]) -> Bool {
        guard problem.allowed != nil else { return true }
        return units.allSatisfy { mayHold(owner[$0], $0) }
    }

    /// The territories next to unit `u`, other than its own, each once, in neighbour order.
    func neighbourTerritories(_ u: Int) -> [Int] {
        var out: [Int] = []
        for v in graph.neighbours[u] { let t = owner[v]; if t >= 0, t != owner[u], !out.contains(t) { out.append(t) } }
        return out
    }

    // MARK: Comparing plans

    func pp(_ t: Int) -> Double { polsbyPopper(area: area[t], perimeter: perimeter[t]) }

    /// The Polsby-Popper of territories s and t were unit u to move from s to t, given the
    /// length of u's border with s's other units and with t's units: the area moves whole, the
    /// perimeter loses (or gains) u's own less twice the borders it shares.
    @inline(__always)
    func ppAfterMove(_ u: Int, from s: Int, to t: Int, borderWithS: Double, borderWithT: Double) -> (s: Double, t: Double) {
        (
            polsbyPopper(area: area[s] - graph.area[u], perimeter: perimeter[s] - graph.perimeter[u] + 2 * borderWithS),
            polsbyPopper(area: area[t] + graph.area[u], perimeter: perimeter[t] + graph.perimeter[u] - 2 * borderWithT)
        )
    }

    /// What the compactness moves raise for a pair of territories: a concave function of each
    /// one's Polsby-Popper, so that a point gained by the less compact territory counts for more
    /// than one gained by the more compact (users see the worst shape first).
    static func shapeScore(_ pp: Double) -> Double { pp.squareRoot() }
    func shapeScore(_ t: Int) -> Double { Partition.shapeScore(pp(t)) }

    /// Within tolerance beats outside; then the smaller excess over it; then the higher mean PP.
    func isBetter(than other: Partition) -> Bool {
        let mine = excessOverTolerance, theirs = other.excessOverTolerance
        if mine != theirs { return mine < theirs }
        return meanPP > other.meanPP
    }

    /// How far the worst territory lies beyond the tolerance (0 within it).
    var excessOverTolerance: Double { max(0, maxDeviation - problem.tolerance) }

    /// The mean of ``shapeScore(_:)-(Int)`` over the territories: what compactness moves raise.
    var meanShapeScore: Double { (0..<problem.k).reduce(0) { $0 + shapeScore($1) } / Double(problem.k) }

    var meanPP: Double { (0..<problem.k).reduce(0) { $0 + pp($1) } / Double(problem.k) }
}
