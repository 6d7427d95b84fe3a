#!/usr/bin/env bash
# The call-cycle scheduler on Cordeau's PVRP instances (the shared data set's pvrp/, p02-p10):
# each solved by Benchmarks' `pvrp` (the library's scheduler) on 2 threads, checked for
# feasibility by peers/check_pvrp.py (independent of the solver) and compared with the best
# known values; prints the gap and time per instance and the mean gap.
# usage: Benchmarks/peers/compare_pvrp.sh [PVRP_DIR]     (ITERATIONS=5000 per stop by default)
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:-../../shared/data/pvrp}
[ -f "$data/bks.csv" ] || data=../fixtures/pvrp
swift build -c release --product pvrp >/dev/null
bin=.build/release/pvrp
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
echo "== $(nproc) cores; commit $(git rev-parse --short HEAD); $(swift --version 2>/dev/null | head -1)"
gaps=()
for instance in "$data"/p*.txt; do
    name=$(basename "$instance" .txt)
    line=$("$bin" "$instance" --threads 2 --iterations-per-stop "${ITERATIONS:-5000}" --output "$out/$name.res")
    check=$(python3 peers/check_pvrp.py "$instance" "$out/$name.res" "$data/bks.csv")
    echo "$check, ${line##*, }"
    gaps+=("$(echo "$check" | awk '{print $4}' | tr -d '%')")
done
python3 -c "import sys; g=[float(x) for x in sys.argv[1:]]; print(f'mean gap {sum(g)/len(g):.2f}%, worst {max(g):.2f}%')" "${gaps[@]}"
