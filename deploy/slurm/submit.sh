#!/bin/sh
# Submits N shards as a job array and the merge that waits for all of them (afterok):
#
#   deploy/slurm/submit.sh N WORKDIR OUT run scenarios/achterhoek.ron --replications 10000 --psa
#
# Prints the two job ids. Extra sbatch options (account, partition, time) go in
# SBATCH_* environment variables, e.g. SBATCH_ACCOUNT=..., SBATCH_PARTITION=...,
# SBATCH_TIMELIMIT=02:00:00.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
n=$1
work=$2
out=$3
shift 3
array=$(sbatch --parsable --array=1-"$n" --chdir="$PWD" "$here/shard.sbatch" "$work" "$@")
array=${array%%;*}
merge=$(sbatch --parsable --dependency=afterok:"$array" --chdir="$PWD" "$here/merge.sbatch" "$work" "$out")
echo "shards: job $array (array 1-$n); merge: job ${merge%%;*}"
