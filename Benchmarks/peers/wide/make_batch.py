#!/usr/bin/env python3
"""Writes a batch of the wide workload's shape (issue 18: a province's statistics export) without Fazhi.

A stand-in for `fazhi generate -r province-100.yaml --style export` where that is not available (peers.py
uses it only then, or with --wide-generator python), and a second source of data of the same shape:
    python3 make_batch.py UNITS SEED OUTPUT
Header unit_id,name,level,has_legislative_power,invented, then the ruleset's metrics in order
(rate_01..40, count_01..20, days_01..10, flag_01..20, incidents_01..10). Rates are 4-decimal fractions
(about 2% exactly at their threshold, 0.9000 or 0.6000), counts whole, days whole or .5, flags and
has_legislative_power 0/1, levels Chinese words, about 2% empty cells, no quotes, \\n line ends.
"""

import os
import random
import sys


def main():
    units, seed, output = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    rng = random.Random(seed)
    rates = [f"rate_{k:02d}" for k in range(1, 41)]
    counts = [f"count_{k:02d}" for k in range(1, 21)]
    days = [f"days_{k:02d}" for k in range(1, 11)]
    flags = [f"flag_{k:02d}" for k in range(1, 21)]
    incidents = [f"incidents_{k:02d}" for k in range(1, 11)]
    header = ["unit_id", "name", "level", "has_legislative_power", "invented"] + rates + counts + days + flags + incidents
    levels = ["县", "区", "市", "部门", "乡镇"]
    rate_text = [f"{i / 10000:.4f}" for i in range(10001)]
    day_text = [str(d) for d in range(0, 91)] + [f"{d}.5" for d in range(0, 91)]
    r = rng.random
    partial = output + ".partial"  # renamed when whole, so a stopped run leaves no short batch behind
    with open(partial, "w", encoding="utf-8", newline="\n") as f:
        f.write(",".join(header) + "\n")
        rows = []
        for n in range(1, units + 1):
            level = levels[int(r() * 5)]
            quality = 0.55 + 0.45 * r()
            cells = [f"u{n:07d}", f"合成{level}{n}", level, "1" if r() < 0.15 else "0", "1"]
            for k in range(40):
                x = r()
                if x < 0.02:
                    cells.append("")
                elif x < 0.04:
                    cells.append("0.9000" if k < 20 else "0.6000")
                else:
                    v = quality + (r() - 0.35) * 0.3 - (0.0 if k < 20 else 0.1)
                    cells.append(rate_text[max(0, min(10000, int(v * 10000)))])
            for k in range(20):
                cells.append("" if r() < 0.02 else str(int(r() * r() * 9 * quality + 1.2 * quality)))
            for k in range(10):
                cells.append("" if r() < 0.02 else day_text[int(r() * 70 * (1.3 - quality)) + (91 if r() < 0.3 else 0)])
            for k in range(20):
                cells.append("" if r() < 0.02 else ("1" if r() < quality + 0.1 else "0"))
            for k in range(10):
                x = r()
                cells.append("" if x < 0.02 else "0" if x < 0.3 + 0.6 * quality else str(1 + int(r() * 3)))
            rows.append(",".join(cells))
            if len(rows) == 10000:
                f.write("\n".join(rows) + "\n")
                rows = []
        if rows:
            f.write("\n".join(rows) + "\n")
    os.replace(partial, output)


main()
