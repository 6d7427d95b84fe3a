import Foundation
import TextFiles

/// Assignments as CSV rows `customer_id,territory_id` (plus `distance_m` with a nearest
/// fallback), one row per customer in input order, with the run's counts: the output of
/// `territory assign`, made by ``AssignmentPipeline/writeRows(_:withDistance:consume:)``.
///
/// `territory_id` is empty for an unassigned customer; `distance_m` is given to 0.1 m for
/// customers placed by the nearest fallback and empty otherwise. Fields are quoted as RFC 4180
/// asks (ids holding commas, quotes or line breaks).
public struct AssignmentRows: Sendable {
    /// The rows of one chunk of customers, each ending with a line break.
    public let bytes: [UInt8]
    /// The chunk's counts.
    public let summary: AssignmentSummary
    /// The number of rows (customers) in ``bytes``.
    public let count: Int

    /// The header row, with its line break.
    public static func header(withDistance: Bool) -> String { header(withDistance: withDistance, withStatus: false) }
}

extension AssignmentPipeline {
    /// Assigns every customer of `reader` and hands the CSV rows to `consume`, chunk by chunk in
    /// file order (see ``AssignmentRows``; the header is not included).
    ///
    /// Each record is assigned and written as it is parsed, without a batch of customers or an
    /// ``Assignment`` per row in between. Chunks that arrive before the map is loaded are parsed
    /// into a batch meanwhile and written from it; both give the same bytes.
    ///
    /// ## Example
    /// ```swift
    /// let pipeline = AssignmentPipeline(assigner: try TerritoryAssigner(map: map), threads: 2)
    /// var csv = Array(AssignmentRows.header(withDistance: false).utf8)
    /// try pipeline.writeRows(try CustomerCSVReader(contentsOf: url), withDistance: false) { csv += $0.bytes }
    /// ```
    /// - Parameters:
    ///   - reader: the customer file.
    ///   - withDistance: whether rows carry the `distance_m` column.
    ///   - consume: runs on the calling thread for each chunk's rows, in file order.
    /// - Throws: as ``run(_:work:consume:)``: an error loading the map, or the first bad row in
    ///   file order (with its line); nothing after it is consumed.
    public func writeRows(_ reader: CustomerCSVReader, withDistance: Bool, consume: (AssignmentRows) throws -> Void) throws {
        let ids = Locked<TerritoryIDSlots?>(nil)
        try runChunks(
            reader,
            work: { chunk, slot, batch in
                if let assigner = slot.ready {
                    var writer = try RowWriter(assigner: assigner, ids: ids, withDistance: withDistance, chunkBytes: chunk.byteCount)
                    defer { writer.release() }
                    let lines = try chunk.parse(records: &writer)
                    return (lines, writer.idHashes, try writer.finish())
                }
                // The map is still loading: parse now, assign once it is there.
                let lines = try chunk.parse(into: &batch)
                var writer = try RowWriter(assigner: try slot.get(), ids: ids, withDistance: withDistance, chunkBytes: chunk.byteCount)
                defer { writer.release() }
                for i in 0..<batch.count {
                    batch.withIDBytes(i) { writer.writeNow(id: $0, lon: batch.lon[i], lat: batch.lat[i]) }
                }
                return (lines, CustomerIDHashes(batch), try writer.finish())
            }, consume: consume)
    }
}

/// Each territory's id as a CSV field in a fixed-width slot, zero-padded, and its length: made
/// once per run by the first worker that needs it, then only read. Slot `count` is empty (for
/// customers without a territory).
/// `@unchecked Sendable`: written in `init` only; the memory is freed with the last reference.
private final class TerritoryIDSlots: @unchecked Sendable {
    let count: Int
    /// Words per slot.
    let words: Int
    let slots: UnsafeMutablePointer<UInt64>
    let lengths: UnsafeMutablePointer<Int>

    init(_ map: TerritoryMap) {
        var fields: [[UInt8]] = []
        for t in map.territories {
            var field: [UInt8] = []
            CSVWriter.appendField(t.id, to: &field)
            fields.append(field)
        }
        count = fields.count
        words = max(1, ((fields.map(\.count).max() ?? 0) + 7) / 8)
        slots = .allocate(capacity: (count + 1) * words)
        slots.initialize(repeating: 0, count: (count + 1) * words)
        lengths = .allocate(capacity: count + 1)
        lengths.initialize(repeating: 0, count: count + 1)
        let bytes = UnsafeMutableRawPointer(slots)
        for (t, field) in fields.enumerated() {
            lengths[t] = field.count
            bytes.advanced(by: t * words * 8).copyMemory(from: field, byteCount: field.count)
        }
    }

    deinit {
        slots.deallocate()
        lengths.deallocate()
    }
}

/// Writes one chunk's rows as records arrive from the parser (a ``CustomerRecordSink``).
///
/// The rows go into a raw buffer that grows by doubling: `Array.append` would check uniqueness
/// and capacity for each of the four or five pieces of every row, which cost about as much as
/// locating the customer. The buffer is the writer's own (never shared); ``finish()`` copies it
/// into an array and ``release()`` frees it, which the caller does in a `defer`.
///
/// Territory ids sit in fixed-width slots (one more, empty, for "none"), so that a row's
/// territory is copied as a few whole words whichever it is. Customers in cells of the grid
/// inside one territory or none take a path without a branch on which: with customers spread
/// at random the processor could not predict it, and each wrong guess cost about as much as the
/// rest of the row.
private struct RowWriter: CustomerRecordSink {
    private let assigner: TerritoryAssigner
    private let geos: GEOSAssignmentWorker?
    private let withDistance: Bool
    /// Whether the grid's answer is the row's in pure cells (no nearest fallback, indexed engine).
    private let gridDecides: Bool
    /// The run's territory id slots, kept alive by `ids`; the others are its raw tables, read
    /// in the loop without touching a reference count.
    private let ids: TerritoryIDSlots
    private let territoryCount: Int
    private let slots: UnsafeMutablePointer<UInt64>
    private let slotWords: Int
    private let lengths: UnsafeMutablePointer<Int>
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var count = 0
    private var summary = AssignmentSummary()
    /// Rows written through the grid's pure cells, inside a territory or none (added to `summary`).
    private var pureInside = 0, pureOutside = 0
    private var error: Error?
    /// Records held back until ``batchSize`` have come (see ``record(id:lon:lat:weight:visitMinutes:line:)``).
    private let heldIDs: UnsafeMutablePointer<UnsafeBufferPointer<UInt8>>
    private let heldLon: UnsafeMutablePointer<Double>, heldLat: UnsafeMutablePointer<Double>
    private let heldCodes: UnsafeMutablePointer<UInt16>
    private var held = 0
    private static let batchSize = 64
    /// The ids of the records written, to be checked for repeats in file order.
    private(set) var idHashes = CustomerIDHashes()

    init(assigner: TerritoryAssigner, ids: Locked<TerritoryIDSlots?>, withDistance: Bool, chunkBytes: Int) throws {
        self.assigner = assigner
        self.withDistance = withDistance
        geos = assigner.options.engine == .geos ? try GEOSAssignmentWorker(map: assigner.map) : nil
        gridDecides = geos == nil && assigner.options.nearestWithin == nil
        self.ids = ids.withLock { slots in
            if slots == nil { slots = TerritoryIDSlots(assigner.map) }
            return slots!
        }
        territoryCount = self.ids.count
        slotWords = self.ids.words
        slots = self.ids.slots
        lengths = self.ids.lengths
        // Rows are shorter than records unless territory ids are long: start at half the chunk,
        // but under glibc's mmap threshold (128 KB), so that the buffer comes from the heap and
        // goes back to it: mapped and unmapped for every chunk it cost page faults, and with two
        // workers the unmapping interrupted the other core (6% of a 2-thread run on 10M).
        capacity = max(4096, min(chunkBytes / 2, 96 * 1024))
        base = .allocate(capacity: capacity)
        heldIDs = .allocate(capacity: RowWriter.batchSize)
        heldLon = .allocate(capacity: RowWriter.batchSize)
        heldLat = .allocate(capacity: RowWriter.batchSize)
        heldCodes = .allocate(capacity: RowWriter.batchSize)
    }

    /// Frees the buffers (once, after ``finish()`` or an error).
    func release() {
        base.deallocate()
        heldIDs.deallocate()
        heldLon.deallocate()
        heldLat.deallocate()
        heldCodes.deallocate()
    }

    /// Weights are checked, not used: rows do not show them.
    static var usesWeights: Bool { false }

    mutating func reserve(records: Int, idBytes: Int) {
        idHashes.hashes.reserveCapacity(records)
        idHashes.lines.reserveCapacity(records)
    }

    /// Records are held back and written 64 at a time: the grid is read for all of them first,
    /// so that those reads (each waiting on the record's numbers, then on memory) overlap
    /// instead of each row waiting for its own.
    mutating func record(id: UnsafeBufferPointer<UInt8>, lon: Double, lat: Double, weight: Double, visitMinutes: Double?, line: Int) {
        idHashes.append(id, line: line)
        heldIDs[held] = id
        heldLon[held] = lon
        heldLat[held] = lat
        held += 1
        if held == RowWriter.batchSize { writeHeld() }
    }

    /// A record whose id will not outlast the call: written at once, after those held back.
    mutating func record(transientID: UnsafeBufferPointer<UInt8>, lon: Double, lat: Double, weight: Double, visitMinutes: Double?, line: Int) {
        idHashes.append(transientID, line: line)
        writeHeld()
        writeNow(id: transientID, lon: lon, lat: lat)
    }

    /// Writes the records held back (the parser calls it at the end of the chunk, while the
    /// ids' bytes are still there).
    mutating func endOfChunk() { writeHeld() }

    /// Writes one row at once, without holding it back.
    mutating func writeNow(id: UnsafeBufferPointer<UInt8>, lon: Double, lat: Double) {
        write(id: id, lon: lon, lat: lat, code: gridDecides ? assigner.gridCode(lon: lon, lat: lat) : TerritoryGrid.wideCode)
    }

    private mutating func writeHeld() {
        if gridDecides {
            for i in 0..<held { heldCodes[i] = assigner.gridCode(lon: heldLon[i], lat: heldLat[i]) }
        }
        for i in 0..<held {
            write(id: heldIDs[i], lon: heldLon[i], lat: heldLat[i], code: gridDecides ? heldCodes[i] : TerritoryGrid.wideCode)
        }
        held = 0
    }

    /// Assigns one customer and appends its row; `code` is the grid's (when it decides).
    @inline(__always)
    mutating func write(id: UnsafeBufferPointer<UInt8>, lon: Double, lat: Double, code: UInt16) {
        if gridDecides {
            if code != TerritoryGrid.wideCode {
                // Inside one territory (code) or none (emptyCode, which maps to the empty slot).
                let slot = min(Int(code), territoryCount)
                let inside = slot < territoryCount ? 1 : 0
                pureInside &+= inside
                pureOutside &+= 1 &- inside
                appendRow(id, slot: slot, distance: nil)
                return
            }
        }
        guard error == nil else { return }
        let placement: Placement
        do { placement = try assigner.placement(lon: lon, lat: lat, geos: geos) } catch {
            self.error = error
            return
        }
        summary.add(placement)
        appendRow(id, slot: placement.territory < 0 ? territoryCount : placement.territory, distance: placement.distance)
    }

    /// Appends `id,territory[,distance]` and the line break.
    @inline(__always)
    private mutating func appendRow(_ id: UnsafeBufferPointer<UInt8>, slot: Int, distance: Double?) {
        // Worst case: an id quoted with every byte doubled, the territory slot, a distance.
        ensure(room: 2 * id.count + 2 + 1 + slotWords * 8 + 1 + (withDistance ? 32 : 0) + 1)
        appendField(id)
        base[count] = 0x2C
        count += 1
        // The whole slot is copied (the buffer has room), then the field's length counted.
        let to = UnsafeMutableRawPointer(base + count)
        for w in 0..<slotWords { to.storeBytes(of: slots[slot * slotWords + w], toByteOffset: w * 8, as: UInt64.self) }
        count += lengths[slot]
        if withDistance {
            base[count] = 0x2C
            count += 1
            if let distance {
                var text = String(format: "%.1f", distance)
                text.withUTF8 { append($0) }
            }
        }
        base[count] = 0x0A
        count += 1
    }

    /// The rows written, or the first error met.
    func finish() throws -> AssignmentRows {
        if let error { throw error }
        var summary = self.summary
        summary.assigned += pureInside
        summary.unassigned += pureOutside
        // Every row is counted once in the summary, as assigned or not.
        let rows = summary.assigned + summary.unassigned
        return AssignmentRows(bytes: Array(UnsafeBufferPointer(start: base, count: count)), summary: summary, count: rows)
    }

    @inline(__always)
    private mutating func ensure(room: Int) {
        guard count + room > capacity else { return }
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: max(2 * capacity, count + room))
        grown.update(from: base, count: count)
        base.deallocate()
        base = grown
        capacity = max(2 * capacity, count + room)
    }

    @inline(__always)
    private mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress else { return }
        (base + count).update(from: source, count: bytes.count)
        count += bytes.count
    }

    /// Appends a field, quoted when it holds a comma, quote or line break (quotes doubled).
    @inline(__always)
    private mutating func appendField(_ field: UnsafeBufferPointer<UInt8>) {
        // Copied byte by byte while looking for those (ids are short: no library call).
        var special = false
        for (k, b) in field.enumerated() {
            base[count + k] = b
            special = special || CSVWriter.needsQuotes(b)
        }
        guard special else {
            count += field.count
            return
        }
        // Rare: quoted by the CSV writer, then copied over the plain copy.
        var quoted: [UInt8] = []
        CSVWriter.appendField(field, to: &quoted)
        quoted.withUnsafeBufferPointer { append($0) }
    }
}

extension AssignmentPipeline {
    /// Assigns every customer of `reader`, gives key accounts to their territories, and hands
    /// the CSV rows `customer_id,territory_id,status[,distance_m]` to `consume`, chunk by chunk
    /// in file order; `status` is how each customer came to its territory
    /// (``AssignmentStatus``: `account` for a key account).
    ///
    /// ## Example
    /// ```swift
    /// var csv = Array(AssignmentRows.header(withDistance: false, withStatus: true).utf8)
    /// try pipeline.writeRows(reader, withDistance: false, accounts: accounts) { csv += $0.bytes }
    /// ```
    /// - Throws: as ``writeRows(_:withDistance:consume:)``; then, once the file is read,
    ///   ``TerritoryError/csv(source:line:message:)`` naming the accounts file's line of an
    ///   account whose customer is not in it (nothing has been committed by then).
    public func writeRows(
        _ reader: CustomerCSVReader, withDistance: Bool, accounts: KeyAccounts, consume: (AssignmentRows) throws -> Void
    ) throws {
        try run(reader, accounts: accounts, consume: consume) { batch, assignments, map in
            AssignmentRows(batch: batch, assignments: assignments, map: map, withDistance: withDistance, withStatus: true)
        }
    }

    /// Runs every chunk through the assigner, gives key accounts (when any) to their territories,
    /// and has `make` turn each chunk into its output on the workers; `consume` takes them in file
    /// order. Once the file is read, every account must have been seen.
    private func run<Output: Sendable>(
        _ reader: CustomerCSVReader, accounts: KeyAccounts?, consume: (Output) throws -> Void,
        make: @escaping @Sendable (CustomerBatch, [Assignment], TerritoryMap) -> Output
    ) throws {
        var seen = accounts?.noneSeen ?? []
        try run(
            reader,
            work: { batch, assignments, assigner in
                var assignments = assignments, hit: [Bool] = []
                if let accounts {
                    hit = accounts.noneSeen
                    accounts.apply(to: &assignments, customers: batch, seen: &hit)
                }
                return (make(batch, assignments, assigner.map), hit.indices.filter { hit[$0] })
            },
            consume: { output, hit in
                for k in hit { seen[k] = true }
                try consume(output)
            })
        if let accounts { try accounts.checkEveryAccountSeen(seen, customers: reader.source) }
    }
}

extension AssignmentRows {
    /// The header row with or without the `status` column, with its line break.
    public static func header(withDistance: Bool, withStatus: Bool) -> String {
        columns(withDistance: withDistance, withStatus: withStatus).joined(separator: ",") + "\n"
    }

    /// The rows' columns: `customer_id,territory_id[,status][,distance_m]`.
    public static func columns(withDistance: Bool, withStatus: Bool) -> [String] {
        ["customer_id", "territory_id"] + (withStatus ? ["status"] : []) + (withDistance ? ["distance_m"] : [])
    }

    /// Customer `i`'s row as fields (what the CSV row holds, unquoted): its id, its territory's
    /// id (empty for none), how it came there, its distance to 0.1 m (empty unless placed by the
    /// nearest fallback).
    static func fields(
        _ batch: CustomerBatch, _ i: Int, _ a: Assignment, map: TerritoryMap, withDistance: Bool, withStatus: Bool
    ) -> [String] {
        var row = [batch.id(i), a.territory.map { map.territories[$0].id } ?? ""]
        if withStatus { row.append(a.status.rawValue) }
        if withDistance { row.append(a.distance.map { String(format: "%.1f", $0) } ?? "") }
        return row
    }

    /// The rows of customers already assigned, as fields, for a writer of another format.
    public static func table(
        batch: CustomerBatch, assignments: [Assignment], map: TerritoryMap, withDistance: Bool, withStatus: Bool
    ) -> OutputTable {
        var table = OutputTable(header: columns(withDistance: withDistance, withStatus: withStatus))
        for (i, a) in assignments.enumerated() {
            table.append(fields(batch, i, a, map: map, withDistance: withDistance, withStatus: withStatus))
        }
        return table
    }

    /// The rows of customers already assigned, in their order.
    /// - Parameters:
    ///   - batch: the customers.
    ///   - assignments: one per customer.
    ///   - map: the map the assignments index.
    ///   - withDistance: whether rows carry `distance_m`.
    ///   - withStatus: whether rows carry `status`.
    public init(batch: CustomerBatch, assignments: [Assignment], map: TerritoryMap, withDistance: Bool, withStatus: Bool) {
        var out: [UInt8] = []
        out.reserveCapacity(batch.count * 24)
        var summary = AssignmentSummary()
        for (i, a) in assignments.enumerated() {
            summary.add(a)
            for (k, field) in AssignmentRows.fields(batch, i, a, map: map, withDistance: withDistance, withStatus: withStatus).enumerated() {
                if k > 0 { out.append(0x2C) }
                CSVWriter.appendField(field, to: &out)
            }
            out.append(0x0A)
        }
        self.init(bytes: out, summary: summary, count: assignments.count)
    }
}

extension AssignmentPipeline {
    /// Assigns every customer of `reader` (key accounts to their territories, when given) and
    /// hands the rows to `consume` as fields, chunk by chunk in file order, with each chunk's
    /// counts: the rows of ``writeRows(_:withDistance:consume:)`` (with `status` when `accounts`
    /// is given), for a writer of another format, which then parses nothing.
    /// - Throws: as ``writeRows(_:withDistance:accounts:consume:)``.
    public func tableRows(
        _ reader: CustomerCSVReader, withDistance: Bool, accounts: KeyAccounts?, consume: (OutputTable, AssignmentSummary) throws -> Void
    ) throws {
        let withStatus = accounts != nil
        try run(reader, accounts: accounts, consume: { try consume($0.0, $0.1) }) { batch, assignments, map in
            var summary = AssignmentSummary()
            for a in assignments { summary.add(a) }
            return (
                AssignmentRows.table(batch: batch, assignments: assignments, map: map, withDistance: withDistance, withStatus: withStatus), summary
            )
        }
    }
}
