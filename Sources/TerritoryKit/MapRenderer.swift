import Foundation
import GEOS
import PROJ

/// Options for ``MapRenderer``.
public struct RenderOptions: Sendable {
    /// Width of the map area in pixels (the legend is added to the right).
    public var width: Double = 900
    /// The projection: any CRS PROJ reads, or nil for a Lambert azimuthal equal-area projection
    /// centred on the map.
    public var projection: String?
    /// At most this many customer dots are drawn (an even sample beyond it).
    public var maxCustomers = 50_000
    /// Validation options for the overlaps and gaps highlighted.
    public var validation = ValidationOptions()
    /// Defective features to mark (from ``TerritoryMap/usablePart(of:properties:)``), drawn as
    /// red rings at their locations.
    public var featureProblems: [FeatureProblem] = []
    /// The defaults.
    public init() {}
}

/// Draws a territory map as SVG: territories in distinct colours with labels, customers as dots
/// in their territory's colour, unassigned customers as crosses, overlaps and gaps highlighted,
/// a legend and a scale bar. Coordinates are projected with PROJ (equal-area by default).
public enum MapRenderer {
    /// Renders `map` with optional customers (and their assignments, from `assigner`).
    public static func svg(map: TerritoryMap, customers: CustomerBatch? = nil, assigner: TerritoryAssigner? = nil,
                           totalCustomers: Int? = nil, options: RenderOptions = RenderOptions()) throws -> String {
        try wrapped {
            guard !map.territories.isEmpty else { throw TerritoryError.invalidArgument("the map has no territories") }
            var extent = map.territories[0].geometry.envelope!
            for t in map.territories.dropFirst() { extent = extent.union(t.geometry.envelope!) }
            let center = Coordinate(x: (extent.minX + extent.maxX) / 2, y: (extent.minY + extent.maxY) / 2)
            let crs = options.projection ?? "+proj=laea +lat_0=\(center.y) +lon_0=\(center.x) +datum=WGS84 +units=m +no_defs"
            let toMap = try CoordinateTransformer(from: "EPSG:4326", to: crs)
            let projected = try map.territories.map { try toMap.transform($0.geometry) }
            var box = projected[0].envelope!
            for g in projected.dropFirst() { box = box.union(g.envelope!) }
            let projectedPoints = try customers.map { c in
                try toMap.transform((0..<c.count).map { Coordinate(x: c.lon[$0], y: c.lat[$0]) })
            } ?? []
            for p in projectedPoints { box = box.union(Envelope(minX: p.x, minY: p.y, maxX: p.x, maxY: p.y)) }
            let margin = 20.0, legendWidth = 300.0
            let scale = (options.width - 2 * margin) / max(box.width, 1e-9)
            let height = max(box.height * scale + 2 * margin + 40, Double(map.count) * 22 + 160)
            let frame = Frame(box: box, scale: scale, margin: margin)
            let report = try Validator.validate(map, options: options.validation)

            var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(fmt(options.width + legendWidth))" height="\(fmt(height))" \
            viewBox="0 0 \(fmt(options.width + legendWidth)) \(fmt(height))" font-family="Helvetica, Arial, sans-serif">
            <title>Territory map (\(map.count) territories)</title>
            <defs><pattern id="overlap" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">\
            <rect width="6" height="6" fill="#ff000033"/><line x1="0" y1="0" x2="0" y2="6" stroke="#d00" stroke-width="2.5"/></pattern>\
            <pattern id="gap" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(-45)">\
            <rect width="6" height="6" fill="#ffffff"/><line x1="0" y1="0" x2="0" y2="6" stroke="#222" stroke-width="1.5"/></pattern></defs>
            <rect width="100%" height="100%" fill="#f7f9fb"/>
            <g id="territories" stroke="#ffffff" stroke-width="1" stroke-linejoin="round">

            """
            let tolerance = 0.4 / scale  // below half a pixel
            for (i, g) in projected.enumerated() {
                let simple = try g.simplifyPreservingTopology(tolerance: tolerance)
                svg += "<path fill=\"\(color(i))\" fill-rule=\"evenodd\" d=\"\(try path(simple, frame))\"><title>\(escape(label(map.territories[i])))</title></path>\n"
            }
            svg += "</g>\n<g id=\"problems\">\n"
            for o in report.overlaps {
                let g = try toMap.transform(o.geometry)
                svg += "<path fill=\"url(#overlap)\" stroke=\"#d00\" stroke-width=\"1.5\" d=\"\(try path(g, frame))\"><title>overlap \(escape(o.a)) / \(escape(o.b)): \(fmt(o.area)) m²</title></path>\n"
            }
            for gap in report.gaps {
                let g = try toMap.transform(gap.geometry)
                svg += "<path fill=\"url(#gap)\" stroke=\"#222\" stroke-width=\"1.5\" stroke-dasharray=\"4 2\" d=\"\(try path(g, frame))\"><title>gap: \(fmt(gap.area)) m²</title></path>\n"
            }
            for p in options.featureProblems {
                guard let c = p.defect.location, let at = try? toMap.transform(c) else { continue }
                let (x, y) = frame.point(at)
                svg += "<circle cx=\"\(fmt(x))\" cy=\"\(fmt(y))\" r=\"9\" fill=\"none\" stroke=\"#d00\" stroke-width=\"3\"><title>\(escape(p.id ?? "feature \(p.featureIndex)")): \(escape(p.defect.kind.rawValue)): \(escape(p.defect.message))</title></circle>\n"
            }
            svg += "</g>\n"
            var unassignedCount = 0
            var drawn = 0
            if let customers, customers.count > 0, let assigner {
                svg += "<g id=\"customers\" stroke=\"#222\" stroke-width=\"0.4\">\n"
                let step = max(1, (customers.count + options.maxCustomers - 1) / options.maxCustomers)
                let assignments = try assigner.assign(customers)
                for i in stride(from: 0, to: customers.count, by: step) {
                    let (x, y) = frame.point(projectedPoints[i])
                    drawn += 1
                    if let t = assignments[i].territory {
                        svg += "<circle cx=\"\(fmt(x))\" cy=\"\(fmt(y))\" r=\"2.6\" fill=\"\(color(t, dark: true))\"/>\n"
                    } else {
                        unassignedCount += 1
                        svg += "<path d=\"M\(fmt(x - 3)) \(fmt(y - 3))L\(fmt(x + 3)) \(fmt(y + 3))M\(fmt(x - 3)) \(fmt(y + 3))L\(fmt(x + 3)) \(fmt(y - 3))\" stroke=\"#000\" stroke-width=\"1.6\"/>\n"
                    }
                }
                svg += "</g>\n"
            }
            svg += "<g id=\"labels\" font-size=\"12\" font-weight=\"bold\" text-anchor=\"middle\" fill=\"#1a1a1a\" stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\">\n"
            for (i, g) in projected.enumerated() {
                let largest = try polygons(of: g).max { try $0.planarArea() < $1.planarArea() } ?? g
                guard let p = try largest.pointOnSurface().pointCoordinate else { continue }
                let (x, y) = frame.point(p)
                svg += "<text x=\"\(fmt(x))\" y=\"\(fmt(y + 4))\">\(escape(map.territories[i].id))</text>\n"
            }
            svg += "</g>\n"
            svg += scaleBar(frame: frame, width: options.width, height: height)
            svg += legend(map: map, x: options.width + 10, report: report, customers: drawn, unassigned: unassignedCount,
                          total: totalCustomers ?? customers?.count ?? 0, defective: options.featureProblems.count)
            svg += "</svg>\n"
            return svg
        }
    }

    /// Maps projected metres to SVG pixels (y down).
    struct Frame {
        let box: Envelope, scale: Double, margin: Double
        func point(_ c: Coordinate) -> (Double, Double) {
            (margin + (c.x - box.minX) * scale, margin + (box.maxY - c.y) * scale)
        }
    }

    static func path(_ g: Geometry, _ frame: Frame) throws -> String {
        var d = ""
        for polygon in try polygons(of: g) {
            for ring in try polygon.polygonRings() {
                for (k, c) in ring.dropLast().enumerated() {
                    let (x, y) = frame.point(c)
                    d += (k == 0 ? "M" : "L") + fmt(x) + " " + fmt(y)
                }
                d += "Z"
            }
        }
        return d
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

    static func legend(map: TerritoryMap, x: Double, report: ValidationReport, customers: Int, unassigned: Int, total: Int,
                       defective: Int) -> String {
        var s = "<g id=\"legend\" font-size=\"12\" fill=\"#222\">\n<text x=\"\(fmt(x))\" y=\"30\" font-size=\"14\" font-weight=\"bold\">Territories</text>\n"
        var y = 50.0
        for (i, t) in map.territories.enumerated() {
            s += "<rect x=\"\(fmt(x))\" y=\"\(fmt(y - 11))\" width=\"14\" height=\"14\" fill=\"\(color(i))\" stroke=\"#888\"/>"
            let text = label(t)
            s += "<text x=\"\(fmt(x + 20))\" y=\"\(fmt(y))\">\(escape(text.count > 40 ? text.prefix(39) + "…" : text))<title>\(escape(text))</title></text>\n"
            y += 20
        }
        y += 10
        s += "<rect x=\"\(fmt(x))\" y=\"\(fmt(y - 11))\" width=\"14\" height=\"14\" fill=\"url(#overlap)\" stroke=\"#d00\"/><text x=\"\(fmt(x + 20))\" y=\"\(fmt(y))\">overlap (\(report.overlaps.count))</text>\n"
        y += 20
        s += "<rect x=\"\(fmt(x))\" y=\"\(fmt(y - 11))\" width=\"14\" height=\"14\" fill=\"url(#gap)\" stroke=\"#222\"/><text x=\"\(fmt(x + 20))\" y=\"\(fmt(y))\">gap (\(report.gaps.count))</text>\n"
        y += 20
        if defective > 0 {
            s += "<circle cx=\"\(fmt(x + 7))\" cy=\"\(fmt(y - 4))\" r=\"6\" fill=\"none\" stroke=\"#d00\" stroke-width=\"2.5\"/><text x=\"\(fmt(x + 20))\" y=\"\(fmt(y))\">defective feature (\(defective))</text>\n"
            y += 20
        }
        if total > 0 {
            s += "<circle cx=\"\(fmt(x + 7))\" cy=\"\(fmt(y - 4))\" r=\"3\" fill=\"#555\"/><text x=\"\(fmt(x + 20))\" y=\"\(fmt(y))\">customer (\(customers == total ? "\(total)" : "\(customers) of \(total) shown"))</text>\n"
            y += 20
            s += "<path d=\"M\(fmt(x + 4)) \(fmt(y - 7))L\(fmt(x + 10)) \(fmt(y - 1))M\(fmt(x + 4)) \(fmt(y - 1))L\(fmt(x + 10)) \(fmt(y - 7))\" stroke=\"#000\" stroke-width=\"1.6\"/><text x=\"\(fmt(x + 20))\" y=\"\(fmt(y))\">unassigned (\(unassigned))</text>\n"
        }
        return s + "</g>\n"
    }

    static func label(_ t: Territory) -> String {
        [t.id, t.name, t.rep.map { "(\($0))" }].compactMap { $0 }.joined(separator: " ")
    }

    /// A distinct fill colour per territory: a qualitative palette, then golden-angle hues.
    static func color(_ i: Int, dark: Bool = false) -> String {
        let palette = ["#8dd3c7", "#ffffb3", "#bebada", "#fb8072", "#80b1d3", "#fdb462", "#b3de69", "#fccde5",
                       "#d9d9d9", "#bc80bd", "#ccebc5", "#ffed6f"]
        let darkPalette = ["#1b9e77", "#b8a000", "#7570b3", "#d95f02", "#1f78b4", "#e08000", "#4d9221", "#e7298a",
                           "#666666", "#8e44ad", "#2ca25f", "#c9a800"]
        if i < palette.count { return dark ? darkPalette[i] : palette[i] }
        let hue = (Double(i) * 137.508).truncatingRemainder(dividingBy: 360)
        return "hsl(\(Int(hue)), \(dark ? 70 : 55)%, \(dark ? 35 : 75)%)"
    }

    static func fmt(_ x: Double) -> String {
        let r = (x * 100).rounded() / 100
        // Int64 would trap beyond ±9.2e18; integral values that large print as doubles.
        return r == r.rounded() && abs(r) < 1e15 ? String(Int64(r)) : String(r)
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
