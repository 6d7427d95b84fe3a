import Foundation
import GEOS
import PROJ

/// What the designer needs of the units, computed once: rook neighbours with shared border
/// lengths, geodesic areas and perimeters, and centroids in metres.
///
/// Islands: where the map itself is split (islands, exclaves), each group of units with no
/// shared border to the rest is linked to the nearest other group by one *virtual* border (of
/// length 0) between the two closest units, chosen along a minimum spanning tree of the groups'
/// centres. Contiguity is judged on the graph with these links, so an island joins the
/// territory of the nearest unit across the water, and a territory may hold an island only
/// together with that nearest unit or through another island linked to it.
struct DesignGraph: Sendable {
    let count: Int
    /// Neighbours of each unit (rook neighbours, then virtual links).
    var neighbours: [[Int]]
    /// Shared border length (m) for each entry of `neighbours` (0 for a virtual link).
    var borders: [[Double]]
    let area: [Double]
    let perimeter: [Double]
    let x: [Double], y: [Double]
    /// The projection of the centroids (local Lambert equal-area around the map's centre).
    let projection: CoordinateTransformer

    init(_ map: TerritoryMap) throws {
        let graph = try UnitGraph(map: map)
        count = map.count
        var neighbours = [[Int]](repeating: [], count: count), borders = [[Double]](repeating: [], count: count)
        for b in graph.rook {
            neighbours[b.a].append(b.b); borders[b.a].append(b.length)
            neighbours[b.b].append(b.a); borders[b.b].append(b.length)
        }
        var extent = map.territories[0].geometry.envelope!
        for t in map.territories { extent = extent.union(t.geometry.envelope!) }
        let centre = Coordinate(x: (extent.minX + extent.maxX) / 2, y: (extent.minY + extent.maxY) / 2)
        let projection = try wrapped { try CoordinateTransformer.localEqualArea(center: centre) }
        var area = [Double](), perimeter = [Double](), x = [Double](), y = [Double]()
        for t in map.territories {
            let (m, c) = try wrapped {
                (try Geodesic.wgs84.measure(t.geometry), try t.geometry.centroid().pointCoordinate ?? t.geometry.pointOnSurface().pointCoordinate)
            }
            area.append(m.area); perimeter.append(m.perimeter)
            let p = try wrapped { try projection.transform(c ?? centre) }
            x.append(p.x); y.append(p.y)
        }
        self.projection = projection
        self.area = area; self.perimeter = perimeter; self.x = x; self.y = y
        self.neighbours = neighbours; self.borders = borders
        linkComponents(graph.components)
    }

    /// Squared distance between two units' centroids (m²).
    @inline(__always) func distance2(_ a: Int, _ b: Int) -> Double {
        let dx = x[a] - x[b], dy = y[a] - y[b]
        return dx * dx + dy * dy
    }

    /// Links the components by a minimum spanning tree of their centres (Prim), each tree edge
    /// becoming one virtual border between the closest pair of units found from the centres.
    private mutating func linkComponents(_ components: [[Int]]) {
        let c = components.count
        guard c > 1 else { return }
        let centres = components.map { units -> (Double, Double) in
            let a = units.reduce(0) { $0 + max(area[$1], 1) }
            return (units.reduce(0) { $0 + x[$1] * max(area[$1], 1) } / a, units.reduce(0) { $0 + y[$1] * max(area[$1], 1) } / a)
        }
        var inTree = [Bool](repeating: false, count: c)
        var best = [Double](repeating: .infinity, count: c), from = [Int](repeating: -1, count: c)
        inTree[0] = true
        for k in 1..<c { best[k] = d2(centres[0], centres[k]); from[k] = 0 }
        for _ in 1..<c {
            var next = -1
            for k in 0..<c where !inTree[k] && (next < 0 || best[k] < best[next]) { next = k }
            inTree[next] = true
            link(components[from[next]], components[next], centres[from[next]], centres[next])
            for k in 0..<c where !inTree[k] {
                let d = d2(centres[next], centres[k])
                if d < best[k] { best[k] = d; from[k] = next }
            }
        }
    }

    private func d2(_ a: (Double, Double), _ b: (Double, Double)) -> Double { (a.0 - b.0) * (a.0 - b.0) + (a.1 - b.1) * (a.1 - b.1) }

    private mutating func link(_ a: [Int], _ b: [Int], _ ca: (Double, Double), _ cb: (Double, Double)) {
        // The unit of `a` nearest to b's centre, then the unit of `b` nearest to it.
        let u = a.min { d2((x[$0], y[$0]), cb) < d2((x[$1], y[$1]), cb) }!
        let v = b.min { distance2(u, $0) < distance2(u, $1) }!
        neighbours[u].append(v); borders[u].append(0)
        neighbours[v].append(u); borders[v].append(0)
    }
}
