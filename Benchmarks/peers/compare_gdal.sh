#!/usr/bin/env bash
# territory validate reading Shapefile and GeoPackage through GDAL vs geopandas (pyogrio engine)
# + shapely on the same files, whole process as a user runs it; and the GeoJSON/CSV path's
# start-up, which must not pay for GDAL (it is loaded only when a GDAL source is used).
# Installs hyperfine, gdal-bin (ogr2ogr, to write the files) and the peer's packages when missing.
# usage: Benchmarks/peers/compare_gdal.sh        (RUNS=10 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
. peers/setup.sh
peers_setup "shapely, pyproj, numpy, geopandas, pyogrio" "shapely>=2.1 pyproj numpy geopandas pyogrio"
command -v ogr2ogr >/dev/null || { apt-get update -qq && apt-get install -y -qq gdal-bin >/dev/null; }
runs=${RUNS:-10}
map=data/territories_3000.geojson
[ -f data/territories_3000.shp ] || ogr2ogr -f "ESRI Shapefile" data/territories_3000.shp "$map" -nlt PROMOTE_TO_MULTI
[ -f data/territories_3000.gpkg ] || ogr2ogr -f GPKG data/territories_3000.gpkg "$map" -nln territories
[ -f data/territories_3000_albers.gpkg ] || ogr2ogr -f GPKG data/territories_3000_albers.gpkg "$map" -nln territories -t_srs EPSG:5070
echo "== $(nproc) cores; GDAL $(gdal-config --version 2>/dev/null || ogrinfo --version); $(python3 -c 'import shapely, pyogrio, geopandas; print("shapely", shapely.__version__, "GEOS", shapely.geos_version_string, "pyogrio", pyogrio.__version__, "geopandas", geopandas.__version__)')"
for file in data/territories_3000.shp data/territories_3000.gpkg data/territories_3000_albers.gpkg; do
    echo "== validate $(basename "$file") ($("$bin" validate "$file" | head -1 | cut -d: -f2))"
    python3 peers/pyogrio_validate.py "$file"
    hyperfine -N -i --warmup 2 --runs "$runs" --export-json "$out/g.json" \
        -n territory "$bin validate $file --format json" -n geopandas "python3 peers/pyogrio_validate.py $file" | grep -E "Time|faster"
    python3 -c "import json,sys; r={x['command']:x['median'] for x in json.load(open(sys.argv[1]))['results']}; print(f\"median: territory {r['territory']:.3f} s, geopandas+shapely {r['geopandas']:.3f} s: {r['geopandas']/r['territory']:.1f}x\")" "$out/g.json"
done
echo "== start-up: no GDAL is loaded on the GeoJSON/CSV path"
ldd "$bin" | grep -c . | xargs echo "shared libraries linked:"
if ldd "$bin" | grep -q gdal; then echo "libgdal is linked: it should only be loaded on first use" >&2; exit 1; fi
hyperfine -N --warmup 5 --runs 50 -n "territory --help" "$bin --help" -n "territory validate (GeoJSON)" "$bin validate ../fixtures/nc_counties_sids2.geojson" \
    -n "territory validate (GeoPackage)" "$bin validate ../fixtures/gdal/nc_counties.gpkg" | grep -E "Time|±"
