#!/usr/bin/env python3
"""jeugdsim against a vectorised numpy implementation of the same one-sub-segment model.

The model (benches/one-sub-segment.ron): every month a Poisson number of referrals
(lambda = referral_rate x youths / 12) enters care at once; each indication has a gamma
number of hours a month (mean, cv), paid at the tariff and rounded to cents; every month in
care a youth leaves with probability h (constant hazard: geometric stays), after that
month's care. Youth-months are months of care delivered.

Both run on one core, in one run of this script, with the same replications, and must
agree on the mean total cost and youth-months (within their 95% confidence intervals)
before their speeds are compared.

    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install numpy
    cargo build --release
    /tmp/venv/bin/python benches/numpy_compare.py [--replications 1000]
"""

import argparse
import json
import os
import pathlib
import subprocess
import tempfile
import time

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "benches" / "one-sub-segment.ron"

# The figures of benches/one-sub-segment.ron.
MONTHS = 60
REFERRALS_PER_MONTH = 0.08 * 120000 / 12
HAZARD = 0.08
HOURS_MEAN, HOURS_CV = 8.0, 0.5
TARIFF = 75.0


def numpy_model(replications, seed):
    """All replications at once: one flat array per youth attribute, filtered monthly."""
    rng = np.random.default_rng(seed)
    shape = 1.0 / HOURS_CV**2
    scale = HOURS_MEAN / shape
    rep = np.empty(0, dtype=np.int32)
    cents = np.empty(0, dtype=np.int64)
    cost = np.zeros(replications)
    youth_months = np.zeros(replications)
    for _ in range(MONTHS):
        arrivals = rng.poisson(REFERRALS_PER_MONTH, size=replications)
        new_rep = np.repeat(np.arange(replications, dtype=np.int32), arrivals)
        hours = rng.gamma(shape, scale, size=new_rep.size)
        new_cents = np.floor(hours * TARIFF * 100.0 + 0.5).astype(np.int64)
        rep = np.concatenate((rep, new_rep))
        cents = np.concatenate((cents, new_cents))
        # This month's care for everyone in care, per replication.
        cost += np.bincount(rep, weights=cents, minlength=replications) / 100.0
        youth_months += np.bincount(rep, minlength=replications)
        stay = rng.random(rep.size) >= HAZARD
        rep, cents = rep[stay], cents[stay]
    return cost, youth_months


def mean_ci(x):
    m = float(np.mean(x))
    half = 1.96 * float(np.std(x, ddof=1)) / np.sqrt(len(x))
    return m, m - half, m + half


def jeugdsim(replications, binary):
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        subprocess.run(
            [binary, "run", str(SCENARIO), "--replications", str(replications),
             "--threads", "1", "--quiet", "--out", out],
            check=True,
        )
        seconds = time.perf_counter() - start
        metrics = json.loads((pathlib.Path(out) / "summary.json").read_text())["metrics"]
    cost = metrics["total_cost"]
    months = metrics["youth_months"]
    return seconds, (cost["mean"], *cost["ci95"]), (months["mean"], *months["ci95"])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--replications", type=int, default=1000)
    parser.add_argument("--binary", default=str(ROOT / "target" / "release" / "jeugdsim"))
    args = parser.parse_args()
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    r = args.replications

    j_seconds, j_cost, j_months = jeugdsim(r, args.binary)
    start = time.perf_counter()
    cost, months = numpy_model(r, 7)
    n_seconds = time.perf_counter() - start
    n_cost, n_months = mean_ci(cost), mean_ci(months)

    def overlap(a, b):
        return a[1] <= b[2] and b[1] <= a[2]

    rows = [
        ("jeugdsim", j_seconds, j_cost, j_months),
        ("numpy", n_seconds, n_cost, n_months),
    ]
    print(f"{r} replications of {MONTHS} months, one core")
    print(f"{'':10} {'seconds':>8} {'M youth-months/s':>17} {'total cost (mean, 95% CI)':>42}")
    for name, s, c, m in rows:
        rate = m[0] * r / s / 1e6
        print(f"{name:10} {s:8.2f} {rate:17.1f}   €{c[0]:,.0f} ({c[1]:,.0f} to {c[2]:,.0f})")
    agree = overlap(j_cost, n_cost) and overlap(j_months, n_months)
    print("same model:", "yes, the CIs of total cost and youth-months overlap" if agree
          else "NO: the results differ")
    ratio = (j_months[0] / j_seconds) / (n_months[0] / n_seconds)
    print(f"jeugdsim / numpy: {ratio:.2f}x youth-months per second")
    if not agree:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
