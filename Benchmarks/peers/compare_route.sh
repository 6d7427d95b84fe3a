#!/usr/bin/env bash
# territory route vs LKH-3 (elkai) on the same real stops and the same geodesic distances, and
# the national-scale speed run. Whole process as a user runs it. Installs what is missing.
# usage: Benchmarks/peers/compare_route.sh      (LKH_RUNS=10, elkai's default, unless set)
set -euo pipefail
cd "$(dirname "$0")/.."
. peers/setup.sh
peers_setup "elkai, pyproj, numpy" "elkai pyproj numpy"
python3 peers/make_route_sets.py data >/dev/null
echo "== $(nproc) cores; $(python3 -c 'import elkai, pyproj; print("elkai (LKH-3)", __import__("importlib.metadata").metadata.version("elkai"), "pyproj", pyproj.__version__)')"

for region in spain mexico italy; do
    echo "== $region: $(($(wc -l < data/route_$region.csv) - 1)) stops"
    /usr/bin/time -f "territory route: %e s wall, %M KB" "$bin" route data/route_$region.geojson data/route_$region.csv \
        -o "$out/r.csv" --format json 2>"$out/time" >"$out/r.json"
    python3 -c "import json,sys; print('territory tour_km', json.load(open(sys.argv[1]))['summary']['tour_km'])" "$out/r.json"
    grep "territory route" "$out/time"
    /usr/bin/time -f "lkh (elkai, runs=${LKH_RUNS:-10}): %e s wall, %M KB" python3 peers/lkh_route.py data/route_$region.csv "${LKH_RUNS:-10}"
done

echo "== national: 40,000 customers inside 100 territories"
"$bin" assign data/territories_100.geojson data/customers_100_100k.csv -o "$out/a.csv" 2>/dev/null
python3 - "$out/a.csv" data/customers_100_100k.csv data/route_customers_40k.csv <<'PY'
import csv, sys
assigned = {r["customer_id"] for r in csv.DictReader(open(sys.argv[1])) if r["territory_id"]}
rows = [r for r in csv.DictReader(open(sys.argv[2])) if r["id"] in assigned][:40000]
with open(sys.argv[3], "w", newline="") as f:
    w = csv.DictWriter(f, fieldnames=list(rows[0].keys())); w.writeheader(); w.writerows(rows)
PY
hyperfine -N --warmup 1 --runs "${RUNS:-5}" "$bin route data/territories_100.geojson data/route_customers_40k.csv -o $out/n.csv" | grep -E "Time|Range"
"$bin" route data/territories_100.geojson data/route_customers_40k.csv -o "$out/n.csv" | tail -2
