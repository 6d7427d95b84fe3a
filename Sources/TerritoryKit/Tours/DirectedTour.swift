import Foundation
import GEOS

/// Improves a closed tour under a directed cost, where going from a to b may cost more or less
/// than coming back (one-way streets, turn restrictions, hills): road times from a routing engine.
///
/// ``TourSolver`` searches on symmetric costs, which is what makes its reversals cheap; on road
/// times it is given the mean of both directions and finds the tour's shape. This search then
/// treats direction exactly: every move's gain is the change in directed cost, including what
/// reversing a stretch of the tour does to the stretch itself (read from prefix sums of the
/// forward and backward costs, so a 2-opt move is priced in constant time). Moves: 2-opt in its
/// four directed forms along each stop's candidate list, and Or-opt (runs of one to three stops,
/// kept or reversed, between a candidate and its neighbour); then an iterated local search whose
/// kick is the double bridge (A B C D → A C B D), which reverses nothing and so suits directed
/// costs. Exhaustive up to nine stops.
///
/// An accepted move rebuilds the positions and prefix sums it changed (linear in the stops), which
/// is cheap for territory-sized tours (hundreds of stops) and bounds the effort spent on kicks.
enum DirectedTour {
    /// The order of `stops` improved from `order` (a closed tour starting at `start`) under the
    /// directed `cost(i, j)`, turned to begin at `start`. Stop locations choose the candidates.
    static func improve(
        _ order: [Int], stops: [Coordinate], start: Int, options: TourOptions, cost: (Int, Int) -> Double
    ) -> [Int] {
        let n = order.count
        guard n > 2 else { return order }
        if n <= 9 { return TourSolver.rotated(TourSolver.exhaustive(n, directed: true, cost: cost), start: start) }
        let result = withoutActuallyEscaping(cost) { cost -> [Int] in
            let search = DirectedTourSearch(order, stops: stops, options: options, cost: cost)
            search.run()
            return search.order
        }
        return TourSolver.rotated(result, start: start)
    }
}

/// The state of one directed search: the tour as an array, each stop's position, prefix sums of
/// the forward and backward costs along the array, candidate lists, a work queue.
///
/// As in ``TourSearch``, the per-stop tables are raw buffers owned by this object and freed with
/// it (the search reads them millions of times; arrays in a class pay exclusivity and uniqueness
/// checks on each access). Every index is a stop or a position (0..<n) or a candidate slot
/// (0..<n·k), in range by construction; the object never leaves the one `improve` that made it.
final class DirectedTourSearch {
    let n: Int
    private let tour: UnsafeMutableBufferPointer<Int32>
    private let pos: UnsafeMutableBufferPointer<Int32>
    /// `forward[p]` is the cost of going along the array from position 0 to position p;
    /// `backward[p]` the cost of the same stretch walked the other way (p back to 0).
    private let forward: UnsafeMutableBufferPointer<Double>, backward: UnsafeMutableBufferPointer<Double>
    /// The state before a kick, put back when the kick does not pay.
    private let savedTour: UnsafeMutableBufferPointer<Int32>, savedPos: UnsafeMutableBufferPointer<Int32>
    private let savedForward: UnsafeMutableBufferPointer<Double>, savedBackward: UnsafeMutableBufferPointer<Double>
    private let k: Int
    private let candidates: UnsafeMutableBufferPointer<Int32>
    /// The cheaper direction between each stop and each candidate, in the same slots.
    private let candidateCosts: UnsafeMutableBufferPointer<Double>
    private let costs: DirectedCosts
    private let options: TourOptions
    private var queue: [Int32] = []
    private let queued: UnsafeMutableBufferPointer<Bool>
    private(set) var length = 0.0
    private let epsilon = 1e-9

    /// The tour, as stop indices.
    var order: [Int] { tour.map(Int.init) }

    init(_ order: [Int], stops: [Coordinate], options: TourOptions, cost: @escaping (Int, Int) -> Double) {
        n = order.count
        self.options = options
        k = max(1, min(options.neighbours, n - 1))
        costs = DirectedCosts(n, candidatesPerStop: k, measure: cost)
        tour = .allocate(capacity: n)
        _ = tour.initialize(from: order.map { Int32($0) })
        pos = .allocate(capacity: n); pos.initialize(repeating: 0)
        forward = .allocate(capacity: n); forward.initialize(repeating: 0)
        backward = .allocate(capacity: n); backward.initialize(repeating: 0)
        savedTour = .allocate(capacity: n); savedTour.initialize(repeating: 0)
        savedPos = .allocate(capacity: n); savedPos.initialize(repeating: 0)
        savedForward = .allocate(capacity: n); savedForward.initialize(repeating: 0)
        savedBackward = .allocate(capacity: n); savedBackward.initialize(repeating: 0)
        queued = .allocate(capacity: n); queued.initialize(repeating: false)
        candidates = .allocate(capacity: n * k); candidates.initialize(repeating: -1)
        candidateCosts = .allocate(capacity: n * k); candidateCosts.initialize(repeating: .infinity)
        let index = NearestStops(stops)
        for s in 0..<n {
            // Stops near on the map may be far by road (a one-way loop, a hairpin): of the widened
            // list, keep those cheapest to reach or to come from.
            let ranked = index.widenedCandidates(of: s, k: k).map { j in (j, min(costs.cost(Int32(s), j), costs.cost(j, Int32(s)))) }.sorted {
                $0.1 < $1.1
            }
            for (m, (j, c)) in ranked.prefix(k).enumerated() { candidates[s * k + m] = j; candidateCosts[s * k + m] = c }
        }
        for q in 0..<n { pos[Int(tour[q])] = Int32(q) }
        rebuild(0, n - 1)
    }

    deinit {
        for buffer in [tour, pos, savedTour, savedPos, candidates] { buffer.deallocate() }
        for buffer in [forward, backward, savedForward, savedBackward, candidateCosts] { buffer.deallocate() }
        queued.deallocate()
    }

    @inline(__always) private func c(_ a: Int32, _ b: Int32) -> Double { a == b ? 0 : costs.cost(a, b) }
    @inline(__always) private func at(_ p: Int) -> Int32 { tour[p < 0 ? p + n : (p >= n ? p - n : p)] }

    /// Positions and prefix sums after the stops at positions `lo...hi` changed (the others kept
    /// their places): sums are measured anew up to the first kept edge, and the rest of each sum
    /// moves by the same amount.
    private func rebuild(_ lo: Int, _ hi: Int) {
        for q in lo...hi { pos[Int(tour[q])] = Int32(q) }
        let end = min(hi + 1, n - 1)
        let oldForward = forward[end], oldBackward = backward[end]
        for q in max(1, lo)...max(1, end) where q < n {
            forward[q] = forward[q - 1] + c(tour[q - 1], tour[q])
            backward[q] = backward[q - 1] + c(tour[q], tour[q - 1])
        }
        let shiftForward = forward[end] - oldForward, shiftBackward = backward[end] - oldBackward
        if end + 1 < n, shiftForward != 0 || shiftBackward != 0 {
            for q in (end + 1)..<n { forward[q] += shiftForward; backward[q] += shiftBackward }
        }
        length = forward[n - 1] + c(tour[n - 1], tour[0])
    }

    /// Takes `new` as the tour, rebuilding only where it differs from the current one.
    private func replaceTour(with new: [Int32]) {
        var lo = 0, hi = n - 1
        while lo < n, new[lo] == tour[lo] { lo += 1 }
        guard lo < n else { return }
        while new[hi] == tour[hi] { hi -= 1 }
        for q in lo...hi { tour[q] = new[q] }
        rebuild(lo, hi)
    }

    /// Improves the tour: local search to an optimum, then kicks.
    func run() {
        for s in tour { push(s) }
        improve()
        var rng = SplitMix64(seed: options.seed)
        // Four times TourSearch's kicks (measured on Monaco's road times against LKH-3: the
        // default effort lands within 2%, docs/workload.md), capped for very large territories.
        let kicks = min(4 * TourSearch.kicks(stops: n, perStop: options.kicksPerStop), max(800, 40_000_000 / n))
        let maxSegment = max(1, min(50, (n - 2) / 3))
        for _ in 0..<kicks {
            let before = length
            _ = savedTour.update(fromContentsOf: tour); _ = savedPos.update(fromContentsOf: pos)
            _ = savedForward.update(fromContentsOf: forward); _ = savedBackward.update(fromContentsOf: backward)
            kick(&rng, maxSegment: maxSegment)
            improve()
            if length >= before - epsilon {
                _ = tour.update(fromContentsOf: savedTour); _ = pos.update(fromContentsOf: savedPos)
                _ = forward.update(fromContentsOf: savedForward); _ = backward.update(fromContentsOf: savedBackward)
                length = before
            }
        }
    }

    private func push(_ s: Int32) {
        guard !queued[Int(s)] else { return }
        queued[Int(s)] = true
        queue.append(s)
    }

    private func improve() {
        while let s = queue.popLast() {
            queued[Int(s)] = false
            if twoOpt(s) || orOpt(s) || segmentSwap(s) { push(s) }
        }
    }

    // MARK: 2-opt

    /// The directed gain of reversing positions u...v (0 ≤ u < v ≤ n-1, not the whole tour).
    @inline(__always)
    private func reversalDelta(_ u: Int, _ v: Int) -> Double {
        let p = at(u - 1), q = at(v + 1), first = tour[u], last = tour[v]
        let inner = (backward[v] - backward[u]) - (forward[v] - forward[u])
        return c(p, last) + c(first, q) - c(p, first) - c(last, q) + inner
    }

    private func reverse(_ u: Int, _ v: Int) {
        var a = u, b = v
        while a < b { (tour[a], tour[b]) = (tour[b], tour[a]); a += 1; b -= 1 }
        rebuild(u, v)
    }

    /// The first improving reversal that makes `a` and one of its candidates consecutive.
    private func twoOpt(_ a: Int32) -> Bool {
        let i = Int(pos[Int(a)])
        for m in 0..<k {
            let cand = candidates[Int(a) * k + m]
            if cand < 0 { break }
            let j = Int(pos[Int(cand)])
            // a → cand when cand is later, cand → a when it is earlier; two reversals each.
            for variant in 0..<2 {
                let (u, v) = j > i ? (variant == 0 ? (i + 1, j) : (i, j - 1)) : (variant == 0 ? (j, i - 1) : (j + 1, i))
                guard u < v, !(u == 0 && v == n - 1) else { continue }
                if reversalDelta(u, v) < -epsilon {
                    let (p, first, last, q) = (at(u - 1), tour[u], tour[v], at(v + 1))
                    reverse(u, v)
                    push(p); push(first); push(last); push(q)
                    return true
                }
            }
        }
        return false
    }

    // MARK: Or-opt

    /// The first improving move of a run of one to three stops starting or ending at `a` to
    /// between a candidate of its ends and that candidate's neighbour, kept or reversed.
    private func orOpt(_ a: Int32) -> Bool {
        let longest = min(3, n - 3)
        guard longest >= 1 else { return false }
        let i = Int(pos[Int(a)])
        for count in 1...longest {
            for side in 0..<(count == 1 ? 1 : 2) {
                let first = side == 0 ? i : i - count + 1  // the run's first position, unwrapped
                let start = first < 0 ? first + n : first
                // Whether stop s is in the run: its position counted from the run's first.
                @inline(__always) func inRun(_ s: Int32) -> Bool {
                    let d = Int(pos[Int(s)]) - start
                    return (d < 0 ? d + n : d) < count
                }
                let s1 = at(first), s2 = at(first + count - 1)
                let p = at(first - 1), q = at(first + count)
                var inside = 0.0, reversedInside = 0.0
                for r in 0..<(count - 1) {
                    let u = at(first + r), v = at(first + r + 1)
                    inside += c(u, v); reversedInside += c(v, u)
                }
                let removal = c(p, s1) + c(s2, q) - c(p, q)
                if removal <= epsilon { continue }
                for endIndex in 0..<2 {
                    let end = endIndex == 0 ? s1 : s2
                    for m in 0..<k {
                        let cand = candidates[Int(end) * k + m]
                        if cand < 0 { break }
                        // The gain criterion: a new edge at the run's end dearer than what taking
                        // the run out saves rarely pays (candidates are sorted by that cost).
                        if candidateCosts[Int(end) * k + m] >= removal - epsilon { break }
                        if inRun(cand) { continue }
                        for place in 0..<2 {
                            let x = place == 0 ? cand : at(Int(pos[Int(cand)]) - 1)
                            let y = place == 0 ? at(Int(pos[Int(cand)]) + 1) : cand
                            if inRun(x) || inRun(y) { continue }
                            let xy = c(x, y)
                            let kept = c(x, s1) + c(s2, y) - xy
                            let flipped = c(x, s2) + c(s1, y) - xy + reversedInside - inside
                            let insertion = min(kept, flipped)
                            if insertion < removal - epsilon {
                                move(run: (0..<count).map { at(first + $0) }, after: x, reversed: flipped < kept)
                                push(p); push(q); push(x); push(y); push(s1); push(s2)
                                return true
                            }
                        }
                    }
                }
            }
        }
        return false
    }

    /// Takes the run out and puts it back after `x`, reversed or not.
    private func move(run: [Int32], after x: Int32, reversed: Bool) {
        var out: [Int32] = []
        out.reserveCapacity(n)
        for s in tour where !run.contains(s) {
            out.append(s)
            if s == x { out += reversed ? run.reversed() : run }
        }
        replaceTour(with: out)
    }

    // MARK: Segment swap (orientation-preserving 3-opt)

    /// The first improving exchange of two consecutive stretches after `a`, neither reversed:
    /// a [a'..b] [b'..c] c' becomes a [b'..c] [a'..b] c', the new edges a → b' and b → c' to
    /// candidates (and c → a'). Or-opt is the case of a short first stretch; this one moves
    /// stretches of any length, which is what directed tours need most (no reversal is free).
    private func segmentSwap(_ a: Int32) -> Bool {
        let pa = Int(pos[Int(a)])
        let a2 = at(pa + 1)
        let aa2 = c(a, a2)
        // Positions counted from a, so that "after" holds across the array's end.
        @inline(__always) func offset(_ s: Int32) -> Int { let d = Int(pos[Int(s)]) - pa; return d < 0 ? d + n : d }
        for m in 0..<k {
            let b2 = candidates[Int(a) * k + m]
            if b2 < 0 { break }
            let g1 = aa2 - c(a, b2)
            if g1 <= epsilon { continue }
            let ob2 = offset(b2)
            if ob2 < 2 { continue }  // b' must leave a non-empty [a'..b]
            let b = at(pa + ob2 - 1)
            let g2base = g1 + c(b, b2)
            for m2 in 0..<k {
                let c2 = candidates[Int(b) * k + m2]
                if c2 < 0 { break }
                let g2 = g2base - c(b, c2)
                if g2 <= epsilon { continue }
                let oc2 = offset(c2)
                // c' after b', so that [b'..c] is not empty (c' = a, offset 0, is not tried).
                guard oc2 > ob2 else { continue }
                let cs = at(pa + oc2 - 1)
                let gain = g2 + c(cs, c2) - c(cs, a2)
                if gain > epsilon {
                    var new: [Int32] = []
                    new.reserveCapacity(n)
                    new.append(a)
                    for o in ob2..<oc2 { new.append(at(pa + o)) }
                    for o in 1..<ob2 { new.append(at(pa + o)) }
                    for o in oc2..<n { new.append(at(pa + o)) }
                    // Keep a where it was, so that only the swapped stretches count as changed.
                    var placed = [Int32](repeating: 0, count: n)  // one allocation per accepted move
                    for (o, s) in new.enumerated() { placed[(pa + o) % n] = s }
                    replaceTour(with: placed)
                    for s in [a, a2, b, b2, cs, c2] { push(s) }
                    return true
                }
            }
        }
        return false
    }

    // MARK: Kick

    /// A double bridge on nearby positions: A B C D becomes A C B D (B and C short runs), which
    /// keeps every stretch's direction.
    private func kick(_ rng: inout SplitMix64, maxSegment: Int) {
        guard n >= 8 else { return }
        let lengthB = 1 + Int(rng.next() % UInt64(maxSegment)), lengthC = 1 + Int(rng.next() % UInt64(maxSegment))
        // tour[start] is A's last stop; B and C follow it, and D's first stop follows C.
        let start = Int(rng.next() % UInt64(n - lengthB - lengthC - 1))
        let b = Array(tour[(start + 1)...(start + lengthB)]), cRun = Array(tour[(start + lengthB + 1)...(start + lengthB + lengthC)])
        let touched = [tour[start], b[0], b[lengthB - 1], cRun[0], cRun[lengthC - 1], at(start + lengthB + lengthC + 1)]
        for (o, s) in (cRun + b).enumerated() { tour[start + 1 + o] = s }
        rebuild(start + 1, start + lengthB + lengthC)
        for s in touched { push(s) }
    }
}

/// Directed costs of one search, memoised: a lazily filled n × n table for territory-sized tours
/// (up to 2,048 stops, 32 MB), a bounded hash memo beyond. Owned by one search on one thread.
final class DirectedCosts {
    private let n: Int
    private let table: UnsafeMutableBufferPointer<Double>?
    private let cache: PairCostCache<DirectedPairs>?
    private let measure: (Int, Int) -> Double

    init(_ n: Int, candidatesPerStop k: Int, measure: @escaping (Int, Int) -> Double) {
        self.n = n
        self.measure = measure
        if n <= 2048 {
            let table = UnsafeMutableBufferPointer<Double>.allocate(capacity: n * n)
            table.initialize(repeating: -1)  // costs are >= 0: -1 marks "not measured yet"
            self.table = table
            cache = nil
        } else {
            table = nil
            cache = PairCostCache<DirectedPairs>(capacity: min(1 << 22, max(1 << 12, n * k * 64)), measure: measure)
        }
    }

    deinit { table?.deallocate() }

    @inline(__always)
    func cost(_ a: Int32, _ b: Int32) -> Double {
        guard let table else { return cache!.cost(a, b) }
        let slot = Int(a) * n + Int(b)
        let known = table[slot]
        if known >= 0 { return known }
        let value = measure(Int(a), Int(b))
        table[slot] = value
        return value
    }
}
