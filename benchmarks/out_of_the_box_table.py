#!/usr/bin/env python3
"""Prints, per group of runs benchmarks/robustness.sh left, the out-of-the-box table: the
queue-autoscaler run (the generated policy) against the cheapest baseline tuned to the SLO.

usage: out_of_the_box_table.py OUT_DIR GROUP...
"""
import json
import math
import os
import sys

from render_benchmarks import cheapest_tuned, pct


def main():
    out, groups = sys.argv[1], sys.argv[2:]
    for group in groups:
        base = os.path.join(out, group)
        rows = [f"### {group}", "", "| scenario | SLO violations | instance-hours | cheapest baseline at the SLO "
                "| its instance-hours | ratio |", "| --- | ---: | ---: | --- | ---: | ---: |"]
        ratios, worst = [], 0.0
        for name in sorted(os.listdir(base)):
            path = os.path.join(base, name, "summary.json")
            if not os.path.exists(path):
                continue
            with open(path) as f:
                runs = json.load(f)
            own, best = runs[0], cheapest_tuned(runs)
            worst = max(worst, own["sloViolationRate"])
            hours = own["instanceSeconds"] / 3600
            if best is None:
                rows.append(f"| {name} | {pct(own['sloViolationRate'])} | {hours:.1f} | none met the SLO | | |")
                continue
            ratio = own["instanceSeconds"] / best["instanceSeconds"]
            ratios.append(ratio)
            rows.append(f"| {name} | {pct(own['sloViolationRate'])} | {hours:.1f} | {best['algorithm']} "
                        f"| {best['instanceSeconds'] / 3600:.1f} | {ratio:.2f}x |")
        if ratios:
            mean = math.exp(sum(math.log(r) for r in ratios) / len(ratios))
            rows.append(f"| geometric mean (worst ratio {max(ratios):.2f}x, most late {pct(worst)}) | | | | | {mean:.2f}x |")
        print("\n".join(rows) + "\n")


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    main()
