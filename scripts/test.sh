#!/usr/bin/env bash
# Runs the whole test suite (installing GEOS, PROJ and GDAL first when they are missing). A
# throwaway PostgreSQL + PostGIS server runs on a free localhost port for the database tests
# (scripts/postgis.sh installs and starts it, and stops it at exit), and a real osrm-routed for
# the routing tests (scripts/osrm.sh). On Linux the concurrency tests run under ThreadSanitizer,
# then the CLI and library suites under valgrind memcheck; the interactive HTML map is checked in
# a headless Chromium (installed when missing); the README's snippet and the getting-started
# program are built in a separate package that depends on this one; DocC must build without a
# warning; the XCTest suite's summary closes the output. Each step's time is printed.
#
#   scripts/test.sh            everything (what CI runs)
#   scripts/test.sh --quick    the XCTest suite alone, with its services: the inner loop
#   scripts/test.sh FILTER     the XCTest tests matching FILTER, with their services
set -euo pipefail
cd "$(dirname "$0")/.."
quick=false
if [ "${1:-}" = --quick ]; then quick=true; shift; fi
full=false
if ! $quick && [ "$#" -eq 0 ]; then full=true; fi
started=$SECONDS
step() { echo "test.sh: $1 ($((SECONDS - started)) s in)" >&2; }

scripts/install-deps.sh
# One debug build for the XCTest suite, the browser check and memcheck (DWARF 4: Debian 12's
# valgrind cannot read the DWARF 5 the toolchain writes by default); scripts/build-flags.sh holds
# the flags, so that no step builds the package a second time with others.
. scripts/build-flags.sh
if $full; then
    # Formatting (.swift-format: 150 columns): `make format` rewrites, this only checks.
    swift format lint --strict --recursive --parallel Sources Tests Benchmarks/Sources Benchmarks/Benchmarks Fuzz/Sources Package.swift
    # Every option and JSON key docs/cli.md documents is read by a test.
    python3 scripts/check-documented.py
    # TerritoryKit's folders reference each other only in the order docs/architecture.md states.
    python3 scripts/check-folders.py
fi
step "building"
swift build --build-tests "${build_flags[@]}"
if $full && [ "$(uname -s)" = Linux ]; then
    step "ThreadSanitizer"
    scripts/sanitize.sh thread
    # Leaks and memory errors: the CLI on every kind of input and the library suites under
    # valgrind memcheck (installed when missing), on the build above.
    step "memcheck"
    scripts/memcheck.sh
fi
if $full; then
    # Independent checks on two lanes, each keeping about one core busy: the browser checks (on
    # the build above: no SwiftPM call of their own), and the downstream package (its own build
    # folder) then DocC (the one SwiftPM user of .build here). Each one's output is shown whole
    # when both lanes are done, and any failure fails the run.
    step "browser checks beside the downstream package and DocC"
    side=$(mktemp -d)
    TERRITORY_BUILT=1 scripts/browser-test.sh >"$side/browser" 2>&1 &
    browser_pid=$!
    failed=""
    scripts/downstream-test.sh >"$side/downstream" 2>&1 || failed+=" downstream"
    scripts/docs.sh >"$side/docs" 2>&1 || failed+=" docs"
    wait "$browser_pid" || failed+=" browser"
    for name in browser downstream docs; do cat "$side/$name"; done
    rm -rf "$side"
    [ -z "$failed" ] || { echo "test.sh: failed:$failed" >&2; exit 1; }
fi
# The database tests need a real PostGIS: started here, stopped at exit (they skip with one
# line only where PostgreSQL cannot be installed, and never under CI).
step "services"
. scripts/postgis.sh
postgis_start
# The routing tests need a real osrm-routed (Monaco): fetched by pip, built once, stopped at exit.
. scripts/osrm.sh
osrm_start
step "XCTest"
# One test process per class, on every core (scripts/xctest.sh); with a FILTER, swift test's own.
scripts/xctest.sh "$@"
step "done"
