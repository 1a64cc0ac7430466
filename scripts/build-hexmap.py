#!/usr/bin/env python3
"""Builds src/report/assets/geo/hexmap-utla-2017.csv, the hex cartogram the
report's maps draw, from the shared copy of Open Innovations' upper-tier hex
map (MIT; ../shared/data/geo/odi-utla-hexjson/SOURCE.md).

The hex file is on April 2019 codes (148 of our 151 councils). As its
SOURCE.md suggests, the 2017 councils are placed thus: Bournemouth on the
Bournemouth, Christchurch and Poole hex, Dorset county on the Dorset UA hex,
Poole on the free cell (4,1) between them. The Isles of Scilly hex is kept
and shaded as Cornwall (our Cornwall row includes Scilly).

Output columns: code (the council whose figures colour the hex), hex (the
hex's own code), name, q, r (odd-r layout, r increasing northwards).
Re-run: python3 scripts/build-hexmap.py  (from the repository root).
"""
import csv
import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
HEX = ROOT.parent / "shared/data/geo/odi-utla-hexjson/uk-upper-tier-local-authorities.hexjson"
COUNCILS = ROOT / "scenarios/november-2017/data/councils.csv"
OUT = ROOT / "src/report/assets/geo/hexmap-utla-2017.csv"

# 2019 hex code -> 2017 council code placed on it.
RECODE = {"E06000058": "E06000028", "E06000059": "E10000009", "E06000053": "E06000052"}
# 2017 councils with no hex of their own: (code, q, r).
ADDED = [("E06000029", 4, 1)]


def main() -> int:
    hexes = json.loads(HEX.read_text(encoding="utf-8"))["hexes"]
    with COUNCILS.open(encoding="utf-8") as f:
        names = {row["code"]: row["name"] for row in csv.DictReader(f)}
    rows = []
    taken = set()
    for hex_code, h in hexes.items():
        code = RECODE.get(hex_code, hex_code)
        if code not in names:
            print(f"hex {hex_code} ({h['n']}) matches no 2017 council", file=sys.stderr)
            return 1
        name = h["n"] if hex_code == "E06000053" else names[code]
        rows.append((code, hex_code, name, int(h["q"]), int(h["r"])))
        taken.add((int(h["q"]), int(h["r"])))
    for code, q, r in ADDED:
        assert (q, r) not in taken, f"cell ({q},{r}) is taken"
        rows.append((code, code, names[code], q, r))
    missing = set(names) - {r[0] for r in rows}
    if missing:
        print(f"councils without a hex: {sorted(missing)}", file=sys.stderr)
        return 1
    rows.sort(key=lambda r: (r[1]))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["code", "hex", "name", "q", "r"])
        w.writerows(rows)
    print(f"wrote {OUT.relative_to(ROOT)}: {len(rows)} hexes for {len(names)} councils")
    return 0


if __name__ == "__main__":
    sys.exit(main())
