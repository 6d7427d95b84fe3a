#!/usr/bin/env bash
# `territory route --osrm` on road times: quality against LKH-3 (elkai, asymmetric) on the same
# OSRM durations, the geodesic model against the road time of the same tours, and speed: the
# whole run against the server's own table time. Monaco (the test extract) and a generated street
# network of 306,752 nodes with 20,000 customers in 50 territories (peers/make_osm_grid.py; its MLD
# graph takes ~1 minute and ~4 GB of RAM to build once, cached in data/). Installs what is missing.
# The grid run takes ~4 minutes per table size: the server's tables are most of it.
# usage: Benchmarks/peers/compare_osrm.sh          (GRID=0 skips the grid)
set -euo pipefail
cd "$(dirname "$0")/.."
. peers/setup.sh
peers_setup "elkai" "elkai"
. ../scripts/osrm.sh
territory_on_exit "rm -rf $out"
osrm_install
cache="$(osrm_cache)"
echo "== $(nproc) cores; OSRM $("$cache/bin/osrm-routed" --version 2>/dev/null | head -1); elkai $(python3 -c 'import importlib.metadata as m; print(m.version("elkai"))')"

# Starts osrm-routed on GRAPH with ALGORITHM; sets url.
serve() {
    local graph="$1" algorithm="$2" port
    port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
    "$cache/bin/osrm-routed" --algorithm "$algorithm" --ip 127.0.0.1 --port "$port" --max-table-size 10000 "$graph" >"$out/routed.log" 2>&1 &
    OSRM_PID=$!
    url="http://127.0.0.1:$port"
    for _ in $(seq 1 600); do
        python3 -c "import urllib.request, sys; urllib.request.urlopen(sys.argv[1], timeout=1)" "$url/nearest/v1/driving/$3" >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    tail -3 "$out/routed.log" >&2
    return 1
}

# The geodesic model (1.3 circuity, 60 km/h) on the same tours as the road times.
model_vs_road() {
    python3 - "$1" <<'PY'
import csv, sys, collections
legs = collections.OrderedDict()
for r in csv.DictReader(open(sys.argv[1])):
    legs.setdefault(r["territory_id"], []).append((float(r["leg_m"]), float(r["leg_s"])))
for tid, rows in legs.items():
    m = sum(a for a, _ in rows); s = sum(b for _, b in rows)
    model_h = m * 1.3 / (60 / 3.6) / 3600
    print(f"  {tid}: {len(rows)} stops, open tour {m / 1000:.1f} km geodesic; model {model_h:.2f} h, road {s / 3600:.2f} h ({s / 3600 / model_h:.2f}x)")
PY
}

osrm_build "$cache/monaco.osm.pbf"
serve "$cache/monaco.osrm" mld 7.4196,43.7314
for set in ../fixtures/monaco_customers.csv ../fixtures/monaco_customers_400.csv; do
    echo "== Monaco, $(($(wc -l <"$set") - 1)) customers in 2 territories (MLD)"
    "$bin" route ../fixtures/monaco_territories.geojson "$set" -o "$out/m.csv" --osrm "$url" --osrm-table-size 10000 2>&1 | tail -1
    model_vs_road "$out/m.csv"
    python3 peers/lkh_osrm_route.py "$out/m.csv" "$set" "$url" "${LKH_RUNS:-1}"
    hyperfine -N --warmup 1 --runs "${RUNS:-5}" \
        "$bin route ../fixtures/monaco_territories.geojson $set -o $out/m.csv --osrm $url --osrm-table-size 10000" | grep -E "Time|Range"
done
kill "$OSRM_PID"; wait "$OSRM_PID" 2>/dev/null || true

[ "${GRID:-1}" = 0 ] && exit 0
python3 peers/make_osm_grid.py data
osrm_build "$PWD/data/grid.osm"
for algorithm in mld; do
    serve data/grid.osrm "$algorithm" 9.5,45.5
    for size in 1000 100; do
        echo "== grid (306,752 nodes, $algorithm), 20,000 customers in 50 territories, --osrm-table-size $size"
        /usr/bin/time -f "  whole run %e s wall, %M KB" "$bin" route data/grid_territories.geojson data/grid_customers.csv -o "$out/g.csv" \
            --osrm "$url" --osrm-table-size "$size" 2>&1 | tail -2
    done
    [ "$algorithm" = mld ] && python3 peers/lkh_osrm_route.py "$out/g.csv" data/grid_customers.csv "$url" "${LKH_RUNS:-1}" 6
    kill "$OSRM_PID"; wait "$OSRM_PID" 2>/dev/null || true
done
