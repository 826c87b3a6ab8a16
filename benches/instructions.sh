#!/bin/sh
# Exact instruction counts (valgrind's cachegrind, one thread) of the two figures
# BENCHMARKS.md tracks for issue 39:
#   - the one-sub-segment model (benches/one-sub-segment.ron), per youth: the count of
#     8 replications minus that of 2, over the 6 × 48,000 expected referrals;
#   - `scenarios/achterhoek.ron --chance-only`, per replication: the same difference over
#     6, and per simulated month (the model's months, warm-up included).
# The difference leaves out what a run costs once (reading the scenario, writing results).
#
#     cargo build --release && sh benches/instructions.sh [BINARY]
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$root/target/release/jeugdsim}
command -v valgrind >/dev/null || { echo "instructions.sh: needs valgrind" >&2; exit 2; }
[ -x "$bin" ] || { echo "instructions.sh: no binary at $bin (cargo build --release)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

count() { # replications, scenario, extra arguments…
    reps=$1; shift
    out="$work/r$reps"
    rm -rf "$out"
    valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \
        "$bin" run "$@" --threads 1 --replications "$reps" --quiet --out "$out" 2>&1 |
        sed -n 's/.*I *refs: *//p' | tr -d ','
}

a=$(count 8 "$root/benches/one-sub-segment.ron")
b=$(count 2 "$root/benches/one-sub-segment.ron")
echo "one-sub-segment model: ($a - $b) / 288000 = $(( (a - b) / 288000 )) per youth"

a=$(count 8 "$root/scenarios/achterhoek.ron" --chance-only)
b=$(count 2 "$root/scenarios/achterhoek.ron" --chance-only)
# The months simulated, warm-up included, as the run's summary records them.
months=$(python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); print(d["horizon_months"] + d["warmup_months"])' "$work/r2/summary.json")
per_rep=$(( (a - b) / 6 ))
echo "achterhoek.ron --chance-only: ($a - $b) / 6 = $per_rep per replication," \
    "$(( per_rep / months )) per simulated month ($months months)"
