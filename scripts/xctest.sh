#!/usr/bin/env bash
# Runs the XCTest suite of the debug build (scripts/build-flags.sh) on every core: one test
# process per class, as many at a time as the machine has cores, the slowest kinds first (the CLI
# classes start processes of their own). The classes that share the one PostGIS database
# (scripts/postgis.sh) run in one process, one after the other, since their tables have fixed
# names. Prints each failing class's output whole, then a summary, and fails when a test fails or
# when the classes run fewer tests than the suite lists (a class that crashed or ran nothing).
#
#   scripts/xctest.sh           the whole suite (scripts/test.sh starts the services first)
#   scripts/xctest.sh FILTER    the tests matching FILTER, through `swift test --filter`
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/build-flags.sh
bundle=$(find .build/debug/ -maxdepth 1 -name '*PackageTests.xctest' 2>/dev/null | head -1)
# macOS runs its bundles through xcrun, and a filter is swift test's own: both stay one process.
if [ "$#" -gt 0 ] || [ "$(uname -s)" != Linux ] || [ -z "$bundle" ]; then
    exec swift test --disable-swift-testing --skip-build "${build_flags[@]}" "$@"
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$bundle" --list-tests 2>/dev/null | grep '^[A-Za-z]*\.[A-Za-z]*/' >"$out/list.txt"
listed=$(grep -c . "$out/list.txt")
database='^CLITests\.(PostGISCLITests|GDALCLITests|TableOutputCLITests)$'
# Jobs: the database classes together, then the CLI classes, then the rest (each group in the
# list's order), one comma-separated list of classes per line.
sed 's,/.*,,' "$out/list.txt" | uniq >"$out/classes.txt"
{
    grep -E "$database" "$out/classes.txt" | paste -sd, -
    grep '^CLITests\.' "$out/classes.txt" | grep -Ev "$database" || true
    grep -v '^CLITests\.' "$out/classes.txt" || true
} >"$out/jobs.txt"
workers=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)
began=$SECONDS
job=0
while read -r classes; do
    [ -n "$classes" ] || continue
    while [ "$(jobs -rp | wc -l)" -ge "$workers" ]; do wait -n || true; done
    job=$((job + 1))
    ( "$bundle" "$classes" >"$out/$job.out" 2>&1; echo $? >"$out/$job.rc" ) &
done <"$out/jobs.txt"
wait
executed=0 failed=0 skipped=0 status=0
for rc in "$out"/*.rc; do
    n=$(basename "$rc" .rc)
    # The last "Executed" line of a process is its whole selection's.
    line=$(grep 'Executed [0-9]* test' "$out/$n.out" | tail -1 || true)
    ran=$(sed -n 's/.*Executed \([0-9]*\) tests\{0,1\},.*/\1/p' <<<"$line")
    skips=$(sed -n 's/.* \([0-9]*\) tests\{0,1\} skipped.*/\1/p' <<<"$line")
    failures=$(sed -n 's/.* \([0-9]*\) failures\{0,1\} .*/\1/p' <<<"$line")
    executed=$((executed + ${ran:-0})); skipped=$((skipped + ${skips:-0})); failed=$((failed + ${failures:-0}))
    classes=$(sed -n "${n}p" "$out/jobs.txt")
    expected=$(tr ',' '\n' <<<"$classes" | while read -r c; do grep -c "^$c/" "$out/list.txt"; done | awk '{ n += $1 } END { print n }')
    if [ "$(cat "$rc")" != 0 ] || [ -z "$ran" ] || [ "$ran" != "$expected" ]; then
        echo "xctest: $classes failed (exit $(cat "$rc"), ran ${ran:-no} of its $expected tests):" >&2
        cat "$out/$n.out" >&2
        status=1
    fi
    # Skips are said, never hidden (under CI a missing service is a failure, not a skip).
    grep -h "skipped" "$out/$n.out" | grep "^Test Case" >&2 || true
done
if [ "$executed" -ne "$listed" ]; then
    echo "xctest: ran $executed of the $listed tests listed" >&2
    status=1
fi
echo "xctest: Executed $executed tests, with $skipped skipped and $failed failures, in $job processes $workers at a time ($((SECONDS - began)) s)"
exit $status
