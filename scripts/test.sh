#!/usr/bin/env bash
# Runs the whole test suite (installing GEOS, PROJ and GDAL first when they are missing). A
# throwaway PostgreSQL + PostGIS server runs on a free localhost port for the database tests
# (scripts/postgis.sh installs and starts it, and stops it at exit). On Linux the
# concurrency tests run first under ThreadSanitizer, then the CLI and library suites under valgrind
# memcheck; the interactive HTML map is checked in a
# headless Chromium (installed when missing); the README's snippet and the getting-started
# program are built in a separate package that depends on this one; DocC must build without a
# warning; the XCTest suite's own summary closes the output.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
# Formatting (.swift-format: 150 columns): `make format` rewrites, this only checks.
swift format lint --strict --recursive --parallel Sources Tests Benchmarks/Sources Benchmarks/Benchmarks Fuzz/Sources Package.swift
# Every option and JSON key docs/cli.md documents is read by a test.
python3 scripts/check-documented.py
if [ "$#" -eq 0 ] && [ "$(uname -s)" = Linux ]; then
    scripts/sanitize.sh thread
    # Leaks and memory errors: the CLI on every kind of input and the library suites under
    # valgrind memcheck (installed when missing).
    scripts/memcheck.sh
fi
if [ "$#" -eq 0 ]; then
    scripts/browser-test.sh
    scripts/downstream-test.sh
    scripts/docs.sh
fi
# The database tests need a real PostGIS: started here, stopped at exit (they skip with one
# line only where PostgreSQL cannot be installed).
. scripts/postgis.sh
postgis_start
# The routing tests need a real osrm-routed (Monaco): fetched by pip, built once, stopped at exit.
. scripts/osrm.sh
osrm_start
swift build --build-tests
# The tests are XCTest; Swift Testing would only add a closing "0 tests" line.
swift test --disable-swift-testing "$@"
