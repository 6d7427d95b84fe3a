#!/usr/bin/env bash
# territory design vs GerryChain (recursive_tree_part), METIS and PySAL spopt on the same units,
# the same rook graph and the same scoring (peers/design_peers.py); time is the whole process as
# a user runs it, side by side with GerryChain. Installs the peers' Python packages when missing.
# usage: Benchmarks/peers/compare_design.sh        (RUNS=5 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
. peers/setup.sh
peers_setup "gerrychain, pymetis, spopt, geopandas, pyproj, shapely" "gerrychain pymetis spopt geopandas pyproj shapely>=2.1"
python3 peers/make_national.py data >/dev/null
runs=${RUNS:-5}
echo "== $(nproc) cores; $(python3 -c 'import gerrychain, pymetis, spopt, shapely; from importlib.metadata import version as v; print("gerrychain", v("gerrychain"), "pymetis", v("pymetis"), "spopt", spopt.__version__, "shapely", shapely.__version__)')"

# name | units | workload property | territories | tolerance % | timed against GerryChain
# (on the NC counties GerryChain's run time swings from 0.1 s to a failure after minutes with
# its random state, so only its plan is scored there)
cases=(
    "NC counties|../fixtures/nc_counties_sids2.geojson|bir74|8|1|no"
    "US cities|data/us_city_units.geojson|sqrt_population|50|1|yes"
)
for case in "${cases[@]}"; do
    IFS='|' read -r name units prop k tol timed <<<"$case"
    echo "== $name: $(basename "$units") -> $k territories by $prop, +-$tol%"
    "$bin" adjacency "$units" -o "$out/adj.csv"
    if [ "$timed" = no ]; then
        hyperfine -N --warmup 1 --runs "$runs" "$bin design $units --territories $k --weight-property $prop --tolerance $tol --output $out/t.geojson --units-output $out/ours.csv" | grep -E "Time"
        python3 peers/design_peers.py "$units" "$out/adj.csv" "$prop" "$k" "$tol" --ours "$out/ours.csv" --seed 3
        continue
    fi
    ours="$bin design $units --territories $k --weight-property $prop --tolerance $tol --output $out/t.geojson --units-output $out/ours.csv"
    gerrychain="python3 peers/design_peers.py $units $out/adj.csv $prop $k $tol --only gerrychain --seed 3 --write $out/gc.csv"
    hyperfine -N --warmup 1 --runs "$runs" --export-json "$out/d.json" -n territory "$ours" -n gerrychain "$gerrychain" | grep -E "Time|faster"
    python3 -c "import json,sys; r={x['command']:x['median'] for x in json.load(open(sys.argv[1]))['results']}; print(f\"median whole process: territory {r['territory']:.3f} s, GerryChain {r['gerrychain']:.3f} s: {r['gerrychain']/r['territory']:.1f}x\")" "$out/d.json"
    echo "-- every plan scored alike (in-process times for the peers)"
    python3 peers/design_peers.py "$units" "$out/adj.csv" "$prop" "$k" "$tol" --ours "$out/ours.csv" --seed 3
done

echo "== US cities by population itself (cannot be balanced: New York City alone is ~1.7x a target)"
"$bin" design data/us_city_units.geojson --territories 50 --weight-property population --tolerance 1 --time-limit 5 \
    --output "$out/p.geojson" >/dev/null 2>"$out/p.err" || echo "territory design exit $?: $(cat "$out/p.err")"
