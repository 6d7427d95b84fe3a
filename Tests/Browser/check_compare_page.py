"""The plans-compared page in a real browser (headless Chromium driven by Playwright): one map
per plan, each with every one of its territories; the table has one column per plan whose
values are those `territory compare --format json` printed; a wheel zoom on one map and a drag
on another move every map together; no page errors and no network requests.
usage: python3 Tests/Browser/check_compare_page.py PAGE.html COMPARE.json SCREENSHOT.png CHROMIUM
Exits non-zero with a message on the first failed check.
"""
import json, pathlib, sys
from playwright.sync_api import sync_playwright


def check(ok, message):
    if not ok:
        print("compare page check FAILED: " + message, file=sys.stderr)
        sys.exit(1)


def main(page_path, json_path, screenshot, browser_path):
    expected = json.load(open(json_path))
    plans = expected["plans"]
    errors, requests = [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=browser_path, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1600, "height": 1000})
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("request", lambda r: requests.append(r.url) if not r.url.startswith("file:") else None)
        page.goto(pathlib.Path(page_path).resolve().as_uri())
        page.wait_for_selector("figure.plan svg")
        names = page.eval_on_selector_all("figure.plan figcaption", "els => els.map(e => e.getAttribute('title'))")
        check(names == [q["name"] for q in plans], f"maps {names}, plans {[q['name'] for q in plans]}")
        for k, q in enumerate(plans):
            shapes = page.eval_on_selector_all(
                f"figure.plan[data-plan='{k}'] [data-territory-id]", "els => new Set(els.map(e => e.getAttribute('data-territory-id'))).size")
            check(shapes == q["territories"], f"plan {q['name']}: {shapes} territories drawn, {q['territories']} in the table")
        header = page.eval_on_selector_all("#comparison thead th", "els => els.map(e => e.getAttribute('title') || e.textContent)")
        check(header == ["measure"] + [q["name"] for q in plans], f"table header {header}")
        shown = page.eval_on_selector_all("#comparison thead th", "els => els.slice(1).map(e => e.textContent)")
        check(shown == [q["name"].split("/")[-1] for q in plans], f"table header shows {shown}")
        rows = page.eval_on_selector_all(
            "#comparison tbody tr",
            "els => els.map(e => [e.getAttribute('data-key'), Array.from(e.querySelectorAll('td[data-value]')).map(c => c.getAttribute('data-value'))])")
        keys = [k for k, _ in rows]
        check(keys == [k for k in plans[0] if k != "name"], f"table rows {keys}")
        for key, values in rows:
            want = [q[key] for q in plans]
            check(len(values) == len(want) and all(abs(float(v) - w) < 1e-6 * max(1, abs(w)) for v, w in zip(values, want)),
                  f"row {key}: page {values}, JSON {want}")
        boxes = lambda: page.eval_on_selector_all("figure.plan svg", "els => els.map(e => e.getAttribute('viewBox'))")
        start = boxes()
        check(len(set(start)) == 1, f"the maps start with different frames: {start}")
        first = page.locator("figure.plan svg").nth(0).bounding_box()
        page.mouse.move(first["x"] + first["width"] / 2, first["y"] + first["height"] / 2)
        page.mouse.wheel(0, -300)
        zoomed = boxes()
        check(len(set(zoomed)) == 1 and zoomed[0] != start[0], f"a zoom on the first map: {zoomed}")
        check(float(zoomed[0].split()[2]) < float(start[0].split()[2]), f"zooming in did not narrow the view: {zoomed[0]}")
        last = page.locator("figure.plan svg").nth(len(plans) - 1).bounding_box()
        page.mouse.move(last["x"] + 100, last["y"] + 100)
        page.mouse.down()
        page.mouse.move(last["x"] + 160, last["y"] + 140, steps=4)
        page.mouse.up()
        panned = boxes()
        check(len(set(panned)) == 1 and panned[0] != zoomed[0], f"a drag on the last map: {panned}")
        page.click("#reset")
        check(boxes() == start, "reset did not bring every map back")
        page.screenshot(path=screenshot, full_page=True)
        check(not errors, f"page errors: {errors}")
        check(not requests, f"network requests: {requests}")
        browser.close()
    print(f"compare page check passed: {len(plans)} plans, {len(rows)} rows, synced zoom and pan")


if __name__ == "__main__":
    main(*sys.argv[1:5])
