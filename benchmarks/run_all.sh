#!/usr/bin/env bash
# The measurements recorded in benchmarks/README.md. Appends to benchmarks/results.csv.
#   benchmarks/run_all.sh build
# Takes about 6 minutes on a 2-core machine. Run it on an otherwise idle machine.
set -eu
build=${1:-build}
csv=benchmarks/results.csv
bench="$build/benchmarks/bench_day"
# Scaling with world size: a year at 2 threads.
for agents in 100000 400000 830406 1660813; do
    "$bench" --agents "$agents" --days 365 --threads 2 --label "scale-2t" --csv "$csv"
done
# Scaling with threads: the full world, 90 days.
for threads in 1 2; do
    "$bench" --agents 1660813 --days 90 --threads "$threads" --label "threads" --csv "$csv"
done
