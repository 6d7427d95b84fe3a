#!/usr/bin/env bash
# territory validate / adjacency vs shapely on the same coverage files, whole process as a user
# runs it. Installs hyperfine and the peer's Python packages when missing.
# usage: Benchmarks/peers/compare_coverage.sh        (RUNS=5 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
. peers/setup.sh
peers_setup "shapely, pyproj, numpy" "shapely>=2.1 pyproj numpy"
python3 peers/make_coverages.py data >/dev/null
runs=${RUNS:-5}
echo "== $(nproc) cores; $(python3 -c 'import shapely, pyproj; print("shapely", shapely.__version__, "GEOS", shapely.geos_version_string, "pyproj", pyproj.__version__)')"

for map in data/voronoi_40k.geojson data/territories_3000.geojson ../fixtures/naturalearth_countries.geojson; do
    echo "== validate $(basename "$map")"
    hyperfine -N -i --warmup 1 --runs "$runs" --export-json "$out/v.json" \
        -n territory "$bin validate $map --format json" -n shapely "python3 peers/shapely_validate.py $map" | grep -E "Time|faster"
    python3 -c "import json,sys; r={x['command']:x['median'] for x in json.load(open(sys.argv[1]))['results']}; print(f\"median: territory {r['territory']:.3f} s, shapely {r['shapely']:.3f} s: {r['shapely']/r['territory']:.1f}x\")" "$out/v.json"
    /usr/bin/time -f "territory peak memory %M KB" "$bin" validate "$map" >/dev/null || true
    /usr/bin/time -f "shapely peak memory %M KB" python3 peers/shapely_validate.py "$map" >/dev/null
done

echo "== adjacency voronoi_40k"
hyperfine -N --warmup 1 --runs "$runs" --export-json "$out/a.json" \
    -n territory "$bin adjacency data/voronoi_40k.geojson -o $out/t.csv" \
    -n shapely "python3 peers/shapely_adjacency.py data/voronoi_40k.geojson $out/s.csv" | grep -E "Time|faster"
python3 -c "import json,sys; r={x['command']:x['median'] for x in json.load(open(sys.argv[1]))['results']}; print(f\"median: territory {r['territory']:.3f} s, shapely {r['shapely']:.3f} s: {r['shapely']/r['territory']:.1f}x\")" "$out/a.json"
cut -d, -f1,2 "$out/t.csv" | cmp - <(cut -d, -f1,2 "$out/s.csv") && echo "same pairs as shapely, in the same order"

echo "== validate the 81,000 county outlines (territories_81000.geojson)"
/usr/bin/time -f "territory %e s, peak memory %M KB" "$bin" validate data/territories_81000.geojson | head -1
