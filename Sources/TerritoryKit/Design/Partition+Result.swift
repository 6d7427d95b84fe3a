import Foundation
import GEOS

/// The finished plan: territory polygons, deviations, compactness, what moved, and whether
/// the tolerance holds (or why it cannot).
extension Partition {
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
        return .searchStoppedShort(deviation: maxDeviation, tolerance: tol)
    }
}
