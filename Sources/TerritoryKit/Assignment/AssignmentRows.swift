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
    public static func header(withDistance: Bool) -> String {
        withDistance ? "customer_id,territory_id,distance_m\n" : "customer_id,territory_id\n"
    }
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
        let ids = TerritoryIDFields(nil)
        try runChunks(
            reader,
            work: { chunk, slot, batch in
                if let assigner = slot.ready {
                    var writer = try RowWriter(assigner: assigner, ids: ids, withDistance: withDistance, chunkBytes: chunk.byteCount)
                    defer { writer.release() }
                    let lines = try chunk.parse(into: &writer)
                    return (lines, try writer.finish())
                }
                // The map is still loading: parse now, assign once it is there.
                let lines = try chunk.parse(into: &batch)
                var writer = try RowWriter(assigner: try slot.get(), ids: ids, withDistance: withDistance, chunkBytes: chunk.byteCount)
                defer { writer.release() }
                for i in 0..<batch.count {
                    batch.withIDBytes(i) { writer.write(id: $0, lon: batch.lon[i], lat: batch.lat[i]) }
                }
                return (lines, try writer.finish())
            }, consume: consume)
    }
}

/// Each territory's id as a CSV field, made once per run by the first worker that needs it:
/// one byte buffer, field `t` at `bytes[starts[t]..<starts[t + 1]]`.
private typealias TerritoryIDFields = Locked<(bytes: [UInt8], starts: [Int])?>

extension Locked<(bytes: [UInt8], starts: [Int])?> {
    fileprivate func fields(for map: TerritoryMap) -> (bytes: [UInt8], starts: [Int]) {
        withLock { fields in
            if let fields { return fields }
            var bytes: [UInt8] = [], starts = [0]
            for t in map.territories {
                CSVWriter.appendField(t.id, to: &bytes)
                starts.append(bytes.count)
            }
            fields = (bytes, starts)
            return (bytes, starts)
        }
    }
}

/// Writes one chunk's rows as records arrive from the parser (a ``CustomerRecordSink``).
///
/// The rows go into a raw buffer that grows by doubling: `Array.append` would check uniqueness
/// and capacity for each of the four or five pieces of every row, which cost about as much as
/// locating the customer. The buffer is the writer's own (never shared); ``finish()`` copies it
/// into an array and ``release()`` frees it, which the caller does in a `defer`.
private struct RowWriter: CustomerRecordSink {
    private let assigner: TerritoryAssigner
    private let geos: GEOSAssignmentWorker?
    private let withDistance: Bool
    /// Territory id fields (see ``TerritoryIDFields``), copied into a buffer this writer owns.
    private let idBytes: UnsafeMutableBufferPointer<UInt8>
    private let idStarts: UnsafeMutableBufferPointer<Int>
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var count = 0
    private var summary = AssignmentSummary()
    private var rows = 0
    private var error: Error?

    init(assigner: TerritoryAssigner, ids: TerritoryIDFields, withDistance: Bool, chunkBytes: Int) throws {
        self.assigner = assigner
        self.withDistance = withDistance
        geos = assigner.options.engine == .geos ? try GEOSAssignmentWorker(map: assigner.map) : nil
        let fields = ids.fields(for: assigner.map)
        idBytes = .allocate(capacity: max(1, fields.bytes.count))
        _ = idBytes.initialize(from: fields.bytes)
        idStarts = .allocate(capacity: fields.starts.count)
        _ = idStarts.initialize(from: fields.starts)
        // Rows are shorter than records unless territory ids are long: start at the chunk's size.
        capacity = max(4096, chunkBytes / 2)
        base = .allocate(capacity: capacity)
    }

    /// Frees the buffers (once, after ``finish()`` or an error).
    func release() {
        base.deallocate()
        idBytes.deallocate()
        idStarts.deallocate()
    }

    func reserve(records: Int, idBytes: Int) {}

    mutating func record(id: UnsafeBufferPointer<UInt8>, lon: Double, lat: Double, weight: Double, visitMinutes: Double?, line: Int) {
        write(id: id, lon: lon, lat: lat)
    }

    /// Assigns one customer and appends its row.
    @inline(__always)
    mutating func write(id: UnsafeBufferPointer<UInt8>, lon: Double, lat: Double) {
        guard error == nil else { return }
        let placement: Placement
        do { placement = try assigner.placement(lon: lon, lat: lat, geos: geos) } catch {
            self.error = error
            return
        }
        summary.add(placement)
        rows += 1
        let t = placement.territory
        let idField = t < 0 ? 0 : idStarts[t + 1] - idStarts[t]
        // Worst case: an id quoted with every byte doubled, the territory field, a distance.
        ensure(room: 2 * id.count + 2 + 1 + idField + 1 + (withDistance ? 32 : 0) + 1)
        appendField(id)
        base[count] = 0x2C
        count += 1
        if t >= 0 { append(UnsafeBufferPointer(rebasing: idBytes[idStarts[t]..<idStarts[t + 1]])) }
        if withDistance {
            base[count] = 0x2C
            count += 1
            if let d = placement.distance {
                var text = String(format: "%.1f", d)
                text.withUTF8 { append($0) }
            }
        }
        base[count] = 0x0A
        count += 1
    }

    /// The rows written, or the first error met.
    func finish() throws -> AssignmentRows {
        if let error { throw error }
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
        guard CSVWriter.needsQuotes(field) else { return append(field) }
        base[count] = 0x22
        count += 1
        for b in field {
            if b == 0x22 { base[count] = 0x22; count += 1 }
            base[count] = b
            count += 1
        }
        base[count] = 0x22
        count += 1
    }
}
