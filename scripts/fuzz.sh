#!/usr/bin/env bash
# Builds the libFuzzer targets (Fuzz/) with the fuzzer and address sanitizers and runs each for
# FUZZ_SECONDS (default 600), two at a time. Corpora start from the fixtures and the public
# conformance suites (JSONTestSuite, csv-spectrum); the JSON and CSV targets get a dictionary of
# the tokens readers get wrong (Fuzz/dictionaries). A crash leaves its input in
# Fuzz/crashes/TARGET/: add it to fixtures/bad/ with a test, then fix the reader.
#   scripts/fuzz.sh [TARGET...]     (default: FuzzGeoJSON FuzzMapLoader FuzzWKT FuzzWKB FuzzCSV FuzzOSRMAnswer)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
seconds=${FUZZ_SECONDS:-600}
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(FuzzGeoJSON FuzzMapLoader FuzzWKT FuzzWKB FuzzCSV FuzzOSRMAnswer)
flags=(-Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library)
for t in "${targets[@]}"; do (cd Fuzz && swift build --product "$t" "${flags[@]}" 2>&1 | grep -v "Cannot export local symbol" | grep -E "error|Build" || true); done
bin=$(cd Fuzz && swift build --show-bin-path "${flags[@]}")

seed() {  # seed a corpus folder for a target from the fixtures
    local t=$1 dir=Fuzz/corpus/$1
    mkdir -p "$dir"
    case $t in
        FuzzGeoJSON|FuzzMapLoader)
            cp fixtures/bad/*.geojson fixtures/conformance/JSONTestSuite/test_parsing/*.json "$dir"/
            cp fixtures/nc_territories.geojson fixtures/nc_territories_damaged.geojson "$dir"/;;
        FuzzCSV) cp fixtures/bad/*.csv fixtures/nc_customers.csv "$dir"/
                 for f in fixtures/conformance/csv-spectrum/csvs/*.csv; do cp "$f" "$dir/spectrum_$(basename "$f")"; done;;
        FuzzWKT) printf 'POLYGON ((0 0, 1 0, 1 1, 0 1, 0 0), (0.2 0.2, 0.4 0.2, 0.4 0.4, 0.2 0.2))' > "$dir/poly.wkt"
                 printf 'MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 5)))' > "$dir/multi.wkt"
                 printf 'GEOMETRYCOLLECTION (POINT (1 2), LINESTRING (0 0, 1 1))' > "$dir/collection.wkt";;
        FuzzOSRMAnswer) cp Fuzz/seeds/osrm/* "$dir"/;;
        FuzzWKB) printf '\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\xf0\x3f\x00\x00\x00\x00\x00\x00\x00\x40' > "$dir/point.wkb"
                 printf '0103000000010000000400000000000000000000000000000000000000000000000000F03F000000000000F03F0000000000000000000000000000000000000000000000000' > "$dir/poly.hex";;
    esac
}
status=0
run() {
    local t=$1
    seed "$t"
    mkdir -p "Fuzz/crashes/$t"
    local dict=()
    case $t in
        FuzzGeoJSON|FuzzMapLoader|FuzzOSRMAnswer) dict=(-dict=Fuzz/dictionaries/json.dict);;
        FuzzCSV) dict=(-dict=Fuzz/dictionaries/csv.dict);;
    esac
    if "$bin/$t" "${dict[@]}" -max_total_time="$seconds" -rss_limit_mb=4096 -timeout=30 -max_len=65536 -print_final_stats=1 \
        -artifact_prefix="Fuzz/crashes/$t/" "Fuzz/corpus/$t" > "Fuzz/$t.log" 2>&1; then
        echo "fuzz: $t: no crash in ${seconds}s ($(grep -m1 -o 'stat::number_of_executed_units: *[0-9]*' "Fuzz/$t.log" | grep -o '[0-9]*$') runs, $(grep -o 'cov: [0-9]*' "Fuzz/$t.log" | tail -1) edges, corpus $(ls "Fuzz/corpus/$t" | wc -l) inputs)"
    else
        echo "fuzz: $t: CRASH, see Fuzz/$t.log and Fuzz/crashes/$t/"; return 1
    fi
}
i=0
pids=()
for t in "${targets[@]}"; do
    run "$t" & pids+=($!)
    i=$((i + 1))
    if [ $((i % 2)) -eq 0 ]; then for p in "${pids[@]}"; do wait "$p" || status=1; done; pids=(); fi
done
for p in "${pids[@]}"; do wait "$p" || status=1; done
exit $status
