#!/usr/bin/env python3
"""Derive scenarios/november-2017/data/ from ../shared/data (python3 stdlib only).

Re-runnable; the project never reads ../shared at run time, only this script
and the import tests do. Steps (see scenarios/november-2017/README.md):

1. history.csv, 2014-04 .. 2015-12: from the tidy NHS England CSV
   (SOURCES.md s1, la_dtoc_by_responsible_org_2011_2017.csv); rows without
   ONS codes (before mid-2015) get the code of the same DH LA code in Feb 2017.
2. history.csv, 2016-01 .. 2017-07: `ibcf import nhse-dtoc` on the 19 original
   workbooks (raw_xls/*.xls), merged into the file from step 1; then checked
   cell by cell against the tidy CSV (any difference stops the script).
3. councils.csv (allocation = ESTIMATED Spring Budget 2017 iBCF, 2018-19
   portion) and councils-full-ibcf.csv (ESTIMATED original + Spring Budget
   iBCF, 2018-19): 151 DToC council areas, ONS mid-2016 18+ population
   (SOURCES.md s4), region from the DToC data, allocations distributed by
   share of population aged 18+ (mid-2016; it fits the three known council
   figures better than the 65+ share, which is printed for comparison),
   largest-remainder rounding to whole pounds so the national total is exact.
4. targets-reconstructed.csv: the September 2017 expectations reconstructed
   for social care (asc), the NHS (nhs) and the whole system (total).
5. Prints the checks the README quotes: estimate / known allocation ratios,
   the reconstructed target counts and national sums, the October
   translations on July 2017 data (and the three councils the press named),
   and trajectory parameter estimates.

Usage: python3 scripts/build-november-2017.py [--shared ../shared/data] [--ibcf target/debug/ibcf]
"""

import argparse
import csv
import glob
import math
import os
import statistics
import subprocess
import sys
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
OUT = os.path.join(ROOT, "scenarios", "november-2017", "data")
FIRST = "2014-04"          # first history month shipped
IMPORT_FROM = "2016-01"    # months from here on come from the workbooks
LAST = "2017-07"           # last observed month before the simulation
CORNWALL, SCILLY = "E06000052", "E06000053"
SPRING_BUDGET_2018_19 = 674_000_000   # additional iBCF (Spring Budget 2017), 2018-19 portion
ORIGINAL_IBCF_2018_19 = 825_000_000   # iBCF announced at SR15, 2018-19
KNOWN = [  # (code, name, known 2018-19 Spring Budget portion in pounds, source)
    ("E10000008", "Devon", 10_148_000, "devon.gov.uk: additional iBCF 2018-19 GBP 10.148m"),
    ("E09000006", "Bromley", 3_400_000, "cds.bromley.gov.uk: Spring Budget iBCF 2018-19 GBP 3.4m"),
    ("E10000016", "Kent", round(52_200_000 * 674 / (1010 + 674 + 337)),
     "kccmediahub / room151: ~GBP 52.2m over three years; 2018-19 share 674/2021 of it"),
]


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def days_in_month(period):
    y, m = int(period[:4]), int(period[5:])
    if m == 2:
        return 29 if (y % 4 == 0 and y % 100 != 0) or y % 400 == 0 else 28
    return 30 if m in (4, 6, 9, 11) else 31


def tidy_history(tidy):
    """{(code, month): (nhs, asc, both)} for every council row with figures."""
    dh_to_ons = {r["dh_la_code"]: r["ons_code"] for r in tidy
                 if r["period"] == "2017-02" and r["ons_code"] not in ("", "E92000001")}
    out = {}
    for r in tidy:
        if r["name"] == "England" or r["name"].lower().startswith("resident"):
            continue
        code = dh_to_ons[r["dh_la_code"]]
        if r["ons_code"] and r["ons_code"] != code:
            sys.exit(f"DH code {r['dh_la_code']} maps to {code} but row says {r['ons_code']}")
        vals = (r["delayed_days_nhs"], r["delayed_days_social_care"], r["delayed_days_both"])
        if any(v == "" for v in vals):
            continue  # not reported that month (City of London, a few months)
        out[(code, r["period"])] = tuple(int(float(v)) for v in vals)
    return out


def write_history(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        f.write("code,month,nhs_days,asc_days,both_days\n")
        for (code, month) in sorted(rows):
            n, a, b = rows[(code, month)]
            f.write(f"{code},{month},{n},{a},{b}\n")


def build_history(shared, ibcf, tidy_rows):
    path = os.path.join(OUT, "history.csv")
    early = {k: v for k, v in tidy_rows.items() if FIRST <= k[1] < IMPORT_FROM}
    write_history(path, early)
    xls = sorted(glob.glob(os.path.join(shared, "nhse_la_monthly", "raw_xls", "*.xls")))
    subprocess.run([ibcf, "import", "nhse-dtoc", *xls, "--out", path], check=True)
    got = {(r["code"], r["month"]): (int(r["nhs_days"]), int(r["asc_days"]), int(r["both_days"]))
           for r in read_csv(path)}
    want = {k: v for k, v in tidy_rows.items() if FIRST <= k[1] <= LAST}
    diff = [k for k in set(got) | set(want) if got.get(k) != want.get(k)]
    if diff:
        sys.exit(f"importer output differs from the tidy CSV in {len(diff)} cells, e.g. {sorted(diff)[:5]}")
    print(f"history.csv: {len(got)} rows, {FIRST}..{LAST}; importer output == tidy CSV for {IMPORT_FROM}..{LAST}")
    return got


def largest_remainder(weights, total):
    """Whole pounds proportional to weights, summing exactly to total."""
    s = sum(weights.values())
    raw = {k: total * w / s for k, w in weights.items()}
    out = {k: math.floor(v) for k, v in raw.items()}
    left = total - sum(out.values())
    for k in sorted(raw, key=lambda k: (-(raw[k] - out[k]), k))[:left]:
        out[k] += 1
    return out


def build_councils(tidy, pop):
    feb = [r for r in tidy if r["period"] == "2017-02" and r["ons_code"] not in ("", "E92000001")]
    pops = {r["ons_code"]: r for r in pop}
    codes = sorted(r["ons_code"] for r in feb)
    region = {r["ons_code"]: r["region"] for r in feb}
    p18 = {c: int(pops[c]["pop_18plus_mid2016"]) for c in codes}
    p65 = {c: int(pops[c]["pop_65plus_mid2016"]) for c in codes}
    # DToC "Cornwall" covers Cornwall and the Isles of Scilly (Scilly is not listed).
    p18[CORNWALL] += int(pops[SCILLY]["pop_18plus_mid2016"])
    p65[CORNWALL] += int(pops[SCILLY]["pop_65plus_mid2016"])
    name = {c: pops[c]["name"] for c in codes}
    name[CORNWALL] = "Cornwall (incl. Isles of Scilly)"
    sb = largest_remainder(p18, SPRING_BUDGET_2018_19)
    full = largest_remainder(p18, SPRING_BUDGET_2018_19 + ORIGINAL_IBCF_2018_19)
    sb65 = largest_remainder(p65, SPRING_BUDGET_2018_19)
    for fname, alloc in (("councils.csv", sb), ("councils-full-ibcf.csv", full)):
        with open(os.path.join(OUT, fname), "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["code", "name", "region", "population_18plus", "allocation"])
            for c in codes:
                w.writerow([c, name[c], region[c], p18[c], alloc[c]])
    print(f"councils.csv: {len(codes)} councils, 18+ total {sum(p18.values()):,}, "
          f"allocations total GBP {sum(sb.values()):,} (Spring Budget 2018-19, estimated)")
    print(f"councils-full-ibcf.csv: allocations total GBP {sum(full.values()):,} (full 2018-19 iBCF, estimated)")
    print("known single-council figures (Spring Budget portion, 2018-19):")
    for code, nm, known, src in KNOWN:
        print(f"  {nm:8s} estimate GBP {sb[code]:>11,}  known GBP {known:>11,}  ratio {sb[code] / known:.3f}"
              f"  (65+ share instead: GBP {sb65[code]:,}, ratio {sb65[code] / known:.3f}; {src})")
    return codes, name, p18


def rate(days, month, p18):
    return days / days_in_month(month) / p18 * 100_000


ASC_RULE = (0.667, 2.6, None)     # reduction, floor, ceiling: social care (README s4)
NHS_RULE = (0.5, 5.6, None)       # NHS: worst areas halve, never below 9.4 - 2.6 - 1.2 (both, held)
TOTAL_RULE = (0.0, None, 9.4)     # whole system: areas above 9.4 reach 9.4, others hold
STREAMS = {"nhs": (0,), "asc": (1,), "both": (2,), "total": (0, 1, 2)}
NAMED = {"E10000028": "Staffordshire", "E10000018": "Leicestershire", "E10000017": "Lancashire"}


def apply_rule(b, rule):
    """As ibcf's [[targets.rule]]: t = b (1 - reduction), at least min(b, floor), at most ceiling."""
    reduction, floor, ceiling = rule
    t = b * (1 - reduction)
    if floor is not None:
        t = max(t, min(b, floor))
    if ceiling is not None:
        t = min(t, ceiling)
    return t


def feb_rate(hist, c, metric, p18):
    return rate(sum(hist[(c, "2017-02")][s] for s in STREAMS[metric]), "2017-02", p18[c])


def target_counts(hist, codes, name, p18):
    """The reconstructed September 2017 expectations (README s4): social care
    (asc), NHS (nhs) and whole system (total), their counts and national sums."""
    pop = sum(p18.values())
    national = {m: sum(feb_rate(hist, c, m, p18) * p18[c] for c in codes) / pop for m in STREAMS}
    print("national rates, Feb 2017, per 100,000 aged 18+ (151 areas): " +
          ", ".join(f"{m} {v:.3f}" for m, v in national.items()))
    half = (national["total"] - 9.4) / 2
    print(f"  equal shares of the cut to 9.4: {half:.3f} each; asc {national['asc'] - half:.3f} "
          f"(published 2.6), nhs + both {national['nhs'] + national['both'] - half:.3f}, "
          f"nhs alone with both held {9.4 - 2.6 - national['both']:.3f} (the NHS floor, 5.6)")
    rows = []
    for metric, rule in (("asc", ASC_RULE), ("nhs", NHS_RULE), ("total", TOTAL_RULE)):
        cut60 = cut50 = hold = 0
        want = 0.0
        for c in codes:
            b = feb_rate(hist, c, metric, p18)
            t = apply_rule(b, rule)
            cut = 0.0 if b == 0 else 1 - t / b
            cut60 += cut >= 0.60 - 1e-9
            cut50 += cut >= 0.50 - 1e-9
            hold += cut <= 1e-12
            want += t * p18[c] / pop
            rows.append((c, metric, t))
            if metric != "total" and name[c] in ("Hampshire", "Northamptonshire", "Wirral"):
                print(f"  {metric} {name[c]}: Feb rate {b:.2f}, target {t:.2f}, cut {cut:.1%}")
        print(f"targets {metric} {rule}: cut >= 60%: {cut60}, cut >= 50%: {cut50} ({cut50 / len(codes):.0%}), "
              f"cut at all: {len(codes) - hold}, hold Feb: {hold}, of {len(codes)}; "
              f"national {national[metric]:.2f} -> {want:.2f} per 100,000 "
              f"({national[metric] * pop / 1e5:,.0f} -> {want * pop / 1e5:,.0f} patients a day)")
    print(f"9.4 per 100,000 = {9.4 * pop / 1e5:,.0f} patients delayed a day "
          f"(Feb 2017: {national['total'] * pop / 1e5:,.0f})")
    with open(os.path.join(OUT, "targets-reconstructed.csv"), "w", newline="", encoding="utf-8") as f:
        f.write("code,metric,month,rate\n")
        for c, metric, t in rows:
            f.write(f"{c},{metric},2017-09,{t:.6f}\n")


def log_changes(hist, codes, p18, offset, start, end):
    """Month-to-month changes of log(rate + offset), per stream, keyed by (code, month)."""
    months = sorted({m for (_, m) in hist if start <= m <= end})
    out = [dict(), dict(), dict()]
    for c in codes:
        for prev, cur in zip(months, months[1:]):
            if (c, prev) in hist and (c, cur) in hist:
                for s in range(3):
                    a = math.log(rate(hist[(c, prev)][s], prev, p18[c]) + offset)
                    b = math.log(rate(hist[(c, cur)][s], cur, p18[c]) + offset)
                    out[s][(c, cur)] = b - a
    return out


def ma1_split(changes):
    """Latent sigma and noise sd from month-to-month changes of one series
    set: if observed = latent random walk + white noise, the changes have
    lag-1 autocovariance -var(noise) and variance sigma^2 + 2 var(noise)."""
    mu = statistics.mean(d for ds in changes for d in ds)
    pairs = [(a - mu, b - mu) for ds in changes for a, b in zip(ds, ds[1:])]
    var = statistics.mean(x * x for x, _ in pairs)
    noise = max(-statistics.mean(x * y for x, y in pairs), 0.0)
    return math.sqrt(max(var - 2 * noise, 0.0)), math.sqrt(noise), math.sqrt(var)


def trajectory_estimates(hist, codes, p18, region, offset=0.5):
    months = sorted({m for (_, m) in hist if m <= LAST})
    recent = [m for m in months if m >= "2016-07"]  # changes Aug 2016 .. Jul 2017: 12, a full year
    print(f"trajectory estimates on log(rate + {offset}), history {FIRST}..{LAST}:")
    series = {}
    for s_i, nm in enumerate(("nhs", "asc", "both")):
        per_council = []
        for c in codes:
            ys = [(m, math.log(rate(hist[(c, m)][s_i], m, p18[c]) + offset)) for m in months if (c, m) in hist]
            per_council.append([(m1, y1 - y0) for (m0, y0), (m1, y1) in zip(ys, ys[1:])
                                if int(m1[:4]) * 12 + int(m1[5:]) - int(m0[:4]) * 12 - int(m0[5:]) == 1])
        series[nm] = per_council
        drift_all = statistics.mean(d for ds in per_council for _, d in ds)
        drift_12 = statistics.mean(d for ds in per_council for m, d in ds if m > recent[0])
        sigma, noise, sd = ma1_split([[d for _, d in ds] for ds in per_council])
        print(f"  {nm:4s}: drift {drift_12:+.4f}/month over the last 12 months ({drift_all:+.4f} over the whole window); "
              f"sd of changes {sd:.3f} = latent sigma {sigma:.3f} + observation noise sd {noise:.3f}")
    # Negative binomial size k: for large counts the log-scale noise variance is
    # about 1/lambda + 1/k; use council-streams averaging >= 300 days a month.
    for s_i, nm in enumerate(("nhs", "asc", "both")):
        big = [c for c in codes if statistics.mean(hist[(c, m)][s_i] for m in months if (c, m) in hist) >= 300]
        if len(big) < 5:
            continue
        idx = [codes.index(c) for c in big]
        _, noise, _ = ma1_split([[d for _, d in series[nm][i]] for i in idx])
        inv_lambda = statistics.mean(1 / max(hist[(c, m)][s_i], 1) for c in big for m in months if (c, m) in hist)
        k = 1 / max(noise ** 2 - inv_lambda, 1e-9)
        print(f"  {nm:4s}: {len(big)} large council series, noise sd {noise:.3f}, 1/lambda {inv_lambda:.4f} -> dispersion k ~ {k:.0f}")
    # Common shocks: share of change variance that is common to a month
    # (national) or a region-month beyond the nation, less the sampling
    # variance of the means themselves; and the nhs/asc same-council correlation.
    for nm, per_council in series.items():
        flat = [(codes[i], m, d) for i, ds in enumerate(per_council) for m, d in ds]
        tot = statistics.pvariance([d for _, _, d in flat])
        by_m, by_rm = defaultdict(list), defaultdict(list)
        for c, m, d in flat:
            by_m[m].append(d)
            by_rm[(region[c], m)].append(d)
        nat = statistics.pvariance([statistics.mean(v) for v in by_m.values()]) - tot / statistics.mean(len(v) for v in by_m.values())
        reg = statistics.pvariance([statistics.mean(v) - statistics.mean(by_m[m]) for (_, m), v in by_rm.items()]) \
            - tot / statistics.mean(len(v) for v in by_rm.values())
        print(f"  {nm:4s}: national share {max(nat, 0) / tot:.3f}, regional share {max(reg, 0) / tot:.3f} of change variance")
    a = {(codes[i], m): d for i, ds in enumerate(series["nhs"]) for m, d in ds}
    b = {(codes[i], m): d for i, ds in enumerate(series["asc"]) for m, d in ds}
    keys = sorted(set(a) & set(b))
    print(f"  nhs/asc same council-month correlation of changes: {statistics.correlation([a[k] for k in keys], [b[k] for k in keys]):.3f}")
    by_cal = defaultdict(list)
    allc = [(m, d) for per in series.values() for ds in per for m, d in ds]
    mu = statistics.mean(d for _, d in allc)
    for m, d in allc:
        by_cal[int(m[5:])].append(d - mu)
    level, lv = 0.0, {}
    for k in range(1, 13):
        level += statistics.mean(by_cal[k])
        lv[k] = level
    base = statistics.mean(lv.values())
    print("  seasonal level by calendar month (log scale, mean zero, all streams): " +
          ", ".join(f"{k} = {lv[k] - base:+.2f}" for k in range(1, 13)))


def october_check(hist, codes, p18):
    """The October translations on the data known when the letter went (to
    July 2017): bottom quartile of the total rate and (gap > 50% or
    worsening), 3-month means; the gap to the social-care expectation
    (october-letter) or to the whole-system one (october-whole-system). And
    whether each picks the three councils the press named (README s5)."""
    def mean_rate(c, months, streams):
        return statistics.mean(rate(sum(hist[(c, m)][s] for s in streams), m, p18[c]) for m in months)
    last3, prev3 = ["2017-05", "2017-06", "2017-07"], ["2017-02", "2017-03", "2017-04"]
    tot = {c: mean_rate(c, last3, (0, 1, 2)) for c in codes}
    order = sorted(codes, key=lambda c: (-tot[c], codes.index(c)))
    quartile = set(order[:math.ceil(0.25 * len(codes))])
    gap = {
        "october-letter": lambda c: mean_rate(c, last3, (1,)) > 1.5 * apply_rule(feb_rate(hist, c, "asc", p18), ASC_RULE),
        "october-whole-system": lambda c: tot[c] > 1.5 * apply_rule(feb_rate(hist, c, "total", p18), TOTAL_RULE),
    }
    for option, g in gap.items():
        picked = [c for c in codes if c in quartile and (g(c) or tot[c] > mean_rate(c, prev3, (0, 1, 2)))]
        named = ", ".join(f"{nm} {'yes' if c in picked else 'no'}" for c, nm in NAMED.items())
        print(f"{option} on May-Jul 2017 data: {len(picked)} councils (the letter went to about 32); {named}")
    for c, nm in NAMED.items():
        print(f"  {nm}: total rate May-Jul {tot[c]:.2f}, rank {order.index(c) + 1} of {len(codes)} "
              f"(bottom quartile = top {len(quartile)}); asc {mean_rate(c, last3, (1,)):.2f}, "
              f"nhs {mean_rate(c, last3, (0,)):.2f}, both {mean_rate(c, last3, (2,)):.2f}; "
              f"worsening {tot[c] > mean_rate(c, prev3, (0, 1, 2))}")
    for s_i, nm in ((0, "nhs"), (1, "asc"), (None, "total")):
        streams = (0, 1, 2) if s_i is None else (s_i,)
        ranks = []
        for m in sorted({m for (_, m) in hist if "2016-07" <= m <= LAST}):
            v = {c: rate(sum(hist[(c, m)][s] for s in streams), m, p18[c]) for c in codes if (c, m) in hist}
            ranks.append(f"{m[2:]} {sorted(v, key=lambda c: -v[c]).index('E10000018') + 1}")
        print(f"  Leicestershire's rank on the {nm} rate, 2016-07..2017-07: " + ", ".join(ranks))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared", "data"))
    ap.add_argument("--ibcf", default=None, help="ibcf binary (default: cargo build, target/debug/ibcf)")
    a = ap.parse_args()
    ibcf = a.ibcf
    if ibcf is None:
        subprocess.run(["cargo", "build", "--quiet", "--bin", "ibcf"], cwd=ROOT, check=True)
        ibcf = os.path.join(ROOT, "target", "debug", "ibcf")
    os.makedirs(OUT, exist_ok=True)
    tidy = read_csv(os.path.join(a.shared, "nhse_la_monthly", "la_dtoc_by_responsible_org_2011_2017.csv"))
    pop = read_csv(os.path.join(a.shared, "population", "ons_mye_upper_tier_18plus_mid2015_mid2016.csv"))
    hist = build_history(a.shared, ibcf, tidy_history(tidy))
    codes, name, p18 = build_councils(tidy, pop)
    region = {r["ons_code"]: r["region"] for r in tidy if r["period"] == "2017-02"}
    target_counts(hist, codes, name, p18)
    october_check(hist, codes, p18)
    trajectory_estimates(hist, codes, p18, region)


if __name__ == "__main__":
    main()
