import Foundation

/// Rebalancing with the least disruption: a branch-and-bound search for the set of unit moves,
/// away from the current alignment, that brings every territory into the band moving the least
/// workload.
///
/// Why a search and not only the greedy ``Partition/rebalance(until:)``: units are lumpy. A
/// territory 8% over may have no boundary unit small enough for a neighbour to take without
/// overshooting, so the cheapest fix is often a chain or an exchange (A gives a large unit to B,
/// B gives a smaller one back and another on to C). A greedy that never undoes a move pays for its
/// first choices: on the NC counties it moved 2-4.5 times the least workload that must move.
///
/// The search is depth first from the current alignment. Every move takes one unit, not moved
/// before, out of a territory above its upper bound or into a territory below its lower bound (a
/// move elsewhere cannot be part of a least fix), and keeps both territories connected. A branch
/// is cut when the workload moved so far plus a lower bound of what must still move (the larger
/// of the total excess above the band and the total shortfall below it: every unit of it must move
/// at least once) reaches the best plan known; the greedy's plan is the first one known. Children
/// are tried cheapest bound first, a set of moves is searched once whatever the order it was
/// reached in, and a node budget keeps large maps bounded (counted, not timed, so a seed gives the
/// same plan on any machine; the time limit only stops early). Exact when the budget is not
/// reached: on the NC drift cases the plans it finds are as cheap as the best of every set of up
/// to four moves (the tests check three).
extension Partition {
    /// The moved workload and unit count against the alignment `current`.
    func disruption(from current: [Int]) -> (weight: Double, units: Int) {
        var weight = 0.0, units = 0
        for u in owner.indices where owner[u] != current[u] { weight += problem.weights[u]; units += 1 }
        return (weight, units)
    }

    /// Replaces this plan (the greedy's) with the least disruptive plan within the band that the
    /// search finds, if it moves less workload, or brings the map into the band when the greedy
    /// could not.
    mutating func reduceDisruption(from current: [Int], nodeBudget: Int = 50_000, until deadline: Date) {
        let greedyFits = maxDeviation <= problem.tolerance + 1e-12
        let greedy = disruption(from: current)
        let k = problem.k
        var search = DisruptionSearch(bestCost: greedyFits ? greedy.weight : .infinity, budget: nodeBudget, deadline: deadline)
        var start = Partition(problem: problem, graph: graph)
        start.start(from: current)
        start.fixed = fixed
        // Each territory's units on a border at the start; units next to a moved unit join as
        // moves are made.
        search.border = [[Int]](repeating: [], count: k)
        for u in 0..<graph.count where graph.neighbours[u].contains(where: { current[$0] != current[u] }) {
            search.border[current[u]].append(u)
        }
        search.moved = [Bool](repeating: false, count: graph.count)
        search.upper = problem.targets.map { $0 * (1 + problem.tolerance) }
        search.lower = problem.targets.map { $0 * (1 - problem.tolerance) }
        search.mark = [Int](repeating: 0, count: graph.count)
        // A least fix seldom moves many more units than the greedy's; without this limit a search
        // that has not found a plan yet wanders deep.
        search.depthLimit = 2 * greedy.units + 4
        start.branch(&search, cost: 0)
        guard let moves = search.bestMoves else { return }
        for (u, t) in moves { start.assign(u, to: t) }
        self = start
    }

    /// One node of the search: records a plan within the band, or tries each child move.
    private mutating func branch(_ search: inout DisruptionSearch, cost: Double) {
        search.nodes += 1
        if search.nodes > search.budget || (search.nodes & 255 == 0 && Date() > search.deadline) { search.stopped = true }
        if search.stopped { return }
        let k = problem.k
        var above = 0.0, below = 0.0
        for t in 0..<k {
            above += max(0, weight[t] - search.upper[t])
            below += max(0, search.lower[t] - weight[t])
        }
        if maxDeviation <= problem.tolerance + 1e-12 {
            if cost < search.bestCost - 1e-9 { search.bestCost = cost; search.bestMoves = search.path }
            return
        }
        guard cost + max(above, below) < search.bestCost - 1e-9, search.path.count < search.depthLimit else { return }

        // Children: moves out of a territory above the band or into one below it, ranked by
        // the bound they leave.
        var children: [(bound: Double, u: Int, t: Int)] = []
        search.stamp += 1
        let stamp = search.stamp
        func consider(_ u: Int) {
            guard search.mark[u] != stamp, !search.moved[u], !fixed[u], problem.weights[u] > 0 else { return }
            search.mark[u] = stamp
            let s = owner[u], w = problem.weights[u]
            let sAbove = weight[s] > search.upper[s]
            for t in neighbourTerritories(u) where sAbove || weight[t] < search.lower[t] {
                // The bound after the move: the change of the excess and shortfall of s and t.
                let a =
                    above + max(0, weight[s] - w - search.upper[s]) - max(0, weight[s] - search.upper[s])
                    + max(0, weight[t] + w - search.upper[t]) - max(0, weight[t] - search.upper[t])
                let b =
                    below + max(0, search.lower[s] - weight[s] + w) - max(0, search.lower[s] - weight[s])
                    + max(0, search.lower[t] - weight[t] - w) - max(0, search.lower[t] - weight[t])
                let bound = cost + w + max(a, b)
                if bound < search.bestCost - 1e-9 { children.append((bound, u, t)) }
            }
        }
        for t in 0..<k {
            if weight[t] > search.upper[t] {
                for u in search.border[t] where owner[u] == t { consider(u) }
            } else if weight[t] < search.lower[t] {
                for u in search.border[t] { for v in graph.neighbours[u] where owner[v] != t { consider(v) } }
            }
        }
        for (u, _) in search.path { for v in graph.neighbours[u] { consider(v) } }
        children.sort { $0.bound < $1.bound || ($0.bound == $1.bound && ($0.u, $0.t) < ($1.u, $1.t)) }
        for child in children {
            guard child.bound < search.bestCost - 1e-9 else { break }
            guard canMove(child.u, to: child.t) else { continue }
            let key = search.key(adding: child.u, child.t)
            guard search.visited.insert(key).inserted else { continue }
            let s = owner[child.u]
            assign(child.u, to: child.t)
            search.moved[child.u] = true
            search.path.append((child.u, child.t))
            branch(&search, cost: cost + problem.weights[child.u])
            search.path.removeLast()
            search.moved[child.u] = false
            assign(child.u, to: s)
            if search.stopped { return }
        }
    }
}

extension Partition {
    /// Sends every moved unit back to its current territory, heaviest first, wherever that keeps
    /// both territories within the band (or no further from it) and connected; repeated until
    /// none can go back.
    mutating func revertWhileInBand(to current: [Int]) {
        var reverted = true
        while reverted {
            reverted = false
            let moved = owner.indices.filter { owner[$0] != current[$0] && !fixed[$0] }
                .sorted { problem.weights[$0] > problem.weights[$1] || (problem.weights[$0] == problem.weights[$1] && $0 < $1) }
            for u in moved {
                let s = owner[u], t = current[u], w = problem.weights[u]
                guard graph.neighbours[u].contains(where: { owner[$0] == t }), acceptable(s, weight[s] - w, t, weight[t] + w),
                    canMove(u, to: t)
                else { continue }
                assign(u, to: t)
                reverted = true
            }
        }
    }

    /// Renumbers the territories of a plan made afresh so that each takes the current territory
    /// it shares most workload with (largest shares matched first), so that as little as
    /// possible counts as moved. Only when the territories are interchangeable: no locked units
    /// or homes, equal targets.
    mutating func match(to current: [Int]) {
        let k = problem.k
        guard !problem.locked.contains(where: { $0 >= 0 }), !problem.homes.contains(where: { $0 != nil }),
            problem.targets.allSatisfy({ abs($0 - problem.targets[0]) <= 1e-9 * problem.targets[0] })
        else { return }
        var shared = [Double](repeating: 0, count: k * k)
        let floor = problem.weights.reduce(0, +) / Double(graph.count) * 1e-6  // units of no workload still count a little
        for u in 0..<graph.count { shared[owner[u] * k + current[u]] += problem.weights[u] + floor }
        let pairs = (0..<(k * k)).filter { shared[$0] > 0 }.sorted { shared[$0] > shared[$1] || (shared[$0] == shared[$1] && $0 < $1) }
        var newLabel = [Int](repeating: -1, count: k), taken = [Bool](repeating: false, count: k)
        for p in pairs where newLabel[p / k] < 0 && !taken[p % k] { newLabel[p / k] = p % k; taken[p % k] = true }
        var free = (0..<k).filter { !taken[$0] }.makeIterator()
        for t in 0..<k where newLabel[t] < 0 { newLabel[t] = free.next()! }
        let old = owner
        var relabelled = Partition(problem: problem, graph: graph)
        relabelled.fixed = fixed
        for u in 0..<graph.count { relabelled.assign(u, to: newLabel[old[u]]) }
        self = relabelled
    }

    /// Whether this plan is closer to the band than `other`: a smaller maximum deviation beyond
    /// the tolerance, or, both within it, less workload moved from the current alignment.
    func exceedsTolerance(lessThan other: Partition) -> Bool {
        let mine = excessOverTolerance, theirs = other.excessOverTolerance
        if abs(mine - theirs) > 1e-12 { return mine < theirs }
        guard let current = problem.current else { return false }
        return disruption(from: current).weight < other.disruption(from: current).weight
    }
}

/// The state of the least-disruption search.
struct DisruptionSearch {
    var bestCost: Double
    var bestMoves: [(Int, Int)]?
    let budget: Int
    let deadline: Date
    var nodes = 0
    var stopped = false
    var path: [(Int, Int)] = []
    var moved: [Bool] = []
    /// Each territory's units on a border of the current alignment.
    var border: [[Int]] = []
    var upper: [Double] = [], lower: [Double] = []
    /// Units already considered at the node with this stamp.
    var mark: [Int] = []
    var stamp = 0
    var depthLimit = 0
    /// Sets of moves already searched (sorted unit/territory pairs), so that a set reached in
    /// another order is not searched again.
    var visited = Set<[Int]>()

    func key(adding u: Int, _ t: Int) -> [Int] {
        var key = path.map { $0.0 << 20 | $0.1 }
        key.append(u << 20 | t)
        key.sort()
        return key
    }
}
