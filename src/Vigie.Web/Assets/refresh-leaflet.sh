#!/usr/bin/env bash
# Refreshes the vendored Leaflet (the incident screen's map) from npm at the pinned version; run by hand when upgrading,
# then commit the result. The build only embeds these files: it never fetches or rewrites them.
set -euo pipefail
version=1.9.4
here="$(cd "$(dirname "$0")" && pwd)"
target="$here/lib/leaflet"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "leaflet@$version" >/dev/null && tar -xzf "leaflet-$version.tgz")
rm -rf "$target"
mkdir -p "$target/images"
cp "$work/package/dist/leaflet.js" "$work/package/dist/leaflet.css" "$work/package/LICENSE" "$target/"
cp "$work/package/dist/images/"*.png "$target/images/"
echo "$version" > "$target/VERSION"
echo "Leaflet $version in $target"
