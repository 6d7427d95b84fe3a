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
    /// The working day of a call-cycle schedule (1-based), nil for a route of `territory route`.
    public var day: Int?
    /// The day's hours, from leaving home to coming back (schedules only).
    public var hours: Double?

    /// A route line.
    public init(territoryID: String, points: [Coordinate], day: Int? = nil, hours: Double? = nil) {
        self.territoryID = territoryID
        self.points = points
        self.day = day
        self.hours = hours
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
    /// Defective features to mark (from ``TerritoryMap/usablePart(of:properties:rebuildInvalid:source:)``), drawn as
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
    /// The regions above the territories: their borders are drawn heavier, and listed in the legend.
    public var regions: TerritoryRegions?
    /// The projected box the frame fits, when several maps share one (small multiples); nil:
    /// the map's own territories.
    var sharedBox: Envelope?
    /// Whether the legend panel and the scale bar are drawn (small multiples leave them out).
    var showsLegend = true
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
/// each territory has a fill of its own up to twenty territories, and beyond that neighbours never
/// share one (DSatur colouring of the adjacency graph spread over the twenty), or fills show deviation from target on a diverging scale; shared
/// borders are simplified once for the screen (about a pixel) so no slivers open; labels sit at
/// each territory's pole of inaccessibility (GEOS maximum inscribed circle), sized to fit inside
/// it or left out. Every territory's shape carries `data-territory-id` and a `<title>`; problems
/// (overlaps, gaps, defects) and layers (customers, routes, labels) are separate groups.
///
/// ## Example
/// ```swift
/// let map = try TerritoryMap.load(GeoJSONFile(URL(fileURLWithPath: "territories.geojson")))
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
            var counts = Counts()
            let report: ValidationReport, fills: [String]
            do {
                // One edge matching of the coverage serves the overlap and gap check and the
                // colouring's neighbours (each made its own: a third of the time on 40,000
                // units). It is let go, and only then is the projected copy of the map made:
                // the two are the largest things a drawing holds.
                let edges =
                    options.validation.engine == .coverage || options.coloring == .territory
                    ? try? CoverageEdges(map.territories.map(\.geometry)) : nil
                report = try Validator.validate(map, options: options.validation, edges: edges)
                fills = try territoryFills(map: map, toMap: toMap, options: options, edges: edges, counts: &counts)
            }
            // The projected map and its simplified shapes are let go before the picture is put
            // together (its text is the last large thing a drawing holds).
            let frame: Frame, mapHeight: Double, margin = 20.0, legendWidth = 260.0
            var body: String
            var changedAreas = 0
            do {
                let projected = try toMap.transform(map.territories.map(\.geometry))
                // The frame fits the territories alone: far-away customers must not shrink the map.
                var box = projected[0].envelope!
                for g in projected.dropFirst() { box = box.union(g.envelope!) }
                if let shared = options.sharedBox { box = shared }
                let scale = (options.width - 2 * margin) / max(box.width, box.height / 4, 1e-9)
                frame = Frame(box: box, scale: scale, margin: margin)
                mapHeight = box.height * scale + 2 * margin + 30
                do {
                    let shapes = try CoverageSimplifier.simplify(projected, tolerance: 1 / scale)
                    body = territoriesLayer(map: map, shapes: shapes, fills: fills, frame: frame, balance: options.balance)
                    if let regions = options.regions, regions.regionOfTerritory.count == map.count {
                        body += regionsLayer(shapes: shapes, regions: regions, frame: frame)
                    }
                }
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
            }
            counts.changedAreas = changedAreas
            var legend = "", width = options.width, height = mapHeight
            if options.showsLegend {
                body += scaleBar(frame: frame, width: options.width, height: mapHeight)
                let drawn = self.legend(
                    map: map, x: options.width + 10, fills: fills, report: report, options: options,
                    counts: counts, total: totalCustomers ?? customers?.count ?? 0)
                legend = drawn.0
                width = options.width + legendWidth
                height = max(mapHeight, drawn.1)
            }
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
}
