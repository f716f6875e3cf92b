#!/usr/bin/env python3
"""Prints, per group of runs benchmarks/robustness.sh left, the out-of-the-box table: the
queue-autoscaler run (the generated policy) against the cheapest baseline tuned to the SLO.

usage: out_of_the_box_table.py OUT_DIR GROUP...
"""
import json
import os
import sys

from render_benchmarks import cheapest_tuned, ratio_table


def main():
    out, groups = sys.argv[1], sys.argv[2:]
    for group in groups:
        base = os.path.join(out, group)
        pairs = []
        for name in sorted(os.listdir(base)):
            path = os.path.join(base, name, "summary.json")
            if os.path.exists(path):
                with open(path) as f:
                    runs = json.load(f)
                pairs.append((name, runs[0], cheapest_tuned(runs)))
        print("\n".join([f"### {group}", ""] + ratio_table(pairs)) + "\n")


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    main()
