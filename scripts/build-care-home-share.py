#!/usr/bin/env python3
"""Derive scenarios/november-2017/data/care-home-share.csv from ../shared/data
(python3 stdlib only; re-runnable).

For each council of the november-2017 scenario, from NHS England's monthly
delayed days by reason (SOURCES.md s1,
nhse_la_monthly/la_dtoc_delayed_days_by_reason_2011_2017.csv), summed over
the 12 months WINDOW (August 2016 - July 2017, the year before the first
simulated month):

  residential_days = reason DI  (awaiting residential home placement)
  nursing_days     = reason DII (awaiting nursing home placement)
  home_care_days   = reason E   (awaiting a care package in own home)
  to_care_home     = (DI + DII) / (DI + DII + E)
  nursing_share    = DII / (DI + DII)

The reasons are not split by responsible organisation in these tables, so
the mix covers every delay of the council, not only social-care ones
(docs/CONSEQUENCES.md states this assumption). The England row gives the
defaults used when a scenario gives no per-council figure; the script prints
them. Rows are keyed by ONS code; rows without one get the code of the same
DH LA code in February 2017, as scripts/build-november-2017.py does.

Usage: python3 scripts/build-care-home-share.py [--shared ../shared/data]
"""

import argparse
import csv
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SCEN = os.path.join(ROOT, "scenarios", "november-2017", "data")
WINDOW = ("2016-08", "2017-07")
ENGLAND = "E92000001"


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def num(v):
    return float(v) if v not in ("", "-") else 0.0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared", "data"))
    args = ap.parse_args()
    src = os.path.join(args.shared, "nhse_la_monthly", "la_dtoc_delayed_days_by_reason_2011_2017.csv")
    rows = read_csv(src)
    dh_to_ons = {r["dh_la_code"]: r["ons_code"] for r in rows
                 if r["period"] == "2017-02" and r["ons_code"]}
    sums, months = {}, {}
    for r in rows:
        if not (WINDOW[0] <= r["period"] <= WINDOW[1]):
            continue
        code = r["ons_code"] or dh_to_ons.get(r["dh_la_code"], "")
        if not code:
            continue  # "Resident in Scotland/Wales/outside GB"
        s = sums.setdefault(code, [0.0, 0.0, 0.0])
        s[0] += num(r["DI_residential_home"])
        s[1] += num(r["DII_nursing_home"])
        s[2] += num(r["E_care_package_own_home"])
        months[code] = months.get(code, 0) + 1
    councils = read_csv(os.path.join(SCEN, "councils.csv"))
    out = os.path.join(SCEN, "care-home-share.csv")
    eng = sums[ENGLAND]
    eng_share = (eng[0] + eng[1]) / sum(eng)
    eng_nursing = eng[1] / (eng[0] + eng[1])
    with open(out, "w", newline="", encoding="utf-8") as f:
        f.write("code,name,months,residential_days,nursing_days,home_care_days,to_care_home,nursing_share\n")
        for c in councils:
            code = c["code"]
            if code not in sums:
                sys.exit(f"no delays by reason for {code} {c['name']} in {WINDOW}")
            di, dii, e = sums[code]
            share = (di + dii) / (di + dii + e) if di + dii + e > 0 else eng_share
            nursing = dii / (di + dii) if di + dii > 0 else eng_nursing
            f.write(f"{code},\"{c['name']}\",{months[code]},{di:.0f},{dii:.0f},{e:.0f},"
                    f"{share:.4f},{nursing:.4f}\n")
    print(f"{out}: {len(councils)} councils, {WINDOW[0]}..{WINDOW[1]}")
    print(f"England: DI {eng[0]:.0f}, DII {eng[1]:.0f}, E {eng[2]:.0f} days; "
          f"to_care_home {eng_share:.4f}, nursing_share {eng_nursing:.4f}")


if __name__ == "__main__":
    main()
