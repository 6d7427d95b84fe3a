import Foundation

/// The ids of the customers read so far, to refuse one that repeats: two customers with one id
/// would be counted twice, and every later step (routes, moves, calendars) would mix them up.
/// Ids equal after Unicode NFC normalisation are the same id (`é` typed as one character or as
/// `e` and a combining accent). Ids are compared by a 64-bit hash of that form: two different
/// ids are taken for one with a chance of about n²/2⁶⁵ (one in 300,000 for ten million).
///
/// Each id is kept as a 64-bit hash with its line, about 16 bytes per customer, so that files of
/// millions of customers are checked as they stream.
///
/// ## Example
/// ```swift
/// var seen = CustomerIDSet()
/// try seen.add(batch, source: "customers.csv")
/// ```
public struct CustomerIDSet: Sendable {
    /// Open addressing: 0 is an empty slot (a hash of 0 is stored as 1).
    private var slots: [UInt64] = Array(repeating: 0, count: 1024)
    private var lines: [Int32] = Array(repeating: 0, count: 1024)
    /// The ids added.
    public private(set) var count = 0

    /// An empty set.
    public init() {}

    /// Adds every customer of `batch`.
    /// - Throws: ``TerritoryError/csv(source:line:message:)`` at the first id already seen,
    ///   naming its line, the id and the line it was first seen on.
    public mutating func add(_ batch: CustomerBatch, source: String) throws(TerritoryError) {
        let hashes = CustomerIDHashes(batch)
        let base = batch.lineBase
        if let (row, first) = add(hashes, lineBase: base) {
            throw CustomerIDSet.duplicate(source: source, line: base + Int(hashes.lines[row]), first: first, id: batch.id(row))
        }
    }

    /// Adds ids hashed beforehand (by ``CustomerIDHashes``), their lines counted from
    /// `lineBase`; returns the row of the first repeat and the line it repeats, or nil.
    mutating func add(_ ids: CustomerIDHashes, lineBase: Int) -> (row: Int, firstLine: Int)? {
        for (row, h) in ids.hashes.enumerated() {
            if count * 10 >= slots.count * 7 { grow() }
            let line = lineBase + Int(ids.lines[row])
            if let first = insert(h, line: line) { return (row, first) }
        }
        return nil
    }

    /// The error for a repeated id.
    static func duplicate(source: String, line: Int, first: Int, id: String?) -> TerritoryError {
        let shown = id.map { "customer id \"\(TerminalText.visible($0))\"" } ?? "this customer's id"
        return .csv(
            source: source, line: line,
            message: "\(shown) is also on line \(first); every customer needs its own id (ids equal after Unicode NFC normalisation are one id)")
    }

    /// Inserts a hash; returns the line of the same hash already there.
    private mutating func insert(_ hash: UInt64, line: Int) -> Int? {
        let key = hash == 0 ? 1 : hash
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: key) & mask
        while slots[i] != 0 {
            if slots[i] == key { return Int(lines[i]) }
            i = (i + 1) & mask
        }
        slots[i] = key
        lines[i] = Int32(truncatingIfNeeded: line)
        count += 1
        return nil
    }

    private mutating func grow() {
        let oldSlots = slots, oldLines = lines
        slots = Array(repeating: 0, count: oldSlots.count * 2)
        lines = Array(repeating: 0, count: oldSlots.count * 2)
        count = 0
        for (i, key) in oldSlots.enumerated() where key != 0 { _ = insert(key, line: Int(oldLines[i])) }
    }
}

/// The hashes of a run of customers' ids and their lines (relative to the run's first line),
/// made where the customers are parsed, on any thread: added to a ``CustomerIDSet`` in file
/// order, or, partitioned by hash (``partition()``), to a ``CustomerIDLedger``.
struct CustomerIDHashes: Sendable {
    var hashes: [UInt64] = []
    var lines: [UInt32] = []
    /// After ``partition()``: where each of the ``CustomerIDLedger/bucketCount`` buckets starts
    /// in ``hashes`` (and one past the last).
    var bucketStarts: [Int32] = []

    init() {}

    /// The ids of `batch`.
    init(_ batch: CustomerBatch) {
        hashes.reserveCapacity(batch.count)
        for i in 0..<batch.count { hashes.append(batch.withIDBytes(i, CustomerIDHashes.hash)) }
        lines = batch.relativeLine.map { UInt32(truncatingIfNeeded: $0) }
    }

    mutating func append(_ id: UnsafeBufferPointer<UInt8>, line: Int) {
        hashes.append(CustomerIDHashes.hash(id))
        lines.append(UInt32(truncatingIfNeeded: line))
    }

    /// Orders the ids by bucket (the hash's top bits), keeping file order within a bucket: a
    /// counting sort, so that the ledger checks each bucket on its own in cache.
    mutating func partition() {
        let shift = UInt64(64 - CustomerIDLedger.bucketBits)
        var starts = [Int32](repeating: 0, count: CustomerIDLedger.bucketCount + 1)
        for h in hashes { starts[Int(h >> shift) + 1] += 1 }
        for b in 0..<CustomerIDLedger.bucketCount { starts[b + 1] += starts[b] }
        var next = starts
        var sortedHashes = [UInt64](repeating: 0, count: hashes.count), sortedLines = [UInt32](repeating: 0, count: lines.count)
        for (i, h) in hashes.enumerated() {
            let b = Int(h >> shift)
            let k = Int(next[b])
            sortedHashes[k] = h
            sortedLines[k] = lines[i]
            next[b] += 1
        }
        hashes = sortedHashes
        lines = sortedLines
        bucketStarts = starts
    }

    /// A 64-bit hash of an id's NFC form: ASCII ids (already NFC) are hashed as they are, eight
    /// bytes at a time (multiply and fold, as splitmix64 finishes); others are normalised first.
    static func hash(_ id: UnsafeBufferPointer<UInt8>) -> UInt64 {
        guard let base = id.baseAddress else { return 0x9E37_79B9_7F4A_7C15 }
        let raw = UnsafeRawPointer(base)
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(id.count)
        var high: UInt64 = 0
        var i = 0
        while i + 8 <= id.count {
            let word = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            high |= word
            h = (h ^ word) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 31
            i += 8
        }
        if i < id.count {
            var word: UInt64 = 0
            for k in 0..<(id.count - i) { word |= UInt64(base[i + k]) << (8 * UInt64(k)) }
            high |= word
            h = (h ^ word) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 31
        }
        if high & 0x8080_8080_8080_8080 != 0 {
            // Not ASCII: the hash of the NFC form (the same bytes when already NFC).
            var nfc = String(decoding: id, as: UTF8.self).precomposedStringWithCanonicalMapping
            if !nfc.utf8.elementsEqual(id) { return nfc.withUTF8 { hash($0) } }
        }
        h = (h ^ (h >> 30)) &* 0x94D0_49BB_1331_11EB
        return h ^ (h >> 31)
    }
}

/// The ids of a file streamed chunk by chunk on several threads, checked for repeats once the
/// whole file is read: each chunk's ids come partitioned by hash from the thread that parsed it
/// (``CustomerIDHashes/partition()``), are kept as they are (12 bytes per customer), and each
/// partition is then checked on its own, in cache, on every core. A hash set of the whole file
/// filled in file order cost a cache miss per customer on one thread: five times the run's time.
struct CustomerIDLedger {
    static let bucketBits = 10
    static let bucketCount = 1 << bucketBits
    private var chunks: [(ids: CustomerIDHashes, lineBase: Int)] = []

    /// Keeps a chunk's partitioned ids, whose lines count from `lineBase`.
    mutating func add(_ ids: CustomerIDHashes, lineBase: Int) { chunks.append((ids, lineBase)) }

    /// The first repeat in file order: the line of the earliest customer whose id an earlier
    /// customer has, and that earlier customer's line; nil when every id is unique.
    func firstRepeat(threads: Int) -> (line: Int, firstLine: Int)? {
        let chunks = self.chunks
        let repeats = parallelMap(count: CustomerIDLedger.bucketCount, threads: threads) { (b: Int) -> (line: Int, firstLine: Int)? in
            var total = 0
            for c in chunks { total += Int(c.ids.bucketStarts[b + 1] - c.ids.bucketStarts[b]) }
            var capacity = 16
            while capacity < 2 * total { capacity *= 2 }
            // A bucket holds a thousandth of the ids: its table (12 bytes a slot) stays in cache.
            var slots = [UInt64](repeating: 0, count: capacity), lines = [UInt32](repeating: 0, count: capacity)
            let mask = capacity - 1
            // Chunks in file order and rows in file order within each: the first hit is this
            // bucket's earliest repeat.
            for c in chunks {
                for k in Int(c.ids.bucketStarts[b])..<Int(c.ids.bucketStarts[b + 1]) {
                    let key = c.ids.hashes[k] == 0 ? 1 : c.ids.hashes[k]
                    let line = c.lineBase + Int(c.ids.lines[k])
                    var i = Int(truncatingIfNeeded: key) & mask
                    while slots[i] != 0 {
                        if slots[i] == key { return (line, Int(lines[i])) }
                        i = (i + 1) & mask
                    }
                    slots[i] = key
                    lines[i] = UInt32(truncatingIfNeeded: line)
                }
            }
            return nil
        }
        return repeats.compactMap { $0 }.min { $0.line < $1.line }
    }
}
