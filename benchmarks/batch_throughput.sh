#!/usr/bin/env bash
# Throughput of `lonesim batch` (issue 5): runs per hour at 1 and 2 ranks on this machine,
# for a small and a full-size world, and the overhead of the batch layer over plain runs.
#   benchmarks/batch_throughput.sh build      # about 6 minutes on 2 cores
# Appends rows to benchmarks/batch_results.csv:
#   date,experiment,ranks,threads_per_rank,runs_at_once,runs,wall_s,runs_per_hour,peak_rss_mb_per_rank
set -eu
build=${1:-build}
lonesim="$build/lonesim"
csv=benchmarks/batch_results.csv
[ -f "$csv" ] || echo "date,experiment,ranks,threads_per_rank,runs_at_once,runs,wall_s,runs_per_hour,peak_rss_mb_per_rank" > "$csv"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mpirun="mpirun --allow-run-as-root --oversubscribe"

measure() {  # name experiment ranks threads at_once
    local name=$1 exp=$2 ranks=$3 threads=$4 at_once=$5 out="$tmp/$1-$3-$4-$5"
    local t0 t1 runs rss
    t0=$(date +%s.%N)
    if [ "$ranks" = 1 ]; then
        /usr/bin/time -f "%M" -o "$tmp/rss" "$lonesim" batch "$exp" --out "$out" --threads "$threads" --runs-at-once "$at_once" --quiet
    else
        $mpirun -np "$ranks" /usr/bin/time -f "%M" -a -o "$tmp/rss" "$lonesim" batch "$exp" --out "$out" --threads "$threads" --runs-at-once "$at_once" --quiet
    fi
    t1=$(date +%s.%N)
    runs=$(ls "$out/runs" | grep -c '\.h5$')
    rss=$(sort -n "$tmp/rss" | tail -1)
    rm -f "$tmp/rss"
    awk -v d="$(date +%F)" -v n="$name" -v r="$ranks" -v t="$threads" -v a="$at_once" -v runs="$runs" -v t0="$t0" -v t1="$t1" -v rss="$rss" \
        'BEGIN { w = t1 - t0; printf "%s,%s,%d,%d,%d,%d,%.1f,%.0f,%.0f\n", d, n, r, t, a, runs, w, runs * 3600 / w, rss / 1024 }' | tee -a "$csv"
}

measure small benchmarks/experiments/small_world.toml 1 2 1
measure small benchmarks/experiments/small_world.toml 1 2 2
measure small benchmarks/experiments/small_world.toml 2 1 1
measure full benchmarks/experiments/full_world.toml 1 2 1
measure full benchmarks/experiments/full_world.toml 2 1 1

# The batch layer's overhead: the same 8 small runs as plain `lonesim run`, one after another.
t0=$(date +%s.%N)
for r in 0 1 2 3 4 5 6 7; do
    "$lonesim" run scenarios/baseline.toml --scale 0.01 --days 365 --seed $((1 + r)) --threads 2 --quiet --out "$tmp/plain$r.h5" \
        --set scenario.burn_in_days=180
done
t1=$(date +%s.%N)
awk -v d="$(date +%F)" -v t0="$t0" -v t1="$t1" 'BEGIN { w = t1 - t0; printf "%s,plain-run-small,1,2,1,8,%.1f,%.0f,\n", d, w, 8 * 3600 / w }' | tee -a "$csv"
