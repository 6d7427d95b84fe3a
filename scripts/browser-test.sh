#!/usr/bin/env bash
# The interactive HTML map in a real browser: renders the bundled NC territories (customers and
# routes included) to HTML and checks it in headless Chromium through Playwright (no console
# errors, no network requests, every territory present, hover tooltip, zoom, table, layers).
# Installs Chromium and Playwright when missing. Leaves a screenshot in out/html-map.png.
set -euo pipefail
cd "$(dirname "$0")/.."
browser="$(scripts/install-browser.sh | tail -1)"
. scripts/build-flags.sh  # the test command's one build, reused
if [ -n "${TERRITORY_BUILT:-}" ]; then
    # scripts/test.sh built it, and runs SwiftPM beside this (DocC): no SwiftPM call here.
    bin=.build/debug/territory
else
    swift build --product territory "${build_flags[@]}" >/dev/null
    bin="$(swift build --show-bin-path "${build_flags[@]}")/territory"
fi
mkdir -p out
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
"$bin" route fixtures/nc_territories.geojson fixtures/nc_customers.csv -o "$tmp/routes.csv" >/dev/null 2>&1
"$bin" render fixtures/nc_territories.geojson fixtures/nc_customers.csv --routes "$tmp/routes.csv" -o "$tmp/map.html" 2>/dev/null
maps_lane() {  # the NC maps, schedule, compare page and editors
python3 -c "
import json, sys
features = json.load(open('fixtures/nc_territories.geojson'))['features']
print('id,name')
for f in features: print(f['properties']['id'] + ',' + f['properties'].get('name', ''))" > "$tmp/ids.csv"
python3 Tests/Browser/check_html_map.py "$tmp/map.html" "$tmp/ids.csv" out/html-map.png "$browser"
# The 100 counties: many territories, the compact legend, labels that must fit.
"$bin" render fixtures/nc_counties_sids2.geojson -o "$tmp/counties.html" 2>/dev/null
python3 -c "
import json
features = json.load(open('fixtures/nc_counties_sids2.geojson'))['features']
print('id,name')
for f in features: print(str(f['properties']['id']) + ',' + f['properties'].get('name', ''))" > "$tmp/counties.csv"
python3 Tests/Browser/check_html_map.py "$tmp/counties.html" "$tmp/counties.csv" out/html-counties.png "$browser"
# A call-cycle schedule on the map: the day selector, each day's routes and each rep's hours.
python3 -c "
import csv
rows = list(csv.reader(open('fixtures/nc_accounts.csv')))
w = csv.writer(open('$tmp/accounts.csv', 'w'), lineterminator='\\n')
w.writerow(rows[0] + ['visits'])
for k, r in enumerate(rows[1:]):
    if k % 20 == 0: w.writerow(r + [str(4 if int(r[3]) >= 40 else 2 if int(r[3]) >= 15 else 1)])"
"$bin" schedule fixtures/nc_territories.geojson "$tmp/accounts.csv" -o "$tmp/schedule.csv" --visits-column visits \
    --visit-minutes-column visit_minutes --quiet >/dev/null 2>&1 || true   # exit 1: a few visits do not fit, as expected
"$bin" render fixtures/nc_territories.geojson "$tmp/accounts.csv" --schedule "$tmp/schedule.csv" -o "$tmp/schedule.html" 2>/dev/null
python3 Tests/Browser/check_schedule_map.py "$tmp/schedule.html" "$tmp/schedule.csv" "$browser"
# Plans side by side: the current territories and two plans of counties; the maps zoom and pan
# together and the table holds what compare --format json prints.
plans=(fixtures/nc_territories.geojson fixtures/organisation/nc_plan_lon.csv fixtures/organisation/nc_plan_diag.csv)
"$bin" compare "${plans[@]}" --units fixtures/nc_counties_sids2.geojson --customers fixtures/nc_accounts.csv \
    --output "$tmp/compare.html" --format json > "$tmp/compare.json"
python3 Tests/Browser/check_compare_page.py "$tmp/compare.html" "$tmp/compare.json" out/compare.png "$browser"
# Key accounts in the editor: fixed in their territory, their weight its own.
"$bin" edit fixtures/nc_counties_sids2.geojson --alignment fixtures/organisation/nc_plan_lon.csv --customers fixtures/nc_accounts.csv \
    --weight-column weight --accounts fixtures/organisation/nc_key_accounts.csv -o "$tmp/editor-accounts.html" 2>/dev/null
"$bin" assign fixtures/nc_counties_sids2.geojson fixtures/nc_accounts.csv -o "$tmp/units-of-accounts.csv" 2>/dev/null
python3 Tests/Browser/check_editor_accounts.py "$tmp/editor-accounts.html" fixtures/organisation/nc_plan_lon.csv "$tmp/units-of-accounts.csv" \
    fixtures/nc_accounts.csv fixtures/organisation/nc_key_accounts.csv "$browser"
# The plan editor: the NC counties' plan with one unit locked (move, undo, redo, split, lock,
# empty, download).
"$bin" design fixtures/nc_counties_sids2.geojson --territories 8 --weight-property bir74 --tolerance 1 \
    -o "$tmp/plan.geojson" --units-output "$tmp/plan.csv" --quiet >/dev/null
head -2 "$tmp/plan.csv" > "$tmp/locked.csv"
"$bin" edit fixtures/nc_counties_sids2.geojson --alignment "$tmp/plan.csv" --weight-property bir74 --tolerance 1 \
    --locked "$tmp/locked.csv" -o "$tmp/editor.html" 2>/dev/null
python3 Tests/Browser/check_plan_editor.py "$tmp/editor.html" "$tmp/plan.csv" "$tmp/locked.csv" out/plan-editor.png "$browser"
}
editor_lane() {  # the 40,000-cell coverage in the plan editor
# The 40,000-cell coverage of the benchmarks in the plan editor, with its opening and move
# times reported (Benchmarks/peers/browser_timing.sh records them as a benchmark).
python3 -c "import shapely, numpy" 2>/dev/null || pip install -q "shapely>=2.1" numpy
python3 Benchmarks/peers/make_coverages.py "$tmp" >/dev/null
# 200 territories as a 20 x 10 grid of the cells' centroids (Tests/Browser/grid_alignment.py).
python3 Tests/Browser/grid_alignment.py "$tmp/voronoi_40k.geojson" > "$tmp/grid.csv"
"$bin" edit "$tmp/voronoi_40k.geojson" --alignment "$tmp/grid.csv" -o "$tmp/editor40k.html" --quiet 2>/dev/null
python3 Tests/Browser/check_plan_editor.py "$tmp/editor40k.html" "$tmp/grid.csv" - out/plan-editor-40k.png "$browser" --timing
}
# One check after another: beside the downstream build and DocC (scripts/test.sh), lanes of
# their own only slowed the longest check. Each part's time is printed.
began=$SECONDS
maps_lane
echo "browser: NC maps, schedule, compare page and editors $((SECONDS - began)) s"
began=$SECONDS
editor_lane
echo "browser: the 40,000-cell editor $((SECONDS - began)) s"
