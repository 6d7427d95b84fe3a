/// Sorts 64-bit keys in place, ascending: a quicksort (median of three, insertion sort below
/// 24 keys), not stable, for keys that are distinct and in random order, as the tree
/// splitter's are (a random weight with the edge number in its low bits); a radix sort from
/// ``radixThreshold`` keys. The standard library's sort is stable and generic; on the
/// splitter's keys it was about a sixth of a design run.
func sortKeys(_ keys: inout [UInt64]) {
    if keys.count >= radixThreshold { return radixSort(&keys) }
    keys.withUnsafeMutableBufferPointer { buffer in
        // Indices stay inside `buffer` by construction; the pointer avoids a bounds check per
        // comparison in the inner loops.
        guard let base = buffer.baseAddress, buffer.count > 1 else { return }
        var stack: [(Int, Int)] = []  // ranges left to sort
        var low = 0, high = buffer.count - 1
        while true {
            if high - low < 24 {
                // Insertion sort of low...high.
                if high > low {
                    for i in (low + 1)...high {
                        let key = base[i]
                        var j = i - 1
                        while j >= low && base[j] > key { base[j + 1] = base[j]; j -= 1 }
                        base[j + 1] = key
                    }
                }
                guard let next = stack.popLast() else { return }
                (low, high) = next
                continue
            }
            // The median of three to base[high] as the pivot, then Hoare's partition around it.
            let mid = low + (high - low) / 2
            if base[mid] < base[low] { base.swapAt(mid, low) }
            if base[high] < base[low] { base.swapAt(high, low) }
            if base[mid] < base[high] { base.swapAt(mid, high) }
            let pivot = base[high]
            var i = low - 1, j = high
            while true {
                repeat { i += 1 } while base[i] < pivot
                repeat { j -= 1 } while j > low && base[j] > pivot
                if i >= j { break }
                base.swapAt(i, j)
            }
            base.swapAt(i, high)
            // Go on with the smaller side and keep the larger for later: the stack stays O(log n).
            if i - low < high - i {
                stack.append((i + 1, high)); high = i - 1
            } else {
                stack.append((low, i - 1)); low = i + 1
            }
        }
    }
}

/// From this many keys a radix sort beats the quicksort (the tree bisection's first splits
/// sort every edge of the map, ~9,500 for the US city units, on every try).
let radixThreshold = 1_024

/// Least-significant-byte radix sort, a byte per pass; passes where every key has the same byte
/// (the exponent bytes of similar doubles) are skipped.
func radixSort(_ keys: inout [UInt64]) {
    var scratch = [UInt64](repeating: 0, count: keys.count)
    var counts = [Int](repeating: 0, count: 256)
    for shift in stride(from: 0, to: 64, by: 8) {
        for i in counts.indices { counts[i] = 0 }
        for key in keys { counts[Int(truncatingIfNeeded: key >> UInt64(shift)) & 0xFF] += 1 }
        if counts.contains(keys.count) { continue }  // one bucket holds every key: nothing moves
        var sum = 0
        for i in counts.indices { (counts[i], sum) = (sum, sum + counts[i]) }
        for key in keys {
            let bucket = Int(truncatingIfNeeded: key >> UInt64(shift)) & 0xFF
            scratch[counts[bucket]] = key
            counts[bucket] += 1
        }
        swap(&keys, &scratch)
    }
}

extension UnsafeMutablePointer where Pointee == UInt64 {
    @inline(__always) fileprivate func swapAt(_ a: Int, _ b: Int) {
        let t = self[a]; self[a] = self[b]; self[b] = t
    }
}
