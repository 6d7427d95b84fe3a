import GEOS

/// A uniform grid over a map's extent listing, per cell, the territories whose bounding box
/// touches the cell, in map order. Turns "which territories might hold this point" into one
/// array lookup. Immutable, shared by all workers.
struct TerritoryGrid: Sendable {
    let envelope: Envelope
    let columns: Int, rows: Int
    let xScale: Double, yScale: Double
    let cellStarts: [Int32]
    let items: [Int32]

    init(envelopes: [Envelope?]) {
        let present = envelopes.compactMap { $0 }
        guard var extent = present.first else {
            envelope = Envelope(minX: 0, minY: 0, maxX: 0, maxY: 0)
            columns = 1; rows = 1; xScale = 0; yScale = 0; cellStarts = [0, 0]; items = []
            return
        }
        for e in present.dropFirst() { extent = extent.union(e) }
        envelope = extent
        // About 16 cells per territory, shaped like the extent, at most 512 x 512.
        let target = Double(max(1, present.count) * 16)
        let aspect = extent.height > 0 && extent.width > 0 ? extent.width / extent.height : 1
        columns = max(1, min(512, Int((target * aspect).squareRoot().rounded(.up))))
        rows = max(1, min(512, Int((target / aspect).squareRoot().rounded(.up))))
        xScale = extent.width > 0 ? Double(columns) / extent.width : 0
        yScale = extent.height > 0 ? Double(rows) / extent.height : 0
        var lists = [[Int32]](repeating: [], count: columns * rows)
        for (t, e) in envelopes.enumerated() {
            guard let e else { continue }
            let (c0, r0) = TerritoryGrid.cell(e.minX, e.minY, extent, xScale, yScale, columns, rows)
            let (c1, r1) = TerritoryGrid.cell(e.maxX, e.maxY, extent, xScale, yScale, columns, rows)
            for r in r0...r1 { for c in c0...c1 { lists[r * columns + c].append(Int32(t)) } }
        }
        var starts: [Int32] = [0]
        var flat: [Int32] = []
        for l in lists { flat.append(contentsOf: l); starts.append(Int32(flat.count)) }
        cellStarts = starts
        items = flat
    }

    @inline(__always)
    private static func cell(_ x: Double, _ y: Double, _ e: Envelope, _ xs: Double, _ ys: Double, _ cols: Int, _ rows: Int) -> (Int, Int) {
        var c = Int(((x - e.minX) * xs).rounded(.down)), r = Int(((y - e.minY) * ys).rounded(.down))
        c = c < 0 ? 0 : (c >= cols ? cols - 1 : c)
        r = r < 0 ? 0 : (r >= rows ? rows - 1 : r)
        return (c, r)
    }

    /// Calls `body` with the candidate territories for (x, y), ascending; none outside the extent.
    @inline(__always)
    func withCandidates<R>(x: Double, y: Double, _ body: (UnsafeBufferPointer<Int32>) -> R) -> R {
        guard envelope.contains(x: x, y: y) else { return body(UnsafeBufferPointer(start: nil, count: 0)) }
        let (c, r) = TerritoryGrid.cell(x, y, envelope, xScale, yScale, columns, rows)
        let cell = r * columns + c
        return items.withUnsafeBufferPointer { all in
            cellStarts.withUnsafeBufferPointer { starts in
                body(UnsafeBufferPointer(rebasing: all[Int(starts[cell])..<Int(starts[cell + 1])]))
            }
        }
    }
}
