#!/usr/bin/env bash
# Runs the whole test suite (installing GEOS and PROJ first when they are missing). On Linux the
# concurrency tests run first under ThreadSanitizer, so the suite's own summary closes the output.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
if [ "$#" -eq 0 ] && [ "$(uname -s)" = Linux ]; then
    scripts/sanitize.sh thread
fi
swift build --build-tests
# The tests are XCTest; Swift Testing would only add a closing "0 tests" line.
swift test --disable-swift-testing "$@"
