import Foundation
import GEOS
import PROJ

/// What the territories' fills show.
public enum MapColoringMode: String, Sendable, CaseIterable {
    /// One colour per territory, never the same as a neighbour's.
    case territory
    /// Deviation of the balanced measure from target, on a diverging scale.
    case deviation
    /// Deviation of workload hours from target, on a diverging scale.
    case workload
}

/// A route to draw: a territory's stops in visiting order (the tour closes back to the first).
public struct RouteLine: Sendable, Equatable {
    /// The territory's id.
    public var territoryID: String
    /// The stops (lon/lat), in visiting order.
    public var points: [Coordinate]

    /// A route line.
    public init(territoryID: String, points: [Coordinate]) {
        self.territoryID = territoryID
        self.points = points
    }

    /// Reads the routes file `territory route` writes (`territory_id,stop,...,lon,lat,...`).
    /// - Throws: ``TerritoryError/csv(source:line:message:)`` for a missing column or a stop
    ///   that is not a lon/lat point.
    public static func read(contentsOf url: URL) throws(TerritoryError) -> [RouteLine] {
        try wrapped {
            let table = try CSVTable.read(contentsOf: url)
            let id = try table.requiredColumn("territory_id"), lon = try table.requiredColumn("lon"), lat = try table.requiredColumn("lat")
            var lines: [RouteLine] = []
            for (row, line) in zip(table.rows, table.lines) {
                guard let x = Double(row[lon]), let y = Double(row[lat]), CoordinateRange.isValid(lon: x, lat: y) else {
                    throw TerritoryError.csv(
                        source: url.path, line: line,
                        message: "lon/lat \"\(row[lon])\", \"\(row[lat])\" is not a point in lon [-180, 180], lat [-90, 90]"
                    )
                }
                if lines.last?.territoryID != row[id] { lines.append(RouteLine(territoryID: row[id], points: [])) }
                lines[lines.count - 1].points.append(Coordinate(x: x, y: y))
            }
            return lines
        }
    }
}

/// Options for ``MapRenderer``.
public struct RenderOptions: Sendable {
    /// Width of the map area in pixels (a legend panel is added to the right).
    public var width: Double = 900
    /// The projection: any CRS PROJ reads, or nil for a Lambert azimuthal equal-area projection
    /// centred on the territories.
    public var projection: String?
    /// At most this many customer dots are drawn (an even sample beyond it).
    public var maxCustomers = 50_000
    /// Validation options for the overlaps and gaps highlighted.
    public var validation = ValidationOptions()
    /// Defective features to mark (from ``TerritoryMap/usablePart(of:properties:rebuildInvalid:)``), drawn as
    /// red rings at their locations.
    public var featureProblems: [FeatureProblem] = []
    /// What the fills show; `deviation` and `workload` need ``balance``.
    public var coloring: MapColoringMode = .territory
    /// Each territory's customers, weight, deviation, area, compactness and workload, shown in
    /// titles and tooltips (and coloured by, per ``coloring``); in map order.
    public var balance: BalanceReport?
    /// Routes to draw (from `territory route`).
    public var routes: [RouteLine] = []
    /// The previous plan: areas whose territory differs from it are hatched, the old
    /// territory named in their tooltip (`render --compare`).
    public var compareWith: TerritoryMap?
    /// Options; every one has a default.
    public init(
        width: Double = 900, projection: String? = nil, maxCustomers: Int = 50_000,
        validation: ValidationOptions = ValidationOptions(), featureProblems: [FeatureProblem] = [],
        coloring: MapColoringMode = .territory, balance: BalanceReport? = nil, routes: [RouteLine] = []
    ) {
        self.width = width; self.projection = projection; self.maxCustomers = maxCustomers; self.validation = validation
        self.featureProblems = featureProblems; self.coloring = coloring; self.balance = balance; self.routes = routes
    }
}

/// Draws a territory map as SVG, or as a self-contained interactive HTML page.
///
/// The frame fits the territories (customers beyond it are counted in the legend, not drawn);
/// neighbouring territories never share a fill (DSatur colouring of the adjacency graph with a
/// colour-blind-safe palette), or fills show deviation from target on a diverging scale; shared
/// borders are simplified once for the screen (about a pixel) so no slivers open; labels sit at
/// each territory's pole of inaccessibility (GEOS maximum inscribed circle), sized to fit inside
/// it or left out. Every territory's shape carries `data-territory-id` and a `<title>`; problems
/// (overlaps, gaps, defects) and layers (customers, routes, labels) are separate groups.
///
/// ## Example
/// ```swift
/// let map = try TerritoryMap.load(contentsOf: URL(fileURLWithPath: "territories.geojson"))
/// let svg = try MapRenderer.svg(map: map)
/// try svg.write(toFile: "map.svg", atomically: true, encoding: .utf8)
/// ```
public enum MapRenderer {
    /// Renders `map` as SVG, with optional customers (and their assignments, from `assigner`).
    /// - Parameters:
    ///   - map: the territories.
    ///   - customers: customers to draw (a sample is fine), or nil.
    ///   - assigner: assigns the customers to colour them; needed with `customers`.
    ///   - totalCustomers: how many customers the file had, when `customers` is a sample.
    ///   - options: size, projection, colouring, balance, routes, problems to mark.
    /// - Throws: ``TerritoryError`` for an empty map or a projection PROJ cannot use.
    public static func svg(
        map: TerritoryMap, customers: CustomerBatch? = nil, assigner: TerritoryAssigner? = nil,
        totalCustomers: Int? = nil, options: RenderOptions = RenderOptions()
    ) throws(TerritoryError) -> String {
        try wrapped {
            try drawing(map: map, customers: customers, assigner: assigner, totalCustomers: totalCustomers, options: options).svg
        }
    }

    /// Renders `map` as one self-contained HTML page: the SVG inline with pan and zoom, a hover
    /// tooltip, layer toggles and a sortable table of territories. It makes no network request.
    /// - Throws: as ``svg(map:customers:assigner:totalCustomers:options:)``.
    public static func html(
        map: TerritoryMap, customers: CustomerBatch? = nil, assigner: TerritoryAssigner? = nil,
        totalCustomers: Int? = nil, options: RenderOptions = RenderOptions()
    ) throws(TerritoryError) -> String {
        try wrapped {
            let d = try drawing(map: map, customers: customers, assigner: assigner, totalCustomers: totalCustomers, options: options)
            return HTMLMapPage.page(svg: d.svg, map: map, balance: options.balance, compared: options.compareWith != nil)
        }
    }

    struct Drawing { let svg: String }

    /// Maps projected metres to SVG pixels (y down).
    struct Frame {
        let box: Envelope, scale: Double, margin: Double
        func point(_ c: Coordinate) -> (Double, Double) {
            (margin + (c.x - box.minX) * scale, margin + (box.maxY - c.y) * scale)
        }
        func contains(_ c: Coordinate) -> Bool { box.expanded(by: 1 / scale).contains(x: c.x, y: c.y) }
    }

    /// Counts the legend reports.
    struct Counts {
        var customersDrawn = 0, unassignedDrawn = 0, outsideFrame = 0, labelsOmitted = 0, colorsUsed = 0, changedAreas = 0
    }

    static func drawing(
        map: TerritoryMap, customers: CustomerBatch?, assigner: TerritoryAssigner?, totalCustomers: Int?,
        options: RenderOptions
    ) throws -> Drawing {
        try wrapped {
            guard !map.territories.isEmpty else { throw TerritoryError.invalidArgument("the map has no territories") }
            if let balance = options.balance, balance.territories.count != map.count {
                throw TerritoryError.invalidArgument("balance for \(balance.territories.count) territories, map of \(map.count)")
            }
            var extent = map.territories[0].geometry.envelope!
            for t in map.territories.dropFirst() { extent = extent.union(t.geometry.envelope!) }
            let center = Coordinate(x: (extent.minX + extent.maxX) / 2, y: (extent.minY + extent.maxY) / 2)
            let crs = options.projection ?? "+proj=laea +lat_0=\(center.y) +lon_0=\(center.x) +datum=WGS84 +units=m +no_defs"
            let toMap = try CoordinateTransformer(from: "EPSG:4326", to: crs)
            let projected = try map.territories.map { try toMap.transform($0.geometry) }
            // The frame fits the territories alone: far-away customers must not shrink the map.
            var box = projected[0].envelope!
            for g in projected.dropFirst() { box = box.union(g.envelope!) }
            let margin = 20.0, legendWidth = 260.0
            let scale = (options.width - 2 * margin) / max(box.width, box.height / 4, 1e-9)
            let frame = Frame(box: box, scale: scale, margin: margin)
            let mapHeight = box.height * scale + 2 * margin + 30
            let report = try Validator.validate(map, options: options.validation)
            var counts = Counts()

            let fills = try territoryFills(map: map, projected: projected, options: options, counts: &counts)
            let shapes = try CoverageSimplifier.simplify(projected, tolerance: 1 / scale)
            var body = territoriesLayer(
                map: map, shapes: shapes,
                fills: fills, frame: frame, balance: options.balance)
            var changedAreas = 0
            if let old = options.compareWith {
                let (layer, count) = try changesLayer(map: map, old: old, toMap: toMap, frame: frame)
                body += layer
                changedAreas = count
            }
            body += try problemsLayer(report: report, problems: options.featureProblems, toMap: toMap, frame: frame)
            body += try routesLayer(options.routes, map: map, fills: fills, toMap: toMap, frame: frame)
            body += try customersLayer(
                customers, assigner: assigner, fills: fills, toMap: toMap, frame: frame,
                limit: options.maxCustomers, counts: &counts)
            body += try labelsLayer(map: map, projected: projected, frame: frame, counts: &counts)
            body += scaleBar(frame: frame, width: options.width, height: mapHeight)
            counts.changedAreas = changedAreas
            let (legend, legendHeight) = self.legend(
                map: map, x: options.width + 10, fills: fills, report: report, options: options,
                counts: counts, total: totalCustomers ?? customers?.count ?? 0)
            let width = options.width + legendWidth, height = max(mapHeight, legendHeight)
            let svg = """
                <svg xmlns="http://www.w3.org/2000/svg" width="\(fmt(width))" height="\(fmt(height))" \
                viewBox="0 0 \(fmt(width)) \(fmt(height))" font-family="Helvetica, Arial, sans-serif">
                <title>Territory map (\(map.count) territories)</title>
                <defs><pattern id="overlap" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">\
                <rect width="6" height="6" fill="#ff000033"/><line x1="0" y1="0" x2="0" y2="6" stroke="#d00" stroke-width="2.5"/></pattern>\
                <pattern id="changed" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">\
                <line x1="0" y1="0" x2="0" y2="8" stroke="#111" stroke-opacity="0.55" stroke-width="2"/></pattern>\
                <pattern id="gap" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(-45)">\
                <rect width="6" height="6" fill="#ffffff"/><line x1="0" y1="0" x2="0" y2="6" stroke="#222" stroke-width="1.5"/></pattern></defs>
                <rect id="background" width="100%" height="100%" fill="#f7f9fb"/>
                <g id="map">
                \(body)</g>
                \(legend)</svg>

                """
            return Drawing(svg: svg)
        }
    }

    // MARK: Layers

    /// Fills per territory: adjacency colouring, or the diverging deviation scale.
    static func territoryFills(map: TerritoryMap, projected: [Geometry], options: RenderOptions, counts: inout Counts) throws -> [String] {
        switch options.coloring {
        case .deviation, .workload:
            guard let balance = options.balance else {
                throw TerritoryError.invalidArgument("colouring by \(options.coloring.rawValue) needs the territories' balance")
            }
            if options.coloring == .workload, balance.summary.balanceOn != .workload {
                throw TerritoryError.invalidArgument("colouring by workload needs a balance measured on workload")
            }
            let range = divergingRange(balance)
            return balance.territories.map { MapColoring.diverging($0.deviationPercent, range: range) }
        case .territory:
            // Neighbours from the unit graph; a map too damaged for it falls back to GEOS touches.
            let neighbours: [[Int]]
            if let rook = try? UnitGraph.rookNeighbours(of: map.territories.map(\.geometry)) {
                neighbours = rook
            } else {
                neighbours = try projected.indices.map { i in
                    try projected.indices.filter { j in try j != i && projected[i].intersects(projected[j]) }
                }
            }
            let indices = MapColoring.colorIndices(count: map.count, neighbours: neighbours)
            counts.colorsUsed = (indices.max() ?? -1) + 1
            return indices.map(MapColoring.fill)
        }
    }

    static func divergingRange(_ balance: BalanceReport) -> Double {
        MapColoring.divergingRange(
            maxDeviation: balance.territories.map { abs($0.deviationPercent) }.filter(\.isFinite).max() ?? 0,
            tolerance: balance.summary.tolerance * 100)
    }

    static func territoriesLayer(map: TerritoryMap, shapes: SimplifiedCoverage, fills: [String], frame: Frame, balance: BalanceReport?) -> String {
        var s = "<g id=\"territories\" stroke=\"#ffffff\" stroke-width=\"1\" stroke-linejoin=\"round\">\n"
        for (i, t) in map.territories.enumerated() {
            var attributes = "data-territory-id=\"\(escape(t.id))\" data-name=\"\(escape(t.name ?? ""))\" data-rep=\"\(escape(t.rep ?? ""))\""
            var title = label(t)
            if let b = balance?.territories[i] {
                attributes +=
                    " data-customers=\"\(b.customers)\" data-weight=\"\(fmt(b.weight))\" data-deviation=\"\(fmt(b.deviationPercent))\""
                    + " data-area-km2=\"\(fmt(b.areaKm2))\" data-polsby-popper=\"\(String(format: "%.3f", b.compactness.polsbyPopper))\""
                if let w = b.workload { attributes += " data-workload-hours=\"\(fmt(w.hours))\"" }
                title += " — customers \(b.customers), weight \(fmt(b.weight)), deviation \(String(format: "%+.1f", b.deviationPercent))%"
            }
            let d = path(shapes, i, frame)
            s +=
                "<path class=\"territory\" \(attributes) fill=\"\(fills[i])\" fill-rule=\"evenodd\" d=\"\(d)\"><title>\(escape(title))</title></path>\n"
        }
        return s + "</g>\n"
    }

    /// The areas that changed territory since `old`: each piece of a territory that lay in
    /// another territory of the old plan, hatched, with both ids.
    static func changesLayer(map: TerritoryMap, old: TerritoryMap, toMap: CoordinateTransformer, frame: Frame) throws -> (String, Int) {
        var s = "<g id=\"changes\">\n", count = 0
        let tree = try STRtree(old.territories.map(\.geometry))
        for t in map.territories {
            for o in try tree.query(t.geometry) where old.territories[o].id != t.id {
                let before = old.territories[o]
                guard try t.geometry.relate(before.geometry, pattern: "2********") else { continue }
                let piece = try polygonalPart(t.geometry.intersection(before.geometry))
                if piece.isEmpty { continue }
                let area = try Geodesic.wgs84.area(piece)
                count += 1
                s +=
                    "<path class=\"change\" data-territory-id=\"\(escape(t.id))\" data-old-territory-id=\"\(escape(before.id))\" "
                    + "data-area-km2=\"\(fmt(area / 1e6))\" fill=\"url(#changed)\" stroke=\"#111\" stroke-width=\"1\" d=\"\(try path(toMap.transform(piece), frame))\">"
                    + "<title>moved from \(escape(before.id)) to \(escape(t.id)): \(fmt(area / 1e6)) km²</title></path>\n"
            }
        }
        return (s + "</g>\n", count)
    }

    static func problemsLayer(report: ValidationReport, problems: [FeatureProblem], toMap: CoordinateTransformer, frame: Frame) throws -> String {
        var s = "<g id=\"problems\">\n<g id=\"overlaps\">\n"
        for o in report.overlaps {
            let g = try toMap.transform(o.geometry)
            s +=
                "<path fill=\"url(#overlap)\" stroke=\"#d00\" stroke-width=\"1.5\" d=\"\(try path(g, frame))\"><title>overlap \(escape(o.firstID)) / \(escape(o.secondID)): \(fmt(o.area)) m²</title></path>\n"
        }
        s += "</g>\n<g id=\"gaps\">\n"
        for gap in report.gaps {
            let g = try toMap.transform(gap.geometry)
            s +=
                "<path fill=\"url(#gap)\" stroke=\"#222\" stroke-width=\"1.5\" stroke-dasharray=\"4 2\" d=\"\(try path(g, frame))\"><title>gap: \(fmt(gap.area)) m²</title></path>\n"
        }
        s += "</g>\n<g id=\"defects\">\n"
        for p in problems {
            guard let c = p.defect.location, let at = try? toMap.transform(c) else { continue }
            let (x, y) = frame.point(at)
            s +=
                "<circle cx=\"\(fmt(x))\" cy=\"\(fmt(y))\" r=\"9\" fill=\"none\" stroke=\"#d00\" stroke-width=\"3\"><title>\(escape(p.id ?? "feature \(p.featureIndex)")): \(escape(p.defect.kind.rawValue)): \(escape(p.defect.message))</title></circle>\n"
        }
        return s + "</g>\n</g>\n"
    }

    static func routesLayer(_ routes: [RouteLine], map: TerritoryMap, fills: [String], toMap: CoordinateTransformer, frame: Frame) throws -> String {
        guard !routes.isEmpty else { return "" }
        var s = "<g id=\"routes\" fill=\"none\" stroke-width=\"1.2\" stroke-linejoin=\"round\" opacity=\"0.85\" pointer-events=\"none\">\n"
        for route in routes where route.points.count > 1 {
            let color = map.index(of: route.territoryID).map { MapColoring.dark(fills[$0]) } ?? "#333333"
            var d = ""
            for (k, p) in try toMap.transform(route.points).enumerated() {
                let (x, y) = frame.point(p)
                d += (k == 0 ? "M" : "L") + fmt1(x) + " " + fmt1(y)
            }
            s +=
                "<path data-territory-id=\"\(escape(route.territoryID))\" stroke=\"\(color)\" d=\"\(d)Z\"><title>route of \(escape(route.territoryID)): \(route.points.count) stops</title></path>\n"
        }
        return s + "</g>\n"
    }

    /// Customers as round dots in their territory's darker hue, one path per colour (a dot is a
    /// zero-length line with round caps: a sixth of the bytes of a `<circle>`), unassigned ones
    /// as black crosses; customers outside the frame are counted, not drawn.
    static func customersLayer(
        _ customers: CustomerBatch?, assigner: TerritoryAssigner?, fills: [String], toMap: CoordinateTransformer,
        frame: Frame, limit: Int, counts: inout Counts
    ) throws -> String {
        guard let customers, customers.count > 0, let assigner else { return "" }
        let step = max(1, (customers.count + limit - 1) / limit)
        let assignments = try assigner.assign(customers)
        let points = try toMap.transform((0..<customers.count).map { Coordinate(x: customers.lon[$0], y: customers.lat[$0]) })
        var dots: [String: String] = [:], crosses = ""
        for i in stride(from: 0, to: customers.count, by: step) {
            guard frame.contains(points[i]) else { counts.outsideFrame += 1; continue }
            let (x, y) = frame.point(points[i])
            counts.customersDrawn += 1
            if let t = assignments[i].territory {
                dots[MapColoring.dark(fills[t]), default: ""] += "M\(fmt1(x)) \(fmt1(y))h0"
            } else {
                counts.unassignedDrawn += 1
                crosses += "M\(fmt1(x - 3)) \(fmt1(y - 3))l6 6m0 -6l-6 6"
            }
        }
        var s = "<g id=\"customers\" fill=\"none\" stroke-linecap=\"round\" pointer-events=\"none\">\n"
        for color in dots.keys.sorted() { s += "<path stroke=\"\(color)\" stroke-width=\"4.5\" d=\"\(dots[color]!)\"/>\n" }
        if !crosses.isEmpty { s += "<path class=\"unassigned\" stroke=\"#000\" stroke-width=\"1.6\" stroke-linecap=\"butt\" d=\"\(crosses)\"/>\n" }
        return s + "</g>\n"
    }

    /// Labels at each territory's pole of inaccessibility (the centre of its largest inscribed
    /// circle), sized so the text's box fits inside that circle, or left out below 7 px.
    static func labelsLayer(map: TerritoryMap, projected: [Geometry], frame: Frame, counts: inout Counts) throws -> String {
        var s =
            "<g id=\"labels\" font-weight=\"bold\" text-anchor=\"middle\" fill=\"#1a1a1a\" stroke=\"#ffffff\" stroke-width=\"2.5\" paint-order=\"stroke\" pointer-events=\"none\">\n"
        for (i, g) in projected.enumerated() {
            // The inscribed circle is no wider than the envelope: too small for a label there,
            // too small for one anyway, and the circle (the costly part) is not sought.
            let text = map.territories[i].id
            if let e = g.envelope, labelSize(radius: min(e.width, e.height) / 2 * frame.scale - 1, text: text) < 7 {
                counts.labelsOmitted += 1
                continue
            }
            guard let circle = try? g.maximumInscribedCircle(tolerance: 0.5 / frame.scale) else { counts.labelsOmitted += 1; continue }
            let size = labelSize(radius: circle.radius * frame.scale - 1, text: text)
            guard size >= 7 else { counts.labelsOmitted += 1; continue }
            let (x, y) = frame.point(circle.center)
            s += "<text x=\"\(fmt1(x))\" y=\"\(fmt1(y + size * 0.35))\" font-size=\"\(fmt1(size))\">\(escape(text))</text>\n"
        }
        return s + "</g>\n"
    }

    /// The font size (px) at which `text` fits a circle of `radius` pixels, at most 14: a bold
    /// sans-serif glyph is about 0.62 em wide; the box (w × h) fits the circle when
    /// (w/2)² + (h/2)² ≤ r².
    static func labelSize(radius: Double, text: String) -> Double {
        min(14, radius / (0.0961 * Double(text.count * text.count) + 0.25).squareRoot())
    }

    /// SVG path data of polygon `i` of a simplified coverage.
    static func path(_ shapes: SimplifiedCoverage, _ i: Int, _ frame: Frame) -> String {
        var d: [UInt8] = []
        for ring in shapes.rings(of: i) { appendRing(ring, frame, to: &d) }
        return String(decoding: d, as: UTF8.self)
    }

    /// Appends one closed ring as `Mx yLx y...Z` in tenths of a pixel, skipping vertices that
    /// land on the same tenth as the one before. Written digit by digit into bytes: a national
    /// map has millions of vertices, and a string per number was most of its drawing time.
    static func appendRing<Ring: Collection<Coordinate>>(_ ring: Ring, _ frame: Frame, to d: inout [UInt8]) {
        var last: (Int, Int)?
        var first = true
        for c in ring.dropLast() {
            let (x, y) = frame.point(c)
            let tenths = (Int(exactly: (x * 10).rounded()) ?? Int.max, Int(exactly: (y * 10).rounded()) ?? Int.max)
            if let last, last == tenths { first = false; continue }
            d.append(first ? UInt8(ascii: "M") : UInt8(ascii: "L"))
            appendTenths(tenths.0, x, to: &d)
            d.append(UInt8(ascii: " "))
            appendTenths(tenths.1, y, to: &d)
            last = tenths
            first = false
        }
        d.append(UInt8(ascii: "Z"))
    }

    /// `n` tenths written as ``fmt1(_:)`` writes `value` (`12`, `12.5`, `-0.5`), without making
    /// strings; values too large for the fast path go through ``fmt1(_:)`` itself.
    static func appendTenths(_ n: Int, _ value: Double, to d: inout [UInt8]) {
        guard n.magnitude < 100_000_000_000_000 else { d.append(contentsOf: fmt1(value).utf8); return }
        if n < 0, n / 10 == 0, n % 10 == 0 { d.append(UInt8(ascii: "0")); return }  // -0 is written 0
        if n < 0 { d.append(UInt8(ascii: "-")) }
        let whole = n.magnitude / 10, tenth = n.magnitude % 10
        var digits: [UInt8] = []
        var w = whole
        repeat {
            digits.append(UInt8(ascii: "0") + UInt8(w % 10))
            w /= 10
        } while w > 0
        d.append(contentsOf: digits.reversed())
        if tenth != 0 { d.append(UInt8(ascii: ".")); d.append(UInt8(ascii: "0") + UInt8(tenth)) }
    }

    /// SVG path data of a polygonal geometry's rings.
    static func path(_ g: Geometry, _ frame: Frame) throws -> String {
        var d: [UInt8] = []
        for polygon in try polygons(of: g) {
            for ring in try polygon.polygonRings() { appendRing(ring, frame, to: &d) }
        }
        return String(decoding: d, as: UTF8.self)
    }

    static func scaleBar(frame: Frame, width: Double, height: Double) -> String {
        let target = (width - 2 * frame.margin) * 0.22 / frame.scale  // metres
        let magnitude = pow(10, floor(log10(target)))
        let nice = [1.0, 2, 5, 10].map { $0 * magnitude }.last { $0 <= target } ?? magnitude
        let pixels = nice * frame.scale
        let x = frame.margin, y = height - 18
        let label = nice >= 1000 ? "\(fmt(nice / 1000)) km" : "\(fmt(nice)) m"
        return """
            <g id="scale-bar" font-size="11" fill="#222">
            <rect x="\(fmt(x))" y="\(fmt(y - 6))" width="\(fmt(pixels / 2))" height="6" fill="#222"/>
            <rect x="\(fmt(x + pixels / 2))" y="\(fmt(y - 6))" width="\(fmt(pixels / 2))" height="6" fill="#fff" stroke="#222"/>
            <text x="\(fmt(x))" y="\(fmt(y - 10))">0</text><text x="\(fmt(x + pixels))" y="\(fmt(y - 10))" text-anchor="middle">\(label)</text>
            </g>

            """
    }

    /// The legend panel and its height: territories listed only when few, otherwise what the
    /// colours and markers mean; always compact, so the picture's shape follows the map's.
    static func legend(
        map: TerritoryMap, x: Double, fills: [String], report: ValidationReport, options: RenderOptions,
        counts: Counts, total: Int
    ) -> (String, Double) {
        var s =
            "<g id=\"legend\" font-size=\"12\" fill=\"#222\">\n<text x=\"\(fmt(x))\" y=\"30\" font-size=\"14\" font-weight=\"bold\">\(map.count) territor\(map.count == 1 ? "y" : "ies")</text>\n"
        var y = 52.0
        func row(_ symbol: String, _ text: String) {
            s += symbol + "<text x=\"\(fmt(x + 20))\" y=\"\(fmt(y))\">\(escape(text))</text>\n"
            y += 20
        }
        func note(_ text: String) { s += "<text x=\"\(fmt(x))\" y=\"\(fmt(y))\" fill=\"#555\">\(escape(text))</text>\n"; y += 18 }
        switch options.coloring {
        case .territory where map.count <= 12:
            for (i, t) in map.territories.enumerated() {
                let text = label(t)
                row(
                    "<rect x=\"\(fmt(x))\" y=\"\(fmt(y - 11))\" width=\"14\" height=\"14\" fill=\"\(fills[i])\" stroke=\"#888\"/>",
                    text.count > 34 ? text.prefix(33) + "…" : text)
            }
        case .territory:
            note("Ids are labelled on the map;")
            note("neighbours never share a colour")
            note("(\(counts.colorsUsed) colours).")
        case .deviation, .workload:
            let range = options.balance.map(divergingRange) ?? 10
            let what = options.coloring == .workload ? "workload hours" : (options.balance?.summary.balanceOn.rawValue ?? "weight")
            note("Deviation of \(what) from target")
            let barWidth = 200.0
            for k in 0..<40 {
                let value = -range + 2 * range * (Double(k) + 0.5) / 40
                s +=
                    "<rect x=\"\(fmt1(x + Double(k) * barWidth / 40))\" y=\"\(fmt(y - 8))\" width=\"\(fmt1(barWidth / 40 + 0.3))\" height=\"12\" fill=\"\(MapColoring.diverging(value, range: range))\"/>"
            }
            y += 18
            let tolerance = (options.balance?.summary.tolerance ?? 0) * 100
            // The ends, zero, and the tolerance band when it is far enough from zero to read.
            let ticks = tolerance / range * barWidth / 2 >= 28 ? [-range, -tolerance, 0, tolerance, range] : [-range, 0, range]
            for value in ticks {
                let at = x + (value + range) / (2 * range) * barWidth
                s +=
                    "<text x=\"\(fmt1(at))\" y=\"\(fmt(y))\" font-size=\"10\" text-anchor=\"middle\">\(value == 0 ? "0" : String(format: "%+g", value))%</text>"
            }
            s += "\n"
            y += 22
        }
        y += 6
        if options.compareWith != nil {
            row(
                "<rect x=\"\(fmt(x))\" y=\"\(fmt(y - 11))\" width=\"14\" height=\"14\" fill=\"url(#changed)\" stroke=\"#111\"/>",
                "changed territory (\(counts.changedAreas) areas)")
        }
        row(
            "<rect x=\"\(fmt(x))\" y=\"\(fmt(y - 11))\" width=\"14\" height=\"14\" fill=\"url(#overlap)\" stroke=\"#d00\"/>",
            "overlap (\(report.overlaps.count))")
        row(
            "<rect x=\"\(fmt(x))\" y=\"\(fmt(y - 11))\" width=\"14\" height=\"14\" fill=\"url(#gap)\" stroke=\"#222\"/>", "gap (\(report.gaps.count))"
        )
        if !options.featureProblems.isEmpty {
            row(
                "<circle cx=\"\(fmt(x + 7))\" cy=\"\(fmt(y - 4))\" r=\"6\" fill=\"none\" stroke=\"#d00\" stroke-width=\"2.5\"/>",
                "defective feature (\(options.featureProblems.count))")
        }
        if total > 0 {
            let shown = counts.customersDrawn + counts.outsideFrame
            row(
                "<circle cx=\"\(fmt(x + 7))\" cy=\"\(fmt(y - 4))\" r=\"2.5\" fill=\"#555\"/>",
                "customer (\(shown == total ? "\(total)" : "\(shown) of \(total) shown, an even sample"))")
            row(
                "<path d=\"M\(fmt(x + 4)) \(fmt(y - 7))L\(fmt(x + 10)) \(fmt(y - 1))M\(fmt(x + 4)) \(fmt(y - 1))L\(fmt(x + 10)) \(fmt(y - 7))\" stroke=\"#000\" stroke-width=\"1.6\"/>",
                "unassigned (\(counts.unassignedDrawn))")
            if counts.outsideFrame > 0 { note("\(counts.outsideFrame) customers lie outside the frame"); note("(not drawn)") }
        }
        if !options.routes.isEmpty {
            row("<path d=\"M\(fmt(x)) \(fmt(y - 4))h14\" stroke=\"#333\" stroke-width=\"1.5\"/>", "route (\(options.routes.count))")
        }
        if counts.labelsOmitted > 0 { note("\(counts.labelsOmitted) labels too small to place") }
        return (s + "</g>\n", y + 10)
    }

    static func label(_ t: Territory) -> String {
        [t.id, t.name, t.rep.map { "(\($0))" }].compactMap { $0 }.joined(separator: " ")
    }

    static func fmt(_ x: Double) -> String { NumberText.rounded(x, decimals: 2) }

    /// A pixel coordinate to a tenth of a pixel: what a screen can show, and a third of the bytes.
    static func fmt1(_ x: Double) -> String { NumberText.rounded(x, decimals: 1) }

    static func escape(_ s: String) -> String {
        // Most ids and names need nothing; Foundation's replacing costs microseconds each.
        guard s.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 }) else { return s }
        return s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
