#!/usr/bin/env bash
# Runs the whole test suite (installing GEOS and PROJ first when they are missing), then the
# concurrency tests again under ThreadSanitizer.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build --build-tests
swift test "$@"
if [ "$#" -eq 0 ] && [ "$(uname -s)" = Linux ]; then
    scripts/sanitize.sh thread
fi
