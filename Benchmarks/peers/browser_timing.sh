#!/usr/bin/env bash
# The plan editor's speed in a real browser: the 40,000-cell coverage of the benchmarks opened in
# headless Chromium (Debian's, through Playwright) and one unit moved, RUNS times (default 5),
# each in a fresh browser. Prints every run and the medians, with the commit and the versions.
# The test command checks the same page for correctness only (Tests/Browser/check_plan_editor.py).
# usage: Benchmarks/peers/browser_timing.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
browser="$(scripts/install-browser.sh | tail -1)"
swift build -c release --product territory >/dev/null
bin="$(swift build -c release --show-bin-path)/territory"
python3 -c "import shapely, numpy" 2>/dev/null || pip install -q "shapely>=2.1" numpy
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
python3 Benchmarks/peers/make_coverages.py "$tmp" >/dev/null
# 200 territories as a 20 x 10 grid of the cells' centroids (Tests/Browser/grid_alignment.py).
python3 Tests/Browser/grid_alignment.py "$tmp/voronoi_40k.geojson" > "$tmp/grid.csv"
"$bin" edit "$tmp/voronoi_40k.geojson" --alignment "$tmp/grid.csv" -o "$tmp/editor40k.html" --quiet 2>/dev/null
echo "== commit $(git rev-parse --short HEAD), $(nproc) cores, $("$browser" --version 2>/dev/null | head -1), playwright $(python3 -c 'from importlib.metadata import version; print(version("playwright"))')"
runs=${RUNS:-5}
for _ in $(seq 1 "$runs"); do
    python3 Tests/Browser/check_plan_editor.py "$tmp/editor40k.html" "$tmp/grid.csv" - "$tmp/shot.png" "$browser" --timing \
        | sed -n 's/.*opened in \([0-9.]*\) s.*one move in \([0-9.]*\) ms.*/\1 \2/p'
done | tee "$tmp/times.txt"
python3 -c "
import statistics, sys
rows = [tuple(map(float, l.split())) for l in open(sys.argv[1]) if l.strip()]
print(f'== 40,000 units: opened in {statistics.median(r[0] for r in rows):.2f} s, one move in {statistics.median(r[1] for r in rows):.1f} ms (medians of {len(rows)})')" "$tmp/times.txt"
