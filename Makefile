# Shortcuts for the project's scripts. The README's two commands are scripts/demo.sh and scripts/test.sh.
.PHONY: demo test tsan tsan-all asan memcheck fuzz bench compare compare-coverage compare-route compare-osrm compare-design compare-gdal bench-browser format docs

demo:        ## validate, assign, report and render the bundled fixtures
	scripts/demo.sh
test:        ## the whole test suite (+ the concurrency tests under ThreadSanitizer)
	scripts/test.sh
tsan:        ## concurrency tests under ThreadSanitizer (quick; part of `make test`)
	scripts/sanitize.sh thread
tsan-all:    ## the whole suite under ThreadSanitizer
	scripts/sanitize.sh thread all
asan:        ## the whole suite under AddressSanitizer
	scripts/sanitize.sh address
memcheck:    ## the CLI and the library suites under valgrind memcheck
	scripts/memcheck.sh
fuzz:        ## every fuzz target for FUZZ_SECONDS (default 600) each
	scripts/fuzz.sh
bench:       ## the ordo-one/benchmark suite
	cd Benchmarks && swift package --allow-writing-to-package-directory benchmark
compare:     ## territory vs shapely on the same generated files
	Benchmarks/peers/compare.sh

compare-coverage:  ## validate and adjacency vs shapely on large coverages
	Benchmarks/peers/compare_coverage.sh

compare-route:     ## territory route vs LKH-3 (elkai) on real stops, and the national routing run
	Benchmarks/peers/compare_route.sh

compare-osrm:      ## territory route --osrm vs LKH-3 on OSRM durations (Monaco, a generated 300k-node network); model vs road
	Benchmarks/peers/compare_osrm.sh

compare-design:    ## territory design vs GerryChain, METIS and spopt on the NC counties and US city units
	Benchmarks/peers/compare_design.sh

compare-gdal:      ## territory validate on Shapefile/GeoPackage vs geopandas (pyogrio) + shapely; GDAL-free start-up
	Benchmarks/peers/compare_gdal.sh

bench-browser:     ## the plan editor on 40,000 units in headless Chromium: opening and one move, medians
	Benchmarks/peers/browser_timing.sh

# Rewrite every Swift file to .swift-format (the test command checks it).
format:
	swift format --in-place --recursive --parallel Sources Tests Benchmarks/Sources Benchmarks/Benchmarks Fuzz/Sources Package.swift

# DocC for GEOS, PROJ and TerritoryKit, failing on any warning.
docs:
	scripts/docs.sh
