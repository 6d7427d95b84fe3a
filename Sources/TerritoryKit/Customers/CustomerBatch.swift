import Foundation

/// Customers read from a CSV file, in columns.
///
/// Ids are kept as the raw bytes of the field (no `String` per row), so a batch costs a few
/// flat arrays however many rows it has.
public struct CustomerBatch: Sendable {
    /// Longitudes, in row order.
    public internal(set) var lon: [Double] = []
    /// Latitudes, in row order.
    public internal(set) var lat: [Double] = []
    /// Weights, in row order (1 when the file has no weight column).
    public internal(set) var weight: [Double] = []
    /// Visit minutes, in row order, when ``CustomerColumns/visitMinutes`` names a column;
    /// otherwise empty.
    public internal(set) var visitMinutes: [Double] = []
    /// 1-based file line of each row (the header is line 1).
    public var line: [Int] { relativeLine.map { Int($0) + lineBase } }
    var relativeLine: [Int32] = []
    var lineBase = 0
    var idBytes: [UInt8] = []
    var idEnds: [Int] = []

    /// An empty batch.
    public init() {}

    /// Customers held in memory, one entry per customer in each array.
    ///
    /// ## Example
    /// ```swift
    /// let batch = try CustomerBatch(ids: ["a", "b"], lon: [-78.6, -80.8], lat: [35.8, 35.2])
    /// ```
    /// - Parameters:
    ///   - ids: each customer's id.
    ///   - lon: longitudes (degrees), one per id.
    ///   - lat: latitudes (degrees), one per id.
    ///   - weights: one weight per customer (non-negative); every customer weighs 1 when nil.
    ///   - visitMinutes: one visit time per customer (non-negative), or nil.
    /// - Throws: ``TerritoryError/invalidArgument(_:)`` when the arrays differ in length, a
    ///   coordinate is not a lon/lat point, or a weight or visit time is negative or not finite.
    public init(ids: [String], lon: [Double], lat: [Double], weights: [Double]? = nil, visitMinutes: [Double]? = nil) throws(TerritoryError) {
        let n = ids.count
        for (name, count) in [("lon", lon.count), ("lat", lat.count), ("weights", weights?.count ?? n), ("visitMinutes", visitMinutes?.count ?? n)]
        where count != n {
            throw TerritoryError.invalidArgument("\(n) ids but \(count) \(name)")
        }
        for i in 0..<n {
            guard lon[i].isFinite, lat[i].isFinite, abs(lon[i]) <= 180, abs(lat[i]) <= 90 else {
                throw TerritoryError.invalidArgument("customer \(ids[i]): (\(lon[i]), \(lat[i])) is not a lon/lat point")
            }
            let w = weights?[i] ?? 1
            guard w.isFinite, w >= 0 else { throw TerritoryError.invalidArgument("customer \(ids[i]): weight \(w) must be a number >= 0") }
            if let v = visitMinutes?[i], !(v.isFinite && v >= 0) {
                throw TerritoryError.invalidArgument("customer \(ids[i]): visit minutes \(v) must be a number >= 0")
            }
            var id = ids[i]
            id.withUTF8 { append(id: $0, lon: lon[i], lat: lat[i], weight: w, line: i + 1) }
        }
        self.visitMinutes = visitMinutes ?? []
    }

    /// The number of rows.
    public var count: Int { lon.count }

    /// The id of row `i`.
    public func id(_ i: Int) -> String {
        let start = i == 0 ? 0 : idEnds[i - 1]
        return String(decoding: idBytes[start..<idEnds[i]], as: UTF8.self)
    }

    /// The id of row `i` as its raw UTF-8 bytes.
    @inline(__always)
    public func withIDBytes<R>(_ i: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let start = i == 0 ? 0 : idEnds[i - 1]
        return try idBytes.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[start..<idEnds[i]])) }
    }

    mutating func removeAll() {
        lon.removeAll(keepingCapacity: true); lat.removeAll(keepingCapacity: true)
        weight.removeAll(keepingCapacity: true); relativeLine.removeAll(keepingCapacity: true)
        visitMinutes.removeAll(keepingCapacity: true)
        idBytes.removeAll(keepingCapacity: true); idEnds.removeAll(keepingCapacity: true)
        lineBase = 0
    }

    @inline(__always)
    mutating func append(id: UnsafeBufferPointer<UInt8>, lon: Double, lat: Double, weight: Double, line: Int) {
        idBytes.append(contentsOf: id)
        idEnds.append(idBytes.count)
        self.lon.append(lon); self.lat.append(lat); self.weight.append(weight)
        relativeLine.append(Int32(truncatingIfNeeded: line - lineBase))
    }

    /// Appends every `step`-th row of `other`'s first `count` rows (all of them by default).
    public mutating func append(contentsOf other: CustomerBatch, every step: Int = 1, first count: Int = .max) {
        for i in stride(from: 0, to: min(other.count, max(0, count)), by: max(1, step)) {
            other.withIDBytes(i) {
                append(
                    id: $0, lon: other.lon[i], lat: other.lat[i], weight: other.weight[i],
                    line: Int(other.relativeLine[i]) + other.lineBase)
            }
            if !other.visitMinutes.isEmpty { visitMinutes.append(other.visitMinutes[i]) }
        }
    }
}
