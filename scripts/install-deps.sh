#!/usr/bin/env bash
# Installs the system libraries this package uses (GEOS, PROJ; GDAL, which the CLI loads on
# first use to read and write other formats and databases) and pkg-config, when missing.
# Debian/Ubuntu via apt-get (as root, or through sudo), macOS via Homebrew.
set -euo pipefail

if command -v pkg-config >/dev/null 2>&1 && pkg-config --exists geos proj gdal 2>/dev/null; then
    exit 0
fi

case "$(uname -s)" in
    Linux)
        if ! command -v apt-get >/dev/null 2>&1; then
            echo "install-deps: no apt-get here; install GEOS, PROJ and pkg-config development packages by hand" >&2
            exit 1
        fi
        sudo=""
        if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
        echo "install-deps: installing libgeos-dev libproj-dev libgdal-dev pkg-config" >&2
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq libgeos-dev libproj-dev libgdal-dev pkg-config >/dev/null
        ;;
    Darwin)
        if ! command -v brew >/dev/null 2>&1; then
            echo "install-deps: Homebrew is needed to install geos and proj (https://brew.sh)" >&2
            exit 1
        fi
        echo "install-deps: brew install geos proj gdal pkg-config" >&2
        brew install geos proj gdal pkg-config
        ;;
    *)
        echo "install-deps: unsupported system $(uname -s)" >&2
        exit 1
        ;;
esac

if ! command -v swift >/dev/null 2>&1; then
    echo "install-deps: a Swift 6 toolchain is needed (https://www.swift.org/install)" >&2
    exit 1
fi
