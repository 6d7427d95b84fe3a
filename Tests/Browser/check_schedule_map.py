"""The call-cycle schedule on the interactive map, in a real browser (headless Chromium driven
by Playwright): the day selector lists the schedule's days; choosing a day shows that day's
routes only, one per territory working it; the table shows each rep's hours that day, as the
schedule CSV gives them (from leaving home to coming back).
usage: python3 Tests/Browser/check_schedule_map.py PAGE.html SCHEDULE.csv CHROMIUM
Exits non-zero with a message on the first failed check.
"""
import csv, pathlib, sys
from playwright.sync_api import sync_playwright


def check(ok, message):
    if not ok:
        print("schedule map check FAILED: " + message, file=sys.stderr)
        sys.exit(1)


def minutes(clock):
    h, m = clock.split(":")
    return int(h) * 60 + int(m)


def main(page_path, schedule_path, browser_path):
    rows = list(csv.DictReader(open(schedule_path)))
    hours = {}
    for r in rows:
        key = (r["territory_id"], int(r["day"]))
        if r["depart"] and not r["customer_id"]:
            hours[key] = [minutes(r["depart"]), None]
        if r["arrive"] and not r["customer_id"]:
            hours[key][1] = minutes(r["arrive"])
    days = sorted({d for _, d in hours})
    errors = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=browser_path, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(pathlib.Path(page_path).resolve().as_uri())
        page.wait_for_selector("#day-select")
        options = page.eval_on_selector_all("#day-select option", "els => els.map(e => e.value)")
        check(options == [""] + [str(d) for d in days], f"the selector lists {options}, the schedule days {days}")
        for day in days[:3] + days[-1:]:
            page.select_option("#day-select", str(day))
            shown = page.eval_on_selector_all(
                "#routes path[data-day]", "els => els.filter(e => e.style.display !== 'none').map(e => [e.getAttribute('data-territory-id'), e.getAttribute('data-day')])")
            expected = sorted(t for t, d in hours if d == day)
            check(sorted(t for t, _ in shown) == expected and all(d == str(day) for _, d in shown), f"day {day}: routes {shown}, expected {expected}")
            cells = dict(page.eval_on_selector_all(
                "#territory-table tbody tr", "els => els.map(e => [e.getAttribute('data-territory-id'), e.querySelector(\"[data-field='day-hours']\").textContent])"))
            for t in expected:
                start, end = hours[(t, day)]
                check(abs(float(cells[t]) - (end - start) / 60) < 0.06, f"day {day}, {t}: table {cells[t]} h, schedule {(end - start) / 60:.2f} h")
        check(not errors, f"page errors: {errors}")
        browser.close()
    print(f"schedule map check passed: {len(days)} days, routes and hours per day")


if __name__ == "__main__":
    main(*sys.argv[1:4])
