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
export ASAN_OPTIONS="detect_leaks=1 ${ASAN_OPTIONS:-}"
export LSAN_OPTIONS="suppressions=$(pwd)/scripts/lsan.supp print_suppressions=0 ${LSAN_OPTIONS:-}"
swift test --disable-swift-testing --skip-build --sanitize="$kind" --scratch-path "$scratch" "${filter[@]}"
