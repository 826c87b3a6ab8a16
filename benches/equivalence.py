#!/usr/bin/env python3
"""Statistical equivalence of two runs of the same scenario by two versions.

When a release changes how a draw is made (a faster generator, another algorithm), its
results cannot be byte-identical to the version before, but every metric must stay within
its Monte Carlo noise. This script reads the `summary.json` of both runs (same scenario,
seed and replications) and, per metric, computes

    z = (mean_new - mean_old) / sqrt(se_new^2 + se_old^2)

with each standard error taken from the run's own 95% CI (Student t, n - 1 degrees of
freedom, as jeugdsim computes it). The variances are added as for independent samples;
with the same seed, draws the release did not change are shared by both runs, which makes
their true difference less noisy than that and the test conservative. It prints the metrics sorted by |z| and exits
1 when any |z| exceeds the limit (3 by default: with some 60 metrics, a larger |z| by
chance alone has probability under 0.2%).

    python3 benches/equivalence.py OLD/summary.json NEW/summary.json [--limit 3]

Figures set once per seed and shared by a run's replications (budgets and prices from the
base-year history) cannot be judged from one run: give each version the same several
seeds, comma-separated, and each run's mean counts as one sample:

    python3 benches/equivalence.py O1/summary.json,O2/summary.json N1/summary.json,N2/summary.json

Standard library only: no numpy needed.
"""

import argparse
import json
import math
import sys
from statistics import NormalDist, mean, stdev


def t_quantile(df: int) -> float:
    """The 97.5% quantile of Student's t with `df` degrees of freedom (Cornish-Fisher
    expansion around the normal; exact to 1e-4 from 30 degrees of freedom)."""
    z = NormalDist().inv_cdf(0.975)
    g1 = (z**3 + z) / 4
    g2 = (5 * z**5 + 16 * z**3 + 3 * z) / 96
    g3 = (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / 384
    return z + g1 / df + g2 / df**2 + g3 / df**3


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("old")
    parser.add_argument("new")
    parser.add_argument("--limit", type=float, default=3.0)
    args = parser.parse_args()
    olds, news = ([json.load(open(p)) for p in arg.split(",")] for arg in (args.old, args.new))
    if len(olds) > 1 or len(news) > 1:
        return across_seeds(olds, news, args.limit)
    old, new = olds[0], news[0]
    for field in ("scenario_sha256", "seed", "replications"):
        if old[field] != new[field]:
            print(f"not the same run: {field} {old[field]} against {new[field]}")
            return 2
    q = t_quantile(old["replications"] - 1)
    rows = []
    for name, a in old["metrics"].items():
        b = new["metrics"].get(name)
        if b is None or "ci95" not in a or "ci95" not in b:
            continue
        se_a = (a["ci95"][1] - a["ci95"][0]) / (2 * q)
        se_b = (b["ci95"][1] - b["ci95"][0]) / (2 * q)
        se = math.hypot(se_a, se_b)
        if se == 0:
            # No spread in either run: the figure must be the same.
            z = 0.0 if a["mean"] == b["mean"] else math.inf
        else:
            z = (b["mean"] - a["mean"]) / se
        rows.append((abs(z), name, a["mean"], b["mean"], z))
    rows.sort(reverse=True)
    print(f"{'metric':<40} {old['version']:>16} {new['version']:>16} {'z':>7}")
    for _, name, a, b, z in rows:
        print(f"{name:<40} {a:>16.6g} {b:>16.6g} {z:>7.2f}")
    worst = rows[0] if rows else (0.0, "none", 0, 0, 0.0)
    verdict = "equivalent" if worst[0] <= args.limit else "NOT equivalent"
    print(f"{len(rows)} metrics; largest |z| {worst[0]:.2f} ({worst[1]}): {verdict}"
          f" at |z| <= {args.limit:g}")
    return 0 if worst[0] <= args.limit else 1


def across_seeds(olds: list, news: list, limit: float) -> int:
    """Runs of several seeds per version: each run's mean is one sample, and z compares the
    versions' averages over seeds with the spread between seeds. This is the test for
    figures that share a draw across a run's replications: budgets and prices set from the
    base-year history (simulated once per seed), whose within-run CI is conditional on that
    history and so cannot show how much a new draw of it moves them."""
    for field in ("scenario_sha256", "replications"):
        values = {run[field] for run in olds + news}
        if len(values) > 1:
            print(f"not the same runs: {field} {sorted(values)}")
            return 2
    seeds = [{run["seed"] for run in side} for side in (olds, news)]
    if seeds[0] != seeds[1] or len(seeds[0]) != len(olds) or len(olds) < 2 or len(news) < 2:
        print("give each version the same seeds, at least two, each once")
        return 2
    rows = []
    for name in olds[0]["metrics"]:
        a = [run["metrics"].get(name, {}).get("mean") for run in olds]
        b = [run["metrics"].get(name, {}).get("mean") for run in news]
        if any(v is None for v in a + b):
            continue
        se = math.sqrt(stdev(a) ** 2 / len(a) + stdev(b) ** 2 / len(b))
        diff = mean(b) - mean(a)
        z = (0.0 if diff == 0 else math.inf) if se == 0 else diff / se
        rows.append((abs(z), name, mean(a), mean(b), z))
    rows.sort(reverse=True)
    print(f"{'metric':<40} {olds[0]['version']:>16} {news[0]['version']:>16} {'z':>7}"
          f"   ({len(olds)} seeds, means over seeds)")
    for _, name, a, b, z in rows:
        print(f"{name:<40} {a:>16.6g} {b:>16.6g} {z:>7.2f}")
    worst = rows[0] if rows else (0.0, "none", 0, 0, 0.0)
    verdict = "equivalent" if worst[0] <= limit else "NOT equivalent"
    print(f"{len(rows)} metrics; largest |z| {worst[0]:.2f} ({worst[1]}): {verdict}"
          f" at |z| <= {limit:g}")
    return 0 if worst[0] <= limit else 1


if __name__ == "__main__":
    sys.exit(main())
