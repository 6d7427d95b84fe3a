import Foundation
import GEOS

/// The nearest other stops of every stop, found with a k-d tree over points on the unit sphere.
///
/// Candidate lists are what make tour improvement fast (a move is only tried toward a stop's
/// near neighbours), so they need to rank neighbours well, not measure them: the chord between
/// two points on a sphere orders pairs as the geodesic does, except for differences far below
/// what matters for choosing candidates. Costs are measured separately by the caller.
struct NearestStops {
    private let xyz: [SIMD3<Double>]
    private let lon: [Double], lat: [Double]
    /// Point indices, arranged so that each subtree is a contiguous range split at its middle.
    private var order: [Int32]
    /// The splitting axis of the node at each middle index.
    private var axis: [UInt8]

    /// Builds the index over lon/lat points (degrees).
    init(_ points: [Coordinate]) {
        lon = points.map(\.x); lat = points.map(\.y)
        xyz = points.map { p in
            let lat = p.y * .pi / 180, lon = p.x * .pi / 180
            return SIMD3(cos(lat) * cos(lon), cos(lat) * sin(lon), sin(lat))
        }
        order = (0..<Int32(points.count)).map { $0 }
        axis = Array(repeating: 0, count: points.count)
        build(0, points.count)
    }

    private mutating func build(_ lo: Int, _ hi: Int) {
        guard hi - lo > 1 else { return }
        var lower = SIMD3<Double>(repeating: .infinity), upper = SIMD3<Double>(repeating: -.infinity)
        for i in lo..<hi {
            let p = xyz[Int(order[i])]
            lower = pointwiseMin(lower, p); upper = pointwiseMax(upper, p)
        }
        let extent = upper - lower
        let a = extent.x >= extent.y && extent.x >= extent.z ? 0 : (extent.y >= extent.z ? 1 : 2)
        let mid = (lo + hi) / 2
        let points = xyz
        order[lo..<hi].sort { points[Int($0)][a] < points[Int($1)][a] }
        axis[mid] = UInt8(a)
        build(lo, mid)
        build(mid + 1, hi)
    }

    /// The `k` stops nearest to stop `i` (itself excluded), nearest first.
    func nearest(to i: Int, k: Int) -> [Int32] {
        var best: [(d: Double, j: Int32)] = []
        best.reserveCapacity(k + 1)
        search(0, order.count, xyz[i], Int32(i), k, &best, quadrant: -1)
        return best.map(\.j)
    }

    /// The `k` stops nearest to stop `i` in each quadrant around it (north-east, north-west,
    /// south-west, south-east), nearest first within each. Nearest-neighbour lists alone never
    /// link two clusters (all of a town's neighbours are in the town); quadrant neighbours do,
    /// which is how a tour search can find the best way from one cluster or island to the next.
    func quadrantNearest(to i: Int, k: Int) -> [Int32] {
        var out: [Int32] = []
        for quadrant in 0..<4 {
            var best: [(d: Double, j: Int32)] = []
            search(0, order.count, xyz[i], Int32(i), k, &best, quadrant: quadrant)
            out += best.map(\.j)
        }
        return out
    }

    /// A tour search's candidates of stop `i`: its `k - k/2` nearest stops, then the nearest two
    /// of each quadrant not already listed, up to `k` in all, nearest first.
    func candidates(of i: Int, k: Int) -> [Int32] {
        var near = nearest(to: i, k: k - k / 2)
        for j in quadrantNearest(to: i, k: 2) where !near.contains(j) && near.count < k { near.append(j) }
        return near
    }

    /// The wider list a search on road times starts from, `2k` nearest stops and the nearest two
    /// of each quadrant: near on the map is not always near by road, so the route planner asks
    /// the road network for all of these and the directed search keeps the `k` quickest.
    func widenedCandidates(of i: Int, k: Int) -> [Int32] {
        var near = nearest(to: i, k: 2 * k)
        for j in quadrantNearest(to: i, k: 2) where !near.contains(j) { near.append(j) }
        return near
    }

    private func search(
        _ lo: Int, _ hi: Int, _ q: SIMD3<Double>, _ skip: Int32, _ k: Int,
        _ best: inout [(d: Double, j: Int32)], quadrant: Int
    ) {
        guard lo < hi else { return }
        let mid = (lo + hi) / 2
        let j = order[mid]
        let p = xyz[Int(j)]
        if j != skip, quadrant < 0 || inQuadrant(quadrant, of: Int(skip), Int(j)) {
            let d = ((p - q) * (p - q)).sum()
            if best.count < k || d < best[best.count - 1].d {
                // Sorted insertion: k is small (about ten).
                var at = best.count
                while at > 0, best[at - 1].d > d { at -= 1 }
                best.insert((d, j), at: at)
                if best.count > k { best.removeLast() }
            }
        }
        guard hi - lo > 1 else { return }
        let a = Int(axis[mid])
        let diff = q[a] - p[a]
        let (near, far) = diff < 0 ? ((lo, mid), (mid + 1, hi)) : ((mid + 1, hi), (lo, mid))
        search(near.0, near.1, q, skip, k, &best, quadrant: quadrant)
        if best.count < k || diff * diff < best[best.count - 1].d {
            search(far.0, far.1, q, skip, k, &best, quadrant: quadrant)
        }
    }

    /// Whether point `j` lies in quadrant `quadrant` (0 NE, 1 NW, 2 SW, 3 SE) around point `i`;
    /// each direction belongs to exactly one quadrant.
    @inline(__always)
    private func inQuadrant(_ quadrant: Int, of i: Int, _ j: Int) -> Bool {
        var dx = lon[j] - lon[i]
        if dx > 180 { dx -= 360 } else if dx < -180 { dx += 360 }
        let dy = lat[j] - lat[i]
        switch quadrant {
        case 0: return dx > 0 && dy >= 0
        case 1: return dx <= 0 && dy > 0
        case 2: return dx < 0 && dy <= 0
        default: return dx >= 0 && dy < 0
        }
    }
}
