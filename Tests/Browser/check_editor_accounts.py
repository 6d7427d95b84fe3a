"""Key accounts in the plan editor, in a real browser (headless Chromium driven by Playwright):
every account of the file is drawn fixed in its territory; each territory's weight in the table
is its units' and its accounts' (the accounts file's territories, the customers' weights, counted
here from the CSV files alone); clicking an account moves nothing and says it is fixed; moving
the unit an account lies in leaves the account and its weight where they were.
usage: python3 Tests/Browser/check_editor_accounts.py PAGE.html ALIGNMENT.csv UNIT_OF_CUSTOMER.csv CUSTOMERS.csv ACCOUNTS.csv CHROMIUM
(UNIT_OF_CUSTOMER.csv: customer_id,territory_id as `territory assign UNITS CUSTOMERS` writes it.)
Exits non-zero with a message on the first failed check.
"""
import csv, pathlib, sys
from playwright.sync_api import sync_playwright


def check(ok, message):
    if not ok:
        print("editor accounts check FAILED: " + message, file=sys.stderr)
        sys.exit(1)


def main(page_path, alignment_path, units_path, customers_path, accounts_path, browser_path):
    territory_of_unit = {r["unit_id"]: r["territory_id"] for r in csv.DictReader(open(alignment_path))}
    unit_of = {r["customer_id"]: r["territory_id"] for r in csv.DictReader(open(units_path))}
    weight = {r["id"]: float(r["weight"]) for r in csv.DictReader(open(customers_path))}
    accounts = {r["customer_id"]: r["territory_id"] for r in csv.DictReader(open(accounts_path))}
    expected = {}
    for c, w in weight.items():
        t = accounts.get(c) or territory_of_unit.get(unit_of.get(c, ""), None)
        if t:
            expected[t] = expected.get(t, 0) + w
    errors = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=browser_path, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1500, "height": 900})
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(pathlib.Path(page_path).resolve().as_uri())
        page.wait_for_selector("tr[data-territory-id]")
        drawn = dict(page.eval_on_selector_all(
            "circle.account", "els => els.map(e => [e.getAttribute('data-customer-id'), e.getAttribute('data-territory-id')])"))
        check(drawn == accounts, f"{len(drawn)} accounts drawn, {len(accounts)} in the file")

        def table():
            return {k: float(v) for k, v in page.eval_on_selector_all(
                "tr[data-territory-id]", "els => els.map(e => [e.getAttribute('data-territory-id'), e.querySelector(\"[data-field='weight']\").textContent.replace(/,/g, '')])")}
        shown = table()
        for t, w in expected.items():
            check(abs(shown[t] - w) <= 0.5, f"{t}: table weight {shown[t]}, its units' and accounts' {w}")
        # An account: a click moves nothing and says it is fixed.
        first = next(iter(accounts))
        page.click(f"circle.account[data-customer-id='{first}']", force=True)
        message = page.text_content("#message") or ""
        check("is fixed to " + accounts[first] in message, f"clicking account {first}: message {message!r}")
        check(table() == shown, "clicking an account changed the table")
        # Move the unit the account lies in to another territory: the account stays, its weight too.
        unit = unit_of[first]
        here = territory_of_unit[unit]
        other = next(t for t in sorted(expected) if t != here)
        page.click(f"tr[data-territory-id='{other}']")
        page.dispatch_event(f"path.unit[data-unit-id='{unit}']", "click")
        after = table()
        unit_weight = sum(w for c, w in weight.items() if unit_of.get(c) == unit and c not in accounts)
        check(abs(after[other] - shown[other] - unit_weight) <= 0.5, f"{other} gained {after[other] - shown[other]}, the unit's weight is {unit_weight}")
        check(page.get_attribute(f"circle.account[data-customer-id='{first}']", "data-territory-id") == accounts[first], "the account moved")
        check(not errors, f"page errors: {errors}")
        browser.close()
    print(f"editor accounts check passed: {len(accounts)} accounts fixed, weights as the files give them")


if __name__ == "__main__":
    main(*sys.argv[1:7])
