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

# name | units | workload property | territories | tolerance % | peers left out
# (spopt's SKATER did not finish 50 clusters of the 3,316 city units within about 8 minutes)
cases=(
    "NC counties|../fixtures/nc_counties_sids2.geojson|bir74|8|1|none"
    "US cities|data/us_city_units.geojson|sqrt_population|50|1|skater"
)
for case in "${cases[@]}"; do
    IFS='|' read -r name units prop k tol skip <<<"$case"
    echo "== $name: $(basename "$units") -> $k territories by $prop, +-$tol%"
    "$bin" adjacency "$units" -o "$out/adj.csv"
    ours="$bin design $units --territories $k --weight-property $prop --tolerance $tol --output $out/t.geojson --units-output $out/ours.csv"
    hyperfine -N --warmup 1 --runs "$runs" --export-json "$out/d.json" -n territory "$ours" | grep -E "Time"
    # GerryChain's run time depends on its random state (a run can search for minutes and fail),
    # so each of its runs is timed alone, whole process, one seed each, failures counted.
    for seed in $(seq 1 "$runs"); do
        hyperfine -N -i --runs 1 --export-json "$out/gc$seed.json" \
            "timeout 600 python3 peers/design_peers.py $units $out/adj.csv $prop $k $tol --only gerrychain --seed $seed --write $out/gc.csv" >/dev/null 2>&1
    done
    python3 - "$out"/d.json "$out"/gc*.json <<'PY'
import json, statistics, sys
ours = json.load(open(sys.argv[1]))["results"][0]["median"]
runs = [json.load(open(p))["results"][0] for p in sys.argv[2:]]
times = [r["times"][0] for r in runs if r["exit_codes"][0] == 0]
for r in runs:
    if r["exit_codes"][0] != 0:
        print(f"GerryChain run failed (exit {r['exit_codes'][0]}) after {r['times'][0]:.1f} s")
if times:
    gc = statistics.median(times)
    print(f"median whole process: territory {ours:.3f} s, GerryChain {gc:.3f} s over {len(times)} successful runs "
          f"(min {min(times):.2f}, max {max(times):.2f}): {gc / ours:.1f}x")
else:
    print(f"median whole process: territory {ours:.3f} s; every GerryChain run failed")
PY
    echo "-- every plan scored alike (in-process times for the peers)"
    PYTHONWARNINGS=ignore timeout 900 python3 peers/design_peers.py "$units" "$out/adj.csv" "$prop" "$k" "$tol" --ours "$out/ours.csv" --seed 3 --skip "$skip" 2>/dev/null ||
        echo "(the scoring run stopped: exit $?)"
done

echo "== US cities by population itself (cannot be balanced: New York City alone is about twice a target)"
"$bin" design data/us_city_units.geojson --territories 50 --weight-property population --tolerance 1 --time-limit 5 \
    --output "$out/p.geojson" >/dev/null 2>"$out/p.err" || echo "territory design exit $?: $(cat "$out/p.err")"
