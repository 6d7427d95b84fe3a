#!/usr/bin/env bash
# The interactive HTML map in a real browser: renders the bundled NC territories (customers and
# routes included) to HTML and checks it in headless Chromium through Playwright (no console
# errors, no network requests, every territory present, hover tooltip, zoom, table, layers).
# Installs Chromium and Playwright when missing. Leaves a screenshot in out/html-map.png.
set -euo pipefail
cd "$(dirname "$0")/.."
browser="$(scripts/install-browser.sh | tail -1)"
swift build --product territory >/dev/null
bin="$(swift build --show-bin-path)/territory"
mkdir -p out
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
"$bin" route fixtures/nc_territories.geojson fixtures/nc_customers.csv -o "$tmp/routes.csv" >/dev/null 2>&1
"$bin" render fixtures/nc_territories.geojson fixtures/nc_customers.csv --routes "$tmp/routes.csv" -o "$tmp/map.html" 2>/dev/null
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
