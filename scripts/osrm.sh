#!/usr/bin/env bash
# A real OSRM routing server for the tests, on a free localhost port, stopped at exit. Source it
# (`. scripts/osrm.sh; osrm_start`): on success TERRITORY_TEST_OSRM holds its URL
# (http://127.0.0.1:PORT), TERRITORY_TEST_OSRM_ROUTED and TERRITORY_TEST_OSRM_GRAPH the binary and
# graph for tests that run a server of their own; where the package registry cannot be reached it
# stays unset, one line says why, and the routing tests skip, except under CI (CI set), where that
# fails the run.
#
# What it uses, all from PyPI and none of it committed: the osrm-bindings wheel for Linux, whose
# osrm/bin/ holds osrm-extract, osrm-partition, osrm-customize and osrm-routed (they run without
# Python), with the car profile; and the package's source distribution for its test extract of
# Monaco (test/data/monaco.osm.pbf, OpenStreetMap contributors, ODbL). The MLD graph is built
# once into a cache folder ($TERRITORY_OSRM_CACHE, default ~/.cache/territory-osrm) and reused.

osrm_cache() { echo "${TERRITORY_OSRM_CACHE:-$HOME/.cache/territory-osrm}"; }

# Appends a command to what runs at exit (scripts/postgis.sh and this one share the trap).
territory_on_exit() {
    TERRITORY_EXIT_COMMANDS="${TERRITORY_EXIT_COMMANDS:-}$1;"
    # shellcheck disable=SC2064  # expanded now, on purpose
    trap "$TERRITORY_EXIT_COMMANDS" EXIT
}

osrm_install() {
    local cache tmp
    cache="$(osrm_cache)"
    mkdir -p "$cache"
    if [ ! -x "$cache/bin/osrm-routed" ]; then
        [ "$(uname -s)-$(uname -m)" = Linux-x86_64 ] || { echo "osrm: the osrm-bindings binaries are for Linux x86_64 only" >&2; return 1; }
        tmp="$(mktemp -d)"
        echo "osrm: fetching the OSRM binaries (osrm-bindings wheel)" >&2
        python3 -m pip download -q --no-deps --only-binary=:all: --python-version 312 --platform manylinux_2_28_x86_64 \
            osrm-bindings -d "$tmp" >/dev/null 2>&1 || { rm -rf "$tmp"; return 1; }
        python3 -c "import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])" "$tmp"/osrm_bindings-*.whl "$tmp/wheel"
        rm -rf "$cache/bin" "$cache/profiles"
        cp -r "$tmp/wheel/osrm/bin" "$cache/bin" && cp -r "$tmp/wheel/osrm/share/profiles" "$cache/profiles"
        chmod +x "$cache"/bin/*
        rm -rf "$tmp"
    fi
    if [ ! -f "$cache/monaco.osm.pbf" ]; then
        tmp="$(mktemp -d)"
        echo "osrm: fetching the Monaco extract (osrm-bindings source distribution)" >&2
        python3 -m pip download -q --no-deps --no-binary=osrm-bindings osrm-bindings -d "$tmp" >/dev/null 2>&1 || { rm -rf "$tmp"; return 1; }
        tar -xzf "$tmp"/osrm_bindings-*.tar.gz -C "$tmp" --wildcards '*/test/data/monaco.osm.pbf'
        cp "$tmp"/osrm_bindings-*/test/data/monaco.osm.pbf "$cache/monaco.osm.pbf"
        rm -rf "$tmp"
    fi
}

# Builds the MLD graph of an extract once (extract, partition, customize with the car profile).
osrm_build() {
    local pbf="$1" cache base
    cache="$(osrm_cache)"
    base="${pbf%.osm.pbf}"; base="${base%.osm}"
    [ -f "$base.osrm.mldgr" ] && return 0
    (cd "$(dirname "$pbf")" &&
        "$cache/bin/osrm-extract" -p "$cache/profiles/car.lua" "$pbf" >"$base.build.log" 2>&1 &&
        "$cache/bin/osrm-partition" "$base.osrm" >>"$base.build.log" 2>&1 &&
        "$cache/bin/osrm-customize" "$base.osrm" >>"$base.build.log" 2>&1) || { tail -5 "$base.build.log" >&2; return 1; }
}

osrm_start() {
    if ! osrm_install; then
        if [ -n "${CI:-}" ]; then
            echo "osrm: the OSRM binaries or the Monaco extract cannot be fetched from the package registry here; CI needs the routing tests" >&2
            return 1
        fi
        echo "osrm: the OSRM binaries or the Monaco extract cannot be fetched from the package registry here; the routing tests skip" >&2
        return 0
    fi
    local cache port
    cache="$(osrm_cache)"
    osrm_build "$cache/monaco.osm.pbf" || return 1
    port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
    "$cache/bin/osrm-routed" --algorithm mld --ip 127.0.0.1 --port "$port" --max-table-size 10000 "$cache/monaco.osrm" \
        >"$cache/routed.log" 2>&1 &
    OSRM_PID=$!
    territory_on_exit osrm_stop
    for _ in $(seq 1 100); do
        if python3 -c "import urllib.request, sys; urllib.request.urlopen(sys.argv[1], timeout=1)" \
            "http://127.0.0.1:$port/nearest/v1/driving/7.4196,43.7314" >/dev/null 2>&1; then
            export TERRITORY_TEST_OSRM="http://127.0.0.1:$port"
            # For the tests that start, stop and restart a server of their own (a server dying mid-run).
            export TERRITORY_TEST_OSRM_ROUTED="$cache/bin/osrm-routed" TERRITORY_TEST_OSRM_GRAPH="$cache/monaco.osrm"
            echo "osrm: osrm-routed (Monaco, MLD) on 127.0.0.1:$port" >&2
            return 0
        fi
        sleep 0.1
    done
    echo "osrm: osrm-routed did not answer:" >&2
    tail -5 "$cache/routed.log" >&2
    return 1
}

osrm_stop() {
    if [ -n "${OSRM_PID:-}" ]; then kill "$OSRM_PID" 2>/dev/null || true; wait "$OSRM_PID" 2>/dev/null || true; fi
}
