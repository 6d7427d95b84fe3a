import GEOS

/// A uniform grid over a map's extent that answers most point queries with one array read.
///
/// A cell is *pure* when no territory's boundary passes through it: all its points then lie in
/// the same territories, so a cell inside exactly one territory (or none) answers at once.
/// Every other cell is *mixed* and lists, in map order, the territories that matter there:
/// those whose boundary may cross it (tested exactly per point) and those that cover it whole
/// (no test needed: the point is inside them).
///
/// **Exactness.** A point's cell is `floor((x - minX) * xScale)` (and likewise for y), a monotone
/// function. Each edge marks the cells its points can fall in: row by row, the columns of the
/// edge's x-range within that row's band of y, both widened by a margin far above the rounding
/// error of the arithmetic (edges where that margin would reach half a cell mark their bounding
/// box instead). A cell no edge of a territory marked holds no boundary point of it, so the
/// territory either covers the whole cell or none of it; adjacent such cells in a row form a
/// connected set without boundary points, so one location test (at a cell centre) answers for
/// a whole run of them.
struct TerritoryGrid: Sendable {
    let envelope: Envelope
    let columns: Int, rows: Int
    let xScale: Double, yScale: Double
    /// Per cell, in two bytes so that the table of a national map stays in the processor's
    /// cache (with four, lookups missed it often enough to cost a tenth of an assignment run):
    /// a territory index below ``wideCode`` (pure, inside it), ``emptyCode`` (pure, inside none),
    /// or ``wideCode``: the cell has a list of entries (see ``list(ofWideCell:)``).
    let codes: [UInt16]
    /// One bit per cell, set where ``codes`` says ``wideCode``; and per 64 cells, how many such
    /// cells come before them. Lists are in cell order, so a cell's list is the number of set
    /// bits before it: a table of a sixth of a byte per cell, which stays in cache where one of
    /// four bytes per cell (read only for these cells) missed it on nearly every read.
    let wideBits: [UInt64]
    let wideBefore: [Int32]
    /// Where each mixed cell's entries start in ``entries`` (one more than there are lists).
    let listStarts: [Int32]
    /// Mixed cells' entries, in map order: `t << 1` for a territory whose boundary may cross the
    /// cell (test the point), `t << 1 | 1` for one covering the whole cell.
    let entries: [Int32]

    static let empty: Int32 = -1
    static let mixed: Int32 = -2
    static let emptyCode: UInt16 = 0xFFFF
    static let wideCode: UInt16 = 0xFFFE

    /// Cells per territory edge the grid aims for (bounded to between 1,024 and 2^21 cells).
    static let cellsPerEdge = 64

    /// The grid of `locators`' territories. `codeLimit` (tests lower it) is the first territory
    /// index given a list of one entry instead of a code.
    init(locators: [PolygonLocator], codeLimit: Int32 = Int32(TerritoryGrid.wideCode)) {
        let present = locators.map(\.envelope).filter { $0.minX <= $0.maxX }
        guard var extent = present.first else {
            envelope = Envelope(minX: 0, minY: 0, maxX: -1, maxY: -1)
            columns = 1; rows = 1; xScale = 0; yScale = 0
            codes = [TerritoryGrid.emptyCode]; wideBits = [0]; wideBefore = [0]; listStarts = [0]; entries = []
            return
        }
        for e in present.dropFirst() { extent = extent.union(e) }
        envelope = extent
        let edgeCount = locators.reduce(0) { $0 + $1.rings.reduce(0) { $0 + $1.count / 2 } }
        let target = Double(min(1 << 21, max(1024, edgeCount * TerritoryGrid.cellsPerEdge)))
        let aspect = extent.height > 0 && extent.width > 0 ? extent.width / extent.height : 1
        columns = max(1, min(1 << 12, Int((target * aspect).squareRoot().rounded(.up))))
        rows = max(1, min(1 << 12, Int((target / aspect).squareRoot().rounded(.up))))
        xScale = extent.width > 0 ? Double(columns) / extent.width : 0
        yScale = extent.height > 0 ? Double(rows) / extent.height : 0

        let frame = GridFrame(extent: extent, columns: columns, rows: rows, xScale: xScale, yScale: yScale)
        var builder = Builder(grid: frame, codeLimit: min(codeLimit, Int32(TerritoryGrid.wideCode)))
        for (t, locator) in locators.enumerated() { builder.add(locator, as: Int32(t)) }
        (codes, wideBits, wideBefore, listStarts, entries) = builder.finish()
    }

    /// The cell holding (x, y), or -1 outside the grid's extent.
    @inline(__always)
    func cell(x: Double, y: Double) -> Int {
        guard x >= envelope.minX, x <= envelope.maxX, y >= envelope.minY, y <= envelope.maxY else { return -1 }
        // Both products are >= 0 here, so truncation is the floor.
        var c = Int((x - envelope.minX) * xScale), r = Int((y - envelope.minY) * yScale)
        c = c >= columns ? columns - 1 : c
        r = r >= rows ? rows - 1 : r
        return r * columns + c
    }

    /// The two-byte code at (x, y) (see ``codes``; ``emptyCode`` outside the grid).
    @inline(__always)
    func code(x: Double, y: Double) -> UInt16 {
        let cell = cell(x: x, y: y)
        return cell < 0 ? TerritoryGrid.emptyCode : codes[cell]
    }

    /// What the grid says at (x, y): a territory (>= 0), ``empty``, or a mixed cell's list.
    @inline(__always)
    func state(x: Double, y: Double) -> Int32 {
        let cell = cell(x: x, y: y)
        return cell < 0 ? TerritoryGrid.empty : state(at: cell)
    }

    /// What the grid says in a cell: a territory (>= 0), ``empty``, or a mixed cell's list.
    @inline(__always)
    func state(at cell: Int) -> Int32 {
        let code = codes[cell]
        if code < TerritoryGrid.wideCode { return Int32(code) }
        return code == TerritoryGrid.emptyCode ? TerritoryGrid.empty : TerritoryGrid.mixed - Int32(list(ofWideCell: cell))
    }

    /// The list of a cell whose code is ``wideCode``: the number of such cells before it.
    @inline(__always)
    func list(ofWideCell cell: Int) -> Int {
        let word = cell >> 6, below = (UInt64(1) << UInt64(cell & 63)) &- 1
        return Int(wideBefore[word]) + (wideBits[word] & below).nonzeroBitCount
    }

    /// The entries of a mixed cell whose state is `state`.
    @inline(__always)
    func list(_ state: Int32) -> Range<Int> {
        let k = Int(TerritoryGrid.mixed - state)
        return Int(listStarts[k])..<Int(listStarts[k + 1])
    }
}

/// The grid's cells and the monotone maps from coordinates to them.
private struct GridFrame {
    let extent: Envelope
    let columns: Int, rows: Int
    let xScale: Double, yScale: Double

    @inline(__always) func column(_ x: Double) -> Int {
        let c = Int(((x - extent.minX) * xScale).rounded(.down))
        return c < 0 ? 0 : (c >= columns ? columns - 1 : c)
    }

    @inline(__always) func row(_ y: Double) -> Int {
        let r = Int(((y - extent.minY) * yScale).rounded(.down))
        return r < 0 ? 0 : (r >= rows ? rows - 1 : r)
    }
}

/// Builds the grid territory by territory: the cells each one's edges mark, then, row by row,
/// one location test per run of unmarked cells. A cell's code is written as soon as the cell is
/// found inside a territory; only cells that more than one territory reaches (or one whose
/// boundary crosses them) keep their entries as pairs, grouped at the end.
private struct Builder {
    let grid: GridFrame
    let codeLimit: Int32
    private var codes: [UInt16]
    /// (cell, entry) pairs of the cells whose code is `wideCode`, in the order found: territory
    /// by territory, so in map order per cell.
    private var pairCells: [Int32] = [], pairEntries: [Int32] = []
    /// The cells the current territory's edges marked (sorted and made unique once all are in).
    private var marked: [Int32] = []
    /// Margins, in cells, that cover the rounding of the band and interpolation arithmetic.
    private let yMargin: Double

    init(grid: GridFrame, codeLimit: Int32) {
        self.grid = grid
        self.codeLimit = codeLimit
        codes = [UInt16](repeating: TerritoryGrid.emptyCode, count: grid.columns * grid.rows)
        // A millionth of a cell, or more where coordinates are large next to the cells (rounding
        // is relative to the coordinates: 1e-12 of them is a thousand times the error).
        let e = grid.extent
        yMargin = max(1e-6, 1e-12 * (abs(e.minY) + abs(e.maxY)) * grid.yScale)
    }

    mutating func add(_ locator: PolygonLocator, as t: Int32) {
        let box = locator.envelope
        guard box.minX <= box.maxX else { return }
        marked.removeAll(keepingCapacity: true)
        for ring in locator.rings {
            var k = 0
            while k + 3 < ring.count {
                markEdge(ring[k], ring[k + 1], ring[k + 2], ring[k + 3])
                k += 2
            }
        }
        marked.sort()
        var unique = 0
        for cell in marked where unique == 0 || marked[unique - 1] != cell {
            marked[unique] = cell
            unique += 1
            record(Int(cell), t << 1)
        }
        marked.removeLast(marked.count - unique)
        // Row by row across the territory's box: runs of cells its edges did not mark are wholly
        // inside it or wholly outside; one centre tells which.
        var next = 0
        let c0 = grid.column(box.minX), c1 = grid.column(box.maxX)
        for r in grid.row(box.minY)...grid.row(box.maxY) {
            let rowStart = Int32(r * grid.columns)
            while next < marked.count, marked[next] < rowStart + Int32(c0) { next += 1 }
            var c = c0
            while c <= c1 {
                // The run ends before the next marked cell of this row.
                let stop = next < marked.count && marked[next] <= rowStart + Int32(c1) ? Int(marked[next] - rowStart) : c1 + 1
                if c < stop { c = addRun(r, c, stop - 1, locator, t) } else { c = stop + 1; next += 1 }
            }
        }
    }

    /// Records the cells `c...last` of row `r` that `t` covers whole; returns `last + 1`. The
    /// first cell whose centre maps back to it decides for the run; a cell before it (its centre
    /// rounding into a neighbour) is recorded as one to test per point.
    private mutating func addRun(_ r: Int, _ c: Int, _ last: Int, _ locator: PolygonLocator, _ t: Int32) -> Int {
        var c = c
        while c <= last {
            let x = grid.extent.minX + (Double(c) + 0.5) / grid.xScale, y = grid.extent.minY + (Double(r) + 0.5) / grid.yScale
            if grid.xScale > 0, grid.yScale > 0, grid.column(x) == c, grid.row(y) == r {
                if locator.locate(x: x, y: y) != .exterior {
                    for cell in (r * grid.columns + c)...(r * grid.columns + last) { record(cell, t << 1 | 1) }
                }
                return last + 1
            }
            record(r * grid.columns + c, t << 1)
            c += 1
        }
        return c
    }

    /// Records that `entry` (`t << 1`, `| 1` when `t` covers the cell whole) holds for `cell`.
    @inline(__always)
    private mutating func record(_ cell: Int, _ entry: Int32) {
        let code = codes[cell]
        if code == TerritoryGrid.emptyCode, entry & 1 == 1, entry >> 1 < codeLimit {
            codes[cell] = UInt16(entry >> 1)  // inside this territory alone, so far
            return
        }
        if code != TerritoryGrid.wideCode {
            codes[cell] = TerritoryGrid.wideCode
            if code != TerritoryGrid.emptyCode { appendPair(cell, Int32(code) << 1 | 1) }
        }
        appendPair(cell, entry)
    }

    @inline(__always)
    private mutating func appendPair(_ cell: Int, _ entry: Int32) {
        pairCells.append(Int32(cell))
        pairEntries.append(entry)
    }

    @inline(__always)
    private mutating func mark(_ cell: Int) { marked.append(Int32(cell)) }

    /// Marks every cell the edge's points can fall in (see ``TerritoryGrid``).
    private mutating func markEdge(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double) {
        let r0 = grid.row(min(y1, y2)), r1 = grid.row(max(y1, y2))
        let cMin = grid.column(min(x1, x2)), cMax = grid.column(max(x1, x2))
        let dx = x2 - x1, dy = y2 - y1
        // The interpolated x of a row's band is off by about ulp(y) * |dx/dy|: a millionth of a
        // cell, or a thousand times that error, whichever is larger.
        let xMargin =
            dy == 0 ? .infinity : max(1e-6, 1e-12 * (abs(x1) + abs(x2) + (abs(y1) + abs(y2) + abs(grid.extent.minY)) * abs(dx / dy)) * grid.xScale)
        if r0 == r1 || cMin == cMax || xMargin > 0.5 || yMargin > 0.25 {
            for r in r0...r1 { for c in cMin...cMax { mark(r * grid.columns + c) } }
            return
        }
        let yLow = min(y1, y2), yHigh = max(y1, y2)
        for r in r0...r1 {
            // This row's band of y (widened), clipped to the edge, and the edge's x across it.
            let lo = max(yLow, grid.extent.minY + (Double(r) - yMargin) / grid.yScale)
            let hi = min(yHigh, grid.extent.minY + (Double(r + 1) + yMargin) / grid.yScale)
            var first = cMin, last = cMax
            if lo <= hi {
                let xa = x1 + (lo - y1) * (dx / dy), xb = x1 + (hi - y1) * (dx / dy)
                let margin = xMargin / grid.xScale
                first = max(cMin, grid.column(min(xa, xb) - margin))
                last = min(cMax, grid.column(max(xa, xb) + margin))
            }
            for c in first...max(first, last) { mark(r * grid.columns + c) }
        }
    }

    /// The grid's tables: the pairs grouped by cell (map order kept) into lists, in cell order
    /// (a cell inside one territory past `codeLimit` alone has a list of that one entry), and
    /// the bits that find a cell's list.
    func finish() -> (codes: [UInt16], wideBits: [UInt64], wideBefore: [Int32], listStarts: [Int32], entries: [Int32]) {
        // Pair k's key is (cell, k): sorted, cells are grouped and each keeps its pairs' order.
        var keys = pairCells.indices.map { UInt64(UInt32(pairCells[$0])) << 32 | UInt64($0) }
        sortKeys(&keys)
        let words = (codes.count + 63) / 64
        var wideBits = [UInt64](repeating: 0, count: words)
        var listStarts: [Int32] = [0]
        var entries: [Int32] = []
        var i = 0
        while i < keys.count {
            let cell = Int(keys[i] >> 32)
            var j = i
            while j < keys.count, Int(keys[j] >> 32) == cell { j += 1 }
            wideBits[cell >> 6] |= UInt64(1) << UInt64(cell & 63)
            for k in i..<j { entries.append(pairEntries[Int(keys[k] & 0xFFFF_FFFF)]) }
            listStarts.append(Int32(entries.count))
            i = j
        }
        var wideBefore = [Int32](repeating: 0, count: words)
        var before: Int32 = 0
        for w in 0..<words {
            wideBefore[w] = before
            before += Int32(wideBits[w].nonzeroBitCount)
        }
        return (codes, wideBits, wideBefore, listStarts, entries)
    }
}
