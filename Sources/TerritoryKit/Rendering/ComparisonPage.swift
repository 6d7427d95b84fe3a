import Foundation
import PROJ

extension MapRenderer {
    /// Candidate plans side by side as one self-contained HTML page: each plan's map as a small
    /// multiple (the same projection and frame for all, so the same place sits at the same spot
    /// in each), pan and zoom on any of them moving all together, and the comparison table
    /// beside them (one column per plan, as `territory compare` prints it). It makes no network
    /// request.
    ///
    /// ## Example
    /// ```swift
    /// let page = try MapRenderer.comparisonPage(comparison)
    /// try page.write(toFile: "compare.html", atomically: true, encoding: .utf8)
    /// ```
    /// - Parameters:
    ///   - comparison: the plans and their figures.
    ///   - width: each small multiple's width in pixels.
    /// - Throws: ``TerritoryError`` for an empty plan or a projection PROJ cannot use.
    public static func comparisonPage(_ comparison: PlanComparison, width: Double = 360) throws(TerritoryError) -> String {
        try wrapped {
            let maps = comparison.maps
            guard let first = maps.first?.territories.first?.geometry.envelope else {
                throw TerritoryError.invalidArgument("the first plan has no territories")
            }
            // One projection, centred on all the plans, and one frame that holds them all.
            var extent = first
            for map in maps { for t in map.territories { extent = extent.union(t.geometry.envelope!) } }
            let crs = "+proj=laea +lat_0=\((extent.minY + extent.maxY) / 2) +lon_0=\((extent.minX + extent.maxX) / 2) +datum=WGS84 +units=m +no_defs"
            let toMap = try CoordinateTransformer(from: "EPSG:4326", to: crs)
            var box: Envelope?
            for map in maps {
                for g in try toMap.transform(map.territories.map(\.geometry)) {
                    box = box.map { $0.union(g.envelope!) } ?? g.envelope!
                }
            }
            var figures = ""
            for (p, map) in maps.enumerated() {
                var options = RenderOptions(width: width, projection: crs, balance: comparison.plans[p].report)
                options.sharedBox = box
                options.showsLegend = false
                let svg = try drawing(map: map, customers: nil, assigner: nil, totalCustomers: nil, options: options).svg
                let name = comparison.plans[p].name
                figures +=
                    "<figure class=\"plan\" data-plan=\"\(p)\"><figcaption title=\"\(escape(name))\">\(escape(shortName(name)))</figcaption>\n\(svg)</figure>\n"
            }
            return page(comparison, figures: figures)
        }
    }

    /// A plan's name as the page shows it: a file's name without its folders (the full name is
    /// the caption's and the header's tooltip); a database connection as given.
    static func shortName(_ name: String) -> String {
        name.uppercased().hasPrefix("PG:") ? name : String(name.split(separator: "/", omittingEmptySubsequences: false).last ?? Substring(name))
    }

    /// The page around the small multiples: the table and the synced pan and zoom.
    static func page(_ comparison: PlanComparison, figures: String) -> String {
        var table = "<table id=\"comparison\"><thead><tr><th>measure</th>"
        for plan in comparison.plans { table += "<th title=\"\(escape(plan.name))\">\(escape(shortName(plan.name)))</th>" }
        table += "</tr></thead><tbody>\n"
        for row in comparison.rows {
            table += "<tr data-key=\"\(row.key)\"><td>\(escape(row.label))</td>"
            for v in row.values {
                table +=
                    v.map { "<td data-value=\"\(NumberText.rounded($0, decimals: row.decimals))\">\(comparison.formatted($0, row.decimals))</td>" }
                    ?? "<td>-</td>"
            }
            table += "</tr>\n"
        }
        table += "</tbody></table>"
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>\(comparison.plans.count) plans compared</title>
            <style>
            body { font-family: Helvetica, Arial, sans-serif; margin: 12px; color: #222; }
            #layout { display: flex; gap: 16px; align-items: flex-start; }
            #maps { display: flex; flex-wrap: wrap; gap: 10px; flex: 1 1 0; min-width: 0; }
            #comparison { flex: 0 0 auto; position: sticky; top: 8px; }
            figure.plan { margin: 0; border: 1px solid #ccd; background: #fff; }
            figure.plan figcaption { font-weight: bold; padding: 4px 6px; border-bottom: 1px solid #ccd; }
            figure.plan svg { display: block; cursor: grab; touch-action: none; user-select: none; }
            table { border-collapse: collapse; font-size: 13px; }
            th, td { border-bottom: 1px solid #dde; padding: 3px 8px; text-align: right; }
            th:first-child, td:first-child { text-align: left; }
            #controls { margin-bottom: 8px; }
            </style></head>
            <body>
            <h1>\(comparison.plans.count) plans compared</h1>
            <div id="controls"><button id="reset">Reset view</button> Drag to pan, wheel to zoom: every map follows.</div>
            <div id="layout"><div id="maps">
            \(figures)</div>
            \(table)</div>
            <script>
            (function () {
              var svgs = Array.prototype.slice.call(document.querySelectorAll("figure.plan svg"));
              if (!svgs.length) return;
              var home = svgs[0].getAttribute("viewBox").split(/\\s+/).map(Number);
              var view = home.slice();
              function apply() { svgs.forEach(function (s) { s.setAttribute("viewBox", view.join(" ")); }); }
              function toView(svg, clientX, clientY) {
                var r = svg.getBoundingClientRect();
                return [view[0] + (clientX - r.left) / r.width * view[2], view[1] + (clientY - r.top) / r.height * view[3]];
              }
              svgs.forEach(function (svg) {
                svg.addEventListener("wheel", function (e) {
                  e.preventDefault();
                  var k = e.deltaY > 0 ? 1.2 : 1 / 1.2, p = toView(svg, e.clientX, e.clientY);
                  view = [p[0] - (p[0] - view[0]) * k, p[1] - (p[1] - view[1]) * k, view[2] * k, view[3] * k];
                  apply();
                }, { passive: false });
                var drag = null;
                svg.addEventListener("pointerdown", function (e) {
                  drag = { x: e.clientX, y: e.clientY, view: view.slice() };
                  svg.setPointerCapture(e.pointerId);
                });
                svg.addEventListener("pointermove", function (e) {
                  if (!drag) return;
                  var r = svg.getBoundingClientRect();
                  view[0] = drag.view[0] - (e.clientX - drag.x) / r.width * view[2];
                  view[1] = drag.view[1] - (e.clientY - drag.y) / r.height * view[3];
                  apply();
                });
                svg.addEventListener("pointerup", function () { drag = null; });
              });
              document.getElementById("reset").addEventListener("click", function () { view = home.slice(); apply(); });
            })();
            </script>
            </body></html>

            """
    }
}
