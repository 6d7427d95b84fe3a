#!/usr/bin/env bash
# Builds, in a separate package that depends on this one by path (as docs/getting-started.md
# says), the README's "Using the library" snippet and the getting-started program exactly as
# written, with only `import TerritoryKit` (and Foundation); then runs the program, and checks
# that it does not link GDAL (only TerritoryGDAL users load it). The data guide's library snippet
# is built against the TerritoryGDAL product.
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$(pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
# The dependency's identity is its folder's name: "territory", as in the documentation.
ln -s "$repo" "$tmp/territory"
mkdir -p "$tmp/MyTool/Sources/Readme" "$tmp/MyTool/Sources/FirstProgram" "$tmp/MyTool/Sources/DataGuide"
extract() {  # $1 file, $2 heading: the first swift block after the heading
    awk -v heading="$2" '
        $0 == heading { found = 1; next }
        found && /^```swift/ { inside = 1; next }
        inside && /^```/ { exit }
        inside { print }' "$1"
}
extract README.md "## Using the library" > "$tmp/MyTool/Sources/Readme/main.swift"
extract docs/getting-started.md "## A first program" > "$tmp/MyTool/Sources/FirstProgram/main.swift"
extract docs/data.md "## Library use" > "$tmp/MyTool/Sources/DataGuide/main.swift"
for f in Readme FirstProgram DataGuide; do
    [ -s "$tmp/MyTool/Sources/$f/main.swift" ] || { echo "downstream-test: no snippet found for $f" >&2; exit 1; }
done
cat > "$tmp/MyTool/Package.swift" <<'SWIFT'
// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "MyTool",
    platforms: [.macOS(.v13)],
    dependencies: [.package(path: "../territory")],
    targets: [
        .executableTarget(name: "Readme", dependencies: [.product(name: "TerritoryKit", package: "territory")]),
        .executableTarget(name: "FirstProgram", dependencies: [.product(name: "TerritoryKit", package: "territory")]),
        .executableTarget(name: "DataGuide", dependencies: [.product(name: "TerritoryGDAL", package: "territory")]),
    ]
)
SWIFT
swift build --package-path "$tmp/MyTool" -Xswiftc -warnings-as-errors 2>&1 | grep -E "error|warning|Compiling (Readme|FirstProgram|DataGuide)|Build complete" || true
for f in FirstProgram DataGuide; do
    test -x "$tmp/MyTool/.build/debug/$f" || { echo "downstream-test: the snippets did not build ($f)" >&2; exit 1; }
done
if [ "$(uname -s)" = Linux ] && ldd "$tmp/MyTool/.build/debug/FirstProgram" | grep -q gdal; then
    echo "downstream-test: a TerritoryKit-only program links GDAL" >&2; exit 1
fi
"$tmp/MyTool/.build/debug/FirstProgram"
echo "downstream-test: the README snippet and the getting-started program build with only import TerritoryKit"
