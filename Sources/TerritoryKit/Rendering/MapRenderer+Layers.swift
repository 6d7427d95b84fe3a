import Foundation
import GEOS
import PROJ

/// The layers of a drawing, bottom to top: territory fills, changed areas, problems, routes,
/// customers, labels, the scale bar; then the legend beside the map.
extension MapRenderer {
    /// Fills per territory: adjacency colouring, or the diverging deviation scale.
    static func territoryFills(
        map: TerritoryMap, toMap: CoordinateTransformer, options: RenderOptions, edges: CoverageEdges? = nil, counts: inout Counts
    ) throws -> [String] {
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
            if let rook = try? UnitGraph.rookNeighbours(of: map.territories.map(\.geometry), edges: edges) {
                neighbours = rook
            } else {
                let projected = try toMap.transform(map.territories.map(\.geometry))
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

    /// The regions' borders, heavier than the territories': every edge of the simplified
    /// territories that separates two regions or lies on the map's outer edge, once. The edges
    /// are the territories' own (shared chains are simplified once, so both sides of a border
    /// hold the same segment), so region borders sit exactly on territory borders.
    static func regionsLayer(shapes: SimplifiedCoverage, regions: TerritoryRegions, frame: Frame) -> String {
        struct Segment: Hashable {
            let a: (UInt64, UInt64), b: (UInt64, UInt64)
            init(_ p: Coordinate, _ q: Coordinate) {
                let u = (p.x.bitPattern, p.y.bitPattern), v = (q.x.bitPattern, q.y.bitPattern)
                (a, b) = u < v ? (u, v) : (v, u)
            }
            static func == (l: Segment, r: Segment) -> Bool { l.a == r.a && l.b == r.b }
            func hash(into h: inout Hasher) { h.combine(a.0); h.combine(a.1); h.combine(b.0); h.combine(b.1) }
        }
        // Each segment's first territory, and whether another territory's region holds it too.
        var owners: [Segment: (first: Int, other: Int)] = [:]
        for i in 0..<shapes.count {
            for ring in shapes.rings(of: i) {
                for (p, q) in zip(ring, ring.dropFirst()) {
                    let key = Segment(p, q)
                    if let o = owners[key] { owners[key] = (o.first, i) } else { owners[key] = (i, -1) }
                }
            }
        }
        var s = "<g id=\"regions\" fill=\"none\" stroke=\"#1b1b1b\" stroke-width=\"2.6\" stroke-linejoin=\"round\" stroke-linecap=\"round\">\n"
        for r in regions.ids.indices {
            var d: [UInt8] = []
            for i in regions.members(of: r) {
                for ring in shapes.rings(of: i) {
                    var open = false
                    for (p, q) in zip(ring, ring.dropFirst()) {
                        let o = owners[Segment(p, q)]!
                        let other = o.first == i ? o.other : o.first
                        // A border of the region: the other side is another region's, or nothing.
                        // Drawn by the side with the lower territory index only.
                        let border = other < 0 || (regions.regionOfTerritory[other] != r && i < other)
                        if border {
                            let (x0, y0) = frame.point(p), (x1, y1) = frame.point(q)
                            if !open { d += Array("M\(fmt1(x0)) \(fmt1(y0))".utf8); open = true }
                            d += Array("L\(fmt1(x1)) \(fmt1(y1))".utf8)
                        } else {
                            open = false
                        }
                    }
                }
            }
            s += "<path class=\"region\" data-region-id=\"\(escape(regions.ids[r]))\" d=\"\(String(decoding: d, as: UTF8.self))\"/>\n"
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
            if let day = route.day {
                // A schedule's day: the day and its hours ride on the path for the page's day selector.
                let hours = route.hours.map { String(format: "%.2f", $0) } ?? ""
                s +=
                    "<path data-territory-id=\"\(escape(route.territoryID))\" data-day=\"\(day)\" data-hours=\"\(hours)\" stroke=\"\(color)\" d=\"\(d)Z\"><title>\(escape(route.territoryID)), day \(day): \(route.points.count - 2) visits, \(hours) h</title></path>\n"
            } else {
                s +=
                    "<path data-territory-id=\"\(escape(route.territoryID))\" stroke=\"\(color)\" d=\"\(d)Z\"><title>route of \(escape(route.territoryID)): \(route.points.count) stops</title></path>\n"
            }
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
        case .territory where map.count <= MapColoring.palette.count:
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
        if let regions = options.regions {
            row(
                "<path d=\"M\(fmt(x)) \(fmt(y - 4))h14\" stroke=\"#1b1b1b\" stroke-width=\"2.6\"/>",
                "region border (\(regions.count) region\(regions.count == 1 ? "" : "s"))")
            for (r, id) in regions.ids.enumerated() {
                let members = regions.members(of: r).map { map.territories[$0].id }
                let text = "\(id): " + members.joined(separator: ", ")
                note(text.count > 40 ? String(text.prefix(39)) + "…" : text)
            }
        }
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
}
