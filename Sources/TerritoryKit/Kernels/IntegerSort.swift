/// Sorts 64-bit keys in place, ascending: a quicksort (median of three, insertion sort below
/// 24 keys), not stable, for keys that are distinct and in random order, as the tree
/// splitter's are (a random weight with the edge number in its low bits). The standard
/// library's sort is stable and generic; on the splitter's few hundred keys per tree it was
/// about a sixth of a design run.
func sortKeys(_ keys: inout [UInt64]) {
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

extension UnsafeMutablePointer where Pointee == UInt64 {
    @inline(__always) fileprivate func swapAt(_ a: Int, _ b: Int) {
        let t = self[a]; self[a] = self[b]; self[b] = t
    }
}
