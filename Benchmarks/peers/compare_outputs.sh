#!/usr/bin/env bash
# Table outputs through GDAL, whole process as a user runs it: `territory assign` writing
# 100,000 rows as CSV, into a new GeoPackage and into another layer of an existing one, beside
# ogr2ogr loading the same rows from that CSV into a GeoPackage (the GDAL peer); then the peak
# memory of 1M and 10M rows into a GeoPackage and a PostGIS table (scripts/postgis.sh starts a
# throwaway server), which must not grow with the rows.
# Installs hyperfine, gdal-bin (ogr2ogr) and PostgreSQL/PostGIS when missing.
# usage: Benchmarks/peers/compare_outputs.sh        (RUNS=10 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
. peers/setup.sh
peers_setup
command -v ogr2ogr >/dev/null || { apt-get update -qq && apt-get install -y -qq gdal-bin >/dev/null; }
command -v /usr/bin/time >/dev/null || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
runs=${RUNS:-10}
map=data/territories_100.geojson
echo "== $(nproc) cores; GDAL $(ogrinfo --version | cut -d, -f1 | cut -d' ' -f2); commit $(git rev-parse --short HEAD)"
csv=data/customers_100_100k.csv
"$bin" assign "$map" "$csv" -o "$out/rows.csv" --quiet
"$bin" assign "$map" "$csv" -o "$out/existing.gpkg" --output-layer other --quiet
# Each command has its --prepare (hyperfine takes one for all or one each): the new files removed.
hyperfine -N --warmup 2 --runs "$runs" --export-json "$out/o.json" \
    --prepare "true" -n "CSV" "$bin assign $map $csv -o $out/t.csv --quiet" \
    --prepare "rm -f $out/new.gpkg" -n "new GeoPackage" "$bin assign $map $csv -o $out/new.gpkg --quiet" \
    --prepare "true" -n "existing GeoPackage" "$bin assign $map $csv -o $out/existing.gpkg --quiet" \
    --prepare "rm -f $out/ogr.gpkg" -n "ogr2ogr CSV to GeoPackage" "ogr2ogr -f GPKG $out/ogr.gpkg $out/rows.csv -nln assignments" \
    | grep -E "Time|±" || true
python3 - "$out/o.json" <<'PY'
import json, sys
r = {x["command"]: x["median"] for x in json.load(open(sys.argv[1]))["results"]}
csv = r["CSV"]
for name, t in r.items():
    print(f"median {name}: {t:.3f} s ({t / csv:.1f}x CSV)")
PY

echo "== peak memory (maximum resident set) by rows written"
. ../scripts/postgis.sh
postgis_start
for rows in 1m 10m; do
    file=data/customers_100_$rows.csv
    rm -f "$out/big.gpkg"
    /usr/bin/time -f "$rows rows, CSV: %e s, %M KB" "$bin" assign "$map" "$file" -o "$out/big.csv" --quiet
    /usr/bin/time -f "$rows rows, GeoPackage: %e s, %M KB" "$bin" assign "$map" "$file" -o "$out/big.gpkg" --quiet
    if [ -n "${TERRITORY_TEST_PG:-}" ]; then
        /usr/bin/time -f "$rows rows, PostGIS: %e s, %M KB" "$bin" assign "$map" "$file" -o "PG:$TERRITORY_TEST_PG" --output-layer big --quiet
    fi
done
