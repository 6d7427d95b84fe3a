import Foundation

/// The least compact territory redesigned with its neighbours: the plan's territories around
/// the worst one are designed afresh as a small map of their own (every start of the search on
/// their units), and the result kept when the least compact of them becomes more compact.
///
/// Local moves cannot mend a territory whose shape is spoilt by two awkward units (the NC Outer
/// Banks counties, Dare and Currituck, each less compact than 0.1 alone): with a narrow band no
/// single move or pair recut separates them, since the territory that takes one must give back
/// workload elsewhere. A fresh design of the neighbourhood can.
extension Partition {
    /// Redesigns the least compact territory with the territories around it, `rounds` times
    /// (each time the then least compact), `starts` starts each, for neighbourhoods of at most
    /// `maxUnits` units (on larger maps the other phases leave the least compact territory far
    /// better off, and a start there costs a tenth of a second). Among the starts within the
    /// tolerance whose shapes keep the plan's mean Polsby-Popper within `meanSlack`, the one
    /// with the most compact least compact territory is taken; it is kept when the plan's least
    /// Polsby-Popper rises.
    mutating func redesignWorst(rounds: Int, starts: Int, maxUnits: Int, seed: UInt64, meanSlack: Double, until deadline: Date) {
        var tried = Set<Int>()
        for round in 0..<rounds {
            if Date() > deadline { return }
            guard let w = (0..<problem.k).filter({ !tried.contains($0) }).min(by: { pp($0) < pp($1) }) else { return }
            tried.insert(w)
            let group = [w] + territories(around: w)
            let units = (0..<graph.count).filter { group.contains(owner[$0]) }
            guard group.count >= 2, units.count <= maxUnits, !units.contains(where: { fixed[$0] }) else { continue }
            let sub = DesignProblem(part: problem, units: units, territories: group)
            let subGraph = DesignGraph(part: graph, units: units)
            // A candidate may lower the group's Polsby-Popper sum by what the slack allows the plan's mean.
            let sumBefore = group.reduce(0) { $0 + pp($1) }, floorSum = sumBefore - meanSlack * Double(problem.k)
            var best: Partition?
            for start in 0..<starts {
                if start > 0, Date() > deadline { break }
                let candidate = TerritoryDesigner.plan(
                    problem: sub, graph: subGraph, seed: seed &+ UInt64(1_000 * (round + 1) + start), deadline: deadline)
                guard candidate.maxDeviation <= sub.tolerance + 1e-12, candidate.meanPP * Double(group.count) >= floorSum else { continue }
                if best == nil || candidate.leastPP > best!.leastPP || (candidate.leastPP == best!.leastPP && candidate.meanPP > best!.meanPP) {
                    best = candidate
                }
            }
            guard let found = best, found.leastPP > group.map({ pp($0) }).min()! + 1e-12 else { continue }
            let meanBefore = meanPP, leastBefore = leastPP, old = units.map { owner[$0] }
            for (i, u) in units.enumerated() where owner[u] != group[found.owner[i]] { assign(u, to: group[found.owner[i]]) }
            if leastPP <= leastBefore + 1e-12 || meanPP < meanBefore - meanSlack || maxDeviation > problem.tolerance + 1e-12 || !allHeld(units) {
                for (u, o) in zip(units, old) where owner[u] != o { assign(u, to: o) }
            } else {
                tried.removeAll()
            }
        }
    }

    /// The least compact territory's Polsby-Popper.
    var leastPP: Double { (0..<problem.k).map { pp($0) }.min() ?? 0 }
}

extension DesignProblem {
    /// The part of a problem made of some of its territories and their units: the same targets,
    /// tolerance and fixed workloads; nothing locked (neighbourhoods holding a fixed unit are not
    /// redesigned).
    init(part problem: DesignProblem, units: [Int], territories: [Int]) {
        k = territories.count
        ids = territories.map { problem.ids[$0] }
        reps = territories.map { problem.reps[$0] }
        weights = units.map { problem.weights[$0] }
        targets = territories.map { problem.targets[$0] }
        tolerance = problem.tolerance
        locked = [Int](repeating: -1, count: units.count)
        homes = [Int?](repeating: nil, count: territories.count)
        current = nil
        offsets = territories.map { problem.offsets[$0] }
        allowed = problem.allowed.map { allowed in units.flatMap { u in territories.map { allowed[u * problem.k + $0] } } }
    }
}

extension DesignGraph {
    /// The graph of some of the units (their neighbours among them, borders and links kept).
    init(part graph: DesignGraph, units: [Int]) {
        var local = [Int: Int]()
        for (i, u) in units.enumerated() { local[u] = i }
        count = units.count
        var neighbours = [[Int]](repeating: [], count: units.count), borders = [[Double]](repeating: [], count: units.count)
        for (i, u) in units.enumerated() {
            for (k, v) in graph.neighbours[u].enumerated() {
                if let j = local[v] { neighbours[i].append(j); borders[i].append(graph.borders[u][k]) }
            }
        }
        self.neighbours = neighbours; self.borders = borders
        area = units.map { graph.area[$0] }; perimeter = units.map { graph.perimeter[$0] }
        x = units.map { graph.x[$0] }; y = units.map { graph.y[$0] }
        projection = graph.projection
    }
}
