#!/usr/bin/env bash
# Regenerates the before/after pictures of issue 24 (report figures a reader
# sees) in docs/img/issue-24: the options table and a council's page of
# report.html, the stress page's option table (headless chromium at 1440 px,
# driven by the browser test's DevTools client), and three charts as the run
# writes them (options compared, sweep heat map, tornado).
#   bash scripts/issue-24-screenshots.sh BIN before|after
# BIN is the ibcf to photograph (the "before" pictures used main's build
# before the fixes). Offline; small runs, fixed seed.
set -euo pipefail
cd "$(dirname "$0")/.."
bin="$1"; tag="$2"
command -v chromium >/dev/null || { echo "needs chromium (apt-get install chromium)" >&2; exit 1; }
img="$PWD/docs/img/issue-24"
mkdir -p "$img"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
s=scenarios/november-2017
"$bin" run $s --trials 2000 --seed 2017 --out "$work/run" --quiet
"$bin" stress $s --council E06000021 --trials 1000 --seed 2017 --out "$work/stress" --quiet
"$bin" sweep $s --vary option.december-33.share=0.1,0.2,0.33,0.5 --vary trajectory.pull=0:0.3:4 \
    --trials 300 --seed 2017 --out "$work/sweep" --quiet
"$bin" sensitivity $s --samples 16 --trials 200 --seed 2017 --out "$work/sens" --quiet
shot() { # page selector width out [scale]
    IBCF_SHOT_PAGE="$1" IBCF_SHOT_SELECTOR="$2" IBCF_SHOT_WIDTH="$3" IBCF_SHOT_OUT="$img/$4-$tag.png" \
        IBCF_SHOT_SCALE="${5:-1}" \
        cargo test --release --quiet --test report_browser -- --ignored --exact element_screenshot
}
shot "$work/run/report.html" "#options .scroll" 1440 options-table
shot "$work/run/report.html#council/E06000021" "#council-page" 1440 council-page 0.6
shot "$work/stress/stress.html" "main section" 1440 stress-options 0.7
cp "$work/run/plots/options_compared.png" "$img/options-compared-$tag.png"
cp "$work/sweep/plots/sweep.png" "$img/sweep-$tag.png"
cp "$work/sens/plots/tornado.png" "$img/tornado-$tag.png"
ls -l "$img"/*-"$tag".png
