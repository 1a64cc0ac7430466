#!/usr/bin/env bash
# Regenerates docs/img/report-map.png, the README's screenshot of the
# report's maps: runs the national scenario (2,000 trials, fixed seed) and
# photographs report.html#maps with Debian's headless chromium. Offline.
#   bash scripts/readme-screenshot.sh        (IBCF_BIN=path/to/ibcf to reuse a build)
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${IBCF_BIN:-}"
if [ -z "$bin" ]; then
    cargo build --quiet
    bin=target/debug/ibcf
fi
command -v chromium >/dev/null || { echo "needs chromium (apt-get install chromium)" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$bin" run scenarios/november-2017 --trials 2000 --seed 2017 --out "$work/run" --quiet
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
    --user-data-dir="$work/profile" --window-size=1180,720 --virtual-time-budget=3000 \
    --screenshot="$work/shot.png" "file://$work/run/report.html#maps" 2>/dev/null
mv "$work/shot.png" docs/img/report-map.png
echo "wrote docs/img/report-map.png"
