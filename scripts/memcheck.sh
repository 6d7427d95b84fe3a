#!/usr/bin/env bash
# Runs the CLI on every kind of input, and the library test suites, under valgrind memcheck.
# Fails when any run reports memory errors or bytes "definitely lost".
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
command -v valgrind >/dev/null || { echo "memcheck: installing valgrind" >&2; apt-get install -y -qq valgrind >/dev/null; }
# DWARF 4: Debian 12's valgrind (3.19) cannot read the DWARF 5 the toolchain writes by default,
# and gives up before running anything. A separate build folder keeps the usual one untouched.
build=(--scratch-path .build-memcheck -Xcc -gdwarf-4 -Xswiftc -dwarf-version=4)
swift build --build-tests "${build[@]}"
bin=.build-memcheck/debug/territory
tests=$(find .build-memcheck/debug/ -maxdepth 1 -name '*PackageTests.xctest' | head -1)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
status=0
check() {
    local name=$1; shift
    local code=0
    valgrind --quiet --leak-check=full --show-leak-kinds=definite --errors-for-leak-kinds=definite \
        --error-exitcode=99 --suppressions=scripts/valgrind-swift.supp --log-file="$out/$name.log" "$@" >/dev/null 2>&1 || code=$?
    # Valgrind failing itself (unreadable debug info, an unsupported instruction) also exits
    # non-zero and says so in its log as "Valgrind: ..."; that is a failure of this check, never
    # "the command's own exit code" (it once passed every run that way, having checked nothing).
    if grep -q "Valgrind:\|valgrind: " "$out/$name.log"; then
        echo "memcheck: $name: VALGRIND FAILED"; cat "$out/$name.log"; status=1
    elif [ "$code" = 99 ]; then
        echo "memcheck: $name: LEAK OR MEMORY ERROR"; cat "$out/$name.log"; status=1
    elif [ "$code" = 0 ]; then
        echo "memcheck: $name: clean"
    else
        echo "memcheck: $name: clean (exit $code is the command's own)"
    fi
}
check validate-clean    $bin validate fixtures/nc_territories.geojson --format json
check validate-gaps     $bin validate fixtures/naturalearth_countries.geojson
check validate-bad      $bin validate fixtures/bad/bowtie.geojson
check validate-region   $bin validate fixtures/nc_territories.geojson --region fixtures/nc_counties_sids2.geojson
check assign            $bin assign fixtures/nc_territories.geojson fixtures/nc_customers.csv -o "$out/a.csv" --nearest-within 20000 --threads 2
check assign-geos       $bin assign fixtures/nc_territories.geojson fixtures/nc_customers.csv -o "$out/b.csv" --engine geos
check assign-bad-csv    $bin assign fixtures/nc_territories.geojson fixtures/bad/bad_number.csv -o "$out/c.csv"
check assign-bad-json   $bin assign fixtures/bad/truncated.geojson fixtures/nc_customers.csv -o "$out/d.csv"
check assign-crs        $bin assign fixtures/nybb_epsg2263.geojson fixtures/nc_customers.csv -o "$out/e.csv"
check report            $bin report fixtures/nc_territories.geojson fixtures/nc_customers.csv --format json
check render            $bin render fixtures/nc_territories.geojson fixtures/nc_customers.csv -o "$out/m.svg"
# The library suites (every public operation, incl. repair and prepared/STRtree paths). The
# million-vertex test is left out: under valgrind it takes many minutes and adds no new path.
check tests-geos        "$tests" GEOSTests
check tests-proj        "$tests" PROJTests
check tests-territory   "$tests" TerritoryKitTests.ValidationTests TerritoryKitTests.BalanceAndRepairTests TerritoryKitTests.LoadTests TerritoryKitTests.CustomerCSVTests
exit $status
