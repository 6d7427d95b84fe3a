import Foundation
import GEOS

/// The tour engine: one search over a closed tour, for symmetric costs and directed ones alike
/// (``TourCosts``). `route`, `design`'s routed workload and the call-cycle scheduler's route
/// polish all run it through ``TourSolver``.
///
/// The tour is an array with each stop's position, changed only by reversals of a run of
/// positions, which a journal records so that a kick that does not pay is undone at the cost of
/// what it changed. Moves: 2-opt and Or-opt (runs of one to three stops, kept or reversed) along
/// each stop's candidate list, with a work queue of stops to look at again; then an iterated local
/// search of double-bridge kicks on nearby positions.
///
/// Under a symmetric cost a reversal may turn the other side of the tour instead (the same cycle),
/// whichever is shorter. Under a directed cost a reversal is priced with what it does to the run
/// itself, read from prefix sums of each edge's backward-minus-forward cost, so that a 2-opt move
/// is priced in constant time; 2-opt is tried in its four directed forms, and a segment swap
/// (two neighbouring stretches exchanged, neither reversed) is added, because on road times no
/// reversal is free.
///
/// The per-stop tables are raw buffers owned by this object and freed with it: the search
/// reads and writes them some hundred million times on a large territory, and Swift arrays
/// held by a mutated value pay a uniqueness check per write and a bounds check per read.
/// Every index is a stop (0..<n), a position (0..<n, or 0...n for the sums) or a candidate slot
/// (0..<n·k), kept in range by construction; the object never leaves the thread of the one
/// solve that made it.
final class TourSearch<Costs: TourCosts> {
    let n: Int
    /// `tour[p]` is the stop at position p; `pos[s]` is the position of stop s.
    private(set) var tour: UnsafeMutableBufferPointer<Int32>
    private let pos: UnsafeMutableBufferPointer<Int32>
    private let k: Int
    /// Stop s's candidates are `candidates[s*k ..< s*k+k]`, cheapest first (fewer when n is small,
    /// padded with -1).
    private let candidates: UnsafeMutableBufferPointer<Int32>
    /// The cost from each stop to each of its candidates (directed: the cheaper way), in the same slots.
    private let candidateCosts: UnsafeMutableBufferPointer<Double>
    /// `edgeCost[p]` is the cost of the tour's edge from position p to position p+1.
    private let edgeCost: UnsafeMutableBufferPointer<Double>
    /// Directed costs only (empty otherwise): `backCost[p]` is the cost of the same edge walked
    /// from p+1 to p, and `reversalSums[p]` is the sum of `backCost[q] - edgeCost[q]` for q < p.
    private let backCost: UnsafeMutableBufferPointer<Double>
    private let reversalSums: UnsafeMutableBufferPointer<Double>
    private let costs: Costs
    private let options: TourOptions
    /// Reversals (start position, length) made since the last accepted tour.
    private var journal: [(Int32, Int32)] = []
    private let queue: UnsafeMutableBufferPointer<Int32>
    private var queueHead = 0, queueCount = 0
    private let queued: UnsafeMutableBufferPointer<Bool>
    /// The tour's length, kept up to date move by move.
    private(set) var length = 0.0
    private let epsilon = 1e-9

    /// A search of `stops` under `cost`, starting from `order` (stop indices) or, without one,
    /// from the stops' Hilbert-curve order.
    init(_ stops: [Coordinate], from order: [Int]? = nil, options: TourOptions, cost: @escaping (Int, Int) -> Double) {
        n = stops.count
        self.options = options
        k = max(1, min(options.neighbours, n - 1))
        costs = Costs(stops: n, candidatesPerStop: k, measure: cost)
        queue = .allocate(capacity: n); queue.initialize(repeating: 0)
        queued = .allocate(capacity: n); queued.initialize(repeating: false)
        tour = .allocate(capacity: n)
        _ = tour.initialize(from: order.map { $0.map { Int32($0) } } ?? HilbertOrder.of(stops))
        pos = .allocate(capacity: n); pos.initialize(repeating: 0)
        for (p, s) in tour.enumerated() { pos[Int(s)] = Int32(p) }
        candidates = .allocate(capacity: n * k); candidates.initialize(repeating: -1)
        candidateCosts = .allocate(capacity: n * k); candidateCosts.initialize(repeating: .infinity)
        edgeCost = .allocate(capacity: n); edgeCost.initialize(repeating: 0)
        backCost = .allocate(capacity: Costs.isDirected ? n : 0); backCost.initialize(repeating: 0)
        reversalSums = .allocate(capacity: Costs.isDirected ? n + 1 : 0); reversalSums.initialize(repeating: 0)
        let index = NearestStops(stops)
        for s in 0..<n {
            let ranked: [(Int32, Double)]
            if Costs.isDirected {
                // Stops near on the map may be far by road (a one-way loop, a hairpin): of a
                // widened list, keep those cheapest to reach or to come from.
                ranked = index.widenedCandidates(of: s, k: k).map { j in (j, min(d(Int32(s), j), d(j, Int32(s)))) }.sorted { $0.1 < $1.1 }
            } else {
                // Half the list is the nearest stops, the rest the nearest two of each quadrant not
                // already listed (quality measured against LKH-3 in docs/workload.md: with nearest
                // stops only, tours of a region with islands stayed 3-4% longer).
                ranked = index.candidates(of: s, k: k).map { ($0, d(Int32(s), $0)) }.sorted { $0.1 < $1.1 }
            }
            for (m, (j, c)) in ranked.prefix(k).enumerated() { candidates[s * k + m] = j; candidateCosts[s * k + m] = c }
        }
        for p in 0..<n {
            edgeCost[p] = d(tour[p], tour[next(p)]); length += edgeCost[p]
            if Costs.isDirected { backCost[p] = d(tour[next(p)], tour[p]) }
        }
        if Costs.isDirected { sumReversals(from: 0) }
    }

    deinit {
        for buffer in [tour, pos, candidates, queue] { buffer.deallocate() }
        queued.deallocate()
        for buffer in [candidateCosts, edgeCost, backCost, reversalSums] { buffer.deallocate() }
    }

    /// Improves the tour: local search to a first optimum, then kicks.
    func run() {
        for s in 0..<n { push(tour[s]) }
        improve()
        journal.removeAll()
        var rng = SplitMix64(seed: options.seed)
        var kicks = TourSolver.kicks(stops: n, perStop: options.kicksPerStop)
        // Directed: four times the kicks (measured on Monaco's road times against LKH-3, the
        // default effort then lands within 2%, docs/workload.md), capped for very large tours.
        if Costs.isDirected { kicks = min(4 * kicks, max(800, 40_000_000 / n)) }
        let maxSegment = max(1, min(50, (n - 2) / 3))
        for _ in 0..<kicks {
            let before = length
            kick(&rng, maxSegment: maxSegment)
            improve()
            if length < before - epsilon {
                journal.removeAll(keepingCapacity: true)
            } else {
                undo()
                length = before
            }
        }
    }

    // MARK: Costs and neighbours

    @inline(__always)
    private func d(_ a: Int32, _ b: Int32) -> Double {
        a == b ? 0 : costs.cost(a, b)
    }

    /// The stop at position p, for any p in -n..<2n.
    @inline(__always) private func at(_ p: Int) -> Int32 { tour[p < 0 ? p + n : (p >= n ? p - n : p)] }

    @inline(__always) private func next(_ p: Int) -> Int { p + 1 == n ? 0 : p + 1 }
    @inline(__always) private func succ(_ s: Int32) -> Int32 { tour[next(Int(pos[Int(s)]))] }
    @inline(__always) private func pred(_ s: Int32) -> Int32 { let p = Int(pos[Int(s)]); return tour[p == 0 ? n - 1 : p - 1] }
    /// The cost of the tour edge from `s` to its successor, and from its predecessor to `s`.
    @inline(__always) private func succCost(_ s: Int32) -> Double { edgeCost[Int(pos[Int(s)])] }
    @inline(__always) private func predCost(_ s: Int32) -> Double { let p = Int(pos[Int(s)]); return edgeCost[p == 0 ? n - 1 : p - 1] }

    // MARK: Reversals (the only way the tour changes)

    /// Reverses the `length` positions starting at `start` (wrapping around the end).
    private func reverse(start: Int, length count: Int) {
        guard count > 1 else { return }
        var a = start, b = (start + count - 1) % n
        for _ in 0..<(count / 2) {
            let sa = tour[a], sb = tour[b]
            tour[a] = sb; tour[b] = sa
            pos[Int(sb)] = Int32(a); pos[Int(sa)] = Int32(b)
            a = a + 1 == n ? 0 : a + 1
            b = b == 0 ? n - 1 : b - 1
        }
        // The edges inside the run are the same edges in reverse order (directed: now walked the
        // other way, so each one's two costs change places); the two at its ends are new.
        a = start; b = (start + count - 2) % n
        for _ in 0..<((count - 1) / 2) {
            if Costs.isDirected {
                (edgeCost[a], backCost[a], edgeCost[b], backCost[b]) = (backCost[b], edgeCost[b], backCost[a], edgeCost[a])
            } else {
                let ca = edgeCost[a]; edgeCost[a] = edgeCost[b]; edgeCost[b] = ca
            }
            a = a + 1 == n ? 0 : a + 1
            b = b == 0 ? n - 1 : b - 1
        }
        if Costs.isDirected, count % 2 == 0 { (edgeCost[a], backCost[a]) = (backCost[a], edgeCost[a]) }  // the middle edge
        let before = start == 0 ? n - 1 : start - 1, last = (start + count - 1) % n
        edgeCost[before] = d(tour[before], tour[start])
        edgeCost[last] = d(tour[last], tour[next(last)])
        if Costs.isDirected {
            backCost[before] = d(tour[start], tour[before])
            backCost[last] = d(tour[next(last)], tour[last])
            sumReversals(from: start == 0 || start + count > n ? 0 : before)
        }
        journal.append((Int32(start), Int32(count)))
    }

    /// Directed costs: the sums of what reversing each edge adds, from position `lo` on.
    private func sumReversals(from lo: Int) {
        for p in lo..<n { reversalSums[p + 1] = reversalSums[p] + backCost[p] - edgeCost[p] }
    }

    /// Directed costs: what reversing the run of `count` positions from `start` adds inside the
    /// run (its edges walked the other way).
    @inline(__always)
    private func insideReversal(start: Int, count: Int) -> Double {
        let end = start + count - 1  // one past the run's last edge
        return end <= n ? reversalSums[end] - reversalSums[start] : reversalSums[n] - reversalSums[start] + reversalSums[end - n]
    }

    /// Reverses the path from stop `from` forward to stop `to`, or the rest of the tour instead
    /// when that is shorter (the same cycle results either way).
    private func reversePath(from: Int32, to: Int32) {
        let i = Int(pos[Int(from)]), j = Int(pos[Int(to)])
        let inner = (j - i + n) % n + 1
        if 2 * inner <= n { reverse(start: i, length: inner) } else { reverse(start: (j + 1) % n, length: n - inner) }
    }

    /// Undoes every reversal since the last accepted tour, newest first (each is its own inverse).
    private func undo() {
        let entries = journal
        for (start, count) in entries.reversed() { reverse(start: Int(start), length: Int(count)) }
        journal.removeAll(keepingCapacity: true)
    }

    // MARK: Local search

    private func push(_ s: Int32) {
        guard !queued[Int(s)] else { return }
        queued[Int(s)] = true
        queue[(queueHead + queueCount) % n] = s
        queueCount += 1
    }

    private func improve() {
        while queueCount > 0 {
            // Symmetric: the oldest stop first. Directed: the newest, so that a move's
            // consequences are followed up at once (on Monaco's road times, 0.8% above LKH-3
            // over twelve seeds against 1.4% oldest first).
            let s: Int32
            if Costs.isDirected {
                s = queue[(queueHead + queueCount - 1) % n]; queueCount -= 1
            } else {
                s = queue[queueHead]
                queueHead = next(queueHead); queueCount -= 1
            }
            queued[Int(s)] = false
            let moved = Costs.isDirected ? directedTwoOpt(s) || orOpt(s) || segmentSwap(s) : twoOpt(s) || orOpt(s)
            if moved { push(s) }
        }
    }

    /// The first improving 2-opt move that adds an edge from `a` to one of its candidates.
    private func twoOpt(_ a: Int32) -> Bool {
        for direction in 0..<2 {
            let forward = direction == 0
            let b = forward ? succ(a) : pred(a)
            let ab = forward ? succCost(a) : predCost(a)
            for m in 0..<k {
                let c = candidates[Int(a) * k + m]
                if c < 0 { break }
                let ac = candidateCosts[Int(a) * k + m]
                if ac >= ab - epsilon { break }
                let e = forward ? succ(c) : pred(c)
                if c == b || e == a { continue }
                let delta = ac + d(b, e) - ab - (forward ? succCost(c) : predCost(c))
                if delta < -epsilon {
                    // forward: a b ... c e becomes a c ... b e; backward: e c ... b a becomes e b ... c a.
                    if forward { reversePath(from: b, to: c) } else { reversePath(from: c, to: b) }
                    length += delta
                    push(b); push(c); push(e)
                    return true
                }
            }
        }
        return false
    }

    /// Directed costs: the first improving reversal of one run that makes `a` and one of its
    /// candidates c consecutive, in the four directed forms (a → c by turning the run after a or
    /// the run from a; c → a by turning the run from c or the run after c), each priced with what
    /// it does inside the run.
    private func directedTwoOpt(_ a: Int32) -> Bool {
        for m in 0..<k {
            let c = candidates[Int(a) * k + m]
            if c < 0 { break }
            for form in 0..<4 {
                // The run first ... last, in tour order.
                let (first, last): (Int32, Int32)
                switch form {
                case 0: (first, last) = (succ(a), c)  // a b..c e  ->  a c..b e
                case 1: (first, last) = (a, pred(c))  // p a..x c  ->  p x..a c
                case 2: (first, last) = (c, pred(a))  // e c..b a  ->  e b..c a
                default: (first, last) = (succ(c), a)  // c y..a q  ->  c a..y q
                }
                let start = Int(pos[Int(first)])
                let count = (Int(pos[Int(last)]) - start + n) % n + 1
                guard count >= 2, count < n - 1 else { continue }
                let p = pred(first), q = succ(last)
                let delta = d(p, last) + d(first, q) - predCost(first) - succCost(last) + insideReversal(start: start, count: count)
                if delta < -epsilon {
                    reverse(start: start, length: count)
                    length += delta
                    push(p); push(first); push(last); push(q)
                    return true
                }
            }
        }
        return false
    }

    /// Directed costs: the first improving exchange of two consecutive stretches after `a`,
    /// neither turned: a [a'..b] [b'..c] c' becomes a [b'..c] [a'..b] c', with a → b' and b → c'
    /// to candidates. Or-opt is the case of a short first stretch; this one moves stretches of
    /// any length, which directed tours need most (no reversal is free).
    private func segmentSwap(_ a: Int32) -> Bool {
        let pa = Int(pos[Int(a)])
        let a2 = succ(a), aa2 = succCost(a)
        // Positions counted from a, so that "after" holds across the array's end.
        @inline(__always) func offset(_ s: Int32) -> Int { let o = Int(pos[Int(s)]) - pa; return o < 0 ? o + n : o }
        for m in 0..<k {
            let b2 = candidates[Int(a) * k + m]
            if b2 < 0 { break }
            let g1 = aa2 - d(a, b2)
            if g1 <= epsilon { continue }
            let ob2 = offset(b2)
            if ob2 < 2 { continue }  // b' must leave a non-empty [a'..b]
            let b = at(pa + ob2 - 1)
            let g2base = g1 + succCost(b)
            for m2 in 0..<k {
                let c2 = candidates[Int(b) * k + m2]
                if c2 < 0 { break }
                let g2 = g2base - d(b, c2)
                if g2 <= epsilon { continue }
                let oc2 = offset(c2)
                // c' after b', so that [b'..c] is not empty (c' = a, offset 0, is not tried).
                guard oc2 > ob2 else { continue }
                let cs = at(pa + oc2 - 1)
                let gain = g2 + succCost(cs) - d(cs, a2)
                if gain > epsilon {
                    // Both stretches turned together, then each on its own: neither ends up turned.
                    let first = next(pa), stretchA = ob2 - 1, stretchB = oc2 - ob2
                    reverse(start: first, length: stretchA + stretchB)
                    reverse(start: first, length: stretchB)
                    reverse(start: (first + stretchB) % n, length: stretchA)
                    length -= gain
                    for s in [a, a2, b, b2, cs, c2] { push(s) }
                    return true
                }
            }
        }
        return false
    }

    /// The first improving move of a run of one to three stops beginning or ending at `a` to
    /// between a candidate of its ends and that candidate's neighbour, either way round.
    private func orOpt(_ a: Int32) -> Bool {
        let longest = min(3, n - 3)
        guard longest >= 1 else { return false }
        for count in 1...longest {
            for side in 0..<2 {
                let startsAtA = side == 0
                if count == 1, !startsAtA { continue }
                // The run s1 ... s2 in tour order.
                var s1 = a, s2 = a
                for _ in 1..<count { if startsAtA { s2 = succ(s2) } else { s1 = pred(s1) } }
                let p = pred(s1), q = succ(s2)
                let removal = predCost(s1) + succCost(s2) - d(p, q)
                if removal <= epsilon { continue }
                // Directed: what turning the run round costs inside it.
                let turned = Costs.isDirected ? insideReversal(start: Int(pos[Int(s1)]), count: count) : 0
                for endIndex in 0..<2 {
                    let end = endIndex == 0 ? s1 : s2
                    for m in 0..<k {
                        let c = candidates[Int(end) * k + m]
                        if c < 0 { break }
                        if candidateCosts[Int(end) * k + m] >= removal - epsilon { break }
                        if inRun(c, s1, count) { continue }
                        // Insert between c and its successor, or its predecessor and c.
                        for place in 0..<2 {
                            let (x, y) = place == 0 ? (c, succ(c)) : (pred(c), c)
                            if inRun(x, s1, count) || inRun(y, s1, count) { continue }
                            let xy = succCost(x)
                            let kept = d(x, s1) + d(s2, y) - xy  // x s1 ... s2 y
                            let flipped = d(x, s2) + d(s1, y) - xy + turned  // x s2 ... s1 y
                            let insertion = min(kept, flipped)
                            if insertion < removal - epsilon {
                                move(s1: s1, count: count, after: x, reversed: flipped < kept)
                                length += insertion - removal
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

    /// Whether stop `s` is one of the `count` stops from `s1` on.
    @inline(__always)
    private func inRun(_ s: Int32, _ s1: Int32, _ count: Int) -> Bool {
        (Int(pos[Int(s)]) - Int(pos[Int(s1)]) + n) % n < count
    }

    /// Moves the run of `count` stops starting at `s1` to between `x` and its successor, in its
    /// own direction or reversed, by two or three reversals on whichever side of the tour is
    /// shorter.
    private func move(s1: Int32, count: Int, after x: Int32, reversed: Bool) {
        let i = Int(pos[Int(s1)])
        let j = (i + count - 1) % n
        let forward = (Int(pos[Int(x)]) - j + n) % n  // steps from the run's end to x
        let y = succ(x)
        let backward = (i - Int(pos[Int(y)]) + n) % n  // steps from y to the run's start
        if forward <= backward {
            // p S q..x y  ->  p x..q S' y  ->  p q..x S' y  (S' is S reversed)
            reverse(start: i, length: count + forward)
            reverse(start: i, length: forward)
            if !reversed { reverse(start: (i + forward) % n, length: count) }
        } else {
            // x y..p S q  ->  x S' p..y q  ->  x S' y..p q
            let start = (i - backward + n) % n
            reverse(start: start, length: backward + count)
            reverse(start: (start + count) % n, length: backward)
            if !reversed { reverse(start: start, length: count) }
        }
    }

    // MARK: Perturbation

    /// A double-bridge kick on nearby positions: A B C D becomes A C B D, with B and C short
    /// runs, so that only a small part of the tour needs re-optimising.
    ///
    /// Every other kick cuts the tour instead next to a random stop, one of its near neighbours
    /// and one of that stop's neighbours: places close on the map but possibly far apart along
    /// the tour, so that how distant parts are joined (an island, a cluster) can change too.
    private func kick(_ rng: inout SplitMix64, maxSegment: Int) {
        var start = Int(rng.next() % UInt64(n))
        var lengthB = 1 + Int(rng.next() % UInt64(maxSegment))
        var lengthC = 1 + Int(rng.next() % UInt64(maxSegment))
        if rng.next() & 1 == 0 {
            let a = tour[start]
            let b = candidates[Int(a) * k + Int(rng.next() % UInt64(k))]
            let c = b < 0 ? -1 : candidates[Int(b) * k + Int(rng.next() % UInt64(k))]
            if b >= 0, c >= 0 {
                let cuts = [Int(pos[Int(a)]), Int(pos[Int(b)]), Int(pos[Int(c)])].sorted()
                if cuts[0] < cuts[1], cuts[1] < cuts[2], cuts[2] - cuts[0] < n - 1 {
                    start = cuts[0]; lengthB = cuts[1] - cuts[0]; lengthC = cuts[2] - cuts[1]
                }
            }
        }
        let a = tour[start]
        let b1 = tour[(start + 1) % n], bEnd = tour[(start + lengthB) % n]
        let c1 = tour[(start + lengthB + 1) % n], cEnd = tour[(start + lengthB + lengthC) % n]
        let e = tour[(start + lengthB + lengthC + 1) % n]
        length += d(a, c1) + d(cEnd, b1) + d(bEnd, e) - d(a, b1) - d(bEnd, c1) - d(cEnd, e)
        let first = (start + 1) % n
        reverse(start: first, length: lengthB + lengthC)  // C' B'
        reverse(start: first, length: lengthC)  // C B'
        reverse(start: (first + lengthC) % n, length: lengthB)  // C B
        for s in [a, b1, bEnd, c1, cEnd, e] { push(s) }
    }
}
