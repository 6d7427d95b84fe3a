# Shared preparation of the peer comparisons (sourced by compare*.sh, from Benchmarks/):
# installs GEOS/PROJ, hyperfine and the peer's Python packages when missing, writes the
# benchmark data, and builds the tool as users would ship it (release, Swift runtime linked
# statically). Sets `bin` (the tool) and `out` (a temporary folder removed on exit).
# usage: peers_setup "IMPORTS" "PIP PACKAGES"     e.g. peers_setup "shapely, pyproj" "shapely>=2.1 pyproj"
#        peers_setup                              (a comparison with no Python peer)
peers_setup() {
    ../scripts/install-deps.sh
    command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null; }
    # shellcheck disable=SC2086  # the package list is meant to split
    if [ -n "${1:-}" ]; then python3 -c "import $1" 2>/dev/null || pip install -q $2; fi
    swift run -c release make-benchmark-data data >/dev/null
    (cd .. && swift build -c release --product territory --static-swift-stdlib --scratch-path .build-static >/dev/null)
    bin=../.build-static/release/territory
    out=$(mktemp -d)
    trap 'rm -rf "$out"' EXIT
}
