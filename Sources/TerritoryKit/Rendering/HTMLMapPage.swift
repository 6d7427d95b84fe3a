import Foundation

/// The interactive HTML page around a rendered SVG map: one self-contained file (inline SVG, CSS
/// and JavaScript, no request of any kind), with pan and zoom (wheel, drag, buttons), a hover
/// tooltip, layer toggles, and a sortable table of territories beside the map whose rows
/// highlight their territory when clicked.
enum HTMLMapPage {
    /// Whether `text` holds `part`, byte for byte (`String.contains` compares by Unicode rules:
    /// 0.1 s per search through the 9 MB drawing of 40,000 units; this is a plain byte scan).
    static func contains(_ text: String, _ part: String) -> Bool {
        var text = text, part = part
        return text.withUTF8 { haystack in
            part.withUTF8 { needle in
                guard let first = needle.first, haystack.count >= needle.count else { return needle.isEmpty }
                var i = 0
                let last = haystack.count - needle.count
                while i <= last {
                    guard let k = haystack[i...last].firstIndex(of: first) else { return false }
                    if memcmp(haystack.baseAddress! + k, needle.baseAddress!, needle.count) == 0 { return true }
                    i = k + 1
                }
                return false
            }
        }
    }

    static func page(svg: String, map: TerritoryMap, balance: BalanceReport?, compared: Bool = false) -> String {
        let title = "Territory map (\(map.count) territories)"
        // A schedule's days: a selector shows one day's routes, and the table each rep's hours that day.
        var days = Set<Int>()
        if contains(svg, "data-day=") {
            var scan = svg[...]
            while let r = scan.range(of: "data-day=\"") {
                let rest = scan[r.upperBound...]
                if let end = rest.firstIndex(of: "\""), let d = Int(rest[..<end]) { days.insert(d) }
                scan = rest
            }
        }
        let daySelector =
            days.isEmpty
            ? ""
            : "<label>Day <select id=\"day-select\"><option value=\"\">all</option>"
                + days.sorted().map { "<option value=\"\($0)\">\($0)</option>" }.joined() + "</select></label>"
        let scheduled = !days.isEmpty
        var rows = ""
        for (i, t) in map.territories.enumerated() {
            let b = balance?.territories[i]
            func cell(_ value: Double?, _ format: String) -> String {
                guard let value, value.isFinite else { return "<td></td>" }
                return "<td data-value=\"\(value)\">\(String(format: format, value))</td>"
            }
            rows +=
                "<tr data-territory-id=\"\(MapRenderer.escape(t.id))\"><td>\(MapRenderer.escape(t.id))</td>"
                + "<td>\(MapRenderer.escape(t.name ?? ""))</td><td>\(MapRenderer.escape(t.rep ?? ""))</td>"
                + cell(b.map { Double($0.customers) }, "%.0f") + cell(b?.weight, "%.0f") + cell(b?.deviationPercent, "%+.1f")
                + cell(b?.areaKm2, "%.0f") + cell(b?.compactness.polsbyPopper, "%.3f") + cell(b?.workload?.hours, "%.1f")
                + (scheduled ? "<td data-field=\"day-hours\"></td>" : "") + "</tr>\n"
        }
        var names = ["customers": "Customers", "routes": "Routes", "problems": "Problems", "labels": "Labels"]
        if compared { names["changes"] = "Changes" }
        let layers =
            names
            .filter { contains(svg, "<g id=\"\($0.key)\"") }
            .sorted { $0.key < $1.key }
            .map { "<label><input type=\"checkbox\" data-layer=\"\($0.key)\" checked> \($0.value)</label>" }
            .joined(separator: "\n")
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(MapRenderer.escape(title))</title>
            <style>
            \(css)
            </style>
            </head>
            <body>
            <div id="app">
            <div id="map-pane">
            <div id="controls">
            <button id="zoom-in" title="Zoom in">+</button><button id="zoom-out" title="Zoom out">&#8722;</button><button id="zoom-reset" title="Show everything">Reset</button>
            \(layers)
            \(daySelector)
            </div>
            <div id="map-view">
            \(svg)</div>
            <div id="tooltip" hidden></div>
            </div>
            <div id="table-pane">
            <table id="territory-table">
            <thead><tr><th data-type="text">id</th><th data-type="text">name</th><th data-type="text">rep</th><th>customers</th><th>weight</th><th>dev %</th><th>km²</th><th>PP</th><th>work h</th>\(scheduled ? "<th>day h</th>" : "")</tr></thead>
            <tbody>
            \(rows)</tbody>
            </table>
            </div>
            </div>
            <script>
            \(script)
            </script>
            </body>
            </html>

            """
    }

    static let css = """
        html, body { margin: 0; height: 100%; font-family: Helvetica, Arial, sans-serif; font-size: 13px; color: #222; }
        #app { display: flex; height: 100%; }
        #map-pane { position: relative; flex: 1 1 auto; min-width: 0; display: flex; flex-direction: column; }
        #controls { padding: 6px; border-bottom: 1px solid #ddd; display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
        #controls button { min-width: 30px; padding: 3px 8px; }
        #map-view { flex: 1 1 auto; min-height: 0; cursor: grab; touch-action: none; }
        #map-view.dragging { cursor: grabbing; }
        #map-view svg { width: 100%; height: 100%; display: block; }
        path.territory:hover { stroke: #222; stroke-width: 2; }
        path.territory.highlight { stroke: #000; stroke-width: 3.5; }
        #tooltip { position: absolute; pointer-events: none; background: #fff; border: 1px solid #888; border-radius: 4px;
                   padding: 6px 8px; box-shadow: 0 2px 6px rgba(0,0,0,.2); white-space: nowrap; z-index: 2; }
        #tooltip b { display: block; margin-bottom: 2px; }
        #table-pane { flex: 0 0 auto; width: 470px; max-width: 45%; overflow: auto; border-left: 1px solid #ddd; }
        table { border-collapse: collapse; width: 100%; }
        th, td { padding: 3px 6px; border-bottom: 1px solid #eee; text-align: right; }
        th:nth-child(-n+3), td:nth-child(-n+3) { text-align: left; }
        th { position: sticky; top: 0; background: #f4f4f4; cursor: pointer; user-select: none; }
        th.sorted-asc::after { content: " \\25B2"; } th.sorted-desc::after { content: " \\25BC"; }
        tbody tr { cursor: pointer; } tbody tr:hover { background: #f0f6ff; } tbody tr.highlight { background: #ffe9a8; }
        """

    static let script = """
        (function () {
          "use strict";
          var view = document.getElementById("map-view");
          var svg = view.querySelector("svg");
          var tooltip = document.getElementById("tooltip");
          var start = svg.getAttribute("viewBox").split(/\\s+/).map(Number);
          svg.removeAttribute("width"); svg.removeAttribute("height");
          svg.setAttribute("preserveAspectRatio", "xMidYMid meet");
          function box() { return svg.getAttribute("viewBox").split(/\\s+/).map(Number); }
          function setBox(b) { svg.setAttribute("viewBox", b.join(" ")); }
          function toSvg(clientX, clientY) {
            var p = svg.createSVGPoint(); p.x = clientX; p.y = clientY;
            return p.matrixTransform(svg.getScreenCTM().inverse());
          }
          function zoom(factor, cx, cy) {
            var b = box();
            if (cx === undefined) { cx = b[0] + b[2] / 2; cy = b[1] + b[3] / 2; }
            var w = b[2] / factor, h = b[3] / factor;
            if (w < start[2] / 200 || w > start[2] * 4) { return; }
            setBox([cx - (cx - b[0]) / factor, cy - (cy - b[1]) / factor, w, h]);
          }
          view.addEventListener("wheel", function (e) {
            e.preventDefault();
            var p = toSvg(e.clientX, e.clientY);
            zoom(e.deltaY < 0 ? 1.25 : 0.8, p.x, p.y);
          }, { passive: false });
          var drag = null;
          view.addEventListener("pointerdown", function (e) {
            drag = { x: e.clientX, y: e.clientY, box: box(), ctm: svg.getScreenCTM() };
            view.classList.add("dragging");
          });
          window.addEventListener("pointermove", function (e) {
            if (!drag) { return; }
            var dx = (e.clientX - drag.x) / drag.ctm.a, dy = (e.clientY - drag.y) / drag.ctm.d;
            setBox([drag.box[0] - dx, drag.box[1] - dy, drag.box[2], drag.box[3]]);
          });
          window.addEventListener("pointerup", function () { drag = null; view.classList.remove("dragging"); });
          document.getElementById("zoom-in").addEventListener("click", function () { zoom(1.5); });
          document.getElementById("zoom-out").addEventListener("click", function () { zoom(1 / 1.5); });
          document.getElementById("zoom-reset").addEventListener("click", function () { setBox(start); });

          function field(label, value, suffix) {
            return value === null || value === "" ? "" : "<div>" + label + ": " + value + (suffix || "") + "</div>";
          }
          function escapeText(s) { var d = document.createElement("div"); d.textContent = s; return d.innerHTML; }
          svg.querySelectorAll("path.territory").forEach(function (shape) {
            shape.addEventListener("pointermove", function (e) {
              if (drag) { tooltip.hidden = true; return; }
              var a = function (name) { var v = shape.getAttribute("data-" + name); return v === null ? null : escapeText(v); };
              var dev = a("deviation");
              tooltip.innerHTML = "<b>" + a("territory-id") + (a("name") ? " " + a("name") : "") + "</b>" +
                field("rep", a("rep")) + field("customers", a("customers")) + field("weight", a("weight")) +
                field("deviation", dev === null ? null : (Number(dev) > 0 ? "+" : "") + dev, "%") +
                field("area", a("area-km2"), " km²") + field("Polsby-Popper", a("polsby-popper")) +
                field("workload", a("workload-hours"), " h");
              var pane = document.getElementById("map-pane").getBoundingClientRect();
              tooltip.style.left = (e.clientX - pane.left + 14) + "px";
              tooltip.style.top = (e.clientY - pane.top + 14) + "px";
              tooltip.hidden = false;
            });
            shape.addEventListener("pointerleave", function () { tooltip.hidden = true; });
            shape.addEventListener("click", function () { highlight(shape.getAttribute("data-territory-id"), true); });
          });
          svg.querySelectorAll("path.change").forEach(function (shape) {
            shape.addEventListener("pointermove", function (e) {
              if (drag) { tooltip.hidden = true; return; }
              var a = function (name) { return escapeText(shape.getAttribute("data-" + name) || ""); };
              tooltip.innerHTML = "<b>moved to " + a("territory-id") + "</b>" + field("was in", a("old-territory-id")) + field("area", a("area-km2"), " km²");
              var pane = document.getElementById("map-pane").getBoundingClientRect();
              tooltip.style.left = (e.clientX - pane.left + 14) + "px";
              tooltip.style.top = (e.clientY - pane.top + 14) + "px";
              tooltip.hidden = false;
            });
            shape.addEventListener("pointerleave", function () { tooltip.hidden = true; });
          });

          document.querySelectorAll("#controls input[data-layer]").forEach(function (box) {
            box.addEventListener("change", function () {
              var layer = document.getElementById(box.getAttribute("data-layer"));
              if (layer) { layer.style.display = box.checked ? "" : "none"; }
            });
          });

          var rows = Array.prototype.slice.call(document.querySelectorAll("#territory-table tbody tr"));
          function highlight(id, scrollRow) {
            svg.querySelectorAll("path.territory.highlight").forEach(function (p) { p.classList.remove("highlight"); });
            rows.forEach(function (r) { r.classList.toggle("highlight", r.getAttribute("data-territory-id") === id); });
            svg.querySelectorAll("path.territory").forEach(function (p) {
              if (p.getAttribute("data-territory-id") === id) { p.classList.add("highlight"); p.parentNode.appendChild(p); }
            });
            if (scrollRow) {
              var row = rows.filter(function (r) { return r.getAttribute("data-territory-id") === id; })[0];
              if (row) { row.scrollIntoView({ block: "nearest" }); }
            }
          }
          rows.forEach(function (row) {
            row.addEventListener("click", function () { highlight(row.getAttribute("data-territory-id"), false); });
          });
          document.querySelectorAll("#territory-table th").forEach(function (th, column) {
            th.addEventListener("click", function () {
              var ascending = !th.classList.contains("sorted-asc");
              document.querySelectorAll("#territory-table th").forEach(function (h) { h.classList.remove("sorted-asc", "sorted-desc"); });
              th.classList.add(ascending ? "sorted-asc" : "sorted-desc");
              var text = th.getAttribute("data-type") === "text";
              var key = function (r) {
                var cell = r.children[column];
                if (text) { return cell.textContent; }
                var v = cell.getAttribute("data-value");
                return v === null ? -Infinity : Number(v);
              };
              rows.sort(function (a, b) {
                var x = key(a), y = key(b);
                var c = text ? String(x).localeCompare(String(y), undefined, { numeric: true }) : (x < y ? -1 : x > y ? 1 : 0);
                return ascending ? c : -c;
              });
              var body = document.querySelector("#territory-table tbody");
              rows.forEach(function (r) { body.appendChild(r); });
            });
          });
          // A schedule's day selector: one day's routes on the map, each rep's hours that day in
          // the table (all days: the mean of the days worked).
          var daySelect = document.getElementById("day-select");
          if (daySelect) {
            var showDay = function () {
              var day = daySelect.value, hours = {};
              svg.querySelectorAll("#routes path[data-day]").forEach(function (p) {
                var on = day === "" || p.getAttribute("data-day") === day;
                p.style.display = on ? "" : "none";
                if (on) {
                  var t = p.getAttribute("data-territory-id");
                  (hours[t] = hours[t] || []).push(Number(p.getAttribute("data-hours")));
                }
              });
              document.querySelectorAll("#territory-table tbody tr").forEach(function (tr) {
                var cell = tr.querySelector("[data-field='day-hours']"), list = hours[tr.getAttribute("data-territory-id")] || [];
                if (!cell) { return; }
                if (!list.length) { cell.textContent = ""; cell.removeAttribute("data-value"); return; }
                var v = day === "" ? list.reduce(function (a, b) { return a + b; }, 0) / list.length : list[0];
                cell.textContent = v.toFixed(1); cell.setAttribute("data-value", String(v));
              });
            };
            daySelect.addEventListener("change", showDay);
            showDay();
          }
        })();
        """
}
