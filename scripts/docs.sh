#!/usr/bin/env bash
# Builds the DocC documentation of the library targets with swift-docc-plugin and fails on
# any warning (broken symbol links, undocumented parameters). The plugin is added to the package
# only for this run (TERRITORY_DOCS=1; see Package.swift), so packages depending on this one
# never resolve it. Archives land in .build/plugins/Swift-DocC/outputs/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cp Package.resolved "${TMPDIR:-/tmp}/Package.resolved.territory-docs"
trap 'cp "${TMPDIR:-/tmp}/Package.resolved.territory-docs" Package.resolved' EXIT
status=0
for target in GEOS PROJ TextFiles TerritoryKit GDAL TerritoryGDAL; do
    log="$(mktemp)"
    TERRITORY_DOCS=1 swift package generate-documentation --target "$target" >"$log" 2>&1 || { cat "$log"; exit 1; }
    warnings=$(grep -c "warning:" "$log" || true)
    echo "docs: $target: $warnings warnings"
    if [ "$warnings" -gt 0 ]; then grep -A3 "warning:" "$log"; status=1; fi
    rm -f "$log"
done
exit $status
