/// Keys an ``OpenTable`` can hold: bit patterns with a cheap, well-mixed hash.
protocol OpenTableKey: Equatable {
    /// A 64-bit hash; the table uses its high bits.
    var mixedHash: UInt64 { get }
}

/// A find-or-insert hash table with open addressing (linear probing), for the coverage loops.
///
/// Swift's `Dictionary` hashes with a seeded SipHash, which dominated edge matching on large
/// maps; coordinates from one file need no protection against hash flooding, so a
/// multiply-xorshift mix is enough. The table only grows; values live in the caller's arrays,
/// indexed by the slot number ``findOrInsert(_:)`` returns.
struct OpenTable<Key: OpenTableKey> {
    private(set) var keys: [Key?]
    private var mask: Int
    /// The number of keys inserted.
    private(set) var count = 0

    /// A table sized for about `expected` keys.
    init(expected: Int) {
        var capacity = 16
        while capacity < expected * 2 { capacity <<= 1 }
        keys = [Key?](repeating: nil, count: capacity)
        mask = capacity - 1
    }

    /// The slot of `key`, inserting it when absent; `inserted` says which. The table never grows:
    /// ``init(expected:)`` must be given at least the number of keys that will be inserted.
    @inline(__always)
    mutating func findOrInsert(_ key: Key) -> (slot: Int, inserted: Bool) {
        var i = Int(truncatingIfNeeded: key.mixedHash >> 32) & mask
        while let k = keys[i] {
            if k == key { return (i, false) }
            i = (i + 1) & mask
        }
        precondition(count * 2 < keys.count, "OpenTable sized for fewer keys than inserted")
        keys[i] = key
        count += 1
        return (i, true)
    }

    /// The slot of `key`, or nil when it was never inserted.
    @inline(__always)
    func find(_ key: Key) -> Int? {
        var i = Int(truncatingIfNeeded: key.mixedHash >> 32) & mask
        while let k = keys[i] {
            if k == key { return i }
            i = (i + 1) & mask
        }
        return nil
    }
}

@inline(__always) func mix64(_ x: UInt64) -> UInt64 {
    var z = x &* 0x9E37_79B9_7F4A_7C15
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
}

extension SegmentKey: OpenTableKey {
    var mixedHash: UInt64 { mix64(x0 ^ mix64(y0 ^ mix64(x1 ^ mix64(y1)))) }
}

extension PointKey: OpenTableKey {
    var mixedHash: UInt64 { mix64(x ^ mix64(y)) }
}
