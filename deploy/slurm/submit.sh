#!/bin/sh
# Submits N shards as a job array and the merge that waits for all of them (afterok):
#
#   deploy/slurm/submit.sh N WORKDIR OUT run scenarios/achterhoek.ron --replications 10000 --psa
#
# Every scenario file (.ron) among the arguments is validated first, so a mistyped path or
# a broken scenario is reported here instead of failing every task. Prints the two job
# ids. Extra sbatch options (account, partition, time) go in SBATCH_* environment
# variables, e.g. SBATCH_ACCOUNT=..., SBATCH_PARTITION=..., SBATCH_TIMELIMIT=02:00:00.
# WORKDIR must be on a file system every node sees (docs/scale-out.md).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
if [ $# -lt 5 ]; then
    echo "usage: submit.sh N WORKDIR OUT COMMAND SCENARIO [FLAGS...]" >&2
    exit 2
fi
n=$1
work=$2
out=$3
shift 3
case $n in
'' | *[!0-9]* | 0)
    echo "submit.sh: N must be the number of shards (a whole number from 1), not \`$n\`" >&2
    exit 2
    ;;
esac
jeugdsim=${JEUGDSIM:-jeugdsim}
if ! command -v "$jeugdsim" >/dev/null 2>&1; then
    echo "submit.sh: \`$jeugdsim\` not found: put jeugdsim on PATH or name it in JEUGDSIM" >&2
    exit 2
fi
for arg in "$@"; do
    case $arg in
    *.ron) "$jeugdsim" validate "$arg" >/dev/null || {
        echo "submit.sh: nothing queued: \`$arg\` does not validate (above)" >&2
        exit 2
    } ;;
    esac
done
array=$(sbatch --parsable --array=1-"$n" --chdir="$PWD" "$here/shard.sbatch" "$work" "$n" "$@")
array=${array%%;*}
merge=$(sbatch --parsable --dependency=afterok:"$array" --chdir="$PWD" "$here/merge.sbatch" "$work" "$out")
echo "shards: job $array (array 1-$n); merge: job ${merge%%;*}"
echo "if a shard fails or is cancelled: docs/scale-out.md, \"When a shard fails\""
