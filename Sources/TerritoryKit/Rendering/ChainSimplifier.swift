import Foundation

/// Simplifies a coverage's border chains together: Douglas-Peucker on each chain (its end
/// points, the junctions, stay), then a check that no simplified chain meets another chain (or
/// itself) anywhere but at shared end points; chains caught in such a contact go back to their
/// original vertices and the check runs again until none is left. The original chains meet only
/// at their ends, so the result does too: rings rebuilt from the chains stay simple and
/// neighbours stay edge to edge.
///
/// This replaces GEOS's topology-preserving simplifier for drawing: the same guarantee, but
/// on flat arrays (GEOS builds a geometry, an index and a copy per chain: 200 MB and 1.5 s for
/// the 500,000 borders of a 40,000-unit national coverage).
enum ChainSimplifier {
    /// `chains` simplified to within `tolerance` (planar units).
    static func simplify(_ chains: CoverageSimplifier.Chains, tolerance: Double) -> CoverageSimplifier.Chains {
        let count = chains.start.count - 1
        guard count > 0 else { return chains }
        var kept = [[Int]](repeating: [], count: count)  // indices into each chain, per chain
        var changed = [Bool](repeating: false, count: count)
        var keep: [Bool] = []
        for i in 0..<count {
            let c = chains.coordinates[chains.start[i]..<chains.start[i + 1]]
            kept[i] = douglasPeucker(c, tolerance: tolerance, scratch: &keep)
            changed[i] = kept[i].count < c.count
        }
        // Contacts: revert the chains involved, then look again (a reverted chain is where it
        // was, but a simplified neighbour may now meet it). Only the reverted chains need
        // probing then: two chains still simplified were already probed as they are, and
        // chains at their original vertices meet only at their ends.
        var probe = changed
        for _ in 0..<8 {
            var reverted = [Bool](repeating: false, count: count), any = false
            for i in contacts(chains, kept: kept, probe: probe) where changed[i] {
                kept[i] = Array(0..<(chains.start[i + 1] - chains.start[i]))
                changed[i] = false
                reverted[i] = true
                any = true
            }
            if !any { break }
            probe = reverted
        }
        var out = CoverageSimplifier.Chains()
        out.coordinates.reserveCapacity(kept.reduce(0) { $0 + $1.count })
        for i in 0..<count {
            for k in kept[i] { out.coordinates.append(chains.coordinates[chains.start[i] + k]) }
            out.start.append(out.coordinates.count)
        }
        return out
    }

    /// The indices (from 0) of the vertices of `line` that Douglas-Peucker keeps at `tolerance`:
    /// both ends always; a closed line (first = last) also its vertex farthest from the start,
    /// so it keeps an area.
    static func douglasPeucker(_ line: ArraySlice<Coordinate>, tolerance: Double, scratch keep: inout [Bool]) -> [Int] {
        let n = line.count, base = line.startIndex
        guard n > 2 else { return Array(0..<n) }
        keep.removeAll(keepingCapacity: true)
        keep.append(contentsOf: repeatElement(false, count: n))
        keep[0] = true; keep[n - 1] = true
        var stack: [(Int, Int)] = []
        if line[base] == line[base + n - 1] {
            var far = 1, farthest = -1.0
            for k in 1..<n - 1 {
                let dx = line[base + k].x - line[base].x, dy = line[base + k].y - line[base].y
                if dx * dx + dy * dy > farthest { farthest = dx * dx + dy * dy; far = k }
            }
            keep[far] = true
            stack = [(0, far), (far, n - 1)]
        } else {
            stack = [(0, n - 1)]
        }
        let limit = tolerance * tolerance
        while let (a, b) = stack.popLast() {
            guard b - a > 1 else { continue }
            var worst = a, distance = -1.0
            for k in a + 1..<b {
                let d = squaredDistance(line[base + k], line[base + a], line[base + b])
                if d > distance { distance = d; worst = k }
            }
            if distance > limit {
                keep[worst] = true
                stack.append((a, worst))
                stack.append((worst, b))
            }
        }
        return (0..<n).filter { keep[$0] }
    }

    /// Squared distance from `p` to segment a–b.
    static func squaredDistance(_ p: Coordinate, _ a: Coordinate, _ b: Coordinate) -> Double {
        let dx = b.x - a.x, dy = b.y - a.y
        let length2 = dx * dx + dy * dy
        var t = length2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / length2 : 0
        t = max(0, min(1, t))
        let ex = a.x + t * dx - p.x, ey = a.y + t * dy - p.y
        return ex * ex + ey * ey
    }

    /// The chains (simplified as `kept`) in a contact that involves a `probe` chain's segment:
    /// two segments meeting anywhere but at an end point both have (and, there, overlapping
    /// along a line). Segments are bucketed on a grid sized to their mean length; the few whose box
    /// spans more than 64 cells (a long straight border among small units) are kept in a list of
    /// their own that every probe checks, so that no segment is spread over thousands of cells.
    static func contacts(_ chains: CoverageSimplifier.Chains, kept: [[Int]], probe: [Bool]) -> Set<Int> {
        guard probe.contains(true) else { return [] }
        // Segments: chain, and its two ends (sized exactly: this is where drawing a large map
        // peaks in memory).
        var owner: [Int32] = [], a: [Coordinate] = [], b: [Coordinate] = []
        let segmentCount = kept.reduce(0) { $0 + max(0, $1.count - 1) }
        owner.reserveCapacity(segmentCount); a.reserveCapacity(segmentCount); b.reserveCapacity(segmentCount)
        var minX = Double.infinity, minY = Double.infinity, maxX = -Double.infinity, maxY = -Double.infinity, total = 0.0
        for (i, k) in kept.enumerated() {
            let base = chains.start[i]
            for (p, q) in zip(k, k.dropFirst()) {
                let s = chains.coordinates[base + p], e = chains.coordinates[base + q]
                owner.append(Int32(i)); a.append(s); b.append(e)
                minX = min(minX, s.x, e.x); minY = min(minY, s.y, e.y); maxX = max(maxX, s.x, e.x); maxY = max(maxY, s.y, e.y)
                total += abs(e.x - s.x) + abs(e.y - s.y)
            }
        }
        let n = owner.count
        guard n > 1 else { return [] }
        let cell = max(2 * total / Double(n), (maxX - minX + maxY - minY) / 4096, .leastNormalMagnitude)
        let columns = Int((maxX - minX) / cell) + 1
        func span(_ s: Int) -> (x0: Int, x1: Int, y0: Int, y1: Int) {
            (
                Int((min(a[s].x, b[s].x) - minX) / cell), Int((max(a[s].x, b[s].x) - minX) / cell),
                Int((min(a[s].y, b[s].y) - minY) / cell), Int((max(a[s].y, b[s].y) - minY) / cell)
            )
        }
        func isLong(_ s: Int) -> Bool {
            let r = span(s)
            return (r.x1 - r.x0 + 1) * (r.y1 - r.y0 + 1) > 64
        }
        func cells(_ s: Int, _ body: (Int) -> Void) {
            let r = span(s)
            for y in r.y0...r.y1 { for x in r.x0...r.x1 { body(y * columns + x) } }
        }
        // Bucket every segment but the long ones: (cell, segment) pairs sorted by cell.
        var pairs: [(cell: Int, segment: Int32)] = []
        var long: [Int] = []
        pairs.reserveCapacity(2 * n)
        for s in 0..<n {
            if isLong(s) { long.append(s) } else { cells(s) { pairs.append(($0, Int32(s))) } }
        }
        pairs.sort { $0.cell < $1.cell }
        var firstOfCell: [Int: Int] = [:]
        for (k, p) in pairs.enumerated() where k == 0 || pairs[k - 1].cell != p.cell { firstOfCell[p.cell] = k }
        var caught = Set<Int>()
        var seen = [Int32](repeating: -1, count: n)
        func check(_ s: Int, _ t: Int) {
            if t == s || seen[t] == Int32(s) { return }
            seen[t] = Int32(s)
            if meet(a[s], b[s], a[t], b[t]) {
                caught.insert(Int(owner[s]))
                caught.insert(Int(owner[t]))
            }
        }
        for s in 0..<n where probe[Int(owner[s])] {
            if isLong(s) {
                for t in 0..<n { check(s, t) }  // a long probe: against every segment
                continue
            }
            cells(s) { c in
                guard var k = firstOfCell[c] else { return }
                while k < pairs.count, pairs[k].cell == c {
                    check(s, Int(pairs[k].segment))
                    k += 1
                }
            }
            for t in long { check(s, t) }
        }
        // A long segment that is no probe's may still be touched by a long probe: covered above
        // (long probes check every segment); by a short probe: covered by the long list.
        return caught
    }

    /// Whether two segments of the drawing meet other than at a shared end point.
    static func meet(_ p: Coordinate, _ q: Coordinate, _ r: Coordinate, _ s: Coordinate) -> Bool {
        switch (p == r || p == s, q == r || q == s) {
        case (true, true): return true  // the same segment twice
        case (true, false): return SegmentIntersection.overlapBeyondSharedEnd(p, q, p == r ? s : r)
        case (false, true): return SegmentIntersection.overlapBeyondSharedEnd(q, p, q == r ? s : r)
        case (false, false): return SegmentIntersection.closedSegmentsMeet(p, q, r, s)
        }
    }
}
