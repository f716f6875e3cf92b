#!/usr/bin/env python3
"""Writes three held-out scenarios (traces and scenario files) that latency mode is not tuned on.

usage: heldout.py SEED OUT_DIR

- bursts-with-gaps: bursts of 1 to 2 minutes at 15 to 40 msg/s, 5 to 20 minutes of nothing between them;
- trickle-then-burst: one message every 20 s or so for 150 minutes, then 2000 messages within 3 minutes,
  then the trickle again;
- two-priorities: a steady interactive queue (about 3 msg/s, 30 s target) above a batch queue that gets
  3000 messages every 30 minutes (30 minute target), one worker pool.
Arrivals are Poisson around each shape, drawn from SEED, so another seed gives other traffic of the
same kind.
"""
import math
import os
import random
import sys

HOURS = 4


def poisson(rng, mean):
    if mean <= 0:
        return 0
    if mean > 50:
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit, k, p = math.exp(-mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def bursts_with_gaps(rng):
    rates = [0.0] * (HOURS * 3600)
    t = rng.randint(60, 600)
    while t < len(rates):
        length, rate = rng.randint(60, 120), rng.uniform(15, 40)
        for s in range(t, min(len(rates), t + length)):
            rates[s] = rate
        t += length + rng.randint(300, 1200)
    return [rates]


def trickle_then_burst(rng):
    rates = [0.05] * (HOURS * 3600)
    start = 150 * 60
    for s in range(start, start + 180):
        rates[s] = 2000 / 180
    return [rates]


def two_priorities(rng):
    seconds = HOURS * 3600
    high = [3 * (1 + 0.3 * math.sin(2 * math.pi * s / 3600)) for s in range(seconds)]
    low = [0.0] * seconds
    for batch in range(rng.randint(0, 600), seconds, 1800):
        for s in range(batch, min(seconds, batch + 30)):
            low[s] = 100
    return [high, low]


SCENARIOS = {
    "bursts-with-gaps": (bursts_with_gaps, [("lognormal", 3.0, 15.0, 90)], 75, 4, 0),
    "trickle-then-burst": (trickle_then_burst, [("lognormal", 5.0, 25.0, 300)], 120, 2, 0),
    "two-priorities": (two_priorities, [("lognormal", 2.0, 10.0, 30), ("lognormal", 2.0, 10.0, 1800)], 60, 8, 1),
}


def main():
    seed, out = int(sys.argv[1]), sys.argv[2]
    os.makedirs(out, exist_ok=True)
    for name, (shape, queues, boot, concurrency, initial) in SCENARIOS.items():
        rng = random.Random(f"{name}-{seed}")
        lines = [f"name: {name}", "queues:"]
        for q, rates in enumerate(shape(rng)):
            trace = f"{name}-{q}.csv"
            with open(os.path.join(out, trace), "w") as f:
                f.write("second,arrivals\n")
                f.writelines(f"{s},{poisson(rng, r)}\n" for s, r in enumerate(rates))
            distribution, mean, p99, slo = queues[q]
            lines += [f"  - trace: {trace}",
                      f"    serviceSeconds: {{ distribution: {distribution}, mean: {mean}, p99: {p99} }}",
                      f"    maxWaitSeconds: {slo}"]
        lines += ["fleet:", f"  initialCapacity: {initial}", f"  bootSeconds: {boot}",
                  f"  concurrencyPerInstance: {concurrency}", f"seed: {seed}"]
        with open(os.path.join(out, f"{name}.yml"), "w") as f:
            f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
