import GEOS

/// A uniform grid over a map's extent that answers most point queries with one array lookup.
///
/// Every cell that no territory edge can pass through is *pure*: all its points lie in the same
/// territory (or in none), found once at build time by locating the cell's centre. Queries in
/// pure cells need no point-in-polygon test at all. Other cells list the territories whose box
/// touches them, in map order, for the exact test.
///
/// Exactness: a point's cell is `floor((x - minX) * xScale)`, a monotone function of x (and
/// likewise for y), so every point of an edge falls in a cell inside the cell range of the edge's
/// bounding box. A cell outside every edge's range therefore has no boundary point in it, its
/// points form a connected rectangle, and they all share the centre's location.
struct TerritoryGrid: Sendable {
    let envelope: Envelope
    let columns: Int, rows: Int
    let xScale: Double, yScale: Double
    /// Per cell: a territory index (pure, inside it), `empty` (pure, inside none), or `mixed`.
    let state: [Int32]
    let cellStarts: [Int32]
    let items: [Int32]

    static let empty: Int32 = -1
    static let mixed: Int32 = -2

    init(locators: [PolygonLocator]) {
        let present = locators.map(\.envelope).filter { $0.minX <= $0.maxX }
        guard var extent = present.first else {
            envelope = Envelope(minX: 0, minY: 0, maxX: -1, maxY: -1)
            columns = 1; rows = 1; xScale = 0; yScale = 0; state = [TerritoryGrid.empty]; cellStarts = [0, 0]; items = []
            return
        }
        for e in present.dropFirst() { extent = extent.union(e) }
        envelope = extent
        // About 16 cells per edge (so most cells hold no edge), between 1,024 and 2^20 cells.
        let edgeCount = locators.reduce(0) { $0 + $1.rings.reduce(0) { $0 + $1.count / 2 } }
        let target = Double(min(1 << 20, max(1024, edgeCount * 16)))
        let aspect = extent.height > 0 && extent.width > 0 ? extent.width / extent.height : 1
        let columns = max(1, min(1 << 12, Int((target * aspect).squareRoot().rounded(.up))))
        let rows = max(1, min(1 << 12, Int((target / aspect).squareRoot().rounded(.up))))
        self.columns = columns; self.rows = rows
        let xScale = extent.width > 0 ? Double(columns) / extent.width : 0
        let yScale = extent.height > 0 ? Double(rows) / extent.height : 0
        self.xScale = xScale; self.yScale = yScale
        let cells = columns * rows
        func column(_ x: Double) -> Int {
            let c = Int(((x - extent.minX) * xScale).rounded(.down))
            return c < 0 ? 0 : (c >= columns ? columns - 1 : c)
        }
        func row(_ y: Double) -> Int {
            let r = Int(((y - extent.minY) * yScale).rounded(.down))
            return r < 0 ? 0 : (r >= rows ? rows - 1 : r)
        }
        // Cells an edge may pass through (its bounding box's cells: conservative, hence exact).
        var touched = [Bool](repeating: false, count: cells)
        for locator in locators {
            for ring in locator.rings {
                var k = 0
                while k + 3 < ring.count {
                    let c0 = column(Swift.min(ring[k], ring[k + 2])), c1 = column(Swift.max(ring[k], ring[k + 2]))
                    let r0 = row(Swift.min(ring[k + 1], ring[k + 3])), r1 = row(Swift.max(ring[k + 1], ring[k + 3]))
                    for r in r0...r1 { for c in c0...c1 { touched[r * columns + c] = true } }
                    k += 2
                }
            }
        }
        // Candidates per cell, from territory boxes.
        var lists = [[Int32]](repeating: [], count: cells)
        for (t, locator) in locators.enumerated() {
            let e = locator.envelope
            guard e.minX <= e.maxX else { continue }
            for r in row(e.minY)...row(e.maxY) { for c in column(e.minX)...column(e.maxX) { lists[r * columns + c].append(Int32(t)) } }
        }
        var state = [Int32](repeating: TerritoryGrid.mixed, count: cells)
        for r in 0..<rows {
            for c in 0..<columns {
                let cell = r * columns + c
                if lists[cell].isEmpty { state[cell] = TerritoryGrid.empty; continue }
                guard !touched[cell] else { continue }
                let x = extent.minX + (Double(c) + 0.5) / xScale, y = extent.minY + (Double(r) + 0.5) / yScale
                guard column(x) == c, row(y) == r else { continue }
                let inside = lists[cell].filter { locators[Int($0)].locate(x: x, y: y) != .exterior }
                if inside.isEmpty { state[cell] = TerritoryGrid.empty } else if inside.count == 1 { state[cell] = inside[0] }
            }
        }
        var starts: [Int32] = [0]
        var flat: [Int32] = []
        for (cell, l) in lists.enumerated() {
            if state[cell] == TerritoryGrid.mixed { flat.append(contentsOf: l) }
            starts.append(Int32(flat.count))
        }
        self.state = state
        cellStarts = starts
        items = flat
    }

    /// The cell holding (x, y), or -1 outside the grid's extent.
    @inline(__always)
    func cell(x: Double, y: Double) -> Int {
        guard x >= envelope.minX, x <= envelope.maxX, y >= envelope.minY, y <= envelope.maxY else { return -1 }
        var c = Int(((x - envelope.minX) * xScale).rounded(.down)), r = Int(((y - envelope.minY) * yScale).rounded(.down))
        c = c < 0 ? 0 : (c >= columns ? columns - 1 : c)
        r = r < 0 ? 0 : (r >= rows ? rows - 1 : r)
        return r * columns + c
    }
}
