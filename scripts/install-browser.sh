#!/usr/bin/env bash
# Installs what the browser test of the interactive HTML map needs, when missing: a Chromium
# (Debian's `chromium` package; on macOS Homebrew's `chromium` cask or an installed Google
# Chrome) and Playwright for Python, which drives it. Nothing is downloaded when a test runs.
# Prints the browser's path.
set -euo pipefail

find_browser() {
    for b in "${CHROMIUM:-}" /usr/bin/chromium /usr/bin/chromium-browser \
             "/Applications/Chromium.app/Contents/MacOS/Chromium" \
             "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome"; do
        if [ -n "$b" ] && [ -x "$b" ]; then echo "$b"; return 0; fi
    done
    return 1
}

if ! find_browser >/dev/null; then
    case "$(uname -s)" in
        Linux)
            sudo=""
            if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
            echo "install-browser: installing chromium" >&2
            $sudo apt-get update -qq
            DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
            ;;
        Darwin)
            echo "install-browser: brew install --cask chromium" >&2
            brew install --cask chromium
            ;;
    esac
fi
if ! python3 -c "import playwright" 2>/dev/null; then
    echo "install-browser: pip install playwright" >&2
    python3 -m pip install -q playwright
fi
find_browser
