#!/bin/sh
# Writes the seed corpus: the tutorial's TOML and three CSV files joined by
# 0xFF bytes (the split marker of fuzz_targets/load.rs), plus variants with
# fewer files. Run from fuzz/.
set -e
t=../scenarios/tutorial
mkdir -p corpus/load
ff() { printf '\377'; }
{ cat $t/scenario.toml; ff; cat $t/data/councils.csv; ff; cat $t/data/history.csv; ff; cat $t/data/targets.csv; } > corpus/load/tutorial
{ cat $t/scenario.toml; ff; cat $t/data/councils.csv; ff; cat $t/data/history.csv; } > corpus/load/tutorial-no-targets
{ cat $t/scenario.toml; ff; cat $t/data/councils.csv; } > corpus/load/tutorial-councils-only
