/// The editor's page: the map, the territories table, the warnings and the script, in one file.
enum PlanEditorPage {
    static func page(svg: String, width: Double, height: Double, json: String, hasHours: Bool, title: String) -> String {
        let w = MapRenderer.fmt(width), h = MapRenderer.fmt(height)
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <title>\(MapRenderer.escape(title))</title>
            <style>
            body { margin: 0; font: 13px Helvetica, Arial, sans-serif; display: flex; height: 100vh; }
            #map-pane { flex: 1; position: relative; overflow: hidden; background: #f7f9fb; }
            #map { width: 100%; height: 100%; touch-action: none; user-select: none; }
            path.unit { stroke: #fff; stroke-width: 0.4; vector-effect: non-scaling-stroke; cursor: crosshair; }
            path.unit:hover { stroke: #000; stroke-width: 1.5; }
            path.unit.stray { stroke: #d00; stroke-width: 2; }
            path.unit.locked { stroke-dasharray: 2 2; }
            #side { width: 460px; overflow: auto; border-left: 1px solid #ccc; padding: 8px; box-sizing: border-box; }
            table { border-collapse: collapse; width: 100%; }
            th, td { padding: 2px 6px; text-align: right; border-bottom: 1px solid #eee; }
            th:first-child, td:first-child, td:nth-child(2) { text-align: left; }
            tr[data-territory-id] { cursor: pointer; }
            tr.selected { background: #ffe9a8; }
            td.outside { color: #b00; font-weight: bold; }
            td.inside { color: #070; }
            .swatch { display: inline-block; width: 10px; height: 10px; margin-right: 4px; border: 1px solid #888; }
            [data-warning], #message { margin: 6px 0; padding: 4px 6px; border-radius: 3px; }
            [data-warning] { background: #fde2e2; color: #900; }
            #message { background: #eef; }
            #tools button { margin-right: 4px; }
            </style></head><body>
            <div id="map-pane">
            <svg id="map" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(w) \(h)" data-width="\(w)" data-height="\(h)">
            <g id="units">
            \(svg)</g>
            <g id="labels" font-weight="bold" text-anchor="middle" fill="#1a1a1a" stroke="#ffffff" stroke-width="2.5" paint-order="stroke" pointer-events="none"></g></svg>
            </div>
            <div id="side">
            <div id="tools">
            <button data-action="undo" title="Undo (Ctrl+Z)" disabled>Undo</button><button data-action="redo" title="Redo (Ctrl+Y)" disabled>Redo</button>
            <button data-action="download-alignment" title="Save the alignment as unit_id,territory_id CSV">Download alignment</button>
            <button data-action="zoom-in">+</button><button data-action="zoom-out">&#8722;</button><button data-action="zoom-reset">Reset</button>
            </div>
            <p>Select a territory in the table, then click units to move them into it (drag to paint several; Shift+drag or the wheel to pan and zoom).</p>
            <div id="message" hidden></div>
            <div data-warning="noncontiguous" hidden></div>
            <div data-warning="empty" hidden></div>
            <table id="territories"><thead><tr><th>territory</th><th>rep</th><th>weight</th><th>deviation <span id="band"></span></th><th>units</th>\(hasHours ? "<th>hours</th>" : "")</tr></thead><tbody></tbody></table>
            </div>
            <script type="application/json" id="plan-data">\(json)</script>
            <script>
            \(script)
            </script>
            </body></html>

            """
    }

    static let script = """
        (function () {
          "use strict";
          var data = JSON.parse(document.getElementById("plan-data").textContent);
          var T = data.territories, n = data.ids.length, k = T.length, tol = data.tolerance;
          var terr = data.territory.slice(), weight = data.weight, hours = data.hours, locked = data.locked, nb = data.neighbours;
          var svg = document.getElementById("map"), shapes = new Array(n);
          svg.querySelectorAll("path.unit").forEach(function (p) { shapes[Number(p.getAttribute("data-index"))] = p; });
          var members = [], sumW = new Float64Array(k), sumH = new Float64Array(k), pieces = new Int32Array(k), total = 0;
          // Key accounts' weight is their territory's whatever units move.
          for (var t = 0; t < k; t++) { members.push(new Set()); sumW[t] = T[t].fixed || 0; total += sumW[t]; }
          for (var u = 0; u < n; u++) {
            members[terr[u]].add(u); sumW[terr[u]] += weight[u]; total += weight[u];
            if (hours) sumH[terr[u]] += hours[u];
            if (locked[u] >= 0) shapes[u].classList.add("locked");
          }
          document.getElementById("band").textContent = "(\\u00b1" + (tol * 100).toFixed(1) + "%)";

          // Table
          var body = document.querySelector("#territories tbody"), rows = [], selected = 0;
          T.forEach(function (t, i) {
            var tr = document.createElement("tr");
            tr.setAttribute("data-territory-id", t.id);
            tr.innerHTML = "<td><span class='swatch'></span></td><td></td><td data-field='weight'></td><td data-field='deviation'></td><td data-field='units'></td>" + (hours ? "<td data-field='hours'></td>" : "");
            tr.firstChild.firstChild.style.background = t.fill;
            tr.firstChild.appendChild(document.createTextNode(t.id));
            tr.children[1].textContent = t.rep || "";
            tr.addEventListener("click", function () { select(i); });
            body.appendChild(tr); rows.push(tr);
          });
          function select(i) { rows[selected].classList.remove("selected"); selected = i; rows[i].classList.add("selected"); }
          function deviation(t) { var target = total * T[t].share; return target > 0 ? (sumW[t] - target) / target * 100 : 0; }
          function refreshRow(t) {
            var c = rows[t].children, d = deviation(t);
            c[2].textContent = Math.round(sumW[t] * 10) / 10;
            c[3].textContent = (d > 0 ? "+" : "") + d.toFixed(1) + "%";
            c[3].className = Math.abs(d) > tol * 100 + 1e-9 ? "outside" : "inside";
            c[4].textContent = members[t].size;
            if (hours) c[5].textContent = sumH[t].toFixed(1);
          }

          // Contiguity: the pieces of one territory, searched over its own units only.
          function components(t) {
            var seen = new Set(), parts = [];
            members[t].forEach(function (s) {
              if (seen.has(s)) return;
              var part = [s], queue = [s]; seen.add(s);
              while (queue.length) {
                var x = queue.pop(), list = nb[x];
                for (var j = 0; j < list.length; j++) {
                  var y = list[j];
                  if (terr[y] === t && !seen.has(y)) { seen.add(y); part.push(y); queue.push(y); }
                }
              }
              parts.push(part);
            });
            return parts;
          }
          function recheck(t) {
            members[t].forEach(function (u) { shapes[u].classList.remove("stray"); });
            var parts = components(t);
            pieces[t] = parts.length;
            if (parts.length > 1) {
              parts.sort(function (a, b) { return b.length - a.length; });
              for (var p = 1; p < parts.length; p++) parts[p].forEach(function (u) { shapes[u].classList.add("stray"); });
            }
          }
          var baseline = new Int32Array(k);
          function warnings() {
            var split = [], empty = [];
            for (var t = 0; t < k; t++) {
              if (members[t].size === 0) empty.push(T[t].id);
              else if (pieces[t] > baseline[t] && pieces[t] > 1) split.push(T[t].id + " (" + pieces[t] + " pieces)");
            }
            var s = document.querySelector("[data-warning='noncontiguous']"), e = document.querySelector("[data-warning='empty']");
            s.hidden = split.length === 0; s.textContent = split.length ? "In pieces: " + split.join(", ") : "";
            e.hidden = empty.length === 0; e.textContent = empty.length ? "Empty: " + empty.join(", ") : "";
          }
          for (var t0 = 0; t0 < k; t0++) { recheck(t0); refreshRow(t0); }
          // Pieces a territory had when the page opened (islands) are not the editor's doing.
          for (var t1 = 0; t1 < k; t1++) baseline[t1] = pieces[t1];
          warnings();
          select(0);

          // Labels: each territory's id at the pole of its widest unit, sized to fit there.
          var anchors = data.anchors, labels = [], labelGroup = document.getElementById("labels");
          for (var t2 = 0; t2 < k; t2++) {
            var text = document.createElementNS("http://www.w3.org/2000/svg", "text");
            text.setAttribute("data-territory-id", T[t2].id); text.textContent = T[t2].id;
            labelGroup.appendChild(text); labels.push(text);
          }
          function placeLabel(t) {
            var best = -1;
            members[t].forEach(function (u) { if (best < 0 || anchors[u][2] > anchors[best][2]) best = u; });
            var size = best < 0 ? 0 : Math.min(14, (anchors[best][2] - 1) / Math.sqrt(0.0961 * T[t].id.length * T[t].id.length + 0.25));
            if (size < 7) { labels[t].setAttribute("visibility", "hidden"); return; }
            labels[t].removeAttribute("visibility");
            labels[t].setAttribute("x", anchors[best][0]); labels[t].setAttribute("y", (anchors[best][1] + size * 0.35).toFixed(1));
            labels[t].setAttribute("font-size", size.toFixed(1));
          }
          for (var t3 = 0; t3 < k; t3++) placeLabel(t3);

          // Colours: a territory that comes to border one of its own colour (possible only past the
          // palette's twenty, where colours repeat) takes the least-used colour none of its
          // neighbours has, and is repainted.
          function neighbourTerritories(t) {
            var out = new Set();
            members[t].forEach(function (u) { var list = nb[u]; for (var j = 0; j < list.length; j++) if (terr[list[j]] !== t) out.add(terr[list[j]]); });
            return out;
          }
          function repaint(t) {
            members[t].forEach(function (u) { shapes[u].setAttribute("fill", T[t].fill); });
            rows[t].firstChild.firstChild.style.background = T[t].fill;
          }
          function keepColoursApart(t) {
            var around = neighbourTerritories(t), taken = new Set(), clash = false;
            around.forEach(function (o) { taken.add(T[o].fill); if (T[o].fill === T[t].fill) clash = true; });
            if (!clash) return;
            var use = {};
            T.forEach(function (x) { use[x.fill] = (use[x.fill] || 0) + 1; });
            var best = null;
            data.palette.forEach(function (c) { if (!taken.has(c) && (best === null || (use[c] || 0) < (use[best] || 0))) best = c; });
            if (best !== null) { T[t].fill = best; repaint(t); }
          }

          // Moves, undo and redo.
          var undo = [], redo = [], group = null, message = document.getElementById("message");
          function say(text) { message.hidden = !text; message.textContent = text || ""; }
          function apply(u, to) {
            var from = terr[u];
            if (from === to) return false;
            members[from].delete(u); members[to].add(u); terr[u] = to;
            sumW[from] -= weight[u]; sumW[to] += weight[u];
            if (hours) { sumH[from] -= hours[u]; sumH[to] += hours[u]; }
            shapes[u].setAttribute("data-territory-id", T[to].id);
            shapes[u].setAttribute("fill", T[to].fill);
            shapes[u].firstChild.textContent = data.ids[u] + " \\u00b7 " + T[to].id + " \\u00b7 weight " + weight[u];
            keepColoursApart(to);
            recheck(from); recheck(to); refreshRow(from); refreshRow(to); placeLabel(from); placeLabel(to);
            return true;
          }
          function move(u, to) {
            if (locked[u] >= 0 && locked[u] !== to) {
              say("Unit " + data.ids[u] + " is locked to " + T[locked[u]].id + "; it cannot move to " + T[to].id + ".");
              return;
            }
            var from = terr[u];
            if (!apply(u, to)) return;
            say("");
            var step = { u: u, from: from, to: to };
            if (group) group.push(step); else commit([step]);
            warnings();
          }
          function commit(steps) { if (steps.length) { undo.push(steps); redo = []; buttons(); } }
          function buttons() {
            document.querySelector("[data-action='undo']").disabled = undo.length === 0;
            document.querySelector("[data-action='redo']").disabled = redo.length === 0;
          }
          function back() {
            var steps = undo.pop(); if (!steps) return;
            for (var i = steps.length - 1; i >= 0; i--) apply(steps[i].u, steps[i].from);
            redo.push(steps); buttons(); warnings(); say("");
          }
          function forth() {
            var steps = redo.pop(); if (!steps) return;
            steps.forEach(function (s) { apply(s.u, s.to); });
            undo.push(steps); buttons(); warnings(); say("");
          }
          document.querySelector("[data-action='undo']").addEventListener("click", back);
          document.querySelector("[data-action='redo']").addEventListener("click", forth);
          document.addEventListener("keydown", function (e) {
            if (!(e.ctrlKey || e.metaKey)) return;
            var key = e.key.toLowerCase();
            if (key === "z" && !e.shiftKey) { e.preventDefault(); back(); }
            else if (key === "y" || (key === "z" && e.shiftKey)) { e.preventDefault(); forth(); }
          });

          // Clicks move a unit; a drag paints every unit it passes over (one undo step).
          function unitOf(target) { return target && target.classList && target.classList.contains("unit") ? Number(target.getAttribute("data-index")) : -1; }
          var painting = false, panning = null;
          svg.addEventListener("click", function (e) {
            var a = e.target.closest ? e.target.closest("circle.account") : null;
            if (a) { say("key account " + a.getAttribute("data-customer-id") + " is fixed to " + a.getAttribute("data-territory-id") + " wherever it lies"); return; }
            var u = unitOf(e.target); if (u >= 0) move(u, selected);
          });
          svg.addEventListener("pointerdown", function (e) {
            if (e.shiftKey || e.button !== 0) { panning = { x: e.clientX, y: e.clientY, box: box.slice() }; return; }
            var u = unitOf(e.target);
            if (u >= 0) { painting = true; group = []; move(u, selected); }
          });
          svg.addEventListener("pointerover", function (e) {
            if (!painting || !(e.buttons & 1)) return;
            var u = unitOf(e.target); if (u >= 0) move(u, selected);
          });
          window.addEventListener("pointerup", function () {
            if (painting) { painting = false; var steps = group; group = null; commit(steps); warnings(); }
            panning = null;
          });

          // Zoom and pan (viewBox).
          var full = [0, 0, Number(svg.getAttribute("data-width")), Number(svg.getAttribute("data-height"))], box = full.slice();
          function setBox(b) { box = b; svg.setAttribute("viewBox", b.join(" ")); }
          function zoom(f, cx, cy) {
            cx = cx === undefined ? box[0] + box[2] / 2 : cx; cy = cy === undefined ? box[1] + box[3] / 2 : cy;
            setBox([cx - (cx - box[0]) / f, cy - (cy - box[1]) / f, box[2] / f, box[3] / f]);
          }
          svg.addEventListener("wheel", function (e) {
            e.preventDefault();
            var r = svg.getBoundingClientRect(), s = Math.max(box[2] / r.width, box[3] / r.height);
            zoom(e.deltaY < 0 ? 1.25 : 0.8, box[0] + (e.clientX - r.left) * s, box[1] + (e.clientY - r.top) * s);
          }, { passive: false });
          window.addEventListener("pointermove", function (e) {
            if (!panning) return;
            var r = svg.getBoundingClientRect(), s = Math.max(box[2] / r.width, box[3] / r.height);
            setBox([panning.box[0] - (e.clientX - panning.x) * s, panning.box[1] - (e.clientY - panning.y) * s, box[2], box[3]]);
          });
          document.querySelector("[data-action='zoom-in']").addEventListener("click", function () { zoom(1.5); });
          document.querySelector("[data-action='zoom-out']").addEventListener("click", function () { zoom(1 / 1.5); });
          document.querySelector("[data-action='zoom-reset']").addEventListener("click", function () { setBox(full.slice()); });

          // Save: unit_id,territory_id, units in input order.
          function field(s) { return /[",\\r\\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s; }
          document.querySelector("[data-action='download-alignment']").addEventListener("click", function () {
            var lines = ["unit_id,territory_id"];
            for (var u = 0; u < n; u++) lines.push(field(data.ids[u]) + "," + field(T[terr[u]].id));
            var url = URL.createObjectURL(new Blob([lines.join("\\n") + "\\n"], { type: "text/csv" }));
            var a = document.createElement("a");
            a.href = url; a.download = "alignment.csv";
            document.body.appendChild(a); a.click(); a.remove();
            setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
          });
        })();
        """
}
