#!/usr/bin/env bash
# The main job on the bundled fixtures: validate the North Carolina sales territories, report
# how unbalanced they are on the company's 2,000 accounts, design balanced ones, assign, report,
# diff, route and render; then the same plan kept where GIS teams
# keep theirs, one GeoPackage (out/plan.gpkg) read from a zipped Shapefile and an Excel sheet.
# Installs GEOS, PROJ and GDAL when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build -c release --product territory
bin="$(swift build -c release --show-bin-path)/territory"
out=out
mkdir -p "$out"

echo "== validate fixtures/nc_territories.geojson"
"$bin" validate fixtures/nc_territories.geojson
echo
echo "== validate a damaged copy (a county left out, a county in two territories, a bow-tie)"
"$bin" validate fixtures/nc_territories_damaged.geojson || true   # exit 1: problems found, as expected
echo
echo "== validate a map with a known gap (Natural Earth countries: the Caspian Sea)"
"$bin" validate fixtures/naturalearth_countries.geojson || true
echo
accounts=fixtures/nc_accounts.csv   # 2,000 accounts where North Carolina's people live
echo "== report: the current territories on the company's 2,000 accounts (unbalanced: the reason to redesign)"
"$bin" report fixtures/nc_territories.geojson "$accounts" || true
echo
echo "== design 8 balanced, contiguous territories from the 100 counties, on the accounts' potential (±5%)"
"$bin" design fixtures/nc_counties_sids2.geojson --territories 8 --customers "$accounts" --weight-column weight --tolerance 5 \
    --output "$out/nc_design.geojson" --units-output "$out/nc_design_units.csv"
echo
echo "== assign the accounts to the new territories -> $out/assignments.csv"
"$bin" assign "$out/nc_design.geojson" "$accounts" --output "$out/assignments.csv"
head -5 "$out/assignments.csv"
echo
echo "== report on the new territories: every one within ±5%"
"$bin" report "$out/nc_design.geojson" "$accounts" --tolerance 5
echo
echo "== what changes for each territory between the current plan and the new one -> $out/moves.csv"
"$bin" diff fixtures/nc_territories.geojson "$out/nc_design.geojson" --customers "$accounts" --moves-output "$out/moves.csv"
echo
echo "== the organisation of the current plan: three regions, a part-time rep (T3), key accounts, a goal split top-down"
"$bin" report fixtures/nc_territories.geojson "$accounts" --reps fixtures/organisation/nc_reps.csv \
    --accounts fixtures/organisation/nc_key_accounts.csv --goal 1000000
echo
echo "== the current plan, the designed one and a plan of counties by longitude side by side -> $out/compare.html"
"$bin" compare fixtures/nc_territories.geojson "$out/nc_design_units.csv" fixtures/organisation/nc_plan_lon.csv \
    --units fixtures/nc_counties_sids2.geojson --customers "$accounts" --output "$out/compare.html"
echo
echo "== which counties share a border (the unit graph territory design works on)"
"$bin" adjacency fixtures/nc_counties_sids2.geojson --output "$out/nc_adjacency.csv"
echo
echo "== route each rep's visiting tour (geodesic, 2-opt/Or-opt and kicks) -> $out/routes.csv"
"$bin" route "$out/nc_design.geojson" "$accounts" --output "$out/routes.csv"
echo
echo "== each rep's call cycle: 40 working days from 2027-01-04, every account once, each day from home within 8 hours -> $out/schedule.csv, $out/calendars/"
"$bin" schedule "$out/nc_design.geojson" "$accounts" --visit-minutes-column visit_minutes --days 40 \
    --start-date 2027-01-04 --calendar "$out/calendars" --output "$out/schedule.csv" || true   # exit 1 if some visits do not fit
"$bin" render "$out/nc_design.geojson" "$accounts" --schedule "$out/schedule.csv" --output "$out/schedule.html"
echo
echo "== workload hours (each account's own visit minutes, twice a period) and a company goal split by potential"
"$bin" report "$out/nc_design.geojson" "$accounts" --visit-minutes-column visit_minutes --visits-per-period 2 \
    --goal 1000000 --period 2027-Q1
echo
echo "== render: the new territories, and the damaged map with its problems marked"
"$bin" render "$out/nc_design.geojson" "$accounts" --output "$out/nc_design.svg"
"$bin" render fixtures/nc_territories_damaged.geojson "$accounts" --output "$out/nc_territories_damaged.svg"
echo
echo "== the interactive map: balance colours, routes, tooltips and a sortable table in one HTML file"
"$bin" render "$out/nc_design.geojson" "$accounts" --color-by deviation --tolerance 5 \
    --routes "$out/routes.csv" --output "$out/nc_territories.html"
echo
echo "== realignment: the plan rebalanced on 1979 births, what changes for each rep, and the plan editor"
"$bin" design fixtures/nc_counties_sids2.geojson --territories 8 --weight-property bir74 --tolerance 1 \
    --output "$out/nc_design_1974.geojson" --units-output "$out/nc_design_1974_units.csv" >/dev/null
"$bin" design fixtures/nc_counties_sids2.geojson --from "$out/nc_design_1974_units.csv" --weight-property bir79 --tolerance 1 \
    --output "$out/nc_design_1979.geojson" --units-output "$out/nc_design_1979_units.csv" >/dev/null
"$bin" diff "$out/nc_design_1974_units.csv" "$out/nc_design_1979_units.csv" --units fixtures/nc_counties_sids2.geojson \
    --customers "$accounts"
"$bin" edit fixtures/nc_counties_sids2.geojson --alignment "$out/nc_design_1979_units.csv" --weight-property bir79 --tolerance 1 \
    --output "$out/plan-editor.html"
"$bin" plan fixtures/nc_counties_sids2.geojson --alignment "$out/nc_design_1979_units.csv" --weight-property bir79 --tolerance 1 \
    --output "$out/nc_design_1979_redrawn.geojson" >/dev/null
echo
echo "== one GeoPackage for the whole plan (opens in QGIS): units from a zipped Shapefile, customers from Excel"
rm -f "$out/plan.gpkg"
"$bin" design fixtures/gdal/nc_counties_shp.zip --territories 8 --weight-property bir74 --tolerance 1 \
    --output "$out/plan.gpkg" --units-output "$out/plan.gpkg" >/dev/null
"$bin" assign "$out/plan.gpkg" fixtures/gdal/nc_accounts.xlsx --layer territories --output "$out/plan.gpkg"
"$bin" route "$out/plan.gpkg" fixtures/gdal/nc_accounts.xlsx --layer territories --output "$out/plan.gpkg"
"$bin" validate "$out/plan.gpkg" --layer territories
echo
echo "The designed territories written to $(pwd)/$out/nc_design.svg and $(pwd)/$out/nc_territories.html (open them in a browser);"
echo "the damaged map, with its problems marked, to $(pwd)/$out/nc_territories_damaged.svg;"
echo "the GeoPackage plan (layers territories, units, assignments, routes) to $(pwd)/$out/plan.gpkg;"
echo "the plan editor (move counties by hand, download the alignment) to $(pwd)/$out/plan-editor.html;"
echo "each rep's call cycle to $(pwd)/$out/schedule.csv, its days on $(pwd)/$out/schedule.html and the reps' calendars in $(pwd)/$out/calendars/."
