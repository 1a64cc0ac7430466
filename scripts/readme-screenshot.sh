#!/usr/bin/env bash
# Regenerates docs/img/report-map.png, the README's screenshot of the
# report's maps: runs the national scenario (2,000 trials, fixed seed) and
# photographs the maps section of report.html with Debian's headless chromium
# (driven by the browser test's DevTools client). Offline.
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
# The DevTools client of the browser test takes the picture (chromium's own
# --screenshot cannot show a part of the page below the top).
IBCF_SHOT_RUN="$work/run" IBCF_SHOT_OUT="$PWD/docs/img/report-map.png" \
    cargo test --quiet --test report_browser -- --ignored --exact readme_screenshot
echo "wrote docs/img/report-map.png"
