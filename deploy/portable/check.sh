#!/bin/sh
# Checks that target/portable/jeugdsim (deploy/portable/build.sh) needs no shared library:
# it has no program interpreter, and it runs a scenario inside an empty root folder
# (chroot), with no C library, no /lib and no /usr: stricter than an older-glibc image,
# which still has a C library. Needs root for chroot; without it, says it is skipped
# (under CI, set CI=1, it fails instead).
set -eu
cd "$(dirname "$0")/../.."
bin=target/portable/jeugdsim
[ -x "$bin" ] || { echo "check.sh: no $bin: run deploy/portable/build.sh first" >&2; exit 1; }
if readelf -l "$bin" | grep -q "Requesting program interpreter"; then
    echo "check.sh: $bin asks for a program interpreter: it is linked dynamically" >&2
    exit 1
fi
if [ "$(id -u)" != 0 ]; then
    if [ -n "${CI:-}" ]; then
        echo "check.sh: CI must run this as root (chroot)" >&2
        exit 1
    fi
    echo "check.sh: SKIPPED the empty-root run: chroot needs root"
    exit 0
fi
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
cp "$bin" scenarios/minimal.ron "$root/"
chroot "$root" /jeugdsim --version
chroot "$root" /jeugdsim run /minimal.ron --replications 4 --threads 2 --quiet --out /results
[ -s "$root/results/summary.json" ] || { echo "check.sh: no summary.json from the run in the empty root" >&2; exit 1; }
# The same figures as the ordinary build's, to the byte (`cargo build --release`'s, or the
# one `cargo test` made).
ordinary=""
for b in target/release/jeugdsim target/debug/jeugdsim; do
    [ -z "$ordinary" ] && [ -x "$b" ] && ordinary=$b
done
if [ -n "$ordinary" ]; then
    "$ordinary" run scenarios/minimal.ron --replications 4 --threads 2 --quiet --out "$root/ordinary"
    cmp -s "$root/results/summary.json" "$root/ordinary/summary.json" || {
        # The scenario file's path is recorded: compare all but that line.
        grep -v scenario_file "$root/results/summary.json" >"$root/a"
        grep -v scenario_file "$root/ordinary/summary.json" >"$root/b"
        cmp "$root/a" "$root/b" || {
            echo "check.sh: the portable build's summary.json differs from $ordinary's" >&2
            exit 1
        }
    }
    echo "check.sh: the same summary.json as $ordinary"
fi
echo "check.sh: $bin ran a scenario in an empty root: no shared library needed"
