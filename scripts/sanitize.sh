#!/usr/bin/env bash
# Runs tests under a sanitizer, in its own build folder.
#   scripts/sanitize.sh thread          the concurrency tests under ThreadSanitizer (quick; run by scripts/test.sh)
#   scripts/sanitize.sh thread all      the whole suite under ThreadSanitizer
#   scripts/sanitize.sh address         the whole suite under AddressSanitizer (and its leak checker on Linux)
set -euo pipefail
cd "$(dirname "$0")/.."
kind=${1:?usage: scripts/sanitize.sh thread|address [all]}
scope=${2:-}
scripts/install-deps.sh
scratch=.build-$kind
swift build --build-tests --sanitize="$kind" --scratch-path "$scratch"
filter=()
if [ "$kind" = thread ] && [ "$scope" != all ]; then
    # Every test that runs work on several threads.
    filter=(--filter 'ConcurrencyTests|testTransformersWorkFromManyThreads|testEnginesAndThreadsAgree|AssignmentPipelineTests|AssignmentRowsTests|MapLoaderTests|UnitGraphTests|testMatchingInPartsGivesTheSameEdges|testRoutesVisitEveryAssignedCustomerOnceFromTheHome|testTallyWithoutPerPointResultsMatchesAssigningEachPoint|testNorthCarolinaEightTerritoriesWithinOnePercent')
fi
export TSAN_OPTIONS="halt_on_error=1 ${TSAN_OPTIONS:-}"
bundle=$(find "$scratch/debug/" -maxdepth 1 -name '*PackageTests.xctest' 2>/dev/null | head -1)
if [ "${#filter[@]}" -gt 0 ] && [ "$(uname -s)" = Linux ] && [ -n "$bundle" ]; then
    # The selected tests in two processes side by side (odd and even lines of the list), each
    # checked to run every test it names: one process left a core idle for half the step.
    out=$(mktemp -d)
    trap 'rm -rf "$out"' EXIT
    "$bundle" --list-tests 2>/dev/null | grep '^[A-Za-z]*\.[A-Za-z]*/' | grep -E "${filter[1]}" >"$out/list.txt"
    awk 'NR % 2 == 1' "$out/list.txt" >"$out/1.names"
    awk 'NR % 2 == 0' "$out/list.txt" >"$out/2.names"
    for half in 1 2; do ( "$bundle" "$(paste -sd, - <"$out/$half.names")" >"$out/$half.out" 2>&1; echo $? >"$out/$half.rc" ) & done
    wait
    status=0 executed=0
    for half in 1 2; do
        ran=$(sed -n 's/.*Executed \([0-9]*\) tests\{0,1\},.*/\1/p' "$out/$half.out" | tail -1)
        executed=$((executed + ${ran:-0}))
        if [ "$(cat "$out/$half.rc")" != 0 ] || [ "${ran:-0}" -ne "$(grep -c . "$out/$half.names")" ]; then
            cat "$out/$half.out"; status=1
        fi
    done
    echo "sanitize: $executed tests under the $kind sanitizer, in two processes"
    [ "$executed" -gt 0 ] || { echo "sanitize: no test selected" >&2; exit 1; }
    exit $status
fi
export ASAN_OPTIONS="detect_leaks=1 ${ASAN_OPTIONS:-}"
export LSAN_OPTIONS="suppressions=$(pwd)/scripts/lsan.supp print_suppressions=0 ${LSAN_OPTIONS:-}"
swift test --disable-swift-testing --skip-build --sanitize="$kind" --scratch-path "$scratch" "${filter[@]}"
