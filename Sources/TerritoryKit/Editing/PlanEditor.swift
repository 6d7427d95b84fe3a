import Foundation

/// What the plan editor shows: units, their current territories, each unit's workload and the
/// rules of the plan.
public struct PlanEditorInput: Sendable {
    /// The units (a coverage), in file order.
    public var units: TerritoryMap
    /// Each unit's territory.
    public var alignment: UnitAlignment
    /// Each unit's weight (what the plan balances).
    public var weights: [Double]
    /// Each unit's estimated workload hours per period, when known.
    public var hours: [Double]?
    /// Allowed deviation from target, as a fraction (0.05: ±5%).
    public var tolerance: Double
    /// Units that must stay where they are: unit position → the territory (position) they are
    /// locked to.
    public var locked: [Int: Int]
    /// Each territory's rep, when known (by position in ``UnitAlignment/territoryIDs``).
    public var reps: [String?]
    /// Each territory's target share (summing to 1); nil: equal shares.
    public var targetShares: [Double]?
    /// Width of the map in pixels.
    public var width: Double = 900
    /// Key accounts: fixed to their territory whatever units move, their weight that
    /// territory's; drawn as ringed dots that do not change colour.
    public var accounts: [EditorAccount] = []

    /// An editor input.
    public init(
        units: TerritoryMap, alignment: UnitAlignment, weights: [Double], hours: [Double]? = nil, tolerance: Double = 0.05,
        locked: [Int: Int] = [:], reps: [String?] = [], targetShares: [Double]? = nil
    ) {
        self.units = units; self.alignment = alignment; self.weights = weights; self.hours = hours; self.tolerance = tolerance
        self.locked = locked; self.reps = reps; self.targetShares = targetShares
    }
}

/// The plan editor: one self-contained, offline HTML page (no server, no network request) in
/// which a sales manager moves units between territories by hand and watches the balance.
///
/// Pick a territory in the table, click units to move them into it (drag to paint several);
/// the table updates at once; undo and redo (buttons, Ctrl+Z / Ctrl+Y); locked units refuse to
/// move and say why; a territory left in pieces is flagged with its pieces outlined (contiguity
/// is checked for the two territories a move touches, by a search over their units only); an
/// emptied territory is flagged. The download button saves the alignment
/// (`unit_id,territory_id`, units in input order), which `design --from` rebalances and `diff`
/// compares.
///
/// Page contract (for tools and tests): each unit's shape has `data-unit-id` and
/// `data-territory-id` (kept current); table rows are `tr[data-territory-id]` with cells
/// `[data-field="weight"]`, `[data-field="deviation"]`, `[data-field="units"]` (and
/// `[data-field="hours"]` when hours are known); a `click` on a unit's element moves it to the
/// selected territory; the split warning is `[data-warning="noncontiguous"]`, naming the
/// territories in pieces; an emptied territory shows in `[data-warning="empty"]`; the download
/// button is `[data-action="download-alignment"]`.
///
/// ## Example
/// ```swift
/// let units = try TerritoryMap.load(GeoJSONFile(URL(fileURLWithPath: "counties.geojson")))
/// let plan = try UnitAlignment.read(contentsOf: URL(fileURLWithPath: "plan.csv"), units: units)
/// let page = try PlanEditor.html(PlanEditorInput(units: units, alignment: plan, weights: Array(repeating: 1, count: units.count)))
/// ```
public enum PlanEditor {
    /// The editor page.
    /// - Throws: ``TerritoryError/invalidArgument(_:)`` when the counts differ,
    ///   ``TerritoryError`` when GEOS or PROJ fails.
    public static func html(_ input: PlanEditorInput) throws(TerritoryError) -> String {
        let units = input.units, n = units.count, k = input.alignment.territoryIDs.count
        guard n > 0, input.weights.count == n, input.alignment.territoryOfUnit.count == n, input.hours.map({ $0.count == n }) ?? true else {
            throw .invalidArgument("the editor needs one weight (and hours figure) and one territory per unit")
        }
        if let bad = input.accounts.first(where: { $0.territory < 0 || $0.territory >= k }) {
            throw .invalidArgument("key account \(bad.customerID) names territory \(bad.territory) of \(k)")
        }
        return try wrapped {
            // Projected and simplified once, shared borders alike (as the map renderer does).
            var extent = units.territories[0].geometry.envelope!
            for t in units.territories.dropFirst() { extent = extent.union(t.geometry.envelope!) }
            let center = Coordinate(x: (extent.minX + extent.maxX) / 2, y: (extent.minY + extent.maxY) / 2)
            let toMap = try CoordinateTransformer(
                from: "EPSG:4326", to: "+proj=laea +lat_0=\(center.y) +lon_0=\(center.x) +datum=WGS84 +units=m +no_defs")
            let projected = try units.territories.map { try toMap.transform($0.geometry) }
            var box = projected[0].envelope!
            for g in projected.dropFirst() { box = box.union(g.envelope!) }
            let margin = 10.0
            let scale = (input.width - 2 * margin) / max(box.width, box.height / 4, 1e-9)
            let frame = MapRenderer.Frame(box: box, scale: scale, margin: margin)
            let height = box.height * scale + 2 * margin
            let shapes = try CoverageSimplifier.simplify(projected, tolerance: 0.5 / scale)
            // Rook neighbours: who can join whom, for contiguity in the page.
            let neighbours = (try? UnitGraph.rookNeighbours(of: units.territories.map(\.geometry))) ?? Array(repeating: [], count: n)
            var territoryNeighbours = [Set<Int>](repeating: [], count: k)
            let of = input.alignment.territoryOfUnit
            for u in 0..<n { for v in neighbours[u] where of[u] != of[v] { territoryNeighbours[of[u]].insert(of[v]) } }
            let fills = MapColoring.colorIndices(count: k, neighbours: territoryNeighbours.map { Array($0) }).map(MapColoring.fill)
            // Where a territory's label may sit: each unit's pole of inaccessibility (GEOS
            // maximum inscribed circle, to a pixel) and radius in pixels; the page labels a
            // territory at the pole of its widest unit, and moves the label as units move.
            let anchors: [JSONValue] = projected.map { g in
                guard let circle = try? g.maximumInscribedCircle(tolerance: 1 / scale) else {
                    return .array([.number("0"), .number("0"), .number("0")])
                }
                let (x, y) = frame.point(circle.center)
                return .array([x, y, circle.radius * scale].map { .number(MapRenderer.fmt1($0)) })
            }

            var svg = ""
            svg.reserveCapacity(n * 260)
            for u in 0..<n {
                let t = of[u]
                let unitID = MapRenderer.escape(units.territories[u].id), territoryID = MapRenderer.escape(input.alignment.territoryIDs[t])
                svg +=
                    "<path class=\"unit\" data-unit-id=\"\(unitID)\" data-territory-id=\"\(territoryID)\" data-index=\"\(u)\" fill=\"\(fills[t])\" d=\""
                // The hover text: the unit, its territory and its weight (the page keeps it current).
                svg +=
                    MapRenderer.path(shapes, u, frame)
                    + "\"><title>\(unitID) · \(territoryID) · weight \(NumberText.shortest(input.weights[u]))</title></path>\n"
            }
            // Key accounts: fixed dots in their territory's colour, ringed, their weight the territory's.
            var fixed = [Double](repeating: 0, count: k)
            var accounts = ""
            for a in input.accounts {
                fixed[a.territory] += a.weight
                let (x, y) = frame.point(try toMap.transform(a.location))
                let id = MapRenderer.escape(a.customerID), territoryID = MapRenderer.escape(input.alignment.territoryIDs[a.territory])
                accounts +=
                    "<circle class=\"account\" data-customer-id=\"\(id)\" data-territory-id=\"\(territoryID)\" cx=\"\(MapRenderer.fmt1(x))\" "
                    + "cy=\"\(MapRenderer.fmt1(y))\" r=\"4\" fill=\"\(fills[a.territory])\" stroke=\"#111\" stroke-width=\"1.5\">"
                    + "<title>key account \(id) · \(territoryID) (fixed) · weight \(NumberText.shortest(a.weight))</title></circle>\n"
            }
            if !accounts.isEmpty { svg += "</g><g id=\"accounts\">\n" + accounts }
            let shares = input.targetShares ?? Array(repeating: 1 / Double(k), count: k)
            let data = JSONValue.object([
                JSONMember(
                    "territories",
                    .array(
                        input.alignment.territoryIDs.indices.map { t in
                            .object([
                                JSONMember("id", .string(input.alignment.territoryIDs[t])),
                                JSONMember("rep", (t < input.reps.count ? input.reps[t] : nil).map(JSONValue.string) ?? .null),
                                JSONMember("share", .number(NumberText.shortest(shares[t]))), JSONMember("fill", .string(fills[t])),
                                JSONMember("fixed", .number(NumberText.shortest(fixed[t]))),
                            ])
                        })),
                JSONMember("tolerance", .number(NumberText.shortest(input.tolerance))),
                JSONMember("ids", .array(units.territories.map { .string($0.id) })),
                JSONMember("territory", .array(of.map { .number(String($0)) })),
                JSONMember("weight", .array(input.weights.map { .number(NumberText.shortest($0)) })),
                JSONMember("hours", input.hours.map { .array($0.map { .number(NumberText.shortest($0)) }) } ?? .null),
                JSONMember("locked", .array((0..<n).map { .number(String(input.locked[$0] ?? -1)) })),
                JSONMember("neighbours", .array(neighbours.map { .array($0.map { .number(String($0)) }) })),
                JSONMember("anchors", .array(anchors)),
                JSONMember("palette", .array(MapColoring.palette.map { .string($0) })),
            ])
            // `</` cannot end the script element early: JSON strings escape it.
            let json = JSONWriter.scriptSafeString(data)
            return PlanEditorPage.page(
                svg: svg, width: input.width, height: height, json: json, hasHours: input.hours != nil,
                title: "Plan editor (\(n) units, \(k) territories)")
        }
    }
}
