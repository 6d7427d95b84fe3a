#!/usr/bin/env bash
# Runs the CLI on every kind of input, and every library test suite, under valgrind memcheck.
# Fails when any run reports memory errors or bytes "definitely lost", when valgrind itself fails,
# and when a suite runs fewer tests than it names (a filter that selects nothing once let this
# check pass having checked nothing). Prints what each run covered.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
command -v valgrind >/dev/null || { echo "memcheck: installing valgrind" >&2; apt-get install -y -qq valgrind >/dev/null; }
# The test command's one build (scripts/build-flags.sh: DWARF 4, which valgrind reads); built
# here when run alone, reused as it is under scripts/test.sh.
. scripts/build-flags.sh
swift build --build-tests "${build_flags[@]}"
bin=.build/debug/territory
tests=$(find .build/debug/ -maxdepth 1 -name '*PackageTests.xctest' | head -1)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# Each check runs in the background, two at a time (the machine's cores), and writes its verdict
# to NAME.verdict; the summary reads them all at the end.
check() {
    local name=$1; shift
    while [ "$(jobs -rp | wc -l)" -ge 2 ]; do wait -n || true; done
    (
        code=0 began=$SECONDS
        valgrind --quiet --leak-check=full --show-leak-kinds=definite --errors-for-leak-kinds=definite \
            --error-exitcode=99 --suppressions=scripts/valgrind-swift.supp --log-file="$out/$name.log" "$@" >"$out/$name.out" 2>&1 || code=$?
        # Valgrind failing itself (unreadable debug info, an unsupported instruction) also exits
        # non-zero and says so in its log as "Valgrind: ..."; that is a failure of this check,
        # never "the command's own exit code" (it once passed every run that way, having checked
        # nothing).
        if grep -q "Valgrind:\|valgrind: " "$out/$name.log"; then
            echo "FAIL VALGRIND FAILED" >"$out/$name.verdict"
        elif [ "$code" = 99 ]; then
            echo "FAIL LEAK OR MEMORY ERROR" >"$out/$name.verdict"
        elif [ "$code" = 0 ]; then
            echo "ok clean, $((SECONDS - began)) s" >"$out/$name.verdict"
        else
            echo "ok clean (exit $code is the command's own), $((SECONDS - began)) s" >"$out/$name.verdict"
        fi
    ) &
    last_check=$!
}
# The library suites: every test of each, except those named here (with why), each name given
# to the test binary as Class/method so that the count it runs can be checked against the list.
#  - services: the PostGIS and OSRM tests need servers that scripts/test.sh starts after this.
#  - heavy: tests that take half a minute or more under valgrind and go through no C library
#    call the others miss: the million-vertex polygon, the grid against every territory, the
#    design searches and the routed balance (the design run below takes the designer's every
#    phase), and the pure-Swift property tests of the decimal parser, the delimiter search, the directed tours, the
#    streamed rows, the large-file loaders, the near-miss edges, the exact orientation, the key
#    sort, the goal split and the exact tours (many iterations of code with no allocation of its
#    own to leak).
skip='OSRMTableTests|RoadRouteTests|TourSearchTests|testMillionVertexPolygon|TerritoryGridTests|DesignTests|DesignRequestTests|PartitionTests'
skip+='|CoverageSimplifierTests/testRebuiltPolygonsAreValid|testLongMantissasAreCorrectlyRounded|testDelimiterSearchMatchesTheByteLoop'
skip+='|testStreamedRowsEqualThePlainAssigner|testLargeFileThroughThePublicAPI|testNearMissEdgesTakeTheExactPath|testEnginesAgreeOnRealMaps'
skip+='|testMembersInAnyOrderAndTheLegacyCRSAnywhere|testSameFeaturesAsTheStreamingReader|testExactOrientationAgainstRationalArithmetic'
skip+='|IntegerSortTests|GoalSplitTests|testToursMatchTheExactOptimumOnSmallSets|RoutedBalanceTests'
# ...and the second test of a kind where a quicker one of its class takes the same calls (each
# 7-15 s under valgrind): whole-map engine comparisons, the large Voronoi graph, every-colour scans.
skip+='|testCoverageAndPairwiseGraphsAgree|testVoronoiCoverage|testPipelineMatchesSerialAssignmentInOrder|testLegacyCRSMemberIsHonoured'
skip+='|testIndexedLocatorAgreesWithPlainGEOSOnCounties|testIndexedLocatorAgreesWithGEOSOnCountriesAndCities|testIslandInsideARingShapedGap'
skip+='|testAValidMapComesBackUnchanged|testEnginesAndThreadsAgreeWithTheBorderRule|testColouringMatchesThePlainDSaturScan'
skip+='|testRecordedUnmatchedSegmentsEqualTheWalk|testSameSeedSameTourAndEveryStopOnce|CoverageSimplifierTests/testSimplifiedChainsMeetOnlyAtTheirEnds'
skip+='|testNeverCallsAnInvalidRingValid'
# ...the large inputs of calls a smaller test of the same class takes (10-13 s each under
# valgrind): the perturbed coverages' repair, the NYC islands' graph, the
# decimal parser's random strings, GDAL's GeoJSON driver on three maps, three maps' typed features
# through a GeoPackage (the round trip through seven formats takes the same calls), 10,000 rows through a
# GeoPackage, the tally over three thread counts and 50,000 rows with an error at the end.
skip+='|testPerturbedCoveragesRepairInOnePassAndOnlyOnce|testIslandsAreSeparateComponents'
skip+='|testDecimalParsingMatchesTheStandardLibrary|testOurGeoJSONThroughGDALIsTheSameMap|CustomerSourceTests/testStreamsInPieces'
skip+='|testFeatureFieldTypesAreGDALsOwnForTheSameMap'
skip+='|testTallyWithoutPerPointResultsMatchesAssigningEachPoint|testErrorsCarryAbsoluteLinesAcrossChunks'
# ...2,000 customers placed in 100 counties twice (the assignment tests take the assigner's calls,
# the tally's and the key accounts' tests the rest) and three plans compared in full (the compare
# run below takes PlanComparison's calls).
skip+='|testWeightsEqualTheStreamedTallyAndEveryCustomerIsInItsUnit|PlanComparisonTests/testFiguresMatchTheReference'
# ...and 4-6 s each: both kinds of plan placing 2,000 customers and two real plans streamed (the
# diff run takes TerritoryPlan's and PlanDiff's calls), every county's geodesic area (PROJTests
# take the geodesic calls), the edge matching in parts (the validate runs take it).
skip+='|testBothKindsOfPlanPlaceCustomersAsTheReference|testStreamedComparisonOfRealPlans|testAreasAndPerimetersMatchReference'
skip+='|testMatchingInPartsGivesTheSameEdges'
# ...the schedule searches on Cordeau's p03 (pure Swift: the windows test and the schedule run
# below take the scheduler's calls) and the UTF-8 check's 100,000 random sequences.
skip+='|testCordeauP03IsFeasibleAndNearTheBestKnown|testTheSameSeedAndThreadsGiveTheSameSchedule|testUTF8CheckAgreesWithTheStandardLibrary'
# ...and 3 s each: the decimal parser's rounding cases (pure Swift, like its siblings above), the
# countries' Caspian gap (the validate-gaps run validates the same map), the boroughs from State
# Plane (PROJTests' State Plane test takes the same transformation calls).
skip+='|testDecimalParsingIsCorrectlyRounded|testCountriesHaveExactlyTheCaspianGap|testBoroughsFromStatePlaneMatchReference'
"$tests" --list-tests >"$out/list.txt" 2>/dev/null
suites=(TerritoryKitTests TerritoryGDALTests GDALTests PROJTests GEOSTests TextFilesTests)
# The suites start first, the longest first (TerritoryKitTests, the largest, in two halves side
# by side: odd and even lines), so that the short CLI runs fill in around them.
for suite in "${suites[@]}"; do
    grep "^$suite\." "$out/list.txt" | grep -Ev "$skip" >"$out/$suite.names" || true
    if [ "$suite" = TerritoryKitTests ]; then
        awk 'NR % 2 == 1' "$out/$suite.names" >"$out/$suite-1.names"
        awk 'NR % 2 == 0' "$out/$suite.names" >"$out/$suite-2.names"
        check "tests-$suite-1" "$tests" "$(paste -sd, - <"$out/$suite-1.names")"
        check "tests-$suite-2" "$tests" "$(paste -sd, - <"$out/$suite-2.names")"
    elif [ -s "$out/$suite.names" ]; then
        check "tests-$suite" "$tests" "$(paste -sd, - <"$out/$suite.names")"
    fi
done

# The design of 10 NC counties into two (every phase of the search, at a size valgrind takes in
# seconds; the NC counties' 24 starts took a minute, 20 counties half a minute).
python3 -c "import json, sys; d = json.load(open(sys.argv[1])); d['features'] = d['features'][:10]; json.dump(d, open(sys.argv[2], 'w'))" \
    fixtures/nc_counties_sids2.geojson "$out/units10.geojson"
check design            $bin design "$out/units10.geojson" --territories 2 --weight-property bir74 --tolerance 5 \
                            -o "$out/plan.geojson" --units-output "$out/plan.csv"
design_check=$last_check
check validate-clean    $bin validate fixtures/nc_territories.geojson --format json
check validate-gaps     $bin validate fixtures/naturalearth_countries.geojson
check validate-bad      $bin validate fixtures/bad/bowtie.geojson
check validate-region   $bin validate fixtures/nc_territories.geojson --region fixtures/nc_counties_sids2.geojson
check validate-gdal     $bin validate fixtures/gdal/nc_counties.gpkg --format json
check assign            $bin assign fixtures/nc_territories.geojson fixtures/nc_customers.csv -o "$out/a.csv" --nearest-within 20000 --threads 2
check assign-geos       $bin assign fixtures/nc_territories.geojson fixtures/nc_customers.csv -o "$out/b.csv" --engine geos
check assign-bad-csv    $bin assign fixtures/nc_territories.geojson fixtures/bad/bad_number.csv -o "$out/c.csv"
check assign-bad-json   $bin assign fixtures/bad/truncated.geojson fixtures/nc_customers.csv -o "$out/d.csv"
check assign-gpkg       $bin assign fixtures/nc_territories.geojson fixtures/gdal/nc_customers.gpkg -o "$out/f.gpkg"
check report-org        $bin report fixtures/nc_territories.geojson fixtures/nc_accounts.csv --reps fixtures/organisation/nc_reps.csv \
                            --accounts fixtures/organisation/nc_key_accounts.csv --goal 1000000 --format json
check render-html       $bin render fixtures/nc_territories.geojson fixtures/nc_customers.csv -o "$out/m.html"
check route             $bin route fixtures/nc_territories.geojson fixtures/nc_customers.csv -o "$out/r.csv" --threads 2
check adjacency         $bin adjacency fixtures/nc_counties_sids2.geojson -o "$out/adj.csv"
check repair            $bin repair fixtures/nc_territories_damaged.geojson -o "$out/fixed.geojson"
wait "$design_check" || true  # diff and edit read the plan design writes
check diff              $bin diff fixtures/nc_territories.geojson "$out/plan.geojson" --customers fixtures/nc_customers.csv
check edit              $bin edit "$out/units10.geojson" --alignment "$out/plan.csv" --weight-property bir74 -o "$out/e.html"
check plan              $bin plan "$out/units10.geojson" --alignment "$out/plan.csv" --weight-property bir74 -o "$out/p.geojson"
check compare           $bin compare fixtures/nc_territories.geojson "$out/plan.geojson" --customers fixtures/nc_customers.csv \
                            --reps fixtures/organisation/nc_reps.csv -o "$out/compare.html"
python3 -c "import csv, sys; r = list(csv.reader(open(sys.argv[1]))); w = csv.writer(open(sys.argv[2], 'w'), lineterminator='\n'); w.writerow(r[0]); w.writerows(r[1::100])" \
    fixtures/nc_accounts.csv "$out/accounts20.csv"
check schedule          $bin schedule fixtures/nc_territories.geojson "$out/accounts20.csv" -o "$out/s.csv" --visits 2 --visit-minutes-column visit_minutes \
                            --start-date 2027-01-04 --calendar "$out/cal" --threads 2

wait
status=0
for verdict in "$out"/*.verdict; do
    name=$(basename "$verdict" .verdict)
    read -r result message <"$verdict"
    echo "memcheck: $name: $message"
    if [ "$result" != ok ]; then cat "$out/$name.log"; status=1; fi
done
for suite in GEOSTests PROJTests TextFilesTests GDALTests TerritoryGDALTests TerritoryKitTests-1 TerritoryKitTests-2; do
    count=$(grep -c . "$out/$suite.names" || true)
    executed=$(sed -n 's/.*Executed \([0-9]*\) tests\{0,1\},.*/\1/p' "$out/tests-$suite.out" 2>/dev/null | tail -1)
    failed=$(grep -c "error: .* : " "$out/tests-$suite.out" 2>/dev/null || true)
    if [ "$count" -eq 0 ] || [ "${executed:-0}" -ne "$count" ] || [ "$failed" -ne 0 ]; then
        echo "memcheck: $suite: ran ${executed:-0} of $count tests, $failed failed"; tail -20 "$out/tests-$suite.out" 2>/dev/null; status=1
    else
        slowest=$(sed -n "s/^Test Case '\\(.*\\)' passed (\\([0-9.]*\\) seconds)/\\2 s \\1/p" "$out/tests-$suite.out" | sort -rn | head -3 | paste -sd, -)
        echo "memcheck: $suite: $executed tests run under valgrind (slowest: $slowest)"
    fi
done
echo "memcheck: $(ls "$out"/*.verdict | grep -vc /tests-) CLI runs and the library suites above"
exit $status
