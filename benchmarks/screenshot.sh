#!/usr/bin/env bash
# Renders a simulation report.html to a PNG with headless Chromium, to check the charts draw
# without any network: benchmarks/screenshot.sh REPORT.html OUT.png [WIDTHxHEIGHT]
set -euo pipefail
report=${1:?usage: benchmarks/screenshot.sh REPORT.html OUT.png [WIDTHxHEIGHT]}
png=${2:?usage: benchmarks/screenshot.sh REPORT.html OUT.png [WIDTHxHEIGHT]}
size=${3:-1100x3000}
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [[ -z "$browser" ]]; then
  echo "no Chromium found; install it (Debian: apt-get install -y chromium)" >&2
  exit 1
fi
"$browser" --headless --no-sandbox --disable-gpu --disable-background-networking \
  --hide-scrollbars --window-size="${size/x/,}" --screenshot="$(realpath -m "$png")" \
  "file://$(realpath "$report")" 2>/dev/null
echo "wrote $png"
