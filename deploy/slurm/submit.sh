#!/bin/sh
# Submits N shards as a job array and the merge that runs after all of them (afterany):
#
#   deploy/slurm/submit.sh N WORKDIR OUT run scenarios/achterhoek.ron --replications 10000 --psa
#
# Every scenario file (.ron) among the arguments is validated first, so a mistyped path or
# a broken scenario is reported here instead of failing every task. Prints the two job
# ids. The merge first lists the shards (`jeugdsim shards status`) and stops with the
# ones that failed. The same command again, once no task of it runs, resumes: it submits
# only the shards that are not done, and the merge. Extra sbatch options (account, partition, time) go in SBATCH_* environment
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
# The submission, one argument a line: a second submit.sh to the same WORKDIR resumes it,
# and refuses another run's arguments.
submitted="$work/submitted.args"
todo="1-$n"
if [ -f "$submitted" ]; then
    if ! printf '%s\n' "$n" "$@" | cmp -s - "$submitted"; then
        echo "submit.sh: nothing queued: $work holds the shards of another submission ($submitted); give its N and arguments to resume it, or use a new WORKDIR" >&2
        exit 2
    fi
    started=""
    for f in "$work"/shard-*/shard.json "$work"/.shard-*.partial-*/shard.json; do
        [ -e "$f" ] && started=yes
    done
    if [ -n "$started" ]; then
        line=$("$jeugdsim" shards status "$work" --missing) || {
            echo "submit.sh: nothing queued: the shards in $work cannot be resumed (above)" >&2
            exit 2
        }
        todo=${line#*:}
        todo=${todo# }
    fi
fi
mkdir -p "$work"
printf '%s\n' "$n" "$@" >"$submitted"
if [ -z "$todo" ]; then
    merge=$(sbatch --parsable --chdir="$PWD" "$here/merge.sbatch" "$work" "$out")
    echo "every shard is done; merge: job ${merge%%;*}"
    exit 0
fi
array=$(sbatch --parsable --array="$todo" --chdir="$PWD" "$here/shard.sbatch" "$work" "$n" "$@")
array=${array%%;*}
merge=$(sbatch --parsable --dependency=afterany:"$array" --chdir="$PWD" "$here/merge.sbatch" "$work" "$out")
echo "shards: job $array (array $todo); merge: job ${merge%%;*}"
echo "if a shard fails or is cancelled: the merge job's log lists it; submit.sh with the same arguments resumes (docs/scale-out.md)"
