"""The interactive HTML map in a real browser (headless Chromium driven by Playwright).

Checks: no console errors, no network request of any kind, every territory present, hovering a
territory shows its name in the tooltip, zooming changes the view, a table row click highlights
its territory, sorting reorders the table, layer toggles hide layers; saves a screenshot.
usage: python3 Tests/Browser/check_html_map.py MAP.html EXPECTED_IDS_CSV SCREENSHOT.png CHROMIUM
Exits non-zero with a message on the first failed check.
"""
import csv, pathlib, sys
from playwright.sync_api import sync_playwright

def main(page_path, expected_path, screenshot, browser_path):
    expected = [row["id"] for row in csv.DictReader(open(expected_path))]
    names = {row["id"]: row.get("name", "") for row in csv.DictReader(open(expected_path))}
    url = pathlib.Path(page_path).resolve().as_uri()
    errors, requests = [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=browser_path, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1400, "height": 800})
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("request", lambda r: requests.append(r.url) if r.url != url else None)
        page.goto(url)
        page.wait_for_load_state("load")

        ids = page.eval_on_selector_all("path.territory", "els => els.map(e => e.getAttribute('data-territory-id'))")
        check(sorted(ids) == sorted(expected), f"territories on the map {sorted(ids)[:5]}... differ from {sorted(expected)[:5]}...")
        rows = page.eval_on_selector_all("#territory-table tbody tr", "els => els.map(e => e.getAttribute('data-territory-id'))")
        check(sorted(rows) == sorted(expected), "the table does not list every territory")

        # Hover the middle of a territory's label (its pole of inaccessibility): the tooltip names it.
        target = expected[len(expected) // 2]
        box = page.locator(f'path.territory[data-territory-id="{target}"]').bounding_box()
        label = page.locator("#labels text", has_text=target).first
        point = label.bounding_box() if label.count() else box
        page.mouse.move(point["x"] + point["width"] / 2, point["y"] + point["height"] / 2)
        page.wait_for_timeout(100)
        tip = page.inner_text("#tooltip")
        check(page.is_visible("#tooltip"), "no tooltip on hover")
        check(target in tip and (names[target] or target) in tip, f"the tooltip shows {tip!r}, not {target} {names[target]}")

        before = page.get_attribute("#map-view svg", "viewBox")
        page.click("#zoom-in")
        after = page.get_attribute("#map-view svg", "viewBox")
        check(before != after and float(after.split()[2]) < float(before.split()[2]), f"zoom in left the view at {after}")
        page.mouse.move(700, 400)
        page.mouse.wheel(0, 300)
        page.wait_for_timeout(100)
        check(page.get_attribute("#map-view svg", "viewBox") != after, "the mouse wheel did not zoom")
        page.click("#zoom-reset")
        check(page.get_attribute("#map-view svg", "viewBox") == before, "reset did not restore the view")

        page.click(f'#territory-table tbody tr[data-territory-id="{expected[0]}"]')
        highlighted = page.eval_on_selector_all("path.territory.highlight", "els => els.map(e => e.getAttribute('data-territory-id'))")
        check(highlighted == [expected[0]], f"clicking a row highlighted {highlighted}")

        page.click("#territory-table th:nth-child(5)")   # weight, ascending
        weights = page.eval_on_selector_all("#territory-table tbody tr td:nth-child(5)", "els => els.map(e => Number(e.getAttribute('data-value')))")
        check(weights == sorted(weights), "sorting by weight did not order the rows")

        if page.locator('input[data-layer="customers"]').count():
            page.uncheck('input[data-layer="customers"]')
            check(not page.is_visible("#customers"), "unticking customers did not hide them")
            page.check('input[data-layer="customers"]')

        page.screenshot(path=screenshot)
        browser.close()
    check(not errors, f"console errors: {errors}")
    check(not requests, f"network requests: {requests}")
    print(f"browser check passed: {len(expected)} territories, tooltip, zoom, table, layers; screenshot {screenshot}")

def check(condition, message):
    if not condition:
        print(f"browser check failed: {message}", file=sys.stderr)
        sys.exit(1)

if __name__ == "__main__":
    main(*sys.argv[1:5])
