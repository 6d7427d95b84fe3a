#!/usr/bin/env bash
# Runs the whole test suite (installing GEOS and PROJ first when they are missing).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build --build-tests
swift test "$@"
