"""The plan editor in a real browser (headless Chromium driven by Playwright).

Checks, on a page made by `territory edit` from units and an alignment (some units locked):
no console errors and no network request; every unit drawn with its territory; territories
that share a border never share a colour (up to twenty, no two do), each territory labelled,
each unit's hover text naming it, its territory and weight; a click moves
a unit into the selected territory, repaints it in that territory's colour and the table follows; undo and redo (buttons and Ctrl+Z /
Ctrl+Y); a move that cuts a territory in two is flagged, naming it; a locked unit refuses to move
and says why; a territory emptied is flagged; the download holds the current alignment in input
order. With --timing, measures opening and one move and reports them (speed is judged by
Benchmarks/peers/browser_timing.sh, never by this check).
usage: python3 Tests/Browser/check_plan_editor.py PAGE.html ALIGNMENT.csv LOCKED.csv SCREENSHOT.png CHROMIUM [--timing]
Exits non-zero with a message on the first failed check.
"""
import csv, json, pathlib, sys, time
from playwright.sync_api import sync_playwright


def check(ok, message):
    if not ok:
        print("plan editor check FAILED: " + message, file=sys.stderr)
        sys.exit(1)


def main(page_path, alignment_path, locked_path, screenshot, browser_path, timing=False):
    alignment = [(r["unit_id"], r["territory_id"]) for r in csv.DictReader(open(alignment_path))]
    locked = {r["unit_id"]: r["territory_id"] for r in csv.DictReader(open(locked_path))} if locked_path != "-" else {}
    url = pathlib.Path(page_path).resolve().as_uri()
    errors, requests = [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=browser_path, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1500, "height": 900}, accept_downloads=True)
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("request", lambda r: requests.append(r.url) if r.url != url and not r.url.startswith("blob:") else None)
        started = time.perf_counter()
        page.goto(url)
        page.wait_for_load_state("load")
        page.wait_for_selector("tr[data-territory-id]")
        waited = time.perf_counter() - started
        # Opening as the page measures it: from navigation start to the end of the load event
        # (the script has filled the table by then); Playwright's own round trips left out.
        opened = page.evaluate("() => performance.getEntriesByType('navigation')[0].loadEventEnd") / 1000

        units = page.eval_on_selector_all("path.unit", "els => els.map(e => [e.getAttribute('data-unit-id'), e.getAttribute('data-territory-id')])")
        check([tuple(u) for u in units] == alignment, "the units on the map are not the alignment's, in its order")
        data = json.loads(page.inner_text("#plan-data"))
        ids, nb = data["ids"], data["neighbours"]
        territory = {u: t for u, t in alignment}
        weight = dict(zip(ids, data["weight"]))

        def state():
            return dict(page.eval_on_selector_all("path.unit", "els => els.map(e => [e.getAttribute('data-unit-id'), e.getAttribute('data-territory-id')])"))

        def cell(t, field):
            return page.inner_text(f'tr[data-territory-id="{t}"] [data-field="{field}"]')

        def select(t):
            page.click(f'tr[data-territory-id="{t}"]')

        def fill(unit):
            return page.get_attribute(f'path.unit[data-unit-id="{unit}"]', "fill")

        def title(unit):
            return page.eval_on_selector(f'path.unit[data-unit-id="{unit}"] > title', "e => e.textContent")

        def fill_of(t):
            return page.get_attribute(f'path.unit[data-territory-id="{t}"]', "fill")

        def check_colours(when):
            # Territories that share a border never share a colour; up to twenty, none do.
            now = state()
            fills = dict(page.eval_on_selector_all("path.unit", "els => els.map(e => [e.getAttribute('data-unit-id'), e.getAttribute('fill')])"))
            by_territory = {}
            for unit, t in now.items():
                by_territory.setdefault(t, set()).add(fills[unit])
            check(all(len(f) == 1 for f in by_territory.values()), f"{when}: a territory drawn in two colours")
            colour = {t: next(iter(f)) for t, f in by_territory.items()}
            for i, unit in enumerate(ids):
                for j in nb[i]:
                    a, b = now[unit], now[ids[j]]
                    check(a == b or colour[a] != colour[b], f"{when}: neighbours {a} and {b} share {colour[a]}")
            if len(colour) <= 20:
                check(len(set(colour.values())) == len(colour), f"{when}: {len(colour)} territories in {len(set(colour.values()))} colours")
            # Labels are territory ids; on the counties every territory's widest county holds its
            # label (the 40,000 cells are too small for any at full view).
            shown = page.eval_on_selector_all("#labels text:not([visibility])", "els => els.map(e => e.textContent)")
            check(set(shown) <= set(colour) and (timing or set(shown) == set(colour)), f"{when}: labels {shown}")

        check_colours("on opening")
        first_unit = ids[0]
        check(first_unit in title(first_unit) and territory[first_unit] in title(first_unit) and "weight" in title(first_unit),
              f"the hover text of {first_unit}: {title(first_unit)!r}")

        def click(u):
            page.eval_on_selector(f'path.unit[data-unit-id="{u}"]', "e => e.dispatchEvent(new MouseEvent('click', {bubbles: true}))")

        # A unit on a border between two territories, not locked, whose move keeps its own territory whole.
        def members(t, current):
            return [u for u in ids if current[u] == t]

        def connected(us):
            us = set(us)
            if not us:
                return True
            start = next(iter(us)); seen = {start}; stack = [start]
            index = {u: i for i, u in enumerate(ids)}
            while stack:
                x = stack.pop()
                for j in nb[index[x]]:
                    y = ids[j]
                    if y in us and y not in seen:
                        seen.add(y); stack.append(y)
            return len(seen) == len(us)

        index = {u: i for i, u in enumerate(ids)}
        border = None
        for u in ids:
            if u in locked:
                continue
            others = {territory[ids[j]] for j in nb[index[u]]} - {territory[u]}
            rest = [m for m in members(territory[u], territory) if m != u]
            if others and rest and connected(rest) == connected(members(territory[u], territory)):
                border = (u, sorted(others)[0]); break
        check(border is not None, "no border unit to move")
        u, target = border
        source = territory[u]
        before = (float(cell(source, "weight")), float(cell(target, "weight")), int(cell(source, "units")), int(cell(target, "units")))
        select(target)
        if timing:
            moved_ms = page.evaluate(f"""() => {{ const e = document.querySelector('path.unit[data-unit-id="{u}"]');
                const t0 = performance.now(); e.dispatchEvent(new MouseEvent('click', {{bubbles: true}}));
                return performance.now() - t0; }}""")
        else:
            click(u)
        check(state()[u] == target, f"clicking {u} did not move it to {target}")
        check(fill(u) == fill_of(target) and fill(u) != fill_of(source), f"{u} moved to {target} but kept the fill of {source}")
        check(target in title(u) and u in title(u), f"the hover text of {u} does not name its new territory: {title(u)!r}")
        check_colours("after a move")
        after = (float(cell(source, "weight")), float(cell(target, "weight")), int(cell(source, "units")), int(cell(target, "units")))
        w = weight[u]
        check(abs(after[0] - (before[0] - w)) < 0.11 and abs(after[1] - (before[1] + w)) < 0.11, f"weights {before[:2]} -> {after[:2]} after moving {w}")
        check(after[2:] == (before[2] - 1, before[3] + 1), f"unit counts {before[2:]} -> {after[2:]}")
        check(cell(target, "deviation").endswith("%"), "no deviation shown")

        # Undo and redo, by button and by key.
        page.click("[data-action='undo']")
        check(state()[u] == source and int(cell(source, "units")) == before[2], "undo did not put the unit back")
        page.click("[data-action='redo']")
        check(state()[u] == target, "redo did not move it again")
        page.keyboard.press("Control+z")
        check(state()[u] == source, "Ctrl+Z did not undo")
        page.keyboard.press("Control+y")
        check(state()[u] == target, "Ctrl+Y did not redo")
        page.click("[data-action='undo']")

        # A cut: a unit whose removal leaves its territory in pieces.
        current = state()
        cut = None
        for v in ids:
            t = current[v]
            if v in locked:
                continue
            rest = [m for m in members(t, current) if m != v]
            if rest and connected(members(t, current)) and not connected(rest):
                others = {current[ids[j]] for j in nb[index[v]]} - {t}
                if others:
                    cut = (v, t, sorted(others)[0]); break
        check(cut is not None, "no unit whose move splits a territory")
        v, t, other = cut
        check(page.is_hidden("[data-warning='noncontiguous']"), "a split warning before any split")
        select(other)
        click(v)
        warning = page.inner_text("[data-warning='noncontiguous']")
        check(page.is_visible("[data-warning='noncontiguous']") and t in warning, f"the split of {t} is not flagged: {warning!r}")
        check(page.eval_on_selector_all("path.unit.stray", "els => els.length") > 0, "the stray pieces are not shown")
        page.keyboard.press("Control+z")
        check(page.is_hidden("[data-warning='noncontiguous']"), "the warning stays after undoing the split")

        checked = ["move", "undo", "redo", "split"]

        # A drag paints every unit it passes over, as one undo step.
        def inside(unit):
            return page.evaluate(f"""() => {{ const e = document.querySelector('path.unit[data-unit-id="{unit}"]');
                const r = e.getBoundingClientRect(), cx = r.left + r.width / 2, cy = r.top + r.height / 2;
                let best = null, bestD = Infinity;
                for (let k = 1; k < 40; k++) for (let m = 1; m < 40; m++) {{
                    const x = r.left + r.width * k / 40, y = r.top + r.height * m / 40, d = (x - cx) ** 2 + (y - cy) ** 2;
                    // Well inside: the point and its four neighbours 3 px away all hit the unit.
                    if (d < bestD && [[0, 0], [3, 0], [-3, 0], [0, 3], [0, -3]].every(([dx, dy]) => document.elementFromPoint(x + dx, y + dy) === e)) {{
                        best = [x, y]; bestD = d;
                    }}
                }} return best; }}""")
        current = state()
        pair = None
        # (Not on the 40,000 cells, drawn a pixel or two wide at full view.)
        for a in ([] if timing else ids):
            if a in locked:
                continue
            for j in nb[index[a]]:
                b = ids[j]
                if b not in locked and current[b] == current[a] and inside(a) and inside(b):
                    pair = (a, b); break
            if pair:
                break
        if pair and not timing:
            a, b = pair
            home = current[a]
            other = next(x for x in dict.fromkeys(current.values()) if x != home)
            select(other)
            (xa, ya), (xb, yb) = inside(a), inside(b)
            page.mouse.move(xa, ya)
            page.mouse.down()
            page.mouse.move((xa + xb) / 2, (ya + yb) / 2, steps=5)
            page.mouse.move(xb, yb, steps=5)
            page.mouse.up()
            now = state()
            check(now[a] == other and now[b] == other, f"dragging from {a} over {b} did not paint both into {other}: {now[a]}, {now[b]}")
            page.click("[data-action='undo']")
            check(state()[b] == home and state()[a] == home, "one undo did not take back the whole drag")
            checked.append("drag")
        # A locked unit refuses to move.
        if locked:
            checked.append("lock")
            lu, lt = next(iter(locked.items()))
            other = next(x for x in dict.fromkeys(territory.values()) if x != lt)
            select(other)
            click(lu)
            check(state()[lu] == lt, f"locked unit {lu} moved")
            message = page.inner_text("#message")
            check("locked" in message and lu in message and lt in message, f"no reason given: {message!r}")

        # Empty a small territory (its units, locked ones included, are unlocked here only if none is locked).
        current = state()
        sizes = {}
        for x in current.values():
            sizes[x] = sizes.get(x, 0) + 1
        candidates = [x for x in sizes if not any(current.get(l) == x for l in locked)]
        if candidates and not timing:
            small = min(candidates, key=lambda x: sizes[x])
            other = next(x for x in sizes if x != small)
            select(other)
            for x in members(small, current):
                click(x)
            check(page.is_visible("[data-warning='empty']") and small in page.inner_text("[data-warning='empty']"), f"emptying {small} is not flagged")
            check(int(cell(small, "units")) == 0, "the emptied territory's row")
            checked.append("empty")

        # The download is the alignment as it stands, units in input order.
        with page.expect_download() as info:
            page.click("[data-action='download-alignment']")
        saved = pathlib.Path(info.value.path()).read_text().splitlines()
        now = state()
        check(saved[0] == "unit_id,territory_id", f"download header {saved[0]!r}")
        check(saved[1:] == [f"{a},{now[a]}" for a, _ in alignment], "the download is not the current alignment in input order")

        page.screenshot(path=screenshot)
        browser.close()
    check(not errors, f"console errors: {errors}")
    check(not requests, f"network requests: {requests}")
    line = f"plan editor check passed: {len(units)} units, {', '.join(checked + ['download'])}; screenshot {screenshot}"
    if timing:
        line += f"; opened in {opened:.2f} s ({waited:.2f} s as Playwright waited), one move in {moved_ms:.1f} ms"
    print(line)


if __name__ == "__main__":
    main(*sys.argv[1:6], timing="--timing" in sys.argv[6:])
