/// Keys an ``OpenTable`` can hold: bit patterns with a cheap, well-mixed hash.
protocol OpenTableKey: Equatable {
    /// A 64-bit hash; the table uses its high bits.
    var mixedHash: UInt64 { get }
}

/// A find-or-insert hash table with open addressing (linear probing), for the coverage loops.
///
/// Swift's `Dictionary` hashes with a seeded SipHash, which dominated edge matching on large
/// maps; coordinates from one file need no protection against hash flooding, so a
/// multiply-xorshift mix is enough. Values sit in a flat array beside the keys: callers update
/// `values[slot]` in place right after ``findOrInsert(_:)`` (a later insert may move slots
/// when the table grows). It starts at most half full for the count it is told to expect
/// and grows past three quarters full (linear probing stays short there, and a table sized for
/// a million segments does not double for the last few).
struct OpenTable<Key: OpenTableKey, Value> {
    private(set) var keys: [Key?]
    /// The value of each slot (``empty`` where no key is).
    var values: [Value]
    private let empty: Value
    private var mask: Int
    /// The number of keys inserted.
    private(set) var count: Int

    /// A table for about `expected` keys (it grows past that), new values starting as `empty`.
    init(expected: Int, empty: Value) {
        var capacity = 16
        while capacity < expected * 2 { capacity <<= 1 }
        // The whole value is made by one delegated initialiser, not field by field: memcheck at
        // times reported uninitialised reads in a copy of the table made during the field-by-field
        // initialiser (twice in fresh-clone runs, never on demand).
        self.init(keys: [Key?](repeating: nil, count: capacity), values: [Value](repeating: empty, count: capacity), empty: empty)
    }

    private init(keys: [Key?], values: [Value], empty: Value) {
        self.keys = keys
        self.values = values
        self.empty = empty
        mask = keys.count - 1
        count = 0
    }

    /// The slot of `key`, inserting it (with the `empty` value) when absent.
    @inline(__always)
    mutating func findOrInsert(_ key: Key) -> Int {
        var i = Int(truncatingIfNeeded: key.mixedHash >> 32) & mask
        while let k = keys[i] {
            if k == key { return i }
            i = (i + 1) & mask
        }
        if (count + 1) * 4 > keys.count * 3 {
            grow()
            return findOrInsert(key)
        }
        keys[i] = key
        count += 1
        return i
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

    /// Every key with its value, in slot order.
    func forEach(_ body: (Key, Value) throws -> Void) rethrows {
        for (slot, key) in keys.enumerated() { if let key { try body(key, values[slot]) } }
    }

    private mutating func grow() {
        let oldKeys = keys, oldValues = values
        keys = [Key?](repeating: nil, count: oldKeys.count * 2)
        values = [Value](repeating: empty, count: oldKeys.count * 2)
        mask = keys.count - 1
        for (slot, key) in oldKeys.enumerated() {
            guard let key else { continue }
            var i = Int(truncatingIfNeeded: key.mixedHash >> 32) & mask
            while keys[i] != nil { i = (i + 1) & mask }
            keys[i] = key
            values[i] = oldValues[slot]
        }
    }
}

@inline(__always) func mix64(_ x: UInt64) -> UInt64 {
    var z = x &* 0x9E37_79B9_7F4A_7C15
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
}

extension PointKey: OpenTableKey {
    var mixedHash: UInt64 { mix64(x ^ mix64(y)) }
}
