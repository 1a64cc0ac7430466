#!/usr/bin/env bash
# The "done when" check of split runs (issue 15), run by hand, not by CI:
#   * the default scenario at 200,000 trials, split N = 1, 2, 7 and 16 ways,
#     parts merged in random order: byte-identical to the unsplit run
#     (only manifest.elapsed_s / report.html's "Run time" may differ);
#   * a sweep and a sensitivity analysis of the default scenario, split and
#     merged: byte-identical to the unsplit commands;
#   * per N, the wall time of every shard and the merge's time and peak
#     memory (/usr/bin/time -v), printed as a table for docs/PERFORMANCE.md.
#
# Usage: scripts/shard-check.sh            (IBCF=path/to/ibcf, TRIALS=200000,
#                                           THREADS=1, WORK=folder to keep)
set -euo pipefail
cd "$(dirname "$0")/.."

bin=${IBCF:-target/release/ibcf}
trials=${TRIALS:-200000}
threads=${THREADS:-1}
work=${WORK:-$(mktemp -d)}
scen=scenarios/november-2017
mkdir -p "$work"
echo "ibcf: $bin; trials: $trials; threads per process: $threads; work: $work"

# Same bytes, run time aside.
same() {
    local a=$1 b=$2
    if ! diff -rq "$a" "$b" >/dev/null; then
        local f
        for f in $(cd "$a" && find . -type f | sort); do
            if ! cmp -s "$a/$f" "$b/$f"; then
                local norm='s/"elapsed_s": [0-9.e+-]*/"elapsed_s": T/; s#Run time</dt><dd>[^<]*#Run time</dt><dd>T#'
                if ! diff <(sed -e "$norm" "$a/$f") <(sed -e "$norm" "$b/$f") >/dev/null; then
                    echo "FAIL: $f differs between $a and $b" >&2
                    return 1
                fi
            fi
        done
        [ "$(cd "$a" && find . -type f | sort)" = "$(cd "$b" && find . -type f | sort)" ] ||
            { echo "FAIL: different files in $a and $b" >&2; return 1; }
    fi
    echo "identical: $b"
}

secs() { /usr/bin/time -f %e "$@" 2>&1 >/dev/null | tail -n 1; }

echo "== unsplit run"
t_full=$(secs "$bin" run $scen --trials "$trials" --threads "$threads" --quiet --out "$work/full")
echo "unsplit: ${t_full}s"

printf '\n| N | slowest shard (s) | all shards (s, summed) | merge (s) | merge peak RSS (MiB) | parts (MB) |\n| --- | --- | --- | --- | --- | --- |\n' >"$work/table.md"
for n in 1 2 7 16; do
    echo "== N = $n"
    total=0
    slowest=0
    for k in $(seq "$n"); do
        t=$(secs "$bin" run $scen --trials "$trials" --threads "$threads" --quiet --shard "$k/$n" --out "$work/p$n")
        total=$(awk -v a="$total" -v b="$t" 'BEGIN { print a + b }')
        slowest=$(awk -v a="$slowest" -v b="$t" 'BEGIN { print (b > a) ? b : a }')
    done
    mapfile -t parts < <(ls "$work/p$n"/*.ibcfpart | shuf)
    echo "merge order: ${parts[*]##*/}"
    /usr/bin/time -v "$bin" merge "${parts[@]}" --out "$work/m$n" --quiet 2>"$work/time$n.txt"
    same "$work/full" "$work/m$n"
    wall=$(grep "Elapsed (wall" "$work/time$n.txt" | awk '{print $NF}')
    rss=$(grep "Maximum resident" "$work/time$n.txt" | awk '{printf "%.0f", $NF / 1024}')
    size=$(du -sm "$work/p$n" | cut -f1)
    echo "| $n | $slowest | $total | $wall | $rss | $size |" >>"$work/table.md"
done

echo "== sweep (3 points x 2 options, 5,000 trials), N = 2 and 3"
sweep=(sweep $scen --vary option.december-33.share=0.1,0.33,0.5 --trials 5000 --threads "$threads" --quiet)
"$bin" "${sweep[@]}" --out "$work/sweep-full"
for n in 2 3; do
    for k in $(seq "$n"); do "$bin" "${sweep[@]}" --shard "$k/$n" --out "$work/sweep-p$n"; done
    mapfile -t parts < <(ls "$work/sweep-p$n"/*.ibcfpart | shuf)
    "$bin" merge "${parts[@]}" --out "$work/sweep-m$n" --quiet
    same "$work/sweep-full" "$work/sweep-m$n"
done

echo "== sensitivity (3 parameters, 4 samples = 27 runs of 500 trials), N = 2 and 7"
sens=(sensitivity $scen --samples 4 --bootstrap 100 --trials 500 --threads "$threads" --quiet)
"$bin" "${sens[@]}" --out "$work/sens-full"
for n in 2 7; do
    for k in $(seq "$n"); do "$bin" "${sens[@]}" --shard "$k/$n" --out "$work/sens-p$n"; done
    mapfile -t parts < <(ls "$work/sens-p$n"/*.ibcfpart | shuf)
    "$bin" merge "${parts[@]}" --out "$work/sens-m$n" --quiet
    same "$work/sens-full" "$work/sens-m$n"
done

echo "== all identical; unsplit run ${t_full}s; timings:"
cat "$work/table.md"
